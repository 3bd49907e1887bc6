"""Who recorded each answer to a consultation reaction, according to git (like a review).

An answer (``disposition``, ``motivation``, ``responded_by``, ``responded_at`` and what
changed, ``response``) is an authority act of the person it names: the commit that
introduced it in its current form (see :func:`stelsel.workflow.provenance.adding_version`)
must be authored by that person and committed by them (W018, W024, with e-mails and trusted
committers as the governance in force before that commit has them), and the answer may not
be dated after that commit (W025); one not committed yet cannot be verified (W020).

:func:`response_flow` gives the flow in force for an answer (the roster committed and
decided before its commit, :mod:`stelsel.workflow.roster`): W029 judges who may answer by
it, on the answer's date, not by today's roster.
"""

from __future__ import annotations

import json
from functools import lru_cache

ANSWER_FIELDS = ("disposition", "motivation", "responded_by", "responded_at", "response")


def _raw_reactions(data) -> list:
    consultation = data.get("consultation") if isinstance(data, dict) else None
    reactions = consultation.get("reactions") if isinstance(consultation, dict) else None
    return reactions if isinstance(reactions, list) else []


def answer_entry(index: int, raw) -> str | None:
    """The answer to reaction ``index`` as canonical data (None: the reaction has no answer)."""
    from .provenance import canonical

    if not isinstance(raw, dict) or all(raw.get(f) is None for f in ANSWER_FIELDS[:4]):
        return None
    key = raw.get("id") if raw.get("id") is not None else index + 1
    return canonical({"reaction": key, **{f: raw.get(f) for f in ANSWER_FIELDS}})


@lru_cache(maxsize=4096)
def _answers_of(consultation: str) -> tuple[str, ...]:
    try:
        value = json.loads(consultation)
    except ValueError:
        return ()
    found = (answer_entry(i, r) for i, r in enumerate(_raw_reactions({"consultation": value})))
    return tuple(e for e in found if e is not None)


def answers(summary) -> tuple[str, ...]:
    """The answers a committed version holds (the extractor of :func:`provenance.adding_version`)."""
    if summary is None:
        return ()
    consultation = dict(summary.keys).get("consultation")
    return _answers_of(consultation) if consultation else ()


def response_flow(project, sf, index: int):
    """The flow in force for the answer to reaction ``index`` of a proposal file (today's without history)."""
    from .roster import roster

    raw = _raw_reactions(sf.data)
    entry = answer_entry(index, raw[index]) if index < len(raw) else None
    in_force = roster(project)
    if entry is None:
        return in_force.current
    return in_force.for_entry(sf.path, answers, entry)


def response_findings(project) -> list:
    """W018, W020, W024 and W025 on the answers of every proposal's reactions."""
    return project.memoized("workflow.response_provenance", lambda: _compute(project))


def _compute(project) -> list:
    from .provenance import _attribute, _dated_after, git_view, trusted_committers
    from .vouch import roster_then

    governance = project.governance
    if governance is None:
        return []
    people = {p.id: p for p in governance.people}
    trusted = trusted_committers(governance)
    findings = []
    view = None
    for item in project.items("proposal"):
        model, sf = item.model, item.file
        consultation = model.consultation
        if consultation is None or not consultation.reactions:
            continue
        raw = _raw_reactions(sf.data)
        acts = [(index, reaction, answer_entry(index, raw[index])) for index, reaction in enumerate(consultation.reactions)
                if index < len(raw)]
        acts = [a for a in acts if a[2] is not None and a[1].responded_by is not None]
        if not acts:
            continue
        view = view or git_view(project)
        if not view.available:
            continue  # the proposal's moves make the one W020 that says provenance cannot be read
        versions = view.versions(sf.path)
        for index, reaction, entry in acts:
            what = f"the answer to reaction {reaction.id or index + 1} by {reaction.responded_by}"
            added = _adding(versions, entry)
            person = people.get(reaction.responded_by)
            then_person, then_people, then_trusted = roster_then(project, added, person, people, trusted)
            loc = ("consultation", "reactions", index, "responded_by")
            findings += _attribute(view, added, sf.path, loc, what, then_person, then_people, then_trusted, False)
            if reaction.responded_at is not None:
                findings += _dated_after(added if added is None or added.sha not in view.shallow else None,
                                         reaction.responded_at, what, sf.path,
                                         ("consultation", "reactions", index, "responded_at"))
    return findings


def _adding(versions, entry):
    from .provenance import adding_version

    return adding_version(versions, answers, entry)


def to_diagnostics(project, rule, code: str) -> list:
    out = []
    by_path = None
    for finding in response_findings(project):
        if finding.code != code:
            continue
        if by_path is None:
            by_path = {f.path: f for f in project.files}
        sf = by_path.get(finding.path)
        line, col = sf.position(finding.loc) if sf is not None else (0, 0)
        out.append(rule.at(finding.path, line, col, finding.message, hint=finding.hint))
    return out
