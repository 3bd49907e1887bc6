"""The published site: pages generated from the model (``pages``), an mkdocs plugin that hands
them to mkdocs-material (``plugin``), and the multi-version build (``build``)."""
