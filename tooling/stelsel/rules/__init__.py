"""The rules ``stelsel check`` applies; see ``stelsel rules`` for the list."""

from .base import REGISTRY, Rule, all_rules

__all__ = ["REGISTRY", "Rule", "all_rules"]
