"""CHANGELOG.md, computed from the frozen releases and checked against their real diffs.

Each section lists the proposals a release included (``releases/<v>/changes/``), grouped
by proposal type, each with its items, its decision and its impact per role. The section
is then held against the semantic diff with the previous release: a content change no
included proposal carries, or a proposal whose items did not change, is a finding — so
the changelog cannot claim what did not happen, nor hide what did.

The file ends in a marker with the manifests it was computed from and a hash of its own
text; ``check`` compares both cheaply, so a hand edit or a stale file is an error.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from .diff import diff_projects
from .plan import trace
from .states import empty_project
from .store import RELEASES_DIR, frozen_versions, read_manifest, release_root

CHANGELOG = "CHANGELOG.md"
MARKER = re.compile(r"<!-- stelsel-changelog inputs=(?P<inputs>[0-9a-f]+) text=(?P<text>[0-9a-f]+) -->\s*$")


@dataclass
class Section:
    version: str
    markdown: str
    problems: list[str] = field(default_factory=list)
    language: str = i18n.DEFAULT  # of the release's config: the catalogue its text comes from


def _working_messages(root: Path) -> i18n.Messages:
    """The catalogue of the working tree's language (a changelog without releases yet)."""
    from ..load.project import load_project

    return i18n.for_config(load_project(root).config)


def inputs_hash(root: Path) -> str:
    h = hashlib.sha256()
    for version in frozen_versions(root):
        h.update(f"{version}:{read_manifest(release_root(root, version)).get('content_hash')}\n".encode())
    return h.hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _decision_text(decision, governance, t: i18n.Messages) -> str:
    if decision is None:
        return t("changelog.no_decision")
    body = decision.body
    if governance is not None:
        body = next((b.title for b in governance.bodies if b.id == decision.body), decision.body)
    text = f"{body}, {decision.date.isoformat()}"
    reference = getattr(decision, "minutes", None) or getattr(decision, "reference", None)
    if reference:
        text += f", {reference}"
    if getattr(decision, "example", False):
        text += t("changelog.example_decision")
    return text


def build_section(root: Path, version: str, previous: str | None) -> Section:
    from ..load.project import load_project

    new = load_project(release_root(root, version))
    t = i18n.for_config(new.config)  # the release's own language
    old = load_project(release_root(root, previous)) if previous else empty_project(root)
    diff = diff_projects(old, new, previous or t("changelog.empty_label"), version)
    proposals = sorted(new.items("proposal"), key=lambda p: p.id)
    result = trace(diff, proposals)
    section = Section(version, "", language=t.language)
    for item in result.untraced:
        section.problems.append(f"{version}: {item.kind} {item.id} was {item.change} but no included proposal carries it")
    for proposal_id, item in result.unchanged:
        section.problems.append(f"{version}: proposal {proposal_id} lists {item}, which did not change")

    entry = new.by_kind.get("release", {}).get(version)
    title = entry.model.title if entry else t("changelog.release_title", version=version)
    lines = [f"## {version} — {title}", ""]
    if entry is not None and entry.model.decision is not None:
        decision = entry.model.decision
        lines += [t("changelog.release_decision", decision=_decision_text(decision, new.governance, t)), ""]
    labels = t.mapping("change")
    counts = ", ".join(f"{len(diff.of(c))} {label}" for c, label in labels.items() if diff.of(c))
    lines += [t("changelog.compared", previous=previous or t("changelog.empty_start"), counts=counts), ""] \
        if diff.items else [t("changelog.no_changes"), ""]
    by_item = {d.id: d for d in diff.items}
    types = {}
    if new.governance is not None:
        types = {t.id: t.title for t in new.governance.workflow.proposal_types}
    grouped: dict[str, list] = {}
    for proposal in proposals:
        grouped.setdefault(proposal.model.type, []).append(proposal)
    for type_id in sorted(grouped):
        lines += [f"### {types.get(type_id, type_id)}", ""]
        for proposal in grouped[type_id]:
            model = proposal.model
            link = f"{RELEASES_DIR}/{version}/{proposal.file.path}"
            lines.append(f"- **[{model.id}]({link})** {model.title}  ")
            lines.append("  " + t("changelog.decision", decision=_decision_text(model.decision, new.governance, t),
                                  link=link))
            for change in model.changes:
                item = by_item.get(change.item)
                label = labels.get(item.change, item.change) if item else t("changelog.unchanged")
                title_of = item.title if item else change.item
                lines.append(f"  - {label}: `{change.item}` {title_of}")
            for impact in model.impact:
                lines.append("  - " + t("changelog.impact", role=impact.role, text=" ".join(impact.impact.split())))
        lines.append("")
    section.markdown = "\n".join(lines).rstrip() + "\n"
    return section


def build_changelog(root: Path) -> tuple[str, list[str]]:
    """The full CHANGELOG.md text (newest release first) and the problems found."""
    versions = frozen_versions(root)
    sections = []
    problems: list[str] = []
    previous = None
    for version in versions:
        section = build_section(root, version, previous)
        sections.append(section)
        problems += section.problems
        previous = version
    t = i18n.messages(sections[-1].language) if sections else _working_messages(root)  # the newest release's language
    head = [f"# {t('changelog.title')}", "", t("changelog.intro"), ""]
    if not sections:
        head += [t("changelog.none"), ""]
    body = "\n".join(head) + "\n" + "\n".join(s.markdown for s in reversed(sections))
    body = body.rstrip() + "\n"
    return body + f"\n<!-- stelsel-changelog inputs={inputs_hash(root)} text={text_hash(body)} -->\n", problems


def write_changelog(root: Path) -> list[str]:
    text, problems = build_changelog(root)
    from ..atomic import atomic_write

    atomic_write(root / CHANGELOG, text)
    return problems


def changelog_state(root: Path, text: str | None) -> str | None:
    """None when CHANGELOG.md is intact and current; otherwise what is wrong (cheap)."""
    if not frozen_versions(root):
        return None
    if text is None:
        return "missing"
    lines = text.rstrip("\n").rsplit("\n", 1)
    match = MARKER.match(lines[-1]) if len(lines) == 2 else None
    if match is None:
        return "hand-edited (its stelsel marker is missing)"
    body = lines[0].rstrip("\n") + "\n"
    if text_hash(body.rstrip() + "\n") != match.group("text"):
        return "hand-edited (its text does not match its hash)"
    if match.group("inputs") != inputs_hash(root):
        return "out of date (the frozen releases changed since it was generated)"
    return None
