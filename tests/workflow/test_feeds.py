"""The Atom feed of consultations (parsed with feedparser) and the ICS calendar (parsed by a strict RFC 5545 reader)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from stelsel.load.project import load_project
from stelsel.workflow.feeds import calendar_ics, consultation_feed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

PROPOSAL = """---
id: CP-0002
title: Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts
type: normatief
authors: [alice]
working_group: wg-test
target_release: "0.2"
status: concept
changes:
  - {item: MA-001, action: change}
motivation: Zodat de juiste informatie op de juiste plek komt.
consultation:
  start: 2026-02-03
  end: 2026-03-01
  reactions:
    - by: Org X
      date: 2026-02-10
      summary: Eens.
---
Tekst.
"""


@pytest.fixture
def project(tmp_path):
    """The integrity framework with a consultation (3 February to 1 March), 0.1 in force from 1 February, 0.2 from 1 June, n-1 with 3 months."""
    root = tmp_path / "stelsel"
    shutil.copytree(FIXTURES / "integrity", root)
    (root / "changes/CP-0002.md").write_text(PROPOSAL)
    config = root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + "validity:\n  policy: n-1\n  months: 3\n")
    for version, day in (("0.1", "2026-02-01"), ("0.2", "2026-06-01")):
        path = root / f"afsprakenstelsel/releases/{version}.yaml"
        path.write_text(path.read_text() + f"ingangsdatum: {day}\n")
    loaded = load_project(root)
    assert "CP-0002" in loaded.by_kind["proposal"]
    return loaded


def _feed(project, day):
    text = consultation_feed(project, day, link=lambda ident: f"voorstellen/#{ident}")
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.version == "atom10"
    return parsed


def test_an_open_consultation_is_opened_and_then_closing(project):
    """On 25 February: 'geopend' (3 February) and 'sluit binnenkort' (23 February), newest first, linked to the proposal."""
    parsed = _feed(project, dt.date(2026, 2, 25))
    titles = [e.title for e in parsed.entries]
    assert titles == ["Consultatie sluit binnenkort: CP-0002 Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts",
                      "Consultatie geopend: CP-0002 Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts"]
    assert [e.updated[:10] for e in parsed.entries] == ["2026-02-23", "2026-02-03"]
    assert parsed.entries[1].summary == "Reageren kan van 3 februari 2026 tot en met 1 maart 2026."
    assert parsed.entries[0].link == "voorstellen/#CP-0002"
    assert len({e.id for e in parsed.entries}) == 2


def test_a_closed_consultation_says_so_with_its_reactions(project):
    """On 10 March the consultation is closed (2 March), with its one reaction; before it opened there is nothing."""
    parsed = _feed(project, dt.date(2026, 3, 10))
    assert parsed.entries[0].title.startswith("Consultatie gesloten: CP-0002")
    assert parsed.entries[0].summary == "De consultatie liep van 3 februari 2026 tot en met 1 maart 2026 (1 reactie)."
    assert parsed.feed.updated.startswith("2026-03-02")
    assert _feed(project, dt.date(2026, 1, 1)).entries == []


# --- a strict reader for the calendar (and icalendar's) -----------------------------------------------------------


def read_ics(text: str) -> list[dict]:
    """Events of an iCalendar text, failing on anything RFC 5545 forbids that we could get wrong."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "lines end in CRLF, and only there"
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            assert lines, "a continuation line without a line to continue"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    stack, events, current = [], [], None
    for line in lines:
        match = re.fullmatch(r"([A-Z-]+)((?:;[A-Z-]+=[^;:]+)*):(.*)", line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.groups()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value, f"END:{value} closes another component"
            if value == "VEVENT":
                for required in ("UID", "DTSTAMP", "DTSTART"):
                    assert required in current, f"VEVENT without {required}"
                events.append(current)
                current = None
        elif current is not None:
            assert not re.search(r"(?<!\\)[;,]", value) or name in ("DTSTART", "DTEND"), f"unescaped ; or , in {line!r}"
            if params == ";VALUE=DATE":
                value = dt.datetime.strptime(value, "%Y%m%d").date()
            elif name == "DTSTAMP":
                assert re.fullmatch(r"\d{8}T\d{6}Z", value)
            else:
                value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
            current[name] = value
    assert not stack
    _same_as_icalendar(text, events)
    return events


def _same_as_icalendar(text: str, events: list[dict]) -> None:
    """A real client (icalendar) reads the same events: summary, start, end, description, URL."""
    from icalendar import Calendar

    def value(component, key):
        got = component.get(key)
        return None if got is None else (got.dt if hasattr(got, "dt") else str(got))

    keys = ("SUMMARY", "DTSTART", "DTEND", "DESCRIPTION", "URL", "UID")
    parsed = [tuple(value(c, k) for k in keys) for c in Calendar.from_ical(text).walk("VEVENT")]
    assert parsed == [tuple(e.get(k) for k in keys) for e in events]


def test_the_calendar_holds_consultation_end_and_release_dates(project):
    """Consultation end (1 March), 0.1 from 1 February until 31 August (n-1, 3 months after 0.2), 0.2 from 1 June."""
    text = calendar_ics(project, dt.date(2026, 3, 10), link=lambda ident: f"https://example.org/voorstellen/#{ident}")
    events = read_ics(text)
    got = [(e["SUMMARY"], e["DTSTART"], e["DTEND"] - e["DTSTART"]) for e in events]
    one = dt.timedelta(days=1)
    assert got == [("Release 0.1 gaat in", dt.date(2026, 2, 1), one),
                   ("Einde consultatie CP-0002", dt.date(2026, 3, 1), one),
                   ("Release 0.2 gaat in", dt.date(2026, 6, 1), one),
                   ("Laatste geldige dag release 0.1", dt.date(2026, 8, 31), one)]
    consult = events[1]
    assert consult["DESCRIPTION"] == "Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts: reageren kan tot en met 1 maart 2026."
    assert consult["URL"] == "https://example.org/voorstellen/#CP-0002"
    assert len({e["UID"] for e in events}) == len(events)


def test_long_lines_are_folded_within_characters(project):
    """A long Dutch title is folded at 75 octets without splitting a multi-byte character, and reads back whole."""
    long_title = ("Één afspraak over bereikbaarheid, " * 5).strip(", ")
    path = project.root / "changes/CP-0002.md"
    path.write_text(path.read_text().replace("title: Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts",
                                             f"title: {long_title}"))
    events = read_ics(calendar_ics(load_project(project.root), dt.date(2026, 3, 10)))
    assert events[1]["DESCRIPTION"] == f"{long_title}: reageren kan tot en met 1 maart 2026."
