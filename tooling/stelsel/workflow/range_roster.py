"""W026: in a pull request that changes the roster, the acts it adds are judged by the roster at the merge base.

A roster change is in force once a decided proposal carries it (:mod:`stelsel.workflow.roster`),
but not for the change that makes it: the moves, reviews, decisions and answers to reactions a proposal gains in the
range, and the release decisions, publications and cuts the range adds, must be entitled by
the governance at the merge base too. An act the roster in force already refuses is reported
by its own rule (W008, W014, W015, L010) and not again here.
"""

from __future__ import annotations

from .. import vcs
from ..diagnostics import Diagnostic
from ..load.yamlread import YamlProblem, parse_yaml
from .since import Range, _data

HINT = "merge the roster change first, with the decided proposal that carries it; then act in a change of its own"


def roster_in_range(project, ref: str, found_range: Range) -> list[Diagnostic]:
    """W026: acts added in the range that only the roster changed in the same range entitles.

    When ``governance.yaml`` differs from the merge base, each move, review and decision a
    proposal holds that its merge-base version did not (and each release act the range adds,
    :func:`_release_acts`) is judged against the governance at
    the merge base; an act the roster in force already refuses is reported by its own rule
    (W008, W014, W015) and not again here.
    """
    from ..codes import ROSTER_CHANGED_IN_RANGE
    from .provenance import canonical
    from .roster import flow_at_ref, roster

    sf = project.governance_file
    if sf is None or not any(path == sf.path and status != "D" for status, path, _old in found_range.changed):
        return []
    in_force = roster(project)
    base_flow = flow_at_ref(project, found_range.base)
    if base_flow is None or in_force.current is None or not in_force.view.available:
        return []
    base = found_range.base
    found: list[Diagnostic] = []
    changed_in = f"governance.yaml changed since {ref} ({base[:10]})"

    def at(item, loc, message):
        line, col = item.file.position(loc)
        found.append(ROSTER_CHANGED_IN_RANGE.at(
            item.file.path, line, col, f"{item.id}: {message}, and {changed_in}: acts in the same change are judged "
                                       f"against the roster at the merge base",
            hint=HINT))

    for item in sorted(project.items("proposal"), key=lambda i: i.file.path):
        data = item.file.data if isinstance(item.file.data, dict) else {}
        old_text = vcs.read_blob(in_force.view.repo, f"{base}:{in_force.view.repo_path(item.file.path)}")
        old, _body = _data(item.file.path, old_text) if old_text is not None else (None, None)
        old = old or {}

        def new(key) -> list[tuple[int, object]]:
            before = {canonical(v) for v in (old.get(key) or [])} if isinstance(old.get(key), list) else set()
            now = data.get(key) if isinstance(data.get(key), list) else []
            return [(i, v) for i, v in enumerate(now) if canonical(v) not in before]

        model = item.model
        for index, _raw in new("reviews"):
            if index >= len(model.reviews):
                continue
            review = model.reviews[index]
            problem = base_flow.may_review(review.by, model, review.date)
            if problem and not (in_force.review_flow(item.file, index) or in_force.current).may_review(
                    review.by, model, review.date):
                at(item, ("reviews", index, "by"), f"at the merge base {problem}")
        decision = model.decision
        if decision is not None and data.get("decision") is not None and \
                canonical(data.get("decision")) != canonical(old.get("decision")):
            problems = base_flow.decision_problems(decision)
            if problems and not (in_force.decision_flow(item.file) or in_force.current).decision_problems(decision):
                at(item, ("decision", "by"), f"at the merge base the decision lacks authority: {'; '.join(problems)}")
        for index, _raw in new("history"):
            if index >= len(model.history):
                continue
            entry = model.history[index]
            from .engine import as_date

            when = as_date(entry.at)
            transitions = base_flow.transitions(entry.source, entry.to)
            if not transitions or when is None:
                continue
            if not any(base_flow.entitled(spec, entry.by, model, when) for t in transitions for spec in t.by):
                now = in_force.history_flow(item.file, index) or in_force.current
                if any(now.entitled(spec, entry.by, model, when) for t in now.transitions(entry.source, entry.to)
                       for spec in t.by):
                    at(item, ("history", index, "by"), f"at the merge base {entry.by} was not entitled to move "
                                                       f"'{entry.source}' -> '{entry.to}' on {when}")
        for loc, message in _answers_in_range(item, old, base_flow, project):
            at(item, loc, message)
    found += _release_acts(project, found_range, in_force, base_flow, changed_in)
    return found


def _answers_in_range(item, old: dict, base_flow, project) -> list[tuple[tuple, str]]:
    """(place, message) for each answer to a reaction the range adds that the merge base's roster refuses
    and the roster in force when it was committed allows (one that roster refuses too is W029's)."""
    from .provenance import canonical
    from .reactions import may_respond
    from .response_provenance import ANSWER_FIELDS, response_flow

    consultation = item.model.consultation
    raw_now = ((item.file.data or {}).get("consultation") or {}) if isinstance(item.file.data, dict) else {}
    raw_old = old.get("consultation") if isinstance(old.get("consultation"), dict) else {}
    now_list = raw_now.get("reactions") if isinstance(raw_now, dict) else None
    old_list = raw_old.get("reactions") if isinstance(raw_old.get("reactions"), list) else []
    if consultation is None or not isinstance(now_list, list):
        return []
    found = []

    def answer(entry) -> object:
        return canonical({k: entry.get(k) for k in ANSWER_FIELDS}) if isinstance(entry, dict) else None

    before = {answer(entry) for entry in old_list}
    from .engine import as_date

    for index, reaction in enumerate(consultation.reactions):
        day = as_date(reaction.responded_at)
        if reaction.responded_by is None or day is None or index >= len(now_list) \
                or answer(now_list[index]) in before:
            continue
        problem = may_respond(base_flow, reaction.responded_by, item.model, day)
        then = response_flow(project, item.file, index) or base_flow
        if problem and not may_respond(then, reaction.responded_by, item.model, day):
            found.append((("consultation", "reactions", index, "responded_by"), f"at the merge base {problem}"))
    return found


def _committed_block(repo, base: str, repo_path: str) -> dict:
    """A register entry as committed at ``base`` ({} when it had none or it cannot be read)."""
    text = vcs.read_blob(repo, f"{base}:{repo_path}")
    if text is None:
        return {}
    try:
        data = parse_yaml(text).data
    except YamlProblem:
        return {}
    return data if isinstance(data, dict) else {}


def _release_acts(project, found_range: Range, in_force, base_flow, changed_in: str) -> list[Diagnostic]:
    """W026 for release decisions, publications and cuts added in the range that the merge base's roster refuses."""
    from ..codes import ROSTER_CHANGED_IN_RANGE
    from .provenance import canonical
    from .release_acts import decision_problem, entitlement_problem
    from .release_provenance import frozen_manifests, manifest_line, recorded_in

    found: list[Diagnostic] = []
    repo, base = in_force.view.repo, found_range.base

    def report(path, line, col, what, problem):
        found.append(ROSTER_CHANGED_IN_RANGE.at(
            path, line, col, f"{what}: at the merge base {problem}, and {changed_in}: acts in the same change are "
                             f"judged against the roster at the merge base", hint=HINT))

    for entry in sorted(project.items("release"), key=lambda item: item.file.path):
        data = entry.file.data if isinstance(entry.file.data, dict) else {}
        old = _committed_block(repo, base, in_force.view.repo_path(entry.file.path))
        for key in ("decision", "published"):
            block, model = data.get(key), getattr(entry.model, key, None)
            if not isinstance(block, dict) or model is None or canonical(block) == canonical(old.get(key)):
                continue
            then = in_force.at_commit(recorded_in(project, entry.file.path, key)) or in_force.current
            if key == "published":
                problem = entitlement_problem(base_flow, "publish", model.by, model.date)
                allowed_then = not entitlement_problem(then, "publish", model.by, model.date)
                what = f"the publication of {entry.id} by {model.by}"
            else:
                problem = decision_problem(base_flow, entry, entry.id, model.date)
                allowed_then = not decision_problem(then, entry, entry.id, model.date)
                what = f"the release decision of {entry.id} by {model.by}"
            if problem and allowed_then:
                line, col = entry.file.position((key, "by"))
                report(entry.file.path, line, col, what, problem)
    added = {path for status, path, _old in found_range.changed if status == "A"}
    for version, (data, raw) in sorted(frozen_manifests(project).items()):
        path = f"releases/{version}/manifest.json"
        person, created = data.get("cut_by"), data.get("created")
        if path not in added or not isinstance(person, str) or not isinstance(created, str):
            continue
        import datetime as dt

        try:
            day = dt.date.fromisoformat(created[:10])
        except ValueError:
            continue
        then = in_force.at_path_added(path) or in_force.current
        problem = entitlement_problem(base_flow, "cut", person, day)
        if problem and not entitlement_problem(then, "cut", person, day):
            line, col = manifest_line(raw, "cut_by")
            report(path, line, col, f"the cut of release {version} by {person}", problem)
    return found
