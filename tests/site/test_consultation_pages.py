"""The register page of an open consultation has a 'Reageer' action; every reaction shows its disposition (verwerkingsverslag)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import make_project

CHANNEL = ("reaction_channel:\n  email: reacties@stelsel.example\n"
           "  issue_url: https://forge.example/stelsel/issues/new?title={proposal}%20{title}\n")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    root = make_project(tmp_path_factory.mktemp("consult") / "project")
    config = root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + CHANNEL)
    wv1 = root / "changes/WV-001.md"
    wv1.write_text(wv1.read_text().replace(
        "      response: Meegenomen in de toelichting.\n",
        "      response: Meegenomen in de toelichting.\n      disposition: deels-overgenomen\n"
        "      motivation: Een melding bij herstel past; een sms niet.\n"))
    return generate_site(load_project(root), SiteOptions()).pages


def test_an_open_consultation_has_a_reageer_action_with_the_fields_filled_in(pages):
    """WV-002 (in consultation until 15 January 2027): mailto: and issue links with its ID and title, and the end date."""
    text = pages["voorstellen/0.2.md"]
    block = text[text.index("{#WV-002 "):]
    block = block[:block.index("{#WV-", 10)] if "{#WV-" in block[10:] else block
    links = [html.unescape(h) for h in re.findall(r'<a class="stelsel-reageer" href="([^"]+)"', block)]
    mail, issue = links
    query = parse_qs(urlsplit(mail).query)
    assert urlsplit(mail).path == "reacties@stelsel.example"
    assert query["subject"] == ["Reactie op WV-002: Servicedesk ook in het weekend"]
    assert parse_qs(urlsplit(issue).query) == {"title": ["WV-002 Servicedesk ook in het weekend"]}
    assert "Reageren kan tot en met 15 januari 2027." in block


def test_a_closed_consultation_has_no_reageer_action(pages):
    """WV-001 (decided) has no 'Reageer' link."""
    text = pages["voorstellen/0.2.md"]
    block = text[text.index("{#WV-001 "):text.index("{#WV-002 ")] if text.index("{#WV-001 ") < text.index("{#WV-002 ") \
        else text[text.index("{#WV-001 "):]
    assert "stelsel-reageer" not in block


def test_each_reaction_shows_its_disposition_and_motivation(pages):
    """The reactions table (the verwerkingsverslag) names the disposition, its motivation and what changed."""
    text = pages["voorstellen/0.2.md"]
    assert "<th>Verwerking</th>" in text
    assert ("<td><strong>Deels overgenomen</strong>: Een melding bij herstel past; een sms niet. "
            "Gewijzigd: Meegenomen in de toelichting.</td>") in text
