"""Safe output: hostile raw HTML in every place prose reaches the site is reported by check, sanitised
by the build, and neither runs nor appears as live markup in a real browser; spreadsheet cells that
look like formulas stay text."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import threading

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

from .helpers import make_project
from .inject import inject, live_markup


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The site-test project with raw HTML and unsafe links injected (see inject.py), its working version built."""
    from stelsel.site.build import build_site

    base = tmp_path_factory.mktemp("hostile")
    make_project(base / "clean")
    root = make_project(base / "project")
    inject(root)
    build_site(root, cache_dir=root / ".stelsel-cache" / "site", only_working=True)
    return root


@pytest.mark.slow
def test_check_reports_raw_html_in_each_place_and_no_error(hostile):
    """check finds the raw HTML as C003 warnings in each prose field and body, and says what the site removes;
    the only error it adds to the fixture's own is the edit of decided text (L004)."""
    result = CliRunner().invoke(cli, ["check", "--root", str(hostile), "--format", "json"])
    findings = json.loads(result.output)["diagnostics"]
    raw = [f for f in findings if f["code"] == "C003"]
    places = {f["path"] for f in raw}
    assert places == {"afsprakenstelsel/afspraken/TA-001.yaml", "afsprakenstelsel/begrippen/term-gtk.yaml",
                      "afsprakenstelsel/rollen/zorgaanbieder.yaml", "afsprakenstelsel/stelsel.yaml",
                      "afsprakenstelsel/paginas/inleiding.md", "changes/WV-001.md"}, places
    assert all(f["severity"] == "warning" for f in raw)
    statement = next(f for f in raw if f["path"].endswith("TA-001.yaml") and "statement" in f["message"])
    assert "script (element and its content)" in statement["message"]
    assert "img[onerror] (event handler 'onerror')" in statement["message"]
    assert "link target 'javascript:'" in statement["message"] and "keeps <b>" in statement["message"]
    clean = CliRunner().invoke(cli, ["check", "--root", str(hostile.parent / "clean"), "--format", "json"])
    errors = {f["code"] for f in findings if f["severity"] == "error"}
    before = {f["code"] for f in json.loads(clean.output)["diagnostics"] if f["severity"] == "error"}
    assert errors - before <= {"L004"}  # L004: the payload edits text decided in a release (no proposal)


@pytest.mark.slow
def test_build_succeeds_and_no_page_has_live_markup(hostile):
    """The hostile tree builds (strict), the quoted title too, and no built page holds a script, a frame, a
    handler or a javascript:/data: link; the author's harmless <b> and text stay."""
    site = hostile / "site" / "concept"
    pages = list(site.rglob("*.html"))
    assert pages
    assert len(live_markup('<p><img src="x" onerror="y"><a href=" javascript:z">k</a><script>window.__xss=1</script>'
                           '<iframe src="https://x/"></iframe></p>')) == 4  # the detector sees each kind
    for page in pages:
        assert not live_markup(page.read_text(encoding="utf-8")), page
    layer = (site / "afspraken" / "lagen" / "organisatie" / "index.html").read_text(encoding="utf-8")
    assert "Let op: <b>vet</b>" in layer and "klik hier" in layer
    roles = (site / "rollen" / "index.html").read_text(encoding="utf-8")
    assert "<title>Rollen - Demo-afsprakenstelsel</title>" in roles
    assert "Zorgaanbieder &lt;/title&gt;&lt;img" in roles  # the hostile role title, shown as text
    security = (site / "afspraken" / "lagen" / "security" / "index.html").read_text(encoding="utf-8")
    assert "Beveiliging (zie &#39;NEN&#39;) en meer" in security or "Beveiliging (zie 'NEN') en meer" in security


@pytest.mark.slow
def test_injected_script_and_javascript_link_do_not_run_in_the_browser(browser, hostile):
    """In Chromium, no injected script or handler runs on any page that shows the payload, the
    javascript: links are not links, and clicking their text runs nothing."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/concept/"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in ("", "afspraken/lagen/organisatie/", "begrippen/", "rollen/", "paginas/inleiding/",
                     "voorstellen/0.2/", "afspraken/rollen/zorgaanbieder/"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.__xss") == "undefined", path
            assert page.locator("article script").count() == 0, path
            assert page.locator("article iframe").count() == 0, path
            for attribute in ("href", "src"):
                values = page.eval_on_selector_all(f"article [{attribute}]",
                                                   f"els => els.map(e => e.getAttribute('{attribute}'))")
                assert not [v for v in values if v.strip().lower().startswith(("javascript:", "data:", "&#"))], path
            handlers = page.eval_on_selector_all(
                "article *", "els => els.flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))")
            assert handlers == [], path
        page.goto(base + "afspraken/lagen/organisatie/")
        text = page.locator("article").get_by_text("klik hier").first
        assert text.evaluate("e => e.closest('a') === null")
        text.click()
        assert page.evaluate("typeof window.__xss") == "undefined" and not dialogs
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_formula_like_cells_stay_text_in_xlsx_and_csv(tmp_path):
    """A statement starting with '=' (or +, -, @) is a text cell in the XLSX and starts with an apostrophe in the CSV."""
    from openpyxl import load_workbook

    from stelsel.load.project import load_project
    from stelsel.qualify.checklist import build_checklist, csv_text, write_csv, write_xlsx
    from stelsel.qualify.state import describe

    root = make_project(tmp_path / "project")
    path = root / "afsprakenstelsel" / "afspraken" / "TA-002.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("statement: >-")
    end = text.index("level:")
    path.write_text(text[:start] + "statement: '=HYPERLINK(\"https://example.org\",\"klik\")'\n"
                    "evidence: '@SUM(1+1)'\n" + text[end:], encoding="utf-8")
    checklist = build_checklist(describe(load_project(root)), "gtk-dienstverlener")
    target = tmp_path / "checklist.xlsx"
    write_xlsx(checklist, target)
    sheet = load_workbook(target)["Checklist"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    formula_like = [c for c in cells if str(c.value).startswith(("=", "@"))]
    assert len(formula_like) == 2 and all(c.data_type == "s" for c in formula_like)
    rows = list(csv.reader(io.StringIO(csv_text(checklist))))
    flat = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"https://example.org\",\"klik\")" in flat and "'@SUM(1+1)" in flat
    buffer = io.StringIO()
    write_csv(checklist, buffer, excel=True)
    assert buffer.getvalue().startswith("\ufeff") and "'=HYPERLINK" in buffer.getvalue()
