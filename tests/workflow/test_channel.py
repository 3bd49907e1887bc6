"""The "Reageer" links from the framework's reaction channel, and the verwerkingsverslag's rows."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from stelsel.load.project import load_project
from stelsel.workflow.channel import is_open_consultation, processing_report, reaction_links
from stelsel.workflow.engine import Flow

from .test_feeds import project  # noqa: F401  (fixture)

CHANNEL = ("reaction_channel:\n  email: reacties@stelsel.example\n"
           "  issue_url: https://forge.example/stelsel/issues/new?title=Reactie%20op%20{proposal}&body={title}%20({item})\n")


@pytest.fixture
def channelled(project):  # noqa: F811
    config = project.root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + CHANNEL)
    return load_project(project.root)


def test_mail_and_issue_links_carry_proposal_item_and_title(channelled):
    """mailto: and the issue URL read back (URL-decoded) with the proposal, item and hostile title intact."""
    model = channelled.by_kind["proposal"]["CP-0002"].model
    mail, issue = reaction_links(channelled.config, model, "MA-001")
    parts = urlsplit(mail.url)
    assert (mail.kind, parts.scheme, parts.path) == ("mail", "mailto", "reacties@stelsel.example")
    query = parse_qs(parts.query)
    assert query["subject"] == ["Reactie op CP-0002 (MA-001): Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts"]
    assert "Onderdeel: MA-001\n" in query["body"][0] and "Reageren kan tot en met 1 maart 2026." in query["body"][0]
    query = parse_qs(urlsplit(issue.url).query)
    assert query == {"title": ["Reactie op CP-0002"], "body": ["Servicedesk & bereikbaarheid; 24/7, <ook> 's nachts (MA-001)"]}


def test_no_channel_no_links(project):  # noqa: F811
    """Without reaction_channel in stelsel.yaml there is nothing to link to."""
    assert reaction_links(project.config, project.by_kind["proposal"]["CP-0002"].model) == []


def test_reactions_are_welcome_only_during_the_consultation(project):  # noqa: F811
    """Open from 3 February through 1 March: not the day before, not the day after."""
    flow, model = Flow(project.governance), project.by_kind["proposal"]["CP-0002"].model
    assert [is_open_consultation(model, flow, dt.date(2026, 2, d)) for d in (2, 3)] == [False, True]
    assert [is_open_consultation(model, flow, dt.date(2026, 3, d)) for d in (1, 2)] == [True, False]


def test_the_processing_report_lists_each_reaction_and_its_answer(project):  # noqa: F811
    """One reaction without an answer yet: its row says so (no disposition); an answered one carries its Dutch title."""
    (row,) = processing_report(project.by_kind["proposal"]["CP-0002"].model)
    assert (row.key, row.by, row.text, row.disposition) == ("1", "Org X", "Eens.", None)
    path = project.root / "changes/CP-0002.md"
    path.write_text(path.read_text().replace("      summary: Eens.\n", "      summary: Eens.\n      disposition: deels-overgenomen\n"
                                             "      motivation: Deels.\n      responded_by: alice\n"
                                             "      responded_at: 2026-03-02\n"))
    (row,) = processing_report(load_project(project.root).by_kind["proposal"]["CP-0002"].model)
    assert (row.disposition, row.motivation, row.responded_by) == ("Deels overgenomen", "Deels.", "alice")


@pytest.mark.parametrize("template, messages", [
    ("https://forge.example/new?title={proposal}%20{titel}", ["has the placeholder {titel}, which the site cannot fill in"]),
    ("https://forge.example/new?title={title}", ["has no {proposal}: a new issue would not say which proposal"]),
    ("https://forge.example/new?title={proposal}%20{item}%20{title}", []),
])
def test_an_issue_template_the_site_cannot_fill_is_w032(project, template, messages):  # noqa: F811
    """An unknown placeholder or no {proposal} in reaction_channel.issue_url: W032 at its line in stelsel.yaml."""
    from stelsel.check import run_rules

    config = project.root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + f"reaction_channel:\n  issue_url: {template}\n")
    found = [d for d in run_rules(load_project(project.root))[0] if d.code == "W032"]
    line = config.read_text().splitlines().index(f"  issue_url: {template}") + 1
    assert [(d.path, d.line) for d in found] == [("afsprakenstelsel/stelsel.yaml", line)] * len(messages)
    assert [m in d.message for d, m in zip(found, messages)] == [True] * len(messages)
