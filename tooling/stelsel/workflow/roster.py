"""The roster as it was: the governance in force when an act was recorded, not today's file.

Who may move, review or decide, and who may open, cut or publish a release, is judged on the
date of the act against the governance file (bodies, memberships, people, the workflow) as
committed in the *parent* of the commit that recorded the act: someone who adds themselves to
a body in one commit and acts in the next is judged by the roster before their own change,
once the pull-request check (:mod:`stelsel.workflow.since`, W026/W027) has refused the
unproposed roster change; someone who adds themselves and acts in the same commit is judged by
the roster without them by the plain check.

* The commit that records an act is the one that *added* it (see
  :mod:`stelsel.workflow.provenance`: the last commit where the entry appeared in its
  current form).
* Where the parent has no governance file (the commit that adopts stelsel and commits the
  existing roster once, with historical start dates, or a root commit), the governance of
  that commit itself is in force: adopting a roster is not acting on it.
* An act that is not committed yet (or a project without history) is judged against the
  working tree's governance, as before.
* A committed governance that cannot be read (invalid YAML, or a model that does not
  validate) is no roster: the working tree's governance is used and nothing is widened.
* ``workflow.release_authority`` came later than the roster in many histories: where the
  committed governance declares none, today's declaration applies to that roster (the
  memberships are still those of the commit).

Each committed governance blob is parsed and validated once per run.
"""

from __future__ import annotations

from .. import vcs
from .engine import Flow, project_flow
from .provenance import Version, adding_version, canonical, git_view


class Roster:
    """The governance in force per commit, for the acts of one project (one per loaded project)."""

    def __init__(self, project):
        self.project = project
        self.current: Flow | None = project_flow(project)
        self.view = git_view(project)
        self._by_blob: dict[str, Flow | None] = {}
        self._by_commit: dict[str, Flow | None] = {}
        self._path: str | None = None
        sf = project.governance_file
        if sf is not None and self.view.available:
            try:
                self._path = self.view.repo_path(sf.path)
            except ValueError:
                self._path = None

    # -- lookups

    def at_commit(self, sha: str | None) -> Flow | None:
        """The flow in force for an act recorded in commit ``sha`` (today's without one)."""
        if sha is None or self._path is None or self.current is None:
            return self.current
        if sha not in self._by_commit:
            repo = self.view.repo
            blob = vcs.blob_id(repo, f"{sha}^1:{self._path}") or vcs.blob_id(repo, f"{sha}:{self._path}")
            self._by_commit[sha] = self._flow(blob) if blob else None
        found = self._by_commit[sha]
        return found if found is not None else self.current

    def for_version(self, version: Version | None) -> Flow | None:
        return self.at_commit(version.sha if version is not None else None)

    def for_entry(self, path: str, extract, entry: str) -> Flow | None:
        """The flow in force for one act of a proposal (``extract`` and ``entry`` as in provenance)."""
        if not self.view.available or self._path is None:
            return self.current
        return self.for_version(adding_version(self.view.versions(path), extract, entry))

    def at_path_added(self, project_path: str) -> Flow | None:
        """The flow in force for the commit that first added a file (a release's manifest: its cut)."""
        if not self.view.available or self._path is None:
            return self.current
        try:
            adding = vcs.adding_commits(self.view.repo, self.view.repo_path(project_path))
        except (vcs.GitProblem, ValueError):
            return self.current
        return self.at_commit(adding[0].commit) if adding else self.current

    def review_flow(self, sf, index: int) -> Flow | None:
        """The flow in force for review ``index`` of a proposal file."""
        raw = _raw_list(sf, "reviews")
        if index >= len(raw):
            return self.current
        return self.for_entry(sf.path, lambda s: s.reviews if s is not None else (), canonical(raw[index]))

    def decision_flow(self, sf) -> Flow | None:
        """The flow in force for the decision of a proposal file."""
        data = sf.data if isinstance(sf.data, dict) else {}
        if data.get("decision") is None:
            return self.current
        return self.for_entry(sf.path, lambda s: s.decision if s is not None else (), canonical(data.get("decision")))

    def history_flow(self, sf, index: int) -> Flow | None:
        """The flow in force for history entry ``index`` (a move) of a proposal file."""
        raw = _raw_list(sf, "history")
        if index >= len(raw):
            return self.current
        return self.for_entry(sf.path, lambda s: s.history if s is not None else (), canonical(raw[index]))

    # -- parsing, once per blob

    def _flow(self, blob: str) -> Flow | None:
        if blob not in self._by_blob:
            self._by_blob[blob] = self._parse(blob)
        return self._by_blob[blob]

    def _parse(self, blob: str) -> Flow | None:
        from pydantic import ValidationError

        from ..load.yamlread import YamlProblem, parse_yaml
        from ..model.governance import Governance

        try:
            text = vcs.read_blob(self.view.repo, blob)
        except vcs.GitProblem:
            return None
        if text is None:
            return None
        try:
            data = parse_yaml(text).data
            governance = Governance.model_validate(data)
        except (YamlProblem, ValidationError, TypeError, ValueError):
            return None
        today = self.current.governance if self.current is not None else None
        if governance.workflow.release_authority is None and today is not None \
                and today.workflow.release_authority is not None:
            workflow = governance.workflow.model_copy(update={"release_authority": today.workflow.release_authority})
            governance = governance.model_copy(update={"workflow": workflow})
        return Flow(governance)


def _raw_list(sf, key: str) -> list:
    data = sf.data if isinstance(sf.data, dict) else {}
    value = data.get(key)
    return value if isinstance(value, list) else []


def roster(project) -> Roster:
    """The project's roster lookup, built once per loaded project."""
    return project.memoized("workflow.roster", lambda: Roster(project))


def flow_at_ref(project, commit: str) -> Flow | None:
    """The governance committed at ``commit`` itself (the merge base of a pull request), as a flow."""
    r = roster(project)
    if r._path is None or r.current is None:
        return r.current
    blob = vcs.blob_id(r.view.repo, f"{commit}:{r._path}")
    return r._flow(blob) if blob else None
