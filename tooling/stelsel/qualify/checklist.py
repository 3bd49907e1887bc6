"""The qualification checklist of one role in one release: every agreement that applies to it.

``checklist_rows(project, role_id)`` is the one source; Markdown, CSV and XLSX are renderings
of its rows, so the site, the CLI and an import of a filled-in sheet agree on what is asked.
Rows are grouped by layer (in the config's layer order; an agreement on several layers is
listed once, under the first layer it names), the mandatory levels first within a layer, then
by level order and ID. Withdrawn agreements are left out.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from typing import Iterable, TextIO

from ..i18n import Messages, for_config, languages, messages
from ..model.base import WITHDRAWN_STATUSES
from ..model.items import evidence_summary
from .text import csv_cell, natural_key, plain

# The answers a party can give, in the order a dropdown offers them: the values an assessment file
# records (the same in every language; a checklist shows the catalogue's words, checklist.answer.*).
ANSWERS = tuple(messages().mapping("checklist.answer"))
COMPLIES, PARTLY, DOES_NOT, NOT_APPLICABLE = ANSWERS


def answer_value(text: object) -> str | None:
    """The answer ``text`` records, written as its value or in any catalogue's words ('complies' is 'voldoet'); or None.

    A party answers in the words of its checklist's language; an English framework's
    self-assessment may say ``answer: complies`` where a Dutch one says the value itself.
    """
    if not isinstance(text, str):
        return None
    if text in ANSWERS:
        return text
    for language in languages():
        for value, label in messages(language).mapping("checklist.answer").items():
            if label.lower() == text:
                return value
    return None


def answer_words(config) -> list[str]:
    """The four answers in the words of a framework's language (as its checklists offer them)."""
    t = for_config(config)
    return [t(f"checklist.answer.{answer}").lower() for answer in ANSWERS]

# (key, width in characters): the columns of every tabular rendering (headers: checklist.column.*).
COLUMN_WIDTHS = (("id", 11), ("title", 28), ("level", 12), ("layer", 16), ("statement", 60), ("evidence", 42),
                 ("evidence_type", 22), ("since", 8))
ANSWER_WIDTHS = (("answer", 20), ("explanation", 45), ("evidence_refs", 35))


def columns(t: Messages, widths=COLUMN_WIDTHS) -> tuple[tuple[str, str, int], ...]:
    """(key, header, width) of the columns, the headers in ``t``'s language."""
    return tuple((key, t(f"checklist.column.{key}"), width) for key, width in widths)


# The Dutch columns (key, header, width); a checklist's own: columns(checklist.t).
COLUMNS = columns(messages())
ANSWER_COLUMNS = columns(messages(), ANSWER_WIDTHS)
HEADERS = tuple(h for _, h, _ in COLUMNS + ANSWER_COLUMNS)


# Evidence texts that say nothing is required (some authors write them instead of leaving it out).
NO_EVIDENCE = frozenset(word for language in languages() for word in messages(language).raw("checklist.no_evidence"))


def requires_evidence(evidence: str | None) -> bool:
    """Whether an agreement's evidence (bewijslast) asks a party to show something."""
    if not evidence:
        return False
    return " ".join(evidence.split()).strip(" .").lower() not in {e.strip(" .") for e in NO_EVIDENCE}


class UnknownRole(LookupError):
    """The role is not defined in this state of the framework; the message lists the roles."""

    def __init__(self, role: str, roles: dict[str, str], unreadable: bool = False):
        self.role = role
        self.roles = roles
        if unreadable:  # it is there, but its file did not validate: no list of other roles would help
            super().__init__(f"role '{role}' is defined in a file with errors, so its agreements cannot be listed; "
                             "run 'stelsel check' and correct it")
            return
        near = difflib.get_close_matches(role, list(roles), n=1, cutoff=0.5)
        near += [r for r, title in roles.items() if not near and title.lower() == role.lower()]
        listed = ", ".join(sorted(roles)) or "none"
        hint = f"did you mean '{near[0]}'? " if near else ""
        super().__init__(f"unknown role '{role}'; {hint}roles in this release: {listed}")


@dataclass(frozen=True)
class ChecklistRow:
    id: str
    title: str
    level: str
    level_title: str
    mandatory: bool
    allows_not_applicable: bool
    layer: str  # the layer it is grouped under
    layer_title: str
    layers: tuple[str, ...]  # every layer it is on, in the order the agreement names them
    layer_titles: tuple[str, ...]
    statement: str  # plain text
    evidence: str  # plain text; empty when nothing specific is required
    since: str
    topic: str = ""
    path: str = ""  # the agreement's file, relative to the project root
    evidence_type: str = ""  # the evidence type and its basis: 'Eigen verklaring (aanname)'; empty without one

    @property
    def evidence_required(self) -> bool:
        return requires_evidence(self.evidence)

    def cells(self) -> dict[str, str]:
        """The values of the COLUMNS, as text."""
        return {"id": self.id, "title": self.title, "level": self.level, "layer": ", ".join(self.layer_titles),
                "statement": self.statement, "evidence": self.evidence, "evidence_type": self.evidence_type,
                "since": self.since}


@dataclass
class Checklist:
    """A role's checklist with what a rendering needs to say where it comes from."""

    framework: str
    framework_id: str
    role: str
    role_title: str
    release: str  # the label: "0.8" or "working"
    release_title: str
    rows: list[ChecklistRow] = field(default_factory=list)
    validity: str | None = None  # "Geldig van … tot en met …" for a release on the timeline
    language: str = "nl"  # the framework's: the language of every rendering

    @property
    def t(self) -> Messages:
        return messages(self.language)

    def by_layer(self) -> list[tuple[str, str, list[ChecklistRow]]]:
        groups: list[tuple[str, str, list[ChecklistRow]]] = []
        for row in self.rows:
            if not groups or groups[-1][0] != row.layer:
                groups.append((row.layer, row.layer_title, []))
            groups[-1][2].append(row)
        return groups


def roles(project) -> dict[str, str]:
    """Role ID -> title, for every role in the project."""
    return {ident: item.model.title for ident, item in sorted(project.by_kind.get("role", {}).items())}


def require_role(project, role_id: str) -> None:
    known = roles(project)
    if role_id not in known:
        raise UnknownRole(role_id, known, unreadable=project.unvalidated.get(role_id) == "role")


def applicable_agreements(project, role_id: str) -> list:
    """The LoadedItems of the agreements that apply to ``role_id`` and are not withdrawn."""
    return [item for item in project.items("agreement")
            if role_id in item.model.applies_to and item.model.status not in WITHDRAWN_STATUSES]


def checklist_rows(project, role_id: str) -> list[ChecklistRow]:
    """Every agreement that applies to the role, grouped by layer, mandatory first. UnknownRole if undefined."""
    require_role(project, role_id)
    config = project.config
    layers = {layer.id: (index, layer) for index, layer in enumerate(
        sorted(config.layers, key=lambda l: l.order), start=0)} if config else {}
    levels = {level.id: (index, level) for index, level in enumerate(config.levels)} if config else {}
    rows = []
    for item in applicable_agreements(project, role_id):
        model = item.model
        level_index, level = levels.get(model.level, (len(levels), None))
        own_layers = tuple(model.layers)
        first = own_layers[0]
        layer_index, layer = layers.get(first, (len(layers), None))

        def layer_title(ident: str) -> str:
            entry = layers.get(ident)
            return entry[1].title if entry else ident

        row = ChecklistRow(
            id=model.id,
            title=model.title,
            level=model.level,
            level_title=level.title if level else model.level,
            mandatory=bool(level.mandatory) if level else False,
            allows_not_applicable=bool(level.allows_not_applicable) if level else False,
            layer=first,
            layer_title=layer_title(first),
            layers=own_layers,
            layer_titles=tuple(layer_title(l) for l in own_layers),
            statement=plain(model.statement, project),
            evidence=plain(model.evidence, project),
            since=model.since or "",
            topic=model.topic or "",
            path=item.file.path,
            evidence_type=evidence_summary(model, config),
        )
        rows.append(((layer_index, first, not row.mandatory, level_index, natural_key(row.id)), row))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def build_checklist(state, role_id: str, rows: list[ChecklistRow] | None = None) -> Checklist:
    """The checklist of a role in a ReleaseState (see qualify.state); ``rows``: its rows, when they were
    made already (:func:`checklist_rows` of the state's project)."""
    project = state.project
    config = project.config
    if rows is None:
        rows = checklist_rows(project, role_id)
    t = for_config(config)
    return Checklist(
        framework=config.title if config else "",
        framework_id=config.id if config else "",
        role=role_id,
        role_title=project.by_kind["role"][role_id].model.title,
        release=state.label,
        release_title=state.title,
        rows=rows,
        validity=validity_text(getattr(state, "valid_from", None), getattr(state, "valid_until", None), t),
        language=t.language,
    )


def validity_text(start, until, t: Messages | None = None) -> str | None:
    """"Geldig van 1 februari 2026 tot en met 31 augustus 2026." (None off the timeline)."""
    t = t or messages()
    if start is None:
        return None
    if until is None:
        return t("checklist.valid_open", start=t.date(start))
    return t("checklist.valid_until", start=t.date(start), until=t.date(until))


# --- renderings ------------------------------------------------------------------------


# The columns of the Markdown table (the statement cell holds the title too).
MARKDOWN_COLUMNS = ("id", "level", "statement", "evidence", "evidence_type", "since")


def _md_cell(text: str) -> str:
    """A table cell of the Markdown download: its own pipes escaped, and any HTML in the text shown as text (a file
    someone renders must not run a '<script>' a title carries; the site's HTML escapes it too)."""
    text = text.replace("<", "&lt;")  # no tag can open; an entity ('&#60;') shows as its character, never as markup
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or "—"


def render_markdown(checklist: Checklist, heading_level: int = 1) -> str:
    """The checklist as Markdown: a table per layer (for the site and for reading)."""
    h = "#" * heading_level
    t = checklist.t
    lines = [f"{h} {t('checklist.heading', role=checklist.role_title)}", "",
             t("checklist.lead", framework=checklist.framework, release=checklist.release_title,
               role=checklist.role_title, count=len(checklist.rows)), ""]
    if checklist.validity:
        lines += [checklist.validity, ""]
    if not checklist.rows:
        lines += [t("checklist.empty"), ""]
    header = " | ".join(t(f"checklist.column.{key}") for key in MARKDOWN_COLUMNS)
    for _layer, title, rows in checklist.by_layer():
        lines += [f"{h}# {title}", "", f"| {header} |", "| --- | --- | --- | --- | --- | --- |"]
        for row in rows:
            statement = f"**{_md_cell(row.title)}**<br>{_md_cell(row.statement)}"
            lines.append(f"| {row.id} | {row.level} | {statement} | {_md_cell(row.evidence)} | "
                         f"{_md_cell(row.evidence_type)} | {_md_cell(row.since)} |")
        lines.append("")
    return "\n".join(lines)


def write_csv(checklist: Checklist, out: TextIO, *, excel: bool = False) -> None:
    """The checklist as CSV (UTF-8, a header row, empty answer columns): comma-separated, or with
    ``excel`` as Dutch Excel opens it (semicolons and a byte order mark). A cell that starts like
    a formula (=, +, -, @, tab, CR) is written as text (qualify.text.csv_cell)."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    own = columns(checklist.t)
    writer.writerow([h for _, h, _ in own + columns(checklist.t, ANSWER_WIDTHS)])
    for row in checklist.rows:
        cells = row.cells()
        writer.writerow([csv_cell(cells[key]) for key, _, _ in own] + ["" for _ in ANSWER_WIDTHS])


def csv_text(checklist: Checklist) -> str:
    buffer = io.StringIO()
    write_csv(checklist, buffer)
    return buffer.getvalue()


def default_file_name(checklist: Checklist, fmt: str) -> str:
    suffix = {"md": "md", "csv": "csv", "xlsx": "xlsx"}[fmt]
    return f"checklist-{checklist.role}-{checklist.release}.{suffix}"


def write_xlsx(checklist: Checklist, path) -> None:
    from .xlsx import write_workbook

    write_workbook(checklist, path)


def rows_for_roles(project, role_ids: Iterable[str]) -> dict[str, list[ChecklistRow]]:
    return {role: checklist_rows(project, role) for role in role_ids}
