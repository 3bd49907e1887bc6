"""Item pages written from one shell per folder (site/shell.py) are the pages mkdocs would have rendered."""

from __future__ import annotations

import html.parser
import re

import pytest
import yaml

from stelsel.site.build import build_site
from stelsel.site.config import default_config
from stelsel.site.links import KIND_FOLDERS
from stelsel.site.shell import compile_shell, fill, mark

from .conftest import copy_project

VIEWS = {"lagen", "rollen", "zorgtoepassingen"}  # folders below afspraken/ that are not item pages


class _Tokens(html.parser.HTMLParser):
    """An HTML page as tokens: tags with sorted attributes, text with its whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if data.split():
            self.out.append(" ".join(data.split()))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def _tokens(path) -> list[str]:
    parser = _Tokens()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.out


def _item_pages(site):
    for folder in sorted(set(KIND_FOLDERS.values())):
        for page in sorted((site / folder).glob("*/index.html")):
            if page.parent.name not in VIEWS:
                yield page


@pytest.fixture(scope="module")
def unshelled(built_site, tmp_path_factory):
    """The same project built with every item page rendered by mkdocs (the plugin's item_shell: false)."""
    root = copy_project(built_site, tmp_path_factory.mktemp("unshelled") / "project")
    config = default_config(root.resolve())
    config["plugins"] = [{"search": {"lang": "nl"}}, {"stelsel": {"root": str(root.resolve()), "item_shell": False}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_site(root, cache_dir=root / ".stelsel-cache" / "site", working_pdf=True)
    return root / "site"


@pytest.mark.slow
def test_item_pages_from_the_shell_equal_the_pages_mkdocs_renders(built_site, unshelled):
    """Every item page of every version, written from its folder's shell, has the tags, attributes and text
    of the page mkdocs renders itself; the sitemaps list the same URLs."""
    compared = 0
    for version in ("concept", "0.1", "0.0"):
        for page in _item_pages(built_site.site / version):
            other = unshelled / page.relative_to(built_site.site)
            assert other.is_file(), other
            assert _tokens(page) == _tokens(other), page.relative_to(built_site.site)
            compared += 1
        shelled = re.findall(r"<loc>([^<]+)</loc>", (built_site.site / version / "sitemap.xml").read_text())
        rendered = re.findall(r"<loc>([^<]+)</loc>", (unshelled / version / "sitemap.xml").read_text())
        assert sorted(shelled) == sorted(rendered) and len(shelled) == len(set(shelled))
    assert compared > 30


@pytest.mark.slow
def test_item_page_shows_its_title_once(built_site):
    """TA-002's page has one heading with its title (the h1, with the item's ID as its anchor), not a second one."""
    text = (built_site.site / "concept" / "afspraken" / "TA-002" / "index.html").read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    assert len(re.findall(r"<h[1-6][^>]*>TA-002 · Storingsmelding", article)) == 1
    assert re.search(r'<h1 class="stelsel-item" id="TA-002">TA-002 · Storingsmelding<a class="headerlink"', article)
    assert '<a href="#TA-002" class="md-skip">' in text  # the skip link goes to it


def test_shell_fills_in_each_value_escaped():
    """A title with quotes, an ampersand and a tag is escaped in <title>, in the text and in an attribute;
    the content goes in as HTML; the rest of the theme's HTML stays as it was, braces included."""
    theme = (f"<title>{mark('title')} - Site</title><p>{{{{ not jinja }}}}</p><span>{mark('title')}</span>"
             f'<meta content="{mark("description")}"><a href="#{mark("anchor")}"></a>'
             f"<main>{mark('content')}<!--<h1>--></main>")
    shell = compile_shell(theme)

    class Doc:
        title = "Beveiliging (zie 'NEN') & <meer>"
        description = 'afspraak "TA-9"'
        anchor = "TA-9"

    out = fill(shell, Doc(), "<h1>kop</h1>", edit_url=None, canonical_url=None)
    assert out == ("<title>Beveiliging (zie &#39;NEN&#39;) &amp; &lt;meer&gt; - Site</title><p>{{ not jinja }}</p>"
                   "<span>Beveiliging (zie &#39;NEN&#39;) &amp; &lt;meer&gt;</span>"
                   '<meta content="afspraak &#34;TA-9&#34;"><a href="#TA-9"></a><main><h1>kop</h1></main>')
