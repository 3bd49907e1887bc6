"""The rules ``stelsel check`` applies; see ``stelsel rules`` for the list."""

from .base import REGISTRY, Rule, all_rules
from . import release_acts  # noqa: F401,E402  (registration: L010, L011, W022)
from . import pin  # noqa: F401,E402  (registration: L004)
from . import roster  # noqa: F401,E402  (registration: W026, W027)
from . import consultation  # noqa: F401,E402  (registration: W029)
from . import validity  # noqa: F401,E402  (registration: W030, W031)
from . import evidence  # noqa: F401,E402  (registration: C004, C005)
from . import importing  # noqa: F401,E402  (registration: I004-I009)
from . import content_folder  # noqa: F401,E402  (registration: C010, C011)
from . import site_links  # noqa: F401,E402  (registration: C012)
from . import glossary  # noqa: F401,E402  (registration: C013)

__all__ = ["REGISTRY", "Rule", "all_rules"]
