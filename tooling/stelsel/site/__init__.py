"""The published site: pages generated from the model (``pages``, with the page families in
``home``, ``agreements``, ``checklists``, ``catalog`` and ``history``, and their pre-rendered HTML
in ``markup``), an mkdocs plugin that hands them to mkdocs-material (``plugin``, with the
downloads in ``downloads`` and the search index's parsing in ``search`` on a second core), and
the multi-version build (``build``)."""
