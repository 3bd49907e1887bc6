"""Findings about the reactions in a consultation and their answers (W029), and the reaction channel (W032)."""

from __future__ import annotations

import re
from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..workflow.engine import project_flow
from .base import Rule


class ReactionRecord(Rule):
    """A reaction in a consultation is recorded inconsistently, or its answer is not valid.

    Anti-pattern: a reaction dated before the consultation started; one received after its
    end but not marked ``late: true`` (or marked late while it arrived in time); a reaction
    about an item the proposal does not change; two reactions with one ``id``; an answer
    without all of ``disposition``, ``motivation``, ``responded_by`` and ``responded_at``, one
    dated before the reaction arrived, or one by someone ``workflow.consultation.respond_by``
    does not entitle on that day (default: a member of the proposal's working group), judged
    by the roster in force before the commit that recorded the answer, not today's. Such an
    answer does not count for the guard ``reactions_answered``. Fix: record reactions with
    ``stelsel consult react`` or ``import`` and answers with ``stelsel consult respond``, which
    check all of this; correct a hand edit to match.
    """

    finding = codes.REACTION_RECORD

    def check(self, project) -> Iterable[Diagnostic]:
        from ..workflow.reactions import reaction_label, response_problems
        from ..workflow.response_provenance import response_flow

        flow = project_flow(project)
        if flow is None:
            return
        for item in sorted(project.items("proposal"), key=lambda it: it.file.path):
            model, sf = item.model, item.file
            consultation = model.consultation
            if consultation is None:
                continue
            changed = {c.item for c in model.changes}
            seen: dict[str, int] = {}
            for index, reaction in enumerate(consultation.reactions or []):
                base = ("consultation", "reactions", index)
                label = reaction_label(index, reaction)
                found: list[tuple[str, str, str | None]] = []
                if reaction.date < consultation.start:
                    found.append(("date", f"{label} is dated before the consultation started ({consultation.start})",
                                  "a reaction is received during the consultation, or after it (late)"))
                elif reaction.date > consultation.end and not reaction.late:
                    found.append(("date", f"{label} arrived after the consultation ended ({consultation.end}) but is "
                                          "not marked late", "add 'late: true'"))
                elif reaction.late and reaction.date <= consultation.end:
                    found.append(("late", f"{label} is marked late, but arrived by the consultation's end "
                                          f"({consultation.end})", "remove 'late: true'"))
                if reaction.item is not None and reaction.item not in changed:
                    found.append(("item", f"{label} is about {reaction.item}, which {model.id} does not change",
                                  f"items of {model.id}: {', '.join(sorted(changed))}"))
                if reaction.id is not None:
                    if reaction.id in seen:
                        found.append(("id", f"{label}: the id {reaction.id} is also reaction {seen[reaction.id] + 1}",
                                      "number the reactions R1, R2 … once each"))
                    seen.setdefault(reaction.id, index)
                # who may answer: the roster in force before the answer's commit, on the answer's date
                in_force = response_flow(project, sf, index) or flow
                for field, message in response_problems(in_force, model, reaction):
                    found.append((field, f"{label}: {message}",
                                  "record answers with 'stelsel consult respond'"))
                for field, message, hint in found:
                    line, col = sf.position(base + (field,))
                    yield self.at(sf.path, line, col, message, hint=hint)


PLACEHOLDERS = ("proposal", "item", "title")


class ReactionChannelTemplate(Rule):
    """The forge link of the reaction channel has a placeholder the site cannot fill, or names no proposal.

    Anti-pattern: ``reaction_channel.issue_url`` in ``stelsel.yaml`` with a placeholder other
    than ``{proposal}``, ``{item}`` and ``{title}`` (a typo such as ``{titel}`` stays in every
    "Reageer" link as written), or without ``{proposal}``: a new issue would not say which
    proposal it reacts to. Fix: use only those three placeholders, and ``{proposal}`` at least,
    e.g. ``https://github.com/org/repo/issues/new?title=Reactie%20op%20{proposal}%3A%20{title}``.
    """

    finding = codes.REACTION_CHANNEL_TEMPLATE

    def check(self, project) -> Iterable[Diagnostic]:
        config, sf = project.config, project.config_file
        channel = getattr(config, "reaction_channel", None) if config is not None else None
        if channel is None or not channel.issue_url or sf is None:
            return
        line, col = sf.position(("reaction_channel", "issue_url"))
        found = re.findall(r"\{([^{}]*)\}", channel.issue_url)
        for name in dict.fromkeys(n for n in found if n not in PLACEHOLDERS):
            yield self.at(sf.path, line, col, f"reaction_channel.issue_url has the placeholder {{{name}}}, which the "
                                              "site cannot fill in", hint="placeholders: {proposal}, {item}, {title}")
        if "proposal" not in found:
            yield self.at(sf.path, line, col, "reaction_channel.issue_url has no {proposal}: a new issue would not say "
                                              "which proposal it reacts to",
                          hint="e.g. ...issues/new?title={proposal}%3A%20{title}")
