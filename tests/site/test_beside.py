"""Work done beside the build (forked.py: the check's rules, the downloads, the search index) leaves
every file of the site as a build in one process writes it."""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from types import SimpleNamespace

import pytest

from stelsel import forked
from stelsel.site.build import build_site

from .conftest import copy_project

needs_fork = pytest.mark.skipif(not forked.available(), reason="no second core or no os.fork here")


def _pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _xlsx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # docProps/core.xml says when it was made
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _comparable(path) -> object:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return _pdf_text(data)
    if path.suffix == ".xlsx":
        return _xlsx_parts(data)
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    return data


@pytest.fixture(scope="module")
def in_one_process(built_site, tmp_path_factory):
    """The site-test project built again with STELSEL_FORK=0: everything in the build's own process."""
    root = copy_project(built_site, tmp_path_factory.mktemp("one-process") / "project")
    before = os.environ.get(forked.SWITCH)
    os.environ[forked.SWITCH] = "0"
    try:
        build_site(root, cache_dir=root / ".stelsel-cache" / "site", working_pdf=True)
    finally:
        if before is None:
            del os.environ[forked.SWITCH]
        else:
            os.environ[forked.SWITCH] = before
    return root / "site"


@needs_fork
@pytest.mark.slow
def test_every_file_is_the_same_built_with_and_without_work_beside(built_site, in_one_process):
    """Every page, the search index, the downloads (PDF text, XLSX parts but their creation time) and
    the sitemaps of every version are the same whether the work beside the build ran in a child or not."""
    beside = {p.relative_to(built_site.site).as_posix(): p for p in built_site.site.rglob("*") if p.is_file()}
    alone = {p.relative_to(in_one_process).as_posix(): p for p in in_one_process.rglob("*") if p.is_file()}
    assert sorted(beside) == sorted(alone)
    assert any(name.endswith("search/search_index.json") for name in beside)
    different = [name for name in sorted(beside) if _comparable(beside[name]) != _comparable(alone[name])]
    assert different == []


@needs_fork
def test_pages_made_beside_are_the_pages_made_in_one_process(tmp_path):
    """The generator with some families in forked children (SiteOptions.beside) makes the same pages in the
    same order, the same problems, links, item pages and navigation as without."""
    from stelsel.load.project import load_project
    from stelsel.site.pages import SiteOptions, generate_site

    from .helpers import make_project

    root = make_project(tmp_path / "project")
    agreement = root / "afsprakenstelsel" / "afspraken" / "TA-001.yaml"
    agreement.write_text(agreement.read_text().replace("telefonisch bereikbaar is.",
                                                       "telefonisch bereikbaar is (zie [[TA-404]])."))
    project = load_project(root)
    history = [(label, load_project(root / "releases" / label)) for label in ("0.0", "0.1")]
    alone = generate_site(project, SiteOptions(history=history))
    beside = generate_site(project, SiteOptions(history=history, beside=True))
    assert list(beside.pages.items()) == list(alone.pages.items()) and len(alone.pages) > 40
    assert [str(p) for p in beside.problems] == [str(p) for p in alone.problems] and alone.problems
    assert beside.html_links == alone.html_links and beside.not_in_nav == alone.not_in_nav
    assert beside.nav == alone.nav and beside.files == alone.files and beside.targets == alone.targets
    assert list(beside.item_docs) == list(alone.item_docs)
    assert [d.sections for d in beside.item_docs.values()] == [d.sections for d in alone.item_docs.values()]


@needs_fork
def test_the_search_index_made_beside_equals_materials_own():
    """material's SearchIndex fed in a child through the stand-in has the entries it has when fed here."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from stelsel.site.search_beside import IndexBeside

    settings = {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
    pages = []
    for number in range(40):
        content = (f'<h1 id="p{number}">Pagina {number}</h1><p>NEN 7510 en TA-0{number:02d}</p>'
                   f'<h2 id="s{number}">Sectie</h2><p>{"tekst " * 2000}</p>')
        toc = get_toc([{"level": 1, "id": f"p{number}", "name": f"Pagina {number}", "children": [
            {"level": 2, "id": f"s{number}", "name": "Sectie", "children": []}]}])
        meta = {"title": f"Pagina {number}", "search": {"boost": 2}} if number % 3 == 0 else {}
        pages.append(SimpleNamespace(url=f"p{number}/", title=f"Pagina {number}", meta=meta, content=content, toc=toc))
    here = SearchIndex(**settings)
    for page in pages:
        here.add_entry_from_context(page)
    stand_in = IndexBeside(SearchIndex(**settings))
    stand_in.plugin = SimpleNamespace(search_index=stand_in)
    for page in pages:
        stand_in.add_entry_from_context(page)
    assert stand_in.generate_search_index(None) == here.generate_search_index(None)
    assert len(stand_in.entries) == len(here.entries) > 40
    assert isinstance(stand_in.plugin.search_index, SearchIndex)  # the plugin has its own index back


@needs_fork
def test_pages_offered_before_material_asks_are_indexed_as_material_sees_them():
    """Offered pages (plugin.on_page_content) count once, in material's order; one changed after it was
    offered is indexed as it is when material asks; one offered but never asked for is left out."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from stelsel.site.search_beside import IndexBeside

    settings = {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}

    def page(number: int, word: str = "tekst"):
        toc = get_toc([{"level": 1, "id": f"p{number}", "name": f"Pagina {number}", "children": []}])
        return SimpleNamespace(url=f"p{number}/", title=f"Pagina {number}", meta={},
                               content=f'<h1 id="p{number}">Pagina {number}</h1><p>{word} {number}</p>', toc=toc)

    pages = [page(n) for n in range(12)]
    stand_in = IndexBeside(SearchIndex(**settings))
    stand_in.plugin = SimpleNamespace(search_index=stand_in)
    for p in pages:
        stand_in.offer(p, p.content)
    stand_in.offer(page(99), page(99).content)  # never asked for
    pages[3].content = pages[3].content.replace("tekst", "gewijzigd")  # changed after it was offered
    here = SearchIndex(**settings)
    for p in reversed(pages):  # material asks in its own order
        stand_in.add_entry_from_context(p)
        here.add_entry_from_context(p)
    assert stand_in.generate_search_index(None) == here.generate_search_index(None)
    texts = [entry["text"] for entry in stand_in.index.entries]
    assert "<p>gewijzigd 3</p>" in texts and "<p>tekst 3</p>" not in texts and "<p>tekst 99</p>" not in texts
    assert len(texts) == 12


@needs_fork
def test_pages_excluded_from_search_are_not_sent_to_the_child():
    """A page with ``search: exclude`` (material adds nothing of it) does not go down the pipe; the
    index is material's own all the same."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from stelsel.site.search_beside import IndexBeside

    settings = {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
    pages = []
    for number in range(10):
        toc = get_toc([{"level": 1, "id": f"p{number}", "name": f"Pagina {number}", "children": []}])
        meta = {"search": {"exclude": True}} if number % 2 else {}
        pages.append(SimpleNamespace(url=f"p{number}/", title=f"Pagina {number}", meta=meta, toc=toc,
                                     content=f'<h1 id="p{number}">Pagina {number}</h1><p>tekst {number}</p>'))
    stand_in = IndexBeside(SearchIndex(**settings))
    stand_in.plugin = SimpleNamespace(search_index=stand_in)
    sent = []
    put = stand_in._put
    stand_in._put = lambda seen: (sent.append(seen[0]), put(seen))[1]
    for page in pages[:4]:
        stand_in.offer(page, page.content)
    here = SearchIndex(**settings)
    for page in pages:
        stand_in.add_entry_from_context(page)
        here.add_entry_from_context(page)
    assert stand_in.generate_search_index(None) == here.generate_search_index(None)
    assert sent == ["p0/", "p2/", "p4/", "p6/", "p8/"]


def test_a_table_left_out_of_the_index_is_sent_empty_as_material_would_skip_it():
    """A table material leaves out (data-search-exclude) is sent empty: material's entries are the same
    for a plain table, tables side by side, first or last, unclosed, and a table holding a table, a
    heading or a script (those are sent whole); an ordinary table stays in the index."""
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from stelsel.site.search_beside import UNINDEXED, unindexed_emptied

    settings = {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
    rows = '\n<thead><tr><th>ID</th></tr></thead><tbody><tr><td><a href="../a/#TA-001">TA-001</a> Zorgaanbieder</td></tr>'
    table = f"{UNINDEXED}{rows}</tbody>\n</table>"
    inside = ["<table><tr><td>genest</td></tr></table>", '<h2 id="kop">Kop</h2>', "<script>x</script>", "<em>nadruk</em>"]
    contents = [f'<h1 id="p">Pagina</h1><p>tekst</p>{table}<p>meer</p>', f"{table}<p>eerst</p>",
                f'<h1 id="p">Pagina</h1>{table}{table}', f'<p>open</p>{UNINDEXED}<tr><td>zonder einde</td></tr>',
                '<h1 id="p">Pagina</h1><table><tr><td>gewone tabel</td></tr></table>']
    contents += [f'<h1 id="p">P</h1>{UNINDEXED}<tr><td>a {extra} b</td></tr></table><p>na</p>{table}' for extra in inside]

    def entries(content: str) -> list | str:
        """Material's entries of a page (or the error it raises)."""
        index = SearchIndex(**settings)
        toc = get_toc([{"level": 1, "id": "p", "name": "Pagina", "children": [
            {"level": 2, "id": "kop", "name": "Kop", "children": []}]}])
        try:
            index.add_entry_from_context(SimpleNamespace(url="p/", title="Pagina", meta={}, content=content, toc=toc))
        except ValueError as exc:
            return repr(exc)
        return index.entries

    for content in contents:
        assert entries(unindexed_emptied(content)) == entries(content), content
    assert "Zorgaanbieder" not in unindexed_emptied(contents[0]) and "Zorgaanbieder" not in str(entries(contents[0]))
    assert unindexed_emptied(contents[5]).count("genest") == 1  # sent whole, skipped by material
    assert "gewone tabel" in str(entries(contents[4])) and unindexed_emptied(contents[4]) is contents[4]


@needs_fork
def test_material_page_context_only_indexes_a_page_without_search_attributes():
    """With the stand-in, material's page_context event indexes every page; a page with a data-search-*
    attribute still loses it as material takes it out; one without keeps its very HTML (nothing to take out)."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.toc import get_toc

    from stelsel.site.search_beside import IndexBeside

    plugin = SearchPlugin()
    assert plugin.load_config({}) == ([], [])
    plugin.search_index = SearchIndex(lang=["nl"], separator=r"[\s\-]+", pipeline=[], fields={})
    plugins = PluginCollection()
    plugins["material/search"] = plugin
    config = SimpleNamespace(plugins=plugins)
    stand_in = IndexBeside.install(config)
    assert stand_in is not None and plugins.events["page_context"] != [plugin.on_page_context]
    pages = []
    for number, content in enumerate(['<h1 id="a">A</h1><p>tekst</p>', '<h1 id="b">B</h1><p data-search-boost="2">meer</p>']):
        toc = get_toc([{"level": 1, "id": "ab"[number], "name": "AB"[number], "children": []}])
        pages.append(SimpleNamespace(url=f"p{number}/", title="AB"[number], meta={}, content=content, toc=toc))
        before = pages[-1].content
        plugins.run_event("page_context", {}, page=pages[-1], config=config, nav=None)
        assert (pages[-1].content is before) == (number == 0)
    assert pages[1].content == '<h1 id="b">B</h1><p>meer</p>'
    assert [entry["location"] for entry in stand_in.entries] == ["p0/", "p1/"]  # one section each (their h1)


@needs_fork
def test_a_cancelled_index_gives_the_plugin_its_own_back():
    """A failed build ends the child and puts material's index back in the plugin."""
    from material.plugins.search.plugin import SearchIndex

    from stelsel.site.search_beside import IndexBeside

    index = SearchIndex(lang=["nl"], separator=" ", pipeline=[], fields={})
    stand_in = IndexBeside(index)
    stand_in.plugin = SimpleNamespace(search_index=stand_in)
    stand_in.cancel()
    assert stand_in.plugin.search_index is index
    assert not stand_in._writer.is_alive()
