"""stelsel: docs-as-code governance and release management for agreement frameworks."""

__version__ = "0.1.0"
