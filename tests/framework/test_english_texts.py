"""What stelsel writes for people in an English framework is English: its CHANGELOG, a Markdown diff, the reaction
mail, a new proposal's placeholders, a too-deep page's stand-in; Twiin's stay Dutch."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

from stelsel.load.project import TOO_DEEP_BODY, load_project
from stelsel.model.framework import ReactionChannel
from stelsel.release.changelog import build_changelog
from stelsel.workflow.channel import reaction_links

from ..test_no_twiin_in_engine import WORDS
from .conftest import Stelsel

REPO = Path(__file__).resolve().parents[2]


def _dutch(text: str) -> list[str]:
    return sorted({m.group(1).lower() for m in WORDS.finditer(text)})


def test_the_changelog_of_an_english_framework_is_english(built):
    """CHANGELOG.md of the English framework: English head and sections, no Dutch word of the engine grep."""
    text, problems = build_changelog(built)
    assert problems == []
    assert "Computed by stelsel from the frozen releases" in text and "Compared with 1.0:" in text
    assert "Vergeleken" not in text and "Besluit" not in text and _dutch(text) == []
    assert text == (built / "CHANGELOG.md").read_text(encoding="utf-8")  # what the cuts wrote is the same


def test_a_markdown_diff_speaks_the_framework_s_language(built):
    """stelsel diff --format markdown: 'Changes 1.0 → 1.1' and English section heads; Twiin's stays 'Wijzigingen'."""
    english = Stelsel(built)("diff", "1.0", "1.1", "--format", "markdown").output
    assert english.startswith("# Changes 1.0 → 1.1") and "## Added" in english and "## Withdrawn" in english
    assert "Wijzigingen" not in english and "Toegevoegd" not in english and "Vervallen\n" not in english
    dutch = Stelsel(REPO)("diff", "0.8", "0.9", "--format", "markdown").output
    assert dutch.startswith("# Wijzigingen 0.8 → 0.9") and "## Toegevoegd" in dutch


def test_the_reaction_mail_is_in_the_framework_s_language():
    """The mail link of an English framework: subject 'Reaction to …', an English form; Dutch: 'Reactie op …'."""
    channel = ReactionChannel(email="react@example.org")
    proposal = SimpleNamespace(id="CP-1", title="Logging", consultation=SimpleNamespace(end=dt.date(2026, 3, 5)))
    (mail,) = reaction_links(SimpleNamespace(reaction_channel=channel, language="en"), proposal, "EX-001")
    assert mail.label == "React by e-mail"
    assert "Reaction%20to%20CP-1%20%28EX-001%29" in mail.url and "5%20March%202026" in mail.url
    assert "Naam" not in mail.url
    (mail,) = reaction_links(SimpleNamespace(reaction_channel=channel, language="nl"), proposal)
    assert mail.label == "Reageer per e-mail" and "Reactie%20op%20CP-1%3A%20Logging" in mail.url
    assert "het%20hele%20voorstel" in mail.url and "5%20maart%202026" in mail.url


def test_a_new_proposal_s_placeholders_are_english(built, tmp_path):
    """stelsel propose in the English framework: the motivation and body placeholders are English."""
    root = tmp_path / "etf"
    shutil.copytree(built, root, symlinks=True)
    stelsel = Stelsel(root)
    stelsel("release", "open", "1.3", "--as", "ann", "--title", "Release 1.3")
    stelsel("propose", "--title", "Better logging", "--item", "change:EX-001", "--author", "ann")
    (path,) = (root / "changes").glob("CP-*better-logging*.md")
    text = path.read_text(encoding="utf-8")
    assert "To be filled in: why this change is needed" in text and "Explanation of the proposal." in text
    assert "Nog in te vullen" not in text and "Toelichting" not in text


def test_a_page_nested_too_deeply_says_so_in_the_framework_s_language(built, tmp_path):
    """A page body nested too deeply (F016) is replaced by an English stand-in in the English framework."""
    root = tmp_path / "etf"
    shutil.copytree(built, root, symlinks=True)
    page = next((root / "framework" / "pages").glob("*.md"))
    front, _, _ = page.read_text(encoding="utf-8").partition("\n---\n")
    page.write_text(front + "\n---\n" + ">" * 80 + " x\n", encoding="utf-8")
    body = next(sf.body for sf in load_project(root).files if sf.path.endswith(page.name))
    assert body.startswith("The text of this page is nested too deeply") and body != TOO_DEEP_BODY
    assert TOO_DEEP_BODY.startswith("De tekst van deze pagina")


def test_a_cut_records_its_reason_and_the_pdf_numbers_its_pages_in_english(built):
    """release cut writes 'included in release 1.0' into the import record; the PDF says 'Page n of m' and 'Contents'."""
    from stelsel.i18n import messages
    from stelsel.qualify.pdf import stylesheet

    record = (built / "changes" / "IMPORT-1.0.md").read_text(encoding="utf-8")
    assert "reason: included in release 1.0" in record and "opgenomen" not in record
    english, dutch = stylesheet(messages("en")), stylesheet(messages("nl"))
    assert 'content: "Page " counter(page) " of " counter(pages);' in english and 'content: "Contents";' in english
    assert 'content: "Pagina " counter(page) " van " counter(pages);' in dutch and 'content: "Inhoud";' in dutch
