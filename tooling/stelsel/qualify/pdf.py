"""The whole framework of one release as one PDF document, rendered from the model.

``release_html(project)`` builds one HTML document with a print stylesheet: a title page
(framework, version, status, date, licence, the site's URL), a table of contents with page
numbers, and a chapter per part — what changed since the previous release (qualify/pdf_changes.py),
introduction and narrative pages, principles and starting points, roles,
the agreements per layer (each under its ID), the glossary — every chapter on a new page, with
a running header (framework, release, chapter) and footer (licence, page x of y).
``render_release_pdf(project, output)`` prints it with the system's Chromium where there is one
(qualify/pdf_chromium.py: several times faster, measured in bench/results-pdf.md), else with
weasyprint (a declared dependency; ``STELSEL_PDF_ENGINE=weasyprint`` chooses it). The same HTML
and stylesheet serve both: running headers by named pages, the contents' page numbers by
``target-counter()`` in weasyprint and by a second pass in Chromium. Both write a tagged PDF
(PDF/UA-1). Nothing is fetched from the network: fonts are the system's (DejaVu / Liberation)
and only local files may be embedded.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..i18n import for_config
from ..model.base import WITHDRAWN_STATUSES
from ..safehtml import SafeHtml
from .pdf_changes import release_changes
from .pdf_engine import PdfError, engine, engine_key, prepare  # noqa: F401 (callers import them from here)
from .pdf_style import STYLESHEET
from .state import describe
from .text import CODE_KINDS, WIKILINK, natural_key

# Kinds that have an anchor in the document; links to other kinds become plain text.
ANCHORED = frozenset({"agreement", "principle", "starting_point", "role", "term", "page"})

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def anchor(ident: str) -> str:
    return "i-" + re.sub(r"[^A-Za-z0-9_.-]", "_", ident)


class _Prose:
    """The authors' Markdown of one document as HTML, [[ID]] links pointing into the document."""

    def __init__(self, project):
        self.project = project
        self._markdown = {}  # with fenced code or not -> one converter for the whole document, reset between texts
        self._done = {}  # (text, shift, base, inline) -> its HTML: a text met again (a link, a shared note) converts once

    def link(self, ident: str, label: str | None) -> str:
        """Markdown for an ``[[ID]]`` link: an internal link where the item has an anchor."""
        item = self.project.get(ident)
        if label:
            text = label
        elif item is None or item.kind in CODE_KINDS:
            text = ident
        else:
            text = item.model.title
        text = text.replace("[", "(").replace("]", ")")
        return f"[{text}](#{anchor(ident)})" if _anchored(item) else text

    def __call__(self, text: str | None, shift: int = 0, base: Path | None = None, inline: bool = False) -> Markup:
        """Prose as HTML (Python-Markdown's; raw HTML and links sanitised by stelsel.safehtml):
        [[ID]] links resolved, headings shifted
        down by ``shift`` levels, relative images made absolute below ``base``."""
        if not text:
            return Markup()
        key = (text, shift, base, inline)
        if key in self._done:
            return self._done[key]
        import markdown

        source = WIKILINK.sub(lambda m: self.link(m.group(1), m.group(3)), text)
        # Fenced code only where a text has a fence: the extension imports Pygments (0.04–0.1 s), and
        # without a fence it changes nothing.
        fenced = "```" in source or "~~~" in source
        if self._markdown.get(fenced) is None:
            self._markdown[fenced] = markdown.Markdown(
                extensions=["tables", "sane_lists", *(["fenced_code"] if fenced else []), SafeHtml()],
                output_format="html")
        out = self._markdown[fenced].reset().convert(source)
        if shift:
            out = re.sub(r"<(/?)h([1-6])([ >])",
                         lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}{m.group(3)}", out)
        if base is not None:
            out = re.sub(r'(<img[^>]*\ssrc=")(?!https?:|data:|file:|/)([^"]+)"',
                         lambda m: f'{m.group(1)}{(base / html.unescape(m.group(2))).resolve().as_uri()}"', out)
        if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        self._done[key] = Markup(out)
        return self._done[key]


def _shown(item) -> bool:
    return not (item.kind == "agreement" and item.model.status in WITHDRAWN_STATUSES)


def _anchored(item) -> bool:
    """Whether the document has an anchor for ``item`` (None: no such item), so a link can point at it."""
    return item is not None and item.kind in ANCHORED and _shown(item)


def _sorted_items(project, kind: str, key) -> list:
    return sorted(project.items(kind), key=key)


# --- chapters: what each shows, in order; templates/release.html lays them out ----------------


def _introduction(project, md, t) -> dict:
    pages = []
    for item in _sorted_items(project, "page", lambda i: (i.model.order, natural_key(i.model.title))):
        text = re.sub(r"\A\s*#\s+[^\n]*\n", "", item.file.body or "", count=1)  # its own title heading
        pages.append({"item": item, "text": md(text, shift=1, base=(Path(project.root) / item.file.path).parent)})
    return {"key": "introduction", "title": t("pdf.chapter.introduction"), "pages": pages,
            "sections": [(anchor(p["item"].id), p["item"].model.title) for p in pages]}


def _principle_heading(item, t) -> str:
    model = item.model
    label = f"{t('pdf.' + item.kind)} {model.number}" if model.number else item.id
    return model.title if model.title.lower().startswith(label.lower()) else f"{label}: {model.title}"


def _principles(project, md, t) -> dict:
    def key(i):
        return (i.model.number or 10**6, natural_key(i.id))

    groups = []
    for sub, kind in enumerate(("principle", "starting_point"), start=1):
        items = _sorted_items(project, kind, key)
        if items:
            groups.append({"sub": sub, "title": t(f"pdf.chapter.{kind}_group"), "ident": f"sec-{kind}", "members": items,
                           "heading": lambda item: _principle_heading(item, t)})
    return {"key": "principles", "title": t("pdf.chapter.principles"), "groups": groups,
            "sections": [(g["ident"], g["title"]) for g in groups], "numbers": [g["sub"] for g in groups]}


def _roles(project, md, t) -> dict:
    agreements = [a for a in project.items("agreement") if a.model.status not in WITHDRAWN_STATUSES]
    roles = []
    for item in _sorted_items(project, "role", lambda i: natural_key(i.model.title)):
        own = sorted((a for a in agreements if item.id in a.model.applies_to), key=lambda a: natural_key(a.id))
        roles.append({"item": item, "agreements": own})
    return {"key": "roles", "title": t("pdf.chapter.roles"), "roles": roles, "sections": []}


def _agreements(project, md, t) -> dict:
    config = project.config
    layers = {layer.id: layer for layer in sorted(config.layers, key=lambda l: l.order)}
    all_items = sorted(project.items("agreement"), key=lambda a: natural_key(a.id))
    active = [a for a in all_items if a.model.status not in WITHDRAWN_STATUSES]
    groups = []
    for layer_id, layer in layers.items():
        members = [a for a in active if a.model.layers and a.model.layers[0] == layer_id]
        if not members:
            continue
        topics: dict[str, list] = {}
        for item in members:
            topics.setdefault(item.model.topic or "", []).append(item)
        groups.append({"sub": len(groups) + 1, "ident": f"sec-layer-{layer_id}", "layer": layer,
                       "kind": t("pdf.layer_kind." + ("interoperability" if layer.type == "interoperability"
                                                      else "condition")),
                       "topics": list(topics.items())})
    return {"key": "agreements", "title": t("pdf.chapter.agreements"), "layers": groups, "active": active,
            "orphans": [a for a in active if not a.model.layers or a.model.layers[0] not in layers],
            "withdrawn": [a for a in all_items if a.model.status in WITHDRAWN_STATUSES],
            "sections": [(g["ident"], g["layer"].title) for g in groups], "layer_index": layers,
            "role_titles": {r.id: r.model.title for r in project.items("role")}}


def _glossary(project, md, t) -> dict:
    return {"key": "glossary", "title": t("pdf.chapter.glossary"), "sections": [],
            "terms": _sorted_items(project, "term", lambda i: natural_key(i.model.title))}


# --- the document ------------------------------------------------------------------------


def stylesheet(t) -> Markup:
    """The print stylesheet with its page numbers and running head in the words of ``t``'s language."""
    pieces = [_css_string(part) if i % 2 == 0 else Markup(f"counter({part})")
              for i, part in enumerate(re.split(r"\{(page|pages)\}", t("pdf.page_number")))]
    number = Markup(" ").join(piece for piece in pieces if piece != '""')
    return Markup(STYLESHEET.replace("__PAGE_NUMBER__", number).replace("__CONTENTS__", _css_string(t("pdf.toc"))))


def _css_string(text: str) -> Markup:
    """``text`` as a CSS string for the page margins (it stands inside <style>, so no '<' either)."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup('"' + quoted + '"')


def _changes(project, state, t) -> dict:
    changes = release_changes(project, state)
    groups = {f"sec-{change}": entries for change, _heading, entries in changes.groups}
    return {"key": "changes", "title": t("pdf.chapter.changes"), "changes": changes, "groups": groups,
            "sections": ([("sec-proposals", t("pdf.chapter.proposals"))] if changes.proposals else [])
            + [(f"sec-{change}", heading) for change, heading, _entries in changes.groups]}


def _site_urls(config, state, site_url: str | None) -> tuple[str | None, str | None]:
    """Where the site is published (``site_url`` given, else the config's) and this release's own pages."""
    base = site_url or getattr(config, "site_url", None)
    if not base:
        return None, None
    base = base if base.endswith("/") else base + "/"
    return base, base + f"{state.label}/" if state.frozen else None


def release_html(project, label: str | None = None, *, site_url: str | None = None) -> str:
    """The HTML (with its print stylesheet) of the release document of a loaded project; ``site_url``:
    where the site is published (default: the framework config's; without one the document names none)."""
    state = describe(project, label)
    config = project.config
    if config is None:
        raise PdfError("the project has no framework config (stelsel.yaml in its content folder)")
    md = _Prose(project)
    t = for_config(config)
    chapters = [_changes(project, state, t)]
    chapters += [build(project, md, t) for build in (_introduction, _principles, _roles, _agreements, _glossary)]
    for number, chapter in enumerate(chapters, start=1):
        chapter["number"] = number
        subs = chapter.pop("numbers", None) or range(1, len(chapter["sections"]) + 1)
        chapter["sections"] = [(ident, f"{number}.{sub}", title) for (ident, title), sub in zip(chapter["sections"], subs)]
    agreements = chapters[4]
    site, release_site = _site_urls(config, state, site_url)

    version = t("pdf.release", version=state.version) if state.version else t("pdf.working")
    working = "" if state.frozen else t("pdf.working_suffix")
    facts = [(t("pdf.fact.version"), (state.version or "—") + working), (t("pdf.fact.status"), state.status),
             (t("pdf.fact.date"), t.date(state.date) if state.date else "—")]
    if config.owner:
        facts.append((t("pdf.fact.owner"), config.owner))
    if config.financing:
        facts.append((t("pdf.fact.financing"), config.financing))
    release_entry = project.by_kind.get("release", {}).get(state.version) if state.version else None
    return _ENVIRONMENT.get_template("release.html").render(
        config=config, state=state, version=version, chapters=chapters, facts=facts,
        subtitle=release_entry.model.title if release_entry is not None else version,
        stylesheet=stylesheet(t),
        header_left=_css_string(f"{config.title} · {version}" + working),
        footer_left=_css_string(f"{config.licence.id} · {config.title}"),
        md=md, anchor=anchor, css_string=_css_string, layers=agreements["layer_index"], roles=agreements["role_titles"],
        site_url=site, release_url=release_site, t=t, lang=t.language,
        linked=lambda ident: _anchored(project.get(ident)),
        status_labels=t.mapping("status"), basis_explanations=t.mapping("basis_explanation"),
        # without the default basis, which the PDF does not annotate
        basis_labels={key: label for key, label in t.mapping("basis").items() if key != "source"})


def _local_only(url: str, timeout: int = 10, ssl_context=None):
    """weasyprint (before 66) URL fetcher: local files and data URLs only, never the network."""
    if not (url.startswith("file:") or url.startswith("data:")):
        raise ValueError(f"not fetching {url}: the PDF uses local resources only")
    from weasyprint import default_url_fetcher

    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def _fetcher():
    """A URL fetcher that reads local files and data URLs only: a PDF build never touches the network."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # weasyprint before 66 takes a function
        return _local_only
    return URLFetcher(allowed_protocols={"file", "data"})


def html_to_pdf(document: str, output: Path, base: Path) -> None:
    """Convert HTML to PDF (local files only; ``base``: where relative URLs start) with engine()."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    name, chromium = engine()
    if chromium is not None:
        from . import pdf_chromium
        from .cdp import CdpError

        try:
            pdf_chromium.html_to_pdf(document, output, base, chromium)
        except (OSError, ValueError, CdpError) as exc:  # the browser would not start, print, or wrote no PDF
            raise PdfError(f"Chromium ({chromium}) could not print the PDF: {exc}".splitlines()[0]) from None
        return
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise PdfError(f"weasyprint cannot run here ({exc}); install it with pip install weasyprint and the "
                       "system libraries (apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)") \
            from None
    # Tagged (structure tree, document language and title from the HTML): PDF/UA-1, for screen readers
    HTML(string=document, base_url=base.resolve().as_uri() + "/", url_fetcher=_fetcher()).write_pdf(
        str(output), pdf_variant="pdf/ua-1")


def render_release_pdf(project, output_path, label: str | None = None) -> Path:
    """Write the release document of a loaded project (a frozen release or the working tree) as PDF."""
    document = release_html(project, label)
    html_to_pdf(document, Path(output_path), Path(project.root))
    return Path(output_path)
