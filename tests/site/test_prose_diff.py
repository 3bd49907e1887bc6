"""Changed prose on 'wat is er gewijzigd': rendered, compared per sentence, marks that do not rely on colour."""

from __future__ import annotations

import re

import markdown

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_site
from stelsel.i18n import messages
from stelsel.site.prose_diff import list_pairs, marked_markdown, marks_to_html, named_wikilinks, relative_links_as_text

from .helpers import make_project

OLD = "# Proces ketenregie\n\nDe zorgaanbieder meldt het bij [[TA-031]]. Een incident wordt binnen acht uur gemeld.\n\n- punt een\n- punt twee\n"
NEW = ("# Proces ketenregie en meer\n\nDe zorgaanbieder meldt het bij [[TA-032]]. Een incident wordt binnen vier uur "
       "gemeld.\n\n- punt een\n- punt drie\n")


MARKS = messages("nl").mapping("site.changes.mark")  # what a screen reader says for each mark


def _html(old: str, new: str) -> str:
    return str(marks_to_html(markdown.markdown(marked_markdown(old, new)), MARKS))


def test_marks_stay_inside_markdown_structure():
    """A heading becomes a bold line, a list stays a list, a reference is marked whole (never split)."""
    html = _html(OLD, NEW)
    assert "<h1" not in html and "<strong>Proces ketenregie<ins" in html
    assert re.search(r"<li>punt <del [^>]*>.*twee.*</del> <ins [^>]*>.*drie.*</ins></li>", html)
    assert "[[TA-031]]" in html and "[[TA-032]]" in html  # here unresolved: plain Markdown, no site
    assert not re.search(r"[\ue000-\ue003]", html)


def test_only_the_changed_word_is_marked_in_a_sentence_that_changed_a_little():
    """'acht' -> 'vier' is marked; the rest of the sentence is plain text."""
    html = _html(OLD, NEW)
    assert re.search(r"binnen <del[^>]*><span[^>]*>\[verwijderd: </span>acht<span[^>]*>\]</span></del>"
                     r" <ins[^>]*><span[^>]*>\[toegevoegd: </span>vier", html)
    assert "Een incident wordt binnen" in html and html.count("<del") == 3


def test_rewritten_sentence_is_deleted_and_inserted_whole():
    """A sentence rewritten completely is one deletion and one insertion, not word salad."""
    html = _html("Het knooppunt is altijd bereikbaar.", "Storingen gaan via de servicedesk van de leverancier.")
    assert html.count("<del") == 1 and html.count("<ins") == 1
    assert "Het knooppunt is altijd bereikbaar." in html


def test_marks_in_a_link_target_or_across_emphasis_give_well_formed_html():
    """A changed link target marks the link as a whole; a change ending inside bold text still nests properly."""
    html = _html("Zie [de norm](https://a.example/x) voor **alle regels**.",
                 "Zie [de norm](https://b.example/y) voor **alle nieuwe regels**.")
    assert 'href="https://b.example/y"' in html and "\ue000" not in html
    assert re.search(r'<del [^>]*>.*<a href="https://a.example/x">de norm</a>.*</del>', html)
    assert "<strong>alle <ins" in html


def test_list_entries_are_paired_for_comparison():
    """Unchanged entries pair with themselves, a changed one with its replacement, extra ones with ''."""
    assert list_pairs(["a", "b", "c"], ["a", "B", "c", "d"]) == [("a", "a"), ("b", "B"), ("c", "c"), ("", "d")]
    assert list_pairs(["a", "b"], ["b"]) == [("a", ""), ("b", "b")]


def test_references_get_their_names():
    """[[ID]] without a label is written [[ID|ID Name]]; a labelled one or an unknown ID is left alone."""
    names = {"TA-061": "Beveiligingsnormen"}.get
    assert named_wikilinks("zie [[TA-061]] en [[TA-061|deze]] en [[TA-999]]", names) == \
        "zie [[TA-061|TA-061 Beveiligingsnormen]] en [[TA-061|deze]] en [[TA-999]]"


def test_relative_links_become_their_text():
    """A relative link or image (written relative to its own file) shows as its text; a web link stays a link."""
    text = "Zie ![het netwerk](figuren/netwerk.svg), [de rollen](rollen/x.yaml) en [de norm](https://nen.nl/7510)."
    assert relative_links_as_text(text) == "Zie het netwerk, de rollen en [de norm](https://nen.nl/7510)."


def test_changes_page_compares_a_list_of_prose_per_entry(tmp_path):
    """A changed responsibility (a list of prose) is a list with marks in the changed entry and [[ID]] as a named link."""
    root = make_project(tmp_path / "project")
    role = root / "afsprakenstelsel" / "rollen" / "gtk-dienstverlener.yaml"
    text = role.read_text(encoding="utf-8")
    assert "responsibilities:" in text, "fixture drift"
    role.write_text(text.replace("responsibilities:\n", "responsibilities:\n  - Meldt storingen volgens [[TA-002]].\n", 1),
                    encoding="utf-8")
    history = [(v, load_project(root / "releases" / v)) for v in ("0.0", "0.1")]
    page = generate_site(load_project(root), SiteOptions(history=history)).pages["wijzigingen/concept.md"]
    block = page[page.index("{#gtk-dienstverlener "):]
    assert "[[" not in block and "<ul>" in block
    assert re.search(r"<li><ins [^>]*>.*Meldt storingen volgens <a [^>]*>TA-002 Storingsmelding</a>.*</ins></li>", block)


def test_changes_page_renders_changed_definition_with_named_links(tmp_path):
    """A changed term definition: its name as heading (not the slug), Markdown rendered, [[ID]] as 'ID Name' links."""
    root = make_project(tmp_path / "project")
    term = root / "afsprakenstelsel" / "begrippen" / "term-gtk.yaml"
    term.write_text(term.read_text(encoding="utf-8").replace(
        "definition: Een knooppunt dat aan de afspraken van het stelsel voldoet, zoals [[TA-002]].",
        "definition: Een **gekwalificeerd** knooppunt dat aan de afspraken van het stelsel voldoet, zoals [[TA-002]] "
        "en [[TA-003]]."), encoding="utf-8")
    history = [(v, load_project(root / "releases" / v)) for v in ("0.0", "0.1")]
    page = generate_site(load_project(root), SiteOptions(history=history)).pages["wijzigingen/concept.md"]
    assert re.search(r"^### GtK \{#term-gtk ", page, re.M) and "term-gtk ·" not in page
    assert "[[" not in page and "**" not in page
    assert "<strong>" in page and 'title="Versleuteling">TA-003 Versleuteling</a>' in page
    assert re.search(r"<ins [^>]*>.*TA-003 Versleuteling</a>.*</ins>", page)


def test_value_change_is_named_for_screen_readers():
    """A changed value (status gereed -> vervallen) carries 'verwijderd:'/'toegevoegd:' like changed prose."""
    from stelsel.site.markup import H

    html = str(H.field_change("Status", old="gereed", new="vervallen", marks=MARKS))
    assert re.search(r"<del [^>]*><span [^>]*>\[verwijderd: </span>gereed<span [^>]*>\]</span></del> → "
                     r"<ins [^>]*><span [^>]*>\[toegevoegd: </span>vervallen", html)
