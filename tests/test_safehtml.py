"""stelsel.safehtml: what of an author's raw HTML and links reaches a page, and what check says about it."""

from __future__ import annotations

import markdown
import pytest

from stelsel.safehtml import SafeHtml, Trusted, clean_fragment, raw_html_report, safe_url


def _html(text: str) -> str:
    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "fenced_code", SafeHtml()]).convert(text)


def test_block_and_inline_scripts_go_with_their_content():
    """A <script> block and an inline <script>…</script> leave neither the tag nor the code behind."""
    assert "alert" not in _html("<script>alert(1)</script>")
    out = _html("Voor <script>alert(1)</script> na <style>p{}</style> eind")
    assert "<script" not in out and "alert" not in out and "p{}" not in out
    assert "Voor" in out and "eind" in out


def test_allowed_tags_stay_and_handlers_go():
    """<b> stays; an <img> keeps its src but loses onerror; an <iframe> disappears."""
    out = _html('Zie <b>vet</b> en <img src="x.png" onerror="alert(1)"> <iframe src="https://x/"></iframe>')
    assert "<b>vet</b>" in out and '<img src="x.png">' in out
    assert "onerror" not in out and "iframe" not in out


@pytest.mark.parametrize("target", ["javascript:alert(1)", "&#106;avascript:alert(1)", "JaVaScRiPt:alert(1)",
                                    "java\tscript:alert(1)", "data:text/html,hi", "vbscript:x"])
def test_unsafe_markdown_link_keeps_its_text_not_its_target(target):
    """[klik](<unsafe>) renders the text 'klik' without a link: no href, no <a>."""
    out = _html(f"[klik]({target})")
    assert "klik" in out and "href" not in out and "<a" not in out


def test_raw_link_with_entity_encoded_scheme_loses_its_target():
    """<a href="&#106;avascript:…"> keeps its text, not its href."""
    out = _html('<a href="&#106;avascript:alert(1)">x</a> en <a href="https://example.org/">ok</a>')
    assert "javascript" not in out.lower() and "&#106;" not in out and 'href="https://example.org/"' in out


def test_attribute_lists_cannot_add_handlers_or_styles():
    """{onclick=… style=…} on a heading is dropped; a table's column alignment stays."""
    out = _html("# Kop {onclick=alert(1) style='color:red' .klasse}\n\n| a |\n|:--|\n| 1 |")
    assert "onclick" not in out and "color:red" not in out and 'class="klasse"' in out
    assert 'style="text-align: left;"' in out


def test_code_keeps_html_as_text():
    """HTML inside code spans and fenced code is shown as text, escaped, not removed."""
    out = _html("Code `<script>x</script>`\n\n```\n<script>y</script>\n```")
    assert "&lt;script&gt;x&lt;/script&gt;" in out and "&lt;script&gt;y&lt;/script&gt;" in out


def test_trusted_parts_are_left_alone():
    """HTML the generator stored as Trusted comes out byte for byte, even what an author could not write."""
    md = markdown.Markdown(extensions=[SafeHtml()])
    md.convert("x")  # a stash to work with
    part = '<div class="stelsel" onclick="x()">ok</div>'
    md.htmlStash.reset()
    placeholder = md.htmlStash.store(Trusted(part))
    assert md.postprocessors["stelsel_safe_stash"].run(placeholder) == placeholder
    assert md.htmlStash.rawHtmlBlocks[0] == part


def test_safe_url():
    """Relative, http(s), mailto and tel targets are safe; javascript:, data: and disguised forms are not."""
    for url in ("../x/", "#TA-001", "https://example.org", "mailto:a@b.nl", "tel:+31", "x.md"):
        assert safe_url(url), url
    for url in ("javascript:x", " javascript:x", "&#106;avascript:x", "&amp;#106;avascript:x", "data:,x",
                "java\nscript:x", "JAVASCRIPT:x"):
        assert not safe_url(url), url


def test_single_inline_tags():
    """A lone opening tag stays open, a lone closing tag closes, an unknown one vanishes."""
    assert clean_fragment("<b>") == "<b>" and clean_fragment("</b>") == "</b>"
    assert clean_fragment('<span class="x" onclick="y">') == '<span class="x">'
    assert clean_fragment("<marquee>") == "" and clean_fragment("</marquee>") == ""


def test_report_names_what_is_removed_and_kept():
    """raw_html_report lists the tags found and what the site removes (handlers, unsafe targets, scripts)."""
    report = raw_html_report('<b>x</b> <img src="a.png" onerror="y"> <script>z</script> [k](javascript:q)')
    assert report.tags == ["b", "img", "script"]
    removed = {(r.where, r.what) for r in report.removed}
    assert ("img[onerror]", "event handler 'onerror'") in removed
    assert ("script", "element and its content") in removed
    assert ("a[href]", "link target 'javascript:'") in removed
    assert not raw_html_report("Gewone **tekst** met [een link](https://example.org) en `<code>`.")
