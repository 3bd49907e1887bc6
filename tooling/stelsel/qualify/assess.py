"""Check a self-assessment against a release, and list what to revisit after a new release.

``assess(root, path, release)`` reads the file with positions, validates it against the
SelfAssessment model, and checks it against the agreements of the release (default: the
release the file records): every applicable mandatory agreement answered, no unknown,
duplicate or misdirected answers, only the four answer values, "niet van toepassing" only
where the level allows it, and evidence where the agreement requires it. When the release
differs from the one the file records, the two frozen releases are compared and every answer
whose agreement changed, was withdrawn or renamed in between is flagged to revisit.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..codes import (
    AGREEMENT_NOT_FOR_ROLE,
    ANSWER_TO_REVISIT,
    ASSESSMENT_INVALID,
    ASSESSMENT_UNKNOWN_ROLE,
    BASE_RELEASE_UNAVAILABLE,
    DUPLICATE_ANSWER,
    EVIDENCE_MISSING,
    MANDATORY_NOT_MET,
    MANDATORY_UNANSWERED,
    NOT_APPLICABLE_NOT_ALLOWED,
    UNKNOWN_AGREEMENT,
    UNKNOWN_ANSWER_VALUE,
    Code,
)
from ..i18n import languages, messages
from ..diagnostics import Diagnostic, Severity, sort_key
from ..load.project import SourceFile
from ..load.yamlread import YamlProblem, parse_yaml
from ..model.base import WITHDRAWN_STATUSES
from ..paths import input_problem
from ..release.diff import diff_projects
from ..release.states import ReleaseError
from .checklist import (ANSWERS, COMPLIES, DOES_NOT, NOT_APPLICABLE, PARTLY, answer_value, answer_words,
                        applicable_agreements, requires_evidence)
from .model import SelfAssessment
from .state import ReleaseState, normalise_label, open_release
from .text import natural_key

KIND = "self_assessment"
REVISIT_CHANGES = ("changed", "withdrawn", "renamed", "removed")
# Spellings people use for an answer, for the did-you-mean hint.
# What a party may write instead of an answer, in every catalogue's language (checklist.answer_synonym).
SYNONYMS = {word: answer for language in languages()
            for answer, words in messages(language).mapping("checklist.answer_synonym").items() for word in words}


class AssessmentError(Exception):
    """The assessment cannot be run at all (no release to compare with); a usage error."""


@dataclass
class AssessmentFile:
    path: str  # as shown in findings
    source: SourceFile
    data: dict | None = None
    model: SelfAssessment | None = None
    findings: list[Diagnostic] = field(default_factory=list)

    def at(self, code: Code, loc: tuple, message: str, hint: str | None = None, key: bool = False,
           severity: Severity | None = None) -> Diagnostic:
        line, col = self.source.key_position(loc) if key else self.source.position(loc)
        return code.at(self.path, line, col, message, hint=hint, severity=severity)

    def value(self, *loc) -> Any:
        current = self.data
        for step in loc:
            if isinstance(current, dict) and step in current:
                current = current[step]
            elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                current = current[step]
            else:
                return None
        return current

    @property
    def release(self) -> str | None:
        """The release the file records (a number written unquoted is read as its text)."""
        value = self.value("release")
        if isinstance(value, bool) or value is None:
            return None
        return str(value)

    def answers(self) -> list[tuple[int, dict]]:
        entries = self.value("answers")
        if not isinstance(entries, list):
            return []
        return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def read_assessment(path: Path, display: str | None = None) -> AssessmentFile:
    """Parse and validate a self-assessment file; problems are Q001 findings, never exceptions."""
    shown = display or str(path)
    afile = AssessmentFile(shown, SourceFile(path=shown, suffix=".yaml", digest="", kind=KIND))
    problem = input_problem(path)
    if problem:  # never opened: a named pipe would be waited on for ever
        afile.findings.append(ASSESSMENT_INVALID.at(shown, 0, 0, f"cannot be read: {problem}",
                                                    hint="name the self-assessment's YAML file"))
        return afile
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        afile.findings.append(ASSESSMENT_INVALID.at(shown, 0, 0, f"cannot be read: {exc.strerror or exc}",
                                                    hint="check the file's permissions"))
        return afile
    except UnicodeDecodeError:
        afile.findings.append(ASSESSMENT_INVALID.at(shown, 1, 1, "not valid UTF-8", hint="save the file as UTF-8"))
        return afile
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        parsed = parse_yaml(text)
    except YamlProblem as problem:
        afile.findings.append(ASSESSMENT_INVALID.at(shown, problem.line, problem.col, problem.message, hint=problem.hint))
        return afile
    source = afile.source
    source.data, source.positions, source.key_positions = parsed.data, parsed.positions, parsed.key_positions
    for loc, line, col in parsed.duplicate_keys:
        afile.findings.append(ASSESSMENT_INVALID.at(shown, line, col, f"key '{loc[-1]}' appears twice",
                                                   hint="remove or merge the duplicate key"))
    if not isinstance(parsed.data, dict):
        afile.findings.append(ASSESSMENT_INVALID.at(shown, 1, 1, "the top level must be a mapping, starting with "
                                                   "'kind: self_assessment'", hint="see docs/self-assessment.md"))
        return afile
    afile.data = parsed.data
    kind = parsed.data.get("kind")
    if kind != KIND:
        afile.findings.append(afile.at(ASSESSMENT_INVALID, ("kind",) if "kind" in parsed.data else (),
                                       f"not a self-assessment (kind: {kind})" if kind else "no 'kind' key",
                                       hint=f"start the file with 'kind: {KIND}'"))
        return afile
    # Unknown answer values get their own code (Q007) in the semantic pass: validate a copy
    # in which they are replaced, so the schema pass does not report them a second time.
    data = copy.deepcopy(parsed.data)
    entries = data.get("answers")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("answer"), str):
            entry["answer"] = answer_value(entry["answer"]) or COMPLIES
    try:
        afile.model = SelfAssessment.model_validate(data)
    except ValidationError as exc:
        from ..load.validate import findings_from_error

        for finding in findings_from_error(source, SelfAssessment, data, exc):
            afile.findings.append(dataclasses.replace(finding, code=ASSESSMENT_INVALID.code, severity=Severity.ERROR))
    return afile


@dataclass
class AssessmentResult:
    file: AssessmentFile
    target: ReleaseState
    base_label: str | None
    diagnostics: list[Diagnostic]
    summary: dict

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)


def assess(root: Path, path: Path, release: str | None = None, display: str | None = None) -> AssessmentResult:
    """Check the self-assessment at ``path`` against ``release`` (default: the one it records)."""
    afile = read_assessment(Path(path), display)
    recorded = afile.release
    label = release or recorded
    if label is None:
        raise AssessmentError(f"{afile.path}: the file records no release; pass --release VERSION")
    try:
        target = open_release(root, label)
    except ReleaseError as exc:
        raise AssessmentError(str(exc)) from None
    base: ReleaseState | None = None
    base_problem: str | None = None
    if recorded is not None and normalise_label(recorded) != target.label:
        try:
            base = open_release(root, recorded)
        except ReleaseError as exc:
            base_problem = str(exc)

    def deadlines(transitions: dict) -> dict:
        from ..load.project import load_project
        from ..release.applies import meet_by

        return meet_by(Path(root), load_project(Path(root)), base.label, target.label, transitions)

    return check_assessment(afile, target, base, base_problem, deadlines if base is not None else None)


def check_assessment(afile: AssessmentFile, target: ReleaseState, base: ReleaseState | None = None,
                     base_problem: str | None = None, deadlines=None) -> AssessmentResult:
    """The findings and summary of a parsed self-assessment against a loaded release.

    ``deadlines`` (ID -> transition months) -> {ID: Deadline} says by when each agreement that
    changed or is new since ``base`` must be met (:func:`stelsel.release.applies.meet_by`).
    """
    found = list(afile.findings)
    project = target.project
    config = project.config
    levels = {level.id: level for level in config.levels} if config else {}
    agreements = project.by_kind.get("agreement", {})
    base_label = base.label if base is not None else (normalise_label(afile.release) if base_problem else None)

    framework = afile.value("framework")
    if isinstance(framework, str) and config is not None and framework != config.id:
        found.append(afile.at(ASSESSMENT_INVALID, ("framework",),
                              f"the file is for framework '{framework}', not '{config.id}' ({config.title})",
                              hint="assess it in the repository of its own framework"))

    role = afile.value("role")
    roles = project.by_kind.get("role", {})
    role_known = isinstance(role, str) and role in roles
    if isinstance(role, str) and not role_known:
        near = difflib.get_close_matches(role, list(roles), n=1, cutoff=0.5)
        listed = ", ".join(sorted(roles)) or "none"
        found.append(afile.at(ASSESSMENT_UNKNOWN_ROLE, ("role",), f"role '{role}' is not defined in {target.name}",
                              hint=(f"did you mean '{near[0]}'? " if near else "") + f"roles: {listed}"))
    applicable = {item.id: item for item in applicable_agreements(project, role)} if role_known else {}

    # What changed since the release the file was made against.
    revisit: dict[str, Any] = {}
    renamed_to: dict[str, str] = {}
    fresh: dict[str, str] = {}  # agreement of the role, changed or new since base -> 'changed' / 'added'
    if base_problem is not None:
        found.append(afile.at(BASE_RELEASE_UNAVAILABLE, ("release",),
                              f"cannot list what changed since '{afile.release}': {base_problem}",
                              hint="check the release the file records"))
    elif base is not None:
        for change in diff_projects(base.project, project, base.label, target.label).items:
            if change.kind == "agreement" and change.change in ("added", "changed", "renamed") and change.id in applicable:
                fresh[change.id] = change.change
            if change.kind != "agreement" or change.change not in REVISIT_CHANGES:
                continue
            old_id = change.old_id or change.id
            revisit[old_id] = change
            if change.change == "renamed":
                renamed_to[change.id] = old_id

    due = _due(fresh, agreements, deadlines)
    answered: dict[str, int] = {}  # agreement -> index of its first answer
    values: dict[str, str] = {}
    for index, entry in _answers(afile):
        ident = entry.get("agreement")
        if not isinstance(ident, str) or not ident:
            continue  # the schema pass reports it
        loc = ("answers", index)
        if ident in answered:
            first_line = afile.source.position(("answers", answered[ident], "agreement"))[0]
            found.append(afile.at(DUPLICATE_ANSWER, loc + ("agreement",),
                                  f"{ident} is answered twice (first at line {first_line})",
                                  hint="keep one answer per agreement; merge the two"))
            continue
        answered[ident] = index
        value = entry.get("answer")
        change = revisit.get(ident)
        if change is not None:
            found.append(_with_due(_revisit_finding(afile, loc, ident, change, base_label, target, role),
                                   due.get(change.id)))
        item = agreements.get(ident)
        if item is None:
            if change is None:
                current = [i for i, a in agreements.items() if a.model.status not in WITHDRAWN_STATUSES]
                near = difflib.get_close_matches(ident, current, n=1, cutoff=0.6)
                found.append(afile.at(UNKNOWN_AGREEMENT, loc + ("agreement",),
                                      f"agreement {ident} does not exist in {target.name}",
                                      hint=f"did you mean '{near[0]}'?" if near else "correct the ID or remove the answer"))
            continue
        model = item.model
        if model.status in WITHDRAWN_STATUSES:
            if change is None:
                found.append(afile.at(UNKNOWN_AGREEMENT, loc + ("agreement",),
                                      f"agreement {ident} is withdrawn in {target.name}",
                                      hint="remove the answer"))
            continue
        if role_known and ident not in applicable and change is None:
            found.append(afile.at(AGREEMENT_NOT_FOR_ROLE, loc + ("agreement",),
                                  f"agreement {ident} does not apply to role '{role}' "
                                  f"(it applies to: {', '.join(model.applies_to)})",
                                  hint="remove the answer, or check the role"))
        if not isinstance(value, str):
            continue  # missing or not text: the schema pass reports it
        level = levels.get(model.level)
        if answer_value(value) is None:
            found.append(afile.at(UNKNOWN_ANSWER_VALUE, loc + ("answer",), f"'{value}' is not an answer",
                                  hint=_answer_hint(value, answer_words(config))))
            continue
        value = answer_value(value)
        values[ident] = value
        if value == NOT_APPLICABLE and level is not None and not level.allows_not_applicable:
            found.append(afile.at(NOT_APPLICABLE_NOT_ALLOWED, loc + ("answer",),
                                  f"'{NOT_APPLICABLE}' is not allowed for {ident}: its level {model.level} applies "
                                  "to every party in the role",
                                  hint="answer {}, {} or {}, and explain".format(*answer_words(config)[:3])))
        if value in (COMPLIES, PARTLY) and requires_evidence(model.evidence) and not _has_evidence(entry.get("evidence")):
            where = loc + ("evidence",) if "evidence" in entry else loc
            found.append(afile.at(EVIDENCE_MISSING, where, f"{ident} requires evidence, but none is listed",
                                  hint="list at least one reference under 'evidence:'; required: "
                                  + _short(model.evidence)))
        if value in (PARTLY, DOES_NOT) and level is not None and level.mandatory and ident in applicable:
            found.append(afile.at(MANDATORY_NOT_MET, loc + ("answer",),
                                  f"{ident} ({model.level}) is answered '{value}': the party does not yet meet "
                                  "this mandatory agreement",
                                  hint="explain what is missing and by when, and revise the answer when it is met"))

    # Mandatory agreements of the role without an answer.
    answers_loc = ("answers",) if isinstance(afile.data, dict) and "answers" in afile.data else ()
    for ident, item in sorted(applicable.items(), key=lambda pair: natural_key(pair[0])):
        level = levels.get(item.model.level)
        if level is None or not level.mandatory or ident in answered:
            continue
        hint = f"add '- agreement: {ident}' with an answer, an explanation and evidence"
        if ident in renamed_to:
            hint = f"it was {renamed_to[ident]} in {base_label}: answer it under its new ID {ident}"
        found.append(_with_due(afile.at(MANDATORY_UNANSWERED, answers_loc,
                                        f"{ident} ({item.model.level}) is not answered: {item.model.title}",
                                        hint=hint, key=bool(answers_loc)), due.get(ident)))

    unique = {(d.path, d.line, d.col, d.code, d.message): d for d in found}  # Diagnostic equality ignores the message
    diagnostics = sorted(unique.values(), key=sort_key)
    summary = summarise(afile, target, base_label, applicable, values, levels, diagnostics)
    summary["deadlines"] = {ident: {"change": fresh[ident], **deadline.as_dict()}
                            for ident, deadline in sorted(due.items(), key=lambda pair: natural_key(pair[0]))}
    return AssessmentResult(afile, target, base_label, diagnostics, summary)


def _due(fresh: dict[str, str], agreements: dict, deadlines) -> dict:
    """ID -> Deadline for the role's changed and new agreements (empty without a base release)."""
    if not fresh or deadlines is None:
        return {}
    return deadlines({ident: getattr(agreements[ident].model, "transition_months", None)
                      for ident in fresh if ident in agreements})


def _with_due(diagnostic: Diagnostic, deadline) -> Diagnostic:
    """The finding, saying by when the agreement must be met."""
    if deadline is None:
        return diagnostic
    when = (f"it must be met from {deadline.day} ({deadline.why})" if deadline.day
            else f"by when it must be met is not fixed yet: {deadline.why}")
    return dataclasses.replace(diagnostic, message=f"{diagnostic.message}; {when}")


def _answers(afile: AssessmentFile) -> list[tuple[int, dict]]:
    return afile.answers()


def _has_evidence(value: Any) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, str) and v.strip() for v in value)
    return isinstance(value, str) and bool(value.strip())


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _answer_hint(value: str, words: list[str]) -> str:
    """How to write an answer the framework knows (``words``: the four in its language)."""
    lowered = " ".join(value.lower().split())
    if answer_value(lowered) is not None:
        return f"write it in lower case: '{lowered}'"
    if lowered in SYNONYMS:
        return f"did you mean '{words[ANSWERS.index(SYNONYMS[lowered])]}'?"
    near = difflib.get_close_matches(lowered, words, n=1, cutoff=0.6)
    return (f"did you mean '{near[0]}'? " if near else "") + "use one of: " + ", ".join(words)


def _revisit_finding(afile, loc, ident, change, base_label, target, role) -> Diagnostic:
    new_label = target.label
    if change.change == "withdrawn":
        message = f"{ident} was withdrawn in {new_label}: this answer no longer counts"
        hint = "remove the answer"
    elif change.change == "removed":
        message = f"{ident} no longer exists in {new_label}: this answer no longer counts"
        hint = "remove the answer"
    elif change.change == "renamed":
        message = f"{ident} is {change.id} in {new_label}: revisit this answer and give it under the new ID"
        hint = f"set 'agreement: {change.id}' after checking the text (stelsel diff {base_label} {new_label})"
    else:
        names = ", ".join(f.name for f in change.fields)
        message = f"{ident} changed between {base_label} and {new_label} ({names}): revisit this answer"
        hint = f"re-read {ident} (stelsel diff {base_label} {new_label}), revise the answer, then set release: \"{new_label}\""
        new = change.new.model if change.new is not None else None
        if new is not None and isinstance(role, str) and role not in new.applies_to:
            message += f"; it no longer applies to role '{role}'"
    return afile.at(ANSWER_TO_REVISIT, loc + ("agreement",), message, hint=hint)


# --- the summary ---------------------------------------------------------------------------

COUNT_KEYS = ANSWERS + ("unanswered",)


def _counter() -> dict[str, int]:
    return {"agreements": 0, **{key: 0 for key in COUNT_KEYS}}


def summarise(afile, target, base_label, applicable, values, levels, diagnostics) -> dict:
    """How many applicable agreements comply, per level and per layer (in config order)."""
    project = target.project
    config = project.config
    layer_titles = {l.id: l.title for l in sorted(config.layers, key=lambda l: l.order)} if config else {}
    per_level = {level: _counter() for level in levels}
    per_layer = {layer: _counter() for layer in layer_titles}
    total = _counter()
    mandatory_total = mandatory_met = 0
    for ident, item in applicable.items():
        value = values.get(ident, "unanswered")
        level = levels.get(item.model.level)
        buckets = [total, per_level.setdefault(item.model.level, _counter())]
        buckets += [per_layer.setdefault(layer, _counter()) for layer in dict.fromkeys(item.model.layers)]
        for bucket in buckets:
            bucket["agreements"] += 1
            bucket[value] += 1
        if level is not None and level.mandatory:
            mandatory_total += 1
            mandatory_met += value == COMPLIES
    model = afile.model
    party = afile.value("party", "name")
    errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
    return {
        "party": party if isinstance(party, str) else None,
        "role": afile.value("role") if isinstance(afile.value("role"), str) else None,
        "release": target.label,
        "recorded_release": afile.release,
        "compared_with": base_label,
        "date": model.date.isoformat() if model is not None else None,
        "total": total,
        "per_level": {k: v for k, v in per_level.items() if v["agreements"]},
        "per_layer": {k: v for k, v in per_layer.items() if v["agreements"]},
        "layer_titles": layer_titles,
        "mandatory": {"agreements": mandatory_total, COMPLIES: mandatory_met},
        "answer_words": answer_words(config),  # the four answers as the framework's language writes them
        "qualifies": errors == 0 and mandatory_met == mandatory_total and bool(applicable),
    }


def summary_lines(summary: dict) -> list[str]:
    """The summary as a small table for people."""
    party = summary["party"] or "(no party)"
    role = summary["role"] or "(no role)"
    head = f"Self-assessment of {party} as {role} against release {summary['release']}"
    if summary["compared_with"]:
        head += f" (made against {summary['compared_with']})"
    lines = [head + ":"]
    columns = ("agreements",) + COUNT_KEYS
    labels = ("agreements", "complies", "partly", "does not", "n/a", "open")
    width = max([len("level / layer")] + [len(k) for k in summary["per_level"]]
                + [len(summary["layer_titles"].get(k, k)) for k in summary["per_layer"]]) + 2
    lines.append("  " + "".ljust(width) + "".join(label.rjust(11) for label in labels))

    def row(name: str, counts: dict) -> str:
        return "  " + name.ljust(width) + "".join(str(counts[c]).rjust(11) for c in columns)

    for level, counts in summary["per_level"].items():
        lines.append(row(level, counts))
    lines.append("  " + "-" * (width + 11 * len(labels)))
    for layer, counts in summary["per_layer"].items():
        lines.append(row(summary["layer_titles"].get(layer, layer), counts))
    lines.append("  " + "-" * (width + 11 * len(labels)))
    lines.append(row("total", summary["total"]))
    if summary.get("deadlines"):
        lines.append(f"  by when (changed or new since {summary['compared_with']}):")
        for ident, due in summary["deadlines"].items():
            when = f"from {due['date']}" if due["date"] else "not fixed yet"
            lines.append(f"    {ident.ljust(10)} {('(' + due['change'] + ')').ljust(10)} {when}: {due['why']}")
    mandatory = summary["mandatory"]
    verdict = "yes" if summary["qualifies"] else "no"
    lines.append(f"  meets every mandatory agreement: {verdict} "
                 f"({mandatory[COMPLIES]} of {mandatory['agreements']} answered '{summary['answer_words'][0]}')")
    return lines
