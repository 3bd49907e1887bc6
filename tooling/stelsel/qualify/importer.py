"""Turn a filled-in checklist (XLSX, or CSV) back into a self-assessment file.

The answer columns (Antwoord, Toelichting, Bewijsstukken) become ``answers``; the role and
release come from the workbook's Gegevens sheet (or from options, for CSV). Rows without an
answer are left out and reported, so ``stelsel assess`` then shows which mandatory ones are
still open. An answer value is written as given (after trimming and lower-casing), so an
unknown value is reported by ``assess`` with its line, not silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..paths import input_problem
from .assess import KIND, SYNONYMS
from .checklist import answer_value
from .xlsx import META_FRAMEWORK_ID, META_RELEASE, META_ROLE, WorkbookProblem, read_workbook, records


class ImportProblem(ValueError):
    """The checklist cannot be imported; the message says why."""


@dataclass
class Imported:
    text: str  # the YAML of the self-assessment
    answers: int
    skipped: list[str] = field(default_factory=list)  # agreement IDs without an answer
    partial: list[str] = field(default_factory=list)  # rows with an explanation or evidence but no answer


def _answer_value(text: str) -> str:
    """An answer as a checklist gives it, lower-cased: in the words of the checklist's language
    (``complies`` stays ``complies``, which ``stelsel assess`` reads as the answer it is)."""
    lowered = " ".join(text.split()).lower()
    if answer_value(lowered) is not None:
        return lowered
    return SYNONYMS.get(lowered, text.strip())


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def import_checklist(path: Path, party: str, role: str | None = None, release: str | None = None,
                     day: dt.date | None = None, identifier: str | None = None,
                     framework: str | None = None) -> Imported:
    """Read a filled-in checklist and build the text of a self-assessment file."""
    path = Path(path)
    problem = input_problem(path)
    if problem:
        raise ImportProblem(f"{path}: {problem}")
    meta: dict[str, str] = {}
    try:
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                first = handle.readline()
                handle.seek(0)
                # The site's CSV is for Dutch Excel (';'); the CLI's and others' use ','.
                rows = csv.reader(handle, delimiter=";" if first.count(";") > first.count(",") else ",")
                header = [h.strip() for h in next(rows, [])]
                found = records(header, rows, str(path))
        else:
            meta, found = read_workbook(path)
    except (WorkbookProblem, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportProblem(str(exc)) from None
    role = role or meta.get(META_ROLE) or None
    release = release or meta.get(META_RELEASE) or None
    framework = framework or meta.get(META_FRAMEWORK_ID) or None
    if not role:
        raise ImportProblem(f"{path}: no role recorded in the file; pass --role")
    if not release:
        raise ImportProblem(f"{path}: no release recorded in the file; pass --release")
    answers, skipped, partial = [], [], []
    for record in found:
        if not record["answer"]:
            skipped.append(record["agreement"])
            if record["explanation"] or record["evidence"]:
                partial.append(record["agreement"])
            continue
        answer: dict = {"agreement": record["agreement"], "answer": _answer_value(record["answer"])}
        if record["explanation"]:
            answer["explanation"] = record["explanation"]
        if record["evidence"]:
            answer["evidence"] = record["evidence"]
        answers.append(answer)
    party_data: dict = {"name": party}
    if identifier:
        party_data["identifier"] = identifier
    document: dict = {"kind": KIND}
    if framework:
        document["framework"] = framework
    document.update({"party": party_data, "role": role, "release": release, "date": day or dt.date.today(),
                     "answers": answers})
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    header = (f"# Self-assessment, imported from {path.name}.\n"  # written by the CLI: in its language, English
              f"# Check it with: stelsel assess <this file>\n")
    return Imported(header + body, len(answers), skipped, partial)
