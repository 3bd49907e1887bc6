"""Which state of the framework a checklist, assessment or PDF is made from, and what to call it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..i18n import for_config
from ..release.states import WORKING_ALIASES, ReleaseError, open_state
from ..release.store import MANIFEST, RELEASES_DIR, WORKING


@dataclass
class ReleaseState:
    """A loaded project plus how to name it: a frozen release (``0.8``) or the working tree."""

    project: object  # load.project.Project
    label: str  # "0.8", or "working" for the working tree
    frozen: bool
    version: str | None  # the release it is (frozen) or is heading for (working tree)
    title: str  # "Release 0.8" / "Werkversie op weg naar release 0.9"
    status: str  # in the framework's language: "vastgesteld", "werkversie, niet vastgesteld" …
    date: dt.date | None
    valid_from: dt.date | None = None  # a frozen release: its ingangsdatum (the working register's)
    valid_until: dt.date | None = None  # ... and its last valid day under the validity policy (None: open)

    @property
    def name(self) -> str:
        """How a message names it: 'release 0.8' or 'the working tree'."""
        return f"release {self.label}" if self.frozen else "the working tree"


def normalise_label(label: str | None) -> str:
    if label is None or label in WORKING_ALIASES:
        return WORKING
    return label


def open_release(root: Path, label: str | None = None) -> ReleaseState:
    """Load a frozen release (``0.8``) or the working tree (None / ``working``); ReleaseError if absent."""
    label = normalise_label(label)
    state = describe(open_state(root, label), label)
    if state.frozen:
        from ..release.validity import window_for

        window = window_for(Path(root), label)
        if window is not None:
            state.valid_from, state.valid_until = window.start, window.until
    return state


def describe(project, label: str | None = None) -> ReleaseState:
    """Name a loaded project. Without a label, a project root inside ``releases/<v>/`` is release v."""
    if label is None:
        root = Path(project.root)
        label = root.name if root.parent.name == RELEASES_DIR and (root / MANIFEST).is_file() else WORKING
    label = normalise_label(label)
    frozen = label != WORKING
    config = project.config
    version = label if frozen else (config.working_release if config is not None else None)
    entry = project.by_kind.get("release", {}).get(version) if version else None
    date = None
    t = for_config(config)
    if frozen:
        title = entry.model.title if entry is not None else t("state.release", version=version)
        raw_status = entry.model.status if entry is not None else None
        status = t.mapping("release_status").get(raw_status, raw_status or t("state.frozen"))
        date = entry.model.date if entry is not None else None
        if date is None:
            date = _manifest_date(Path(project.root))
    else:
        title = t("state.working_for", version=version) if version else t("state.working")
        status = t("state.working_status")
        date = dt.date.today()
    return ReleaseState(project, label, frozen, version, title, status, date)


def _manifest_date(root: Path) -> dt.date | None:
    try:
        created = json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("created")
        return dt.date.fromisoformat(str(created)[:10]) if created else None
    except (OSError, ValueError, AttributeError):
        return None


__all__ = ["ReleaseState", "ReleaseError", "open_release", "describe", "normalise_label"]
