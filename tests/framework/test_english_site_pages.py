"""An English framework's proposal, release, change, consultation and item pages say no Dutch word (issue 18, point 3).

The English framework of conftest (init, founding release 0.1, three catalogue versions as 1.0 to 1.2) gets a
reaction channel, a validity policy with effective dates and a proposal in consultation with three answered
reactions (one late), all in English; the pages the generator makes from it are searched for the Dutch UI
words of the engine grep (tests/test_no_twiin_in_engine.py). The pages written across versions (the successor
notice, an item's links to the other versions, the redirects, the 404 page) are in test_english_outputs.py
and below.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from stelsel.i18n import messages
from stelsel.load.project import load_project
from stelsel.site.crossversion import SUCCESSOR_MARK, fill_versions, mark_successors
from stelsel.site.findings import Findings
from stelsel.site.markup import render
from stelsel.site.pages import SiteOptions, generate_site
from stelsel.site.plugin import frozen_releases

from .test_english_outputs import dutch_words

TODAY = dt.date(2026, 12, 1)  # in CP-EN-1's consultation (2026-11-01 to 2027-01-15)
CHANNEL = ("reaction_channel:\n  email: feedback@example.org\n"
           "  issue_url: https://forge.example/etf/issues/new?title={proposal}%20{item}%20{title}\n"
           "validity:\n  policy: n-1\n")
PROPOSAL = """---
id: CP-EN-1
title: Faster incident reports
type: normative
authors: [ann]
working_group: editors
target_release: "1.3"
status: in_review
changes:
  - item: ETF-01
    action: change
    note: Report within four hours instead of eight.
motivation: Participants should know sooner that something is wrong.
impact:
  - role: participant
    impact: Must adapt its reporting procedure.
reviews:
  - by: ben
    verdict: approve
    date: 2026-10-20
    comment: Feasible for suppliers.
consultation:
  start: 2026-11-01
  end: 2026-11-20
  reactions:
    - id: R1
      by: West Hospital
      organisation: West Hospital
      date: 2026-11-05
      item: ETF-01
      summary: Please also report when the service is restored.
      response: The explanation now mentions the report on recovery.
      disposition: adopted
      motivation: A report on recovery belongs to good incident handling.
      responded_by: ann
      responded_at: 2026-11-25
    - id: R2
      by: Kim Baker
      organisation: Supplier K
      date: 2026-11-10
      summary: Four hours is tight; six is feasible.
      disposition: partly-adopted
      motivation: Four hours stays the norm; the transition period becomes six months.
      responded_by: ann
      responded_at: 2026-11-25
    - id: R3
      by: Laura Late
      organisation: Care Group L
      date: 2026-11-22
      late: true
      summary: Also a text message for every incident.
      disposition: not-adopted
      motivation: A text message for every incident does not fit the agreed channels.
      responded_by: ann
      responded_at: 2026-11-26
---
Why four hours: the incident figures of the last year.
"""
# Markdown link targets and attribute lists are addresses (page paths, anchors), not words a reader reads.
ADDRESSES = re.compile(r"\]\([^)]*\)|\{[#.][^}]*\}|^stelsel_source: .*$", re.M)


def words_read(page: str) -> list[str]:
    """The Dutch UI words a reader would read on a generated page (its addresses left out)."""
    return dutch_words(ADDRESSES.sub(" ", page))


@pytest.fixture(scope="module")
def english_project(built, tmp_path_factory) -> Path:
    """A copy of the English framework with a reaction channel, effective dates and CP-EN-1 in consultation."""
    root = tmp_path_factory.mktemp("english-site") / "etf"
    shutil.copytree(built, root, symlinks=True)
    config = root / "framework" / "stelsel.yaml"
    config.write_text(config.read_text(encoding="utf-8") + CHANNEL, encoding="utf-8")
    for version, day in (("1.0", "2026-06-01"), ("1.1", "2027-03-01")):
        register = root / "framework" / "releases" / f"{version}.yaml"
        register.write_text(register.read_text(encoding="utf-8") + f"ingangsdatum: {day}\n", encoding="utf-8")
    (root / "changes" / "CP-EN-1.md").write_text(PROPOSAL, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(english_project) -> dict[str, dict[str, str]]:
    """The pages of the working version and of frozen release 1.1, as the plugin would ask for them."""
    project = load_project(english_project)
    history = [(label, load_project(english_project / "releases" / label)) for label in frozen_releases(english_project)]
    current = {r.id: r.model for r in project.items("release")}
    options = dict(current_releases=current, today=TODAY, consultation_states=("in_review",), pdf_note="no PDF here")
    working = generate_site(project, SiteOptions(history=history, edit_base="https://forge.example/etf/edit/main/",
                                                 **options))
    assert not working.problems, working.problems
    index = [label for label, _ in history].index("1.1")
    frozen = generate_site(history[index][1], SiteOptions(version="1.1", frozen=True, history=history[:index], **options))
    return {"concept": working.pages, "1.1": frozen.pages}


def _dutch(pages: dict[str, str]) -> dict[str, list[str]]:
    return {path: found for path, text in pages.items() if (found := words_read(text))}


def test_every_generated_page_of_an_english_framework_says_no_dutch_word(sites):
    """No page of the working version or of a frozen release holds a Dutch UI word outside its addresses."""
    assert _dutch(sites["concept"]) == {}
    assert _dutch(sites["1.1"]) == {}


def test_the_register_and_a_proposal_page_are_english(sites):
    """The register's table and lead, and a proposal's facts, reviews, consultation and reactions, are English."""
    pages = sites["concept"]
    register = pages["proposals/index.md"]
    assert "Every change to the framework goes through a change proposal" in register
    assert "<th>Target release</th>" in register and "<th>Consultation until</th>" in register
    proposal = pages["proposals/1.3.md"]
    for text in ("# Change proposals for release 1.3", "<strong>Target release:</strong>", "Impact per role",
                 "<th>Verdict</th>", "from 1 November 2026 up to and including 20 November 2026 (3 reactions)",
                 "<strong>Partly adopted</strong>", "22 November 2026 (late)",
                 "All reactions and how they were handled: the", "consultation report", '??? abstract "Explanation"'):
        assert text in proposal, text


def test_the_release_pages_and_the_calendar_are_english(sites):
    """The release overview, a release's facts and changes, and the release calendar speak English, dates too."""
    pages = sites["concept"]
    overview = pages["releases/index.md"]
    assert "<th>Phase</th>" in overview and "From when each release applies and until when: the" in overview
    release = pages["releases/1.1.md"]
    for text in ("<strong>Validity:</strong>", "valid from 1 March 2027", "<strong>Previous release:</strong>",
                 "## Changes in this release", "Accepted change proposals:", "## Decision", "Adopted by"):
        assert text in release, text
    calendar = pages["releases/calendar.md"]
    for text in ("# Release calendar", "The validity policy: the current and the previous release are valid",
                 "<th>Valid from</th>", "Valid on 1 December 2026", "until further notice", "Put these dates in your own"):
        assert text in calendar, text


def test_the_change_pages_are_english(sites):
    """'What has changed' in a release: its heading, the comparison, the groups and the proposal behind each change."""
    changes = sites["concept"]["changes/1.1.md"]
    for text in ("# What has changed in release 1.1", "Compared with", "## Changed", "Change proposal:",
                 "What changes for me? Per role, between any two versions:"):
        assert text in changes, text
    first = sites["concept"]["changes/0.1.md"]
    assert "is the first release: everything is new" in first and "<th>Kind</th>" in first


def test_the_consultation_pages_are_english(sites):
    """The report on a consultation, the item's consultation notice and the home page's table are English."""
    pages = sites["concept"]
    report = pages["proposals/reports/CP-EN-1.md"]
    for text in ("# Consultation report CP-EN-1", "This report shows how the reactions to proposal",
                 "3 reactions, 1 of them late. Handling: 1 adopted, 1 partly adopted, 1 not adopted.",
                 "## Reactions and how they were handled", "### Reaction R1: West Hospital",
                 "(late: the consultation ran until 20 November 2026)", "(on time)", "<strong>Answered by:</strong>",
                 "the whole proposal", "Nothing: the reaction did not lead to a change of the proposal."):
        assert text in report, text
    item = pages["agreements/ETF-01.md"]
    assert "is open for consultation" in item and "React by e-mail" in item and "React with an issue" in item
    assert "The consultation ran until 20 November 2026; a reaction that arrives now is kept" in item
    home = pages["index.md"]
    assert "| Proposal | Subject | Target release | React until | React |" in home
    assert 'aria-label="React by e-mail on CP-EN-1"' in home
    assert "Follow the consultations with the [Atom feed]" in home and "see the [release calendar]" in home


def test_an_item_page_tells_its_history_in_english(sites):
    """An item's own page: what it is, its history across the releases, and where its other versions are."""
    item = sites["concept"]["agreements/ETF-01.md"]
    for text in (": its own page in this version. You also find ETF-01 on the page", "## History",
                 "## In other versions", "Since 1.0, added via", "added in <a href=\"../../changes/1.0/#ETF-01\">release 1.0</a> via",
                 "Open the version selector at the top", "<strong>Change proposals:</strong>"):
        assert text in item, text


def test_a_frozen_release_points_to_the_working_version_for_consultations(sites):
    """A frozen release's home page sends readers to the working version's consultations, feed and calendar."""
    home = sites["1.1"]["index.md"]
    assert "The consultations now running are in the" in home and "working version (draft)" in home
    assert "Atom feed" in home and "calendar (ICS)" in home


def test_the_pages_written_across_versions_are_english(tmp_path):
    """The successor notice, an item's links to the other versions, a redirect and the findings banner in English."""
    ui = messages("en")
    (tmp_path / "1.0" / "rollen").mkdir(parents=True)
    (tmp_path / "1.1" / "rollen").mkdir(parents=True)
    (tmp_path / "1.0" / "rollen" / "index.html").write_text(f"<html>{SUCCESSOR_MARK}</html>", encoding="utf-8")
    (tmp_path / "1.1" / "rollen" / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "1.0" / "gone.html").write_text(f"<html>{SUCCESSOR_MARK}</html>", encoding="utf-8")
    assert mark_successors(tmp_path, ["1.0"], "1.1", ui.date(dt.date(2026, 12, 1)), ui) == 2
    same = (tmp_path / "1.0" / "rollen" / "index.html").read_text(encoding="utf-8")
    assert "Replaced" in same and "Release 1.0 has been replaced by 1.1 on 1 December 2026." in same
    assert "See this page in release 1.1" in same
    gone = (tmp_path / "1.0" / "gone.html").read_text(encoding="utf-8")
    assert "This page no longer exists in release 1.1:" in gone and "go to release 1.1" in gone
    marker = '<div class="stelsel-versions" data-stelsel-item="afspraken/ETF-01">x</div>'
    versions = [("concept", "working version (draft)"), ("1.1", "release 1.1"), ("1.0", "release 1.0")]
    listed = fill_versions(marker, tmp_path, "1.1", 2, versions, ui)
    assert "(this version)" in listed and "working version (draft): not in it" in listed
    redirect = render("redirect.html", target="latest/", ui=ui)
    assert '<html lang="en">' in redirect and "Go to the newest version" in redirect
    from stelsel.diagnostics import Diagnostic

    banner = Findings([Diagnostic(path="framework/x.yaml", line=1, col=1, code="S001", message="bad")],
                      {}, ui).banner("index.md", home=True)
    assert "This version of the framework has errors" in banner and "check again with <code>stelsel check</code>" in banner
    for text in (same, gone, listed, redirect, banner):
        assert dutch_words(text) == [], text
