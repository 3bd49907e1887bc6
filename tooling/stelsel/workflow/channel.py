"""The way back for stakeholders: "Reageer" links for an open consultation, and the verwerkingsverslag.

``reaction_links`` builds, from the framework's ``reaction_channel``, a ``mailto:`` link and/or
a forge "new issue" link with the proposal's ID, the item's ID and the title filled in
(URL-encoded, so a title cannot break out of its parameter), and says until when reactions
are welcome. ``processing_report`` lists every reaction of a proposal with its disposition,
motivation and what changed: the data of the verwerkingsverslag. Both are pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from .. import i18n



@dataclass(frozen=True)
class ReactionLink:
    kind: str  # mail | issue
    label: str
    url: str


def _fill(template: str, values: dict[str, str]) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", quote(value, safe=""))
    return out


def is_open_consultation(model, flow, today: dt.date) -> bool:
    """Whether reactions to the proposal are welcome on ``today``: in its consultation period, still open."""
    c = model.consultation
    return c is not None and flow.is_open(model.status) and c.start <= today <= c.end


def reaction_links(config, model, item: str | None = None) -> list[ReactionLink]:
    """The reaction links for proposal ``model`` (about ``item`` when given); empty without a channel."""
    channel = getattr(config, "reaction_channel", None) if config is not None else None
    if channel is None:
        return []
    t = i18n.for_config(config)  # the mail a stakeholder writes is in the framework's language
    subject = (t("reaction.subject_item", id=model.id, item=item, title=model.title) if item
               else t("reaction.subject", id=model.id, title=model.title))
    end = model.consultation.end if model.consultation is not None else None
    links = []
    if channel.email:
        body = (t("reaction.body", id=model.id, item=item or t("reaction.whole"), title=model.title)
                + (t("reaction.until", date=t.date(end)) if end else "") + t("reaction.form"))
        links.append(ReactionLink("mail", t("reaction.by_mail"),
                                  f"mailto:{channel.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"))
    if channel.issue_url:
        links.append(ReactionLink("issue", t("reaction.by_issue"),
                                  _fill(channel.issue_url, {"proposal": model.id, "item": item or "",
                                                            "title": model.title})))
    return links


@dataclass(frozen=True)
class ReportRow:
    key: str
    by: str
    organisation: str | None
    date: dt.date
    item: str | None
    late: bool
    text: str
    disposition: str | None  # its title in the report's language; None: not yet answered
    motivation: str | None
    changed: str | None
    responded_by: str | None


def processing_report(model, language: str | None = None) -> list[ReportRow]:
    """Every reaction of the proposal with its answer, in the order received (the verwerkingsverslag);
    the answers' titles in ``language`` (default: the default language)."""
    from .reactions import reaction_key

    titles = i18n.messages(language).mapping("reaction.disposition")

    c = model.consultation
    if c is None:
        return []
    rows = []
    for index, r in enumerate(c.reactions or []):
        rows.append(ReportRow(reaction_key(index, r), r.by, r.organisation, r.date, r.item, bool(r.late), r.summary,
                              titles.get(r.disposition) if r.disposition else None, r.motivation,
                              r.response, r.responded_by))
    return rows
