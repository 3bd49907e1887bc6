"""Feeds for stakeholders: an Atom feed of consultations and an ICS calendar of the dates that bind.

Both are pure functions of the project and a day, returning text (the site writes them at
fixed URLs). The Atom feed (RFC 4287) has an entry per consultation event up to ``today``:
opened (its start), closing within a week (seven days before its end) and closed (the day
after its end). The calendar (RFC 5545) holds all-day events: each consultation's last day,
each release's ``ingangsdatum`` and, where the validity policy gives one, its last valid day.
Texts are in the framework's language (stelsel.i18n, ``feed.*``), as on the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable
from xml.etree import ElementTree as ET

from ..i18n import for_config
from ..release.validity import ONE_DAY, policy_of, register_entries, timeline

ATOM = "http://www.w3.org/2005/Atom"
WEEK = dt.timedelta(days=7)


def _names(project) -> tuple[str, str]:
    """The framework's ID and title (without a config: the catalogue's word for a framework)."""
    if project.config is not None:
        return project.config.id, project.config.title
    word = for_config(None)("feed.framework")
    return word.lower(), word


@dataclass(frozen=True)
class Event:
    key: str
    day: dt.date
    title: str
    text: str
    proposal: str | None = None


def _consulted(project):
    for item in sorted(project.items("proposal"), key=lambda it: it.id):
        if item.model.consultation is not None:
            yield item.model


def consultation_events(project, today: dt.date) -> list[Event]:
    """Opened, closing within a week, closed: every such event of every consultation up to ``today``."""
    events = []
    t = for_config(project.config)
    for model in _consulted(project):
        c = model.consultation
        period = t("feed.period", start=t.date(c.start), end=t.date(c.end))
        reactions = len(c.reactions or [])
        said = t("feed.reactions_one" if reactions == 1 else "feed.reactions_many", count=reactions)
        named = {"id": model.id, "title": model.title}
        # the keys are the entries' IDs (urn:…:consultatie:<key>): the same in every language, never changed
        if c.start <= today:
            events.append(Event(f"{model.id}:geopend", c.start, t("feed.opened", **named),
                                t("feed.opened_text", period=period), model.id))
        closing = c.end - WEEK + ONE_DAY
        if closing <= today and closing > c.start:
            events.append(Event(f"{model.id}:sluit", closing, t("feed.closing", **named),
                                t("feed.closing_text", end=t.date(c.end)), model.id))
        if c.end < today:
            events.append(Event(f"{model.id}:gesloten", c.end + ONE_DAY, t("feed.closed", **named),
                                t("feed.closed_text", period=period, reactions=said), model.id))
    events.sort(key=lambda e: (e.day, e.key), reverse=True)
    return events


def consultation_feed(project, today: dt.date, link: Callable[[str], str | None] | None = None,
                      feed_url: str = "consultaties.xml") -> str:
    """The Atom feed of consultations, newest event first; ``link(proposal_id)`` gives an entry's page."""
    t = for_config(project.config)
    framework, title = _names(project)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": t.language})
    events = consultation_events(project, today)

    def sub(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    sub(feed, "id", f"urn:stelsel:{framework}:consultaties")
    sub(feed, "title", t("feed.consultations", title=title))
    sub(feed, "updated", f"{(events[0].day if events else today).isoformat()}T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", project.config.owner if project.config is not None and project.config.owner else "stelsel")
    sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    for event in events:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:stelsel:{framework}:consultatie:{event.key}")
        sub(entry, "title", event.title)
        sub(entry, "updated", f"{event.day.isoformat()}T00:00:00Z")
        href = (link(event.proposal) if link and event.proposal else None) or "./"
        sub(entry, "link", rel="alternate", type="text/html", href=href)
        sub(entry, "summary", event.text)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# --- ICS --------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> list[str]:
    """A content line folded at 75 octets (continuation lines start with a space), never inside a character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + rest for rest in out[1:]]


def calendar_events(project, today: dt.date) -> list[Event]:
    """Consultation end dates, release effective dates and last valid days, in date order."""
    events = []
    t = for_config(project.config)
    # the keys are the events' UIDs: the same in every language, never changed (a calendar would see new events)
    for model in _consulted(project):
        c = model.consultation
        events.append(Event(f"consultatie-{model.id}", c.end, t("feed.calendar_end", id=model.id),
                            t("feed.calendar_end_text", title=model.title, end=t.date(c.end)), model.id))
    for window in timeline(register_entries(project), policy_of(project.config)):
        events.append(Event(f"ingang-{window.version}", window.start, t("feed.release_starts", version=window.version),
                            t("feed.release_starts_text", title=window.title, start=t.date(window.start))))
        if window.until is not None:
            events.append(Event(f"verval-{window.version}", window.until,
                                t("feed.release_last_day", version=window.version),
                                t("feed.release_last_day_text", title=window.title, until=t.date(window.until))))
    events.sort(key=lambda e: (e.day, e.key))
    return events


def calendar_ics(project, today: dt.date, stamp: dt.datetime | None = None,
                 link: Callable[[str], str | None] | None = None) -> str:
    """The ICS calendar (VCALENDAR with all-day VEVENTs), CRLF line ends, lines folded at 75 octets."""
    framework, title = _names(project)
    stamp = (stamp or dt.datetime.combine(today, dt.time(), dt.timezone.utc)).astimezone(dt.timezone.utc)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//stelsel//{_escape(framework)}//NL", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(title)}"]
    for event in calendar_events(project, today):
        lines += ["BEGIN:VEVENT", f"UID:{event.key}@{framework}.stelsel", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                  f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}", f"DTEND;VALUE=DATE:{event.day + ONE_DAY:%Y%m%d}",
                  f"SUMMARY:{_escape(event.title)}", f"DESCRIPTION:{_escape(event.text)}", "TRANSP:TRANSPARENT"]
        url = link(event.proposal) if link and event.proposal else None
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
