"""The change workflow: proposals moving through the states the governance config declares.

- ``engine``: pure logic on the models (who may move, which guards hold, replaying a history);
- ``ops``: the operations behind the commands (propose, move, review, decide), editing files
  with :mod:`stelsel.edit`;
- ``impact``: what depends on the items a proposal touches (suspect items);
- ``provenance``: git history: who recorded a review or decision, signatures, edits after a
  decision;
- ``since``: the pull-request check (content changed since a ref without a proposal).
"""
