"""The last pages' Markdown converted in a forked child (convert_beside.py) gives each page what mkdocs'
own conversion gives it, and falls back to mkdocs' conversion whenever the child's does not apply."""

from __future__ import annotations

import logging

import pytest

from stelsel import forked
from stelsel.site.convert_beside import ConvertedBeside

needs_fork = pytest.mark.skipif(not forked.available(), reason="no second core or no os.fork here")


def _project(tmp_path, pages: int = 12):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for number in range(1, pages + 1):
        target = number % pages + 1
        broken = "\n\nZie [nergens](bestaat-niet.md).\n" if number == pages else ""
        (docs / f"p{number:02d}.md").write_text(
            f"# Pagina {number}\n\nTekst {number} met een [link](p{target:02d}.md#sectie-{target}).{broken}\n\n"
            f"## Sectie {number}\n\nMeer tekst.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
                                         encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = get_files(config)
    get_navigation(files, config)
    return config, files


def _seen(page) -> tuple:
    toc = [(link.id, link.title, link.level, [(c.id, c.title) for c in link.children]) for link in page.toc]
    links = {target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()}
    return page.content, toc, page.title, sorted(page.present_anchor_ids), links


def _render_all(config, files, converted=None, change=None) -> dict:
    out = {}
    for file in files.documentation_pages():
        page = file.page
        page.read_source(config)
        if change and file.src_uri in change:
            page.markdown = change[file.src_uri]
        if converted is not None and converted.takes(page):
            converted.render(page, config, files)
        else:
            page.render(config, files)
        out[file.src_uri] = _seen(page)
    return out


@needs_fork
def test_pages_converted_beside_are_the_pages_mkdocs_converts(tmp_path):
    """Content, table of contents, title, anchors and links to anchors are mkdocs' own, for the child's pages too."""
    config, files = _project(tmp_path / "a")
    alone = _render_all(config, files)
    config, files = _project(tmp_path / "b")
    converted = ConvertedBeside.start(config, files)
    assert converted is not None
    taken = [f.src_uri for f in files.documentation_pages() if converted.takes(f.page)]
    assert taken and taken == [f.src_uri for f in files.documentation_pages()][-len(taken):]  # the last pages
    assert len(taken) < len(alone)
    assert _render_all(config, files, converted) == alone


@needs_fork
def test_markdown_changed_after_the_child_converted_it_is_converted_here(tmp_path):
    """A page whose Markdown differs from what the child converted (a plugin's on_page_markdown) gets mkdocs'
    conversion of the Markdown it has now."""
    config, files = _project(tmp_path)
    converted = ConvertedBeside.start(config, files)
    last = [f.src_uri for f in files.documentation_pages()][-1]
    changed = {last: "# Anders\n\nNieuwe tekst.\n"}
    result = _render_all(config, files, converted, change=changed)
    assert "Nieuwe tekst." in result[last][0] and result[last][2] == "Anders"


@needs_fork
def test_what_the_childs_conversion_logged_is_logged_once_at_its_page(tmp_path, caplog):
    """mkdocs' warning about a page the child converted comes when the build reaches that page, once."""
    config, files = _project(tmp_path)
    converted = ConvertedBeside.start(config, files)
    last = [f.src_uri for f in files.documentation_pages()][-1]
    assert converted.takes(files.get_file_from_path(last).page)
    order = []
    with caplog.at_level(logging.INFO):
        for file in files.documentation_pages():
            before = len(caplog.records)
            page = file.page
            page.read_source(config)
            (converted.render if converted.takes(page) else lambda p, c, f: p.render(c, f))(page, config, files)
            order += [(file.src_uri, r.getMessage()) for r in caplog.records[before:]]
    warned = [(uri, message) for uri, message in order if "bestaat-niet.md" in message]
    assert warned and len(warned) == 1 and warned[0][0] == last


def test_no_child_for_a_handful_of_pages(tmp_path):
    """A few pages are converted by mkdocs alone: a child would cost more than it saves."""
    config, files = _project(tmp_path, pages=3)
    assert ConvertedBeside.start(config, files) is None
