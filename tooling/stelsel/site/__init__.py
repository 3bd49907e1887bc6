"""The published site: pages generated from the model (``pages``, with the page families in
``home``, ``agreements``, ``checklists``, ``catalog`` and ``history``, their HTML from the
Jinja2 templates in ``templates/`` via ``markup``), an mkdocs plugin that hands them to
mkdocs-material (``plugin``, with the downloads in ``downloads``), and the multi-version
build (``build``)."""
