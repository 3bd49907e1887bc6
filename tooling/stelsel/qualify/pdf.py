"""The whole framework of one release as one PDF document, rendered from the model.

``release_html(project)`` builds one HTML document with a print stylesheet: a title page
(framework, version, status, date, licence), a table of contents with page numbers, and a
chapter per part — introduction and narrative pages, principles and starting points, roles,
the agreements per layer (each under its ID), the glossary — every chapter on a new page, with
a running header (framework, release, chapter) and footer (licence, page x of y).
``render_release_pdf(project, output)`` converts it with weasyprint (the one PDF engine: a
declared dependency, fast on a document of this kind, with paged media support for the running
header and page numbers). Nothing is fetched from the network: fonts are the system's
(DejaVu / Liberation) and only local files may be embedded.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.base import WITHDRAWN_STATUSES
from ..vocabulary import BASIS_EXPLANATIONS, STATUS_LABELS
from ..vocabulary import BASIS_LABELS as _SITE_BASIS_LABELS
from .pdf_style import STYLESHEET
from .state import ReleaseState, describe
from .text import CODE_KINDS, WIKILINK, dutch_date, natural_key

# Kinds that have an anchor in the document; links to other kinds become plain text.
ANCHORED = frozenset({"agreement", "principle", "starting_point", "role", "term", "page"})

# The site's Dutch wording, without the default basis (which the PDF does not annotate).
BASIS_LABELS = {key: label for key, label in _SITE_BASIS_LABELS.items() if key != "source"}
ITEM_STATUS_LABELS = STATUS_LABELS


class PdfError(RuntimeError):
    """The PDF cannot be made here; the message says what is missing."""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def anchor(ident: str) -> str:
    return "i-" + re.sub(r"[^A-Za-z0-9_.-]", "_", ident)


@dataclass
class _Doc:
    project: object
    state: ReleaseState
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (depth, anchor, text)
    parts: list[str] = field(default_factory=list)
    mark: int = 0  # where the current chapter's entry goes in the table of contents

    # --- prose --------------------------------------------------------------------------

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
        if item is not None and item.kind in ANCHORED and self._shown(item):
            return f"[{text}](#{anchor(ident)})"
        return text

    def _shown(self, item) -> bool:
        return not (item.kind == "agreement" and item.model.status in WITHDRAWN_STATUSES)

    def markdown(self, text: str | None, shift: int = 0, base: Path | None = None, inline: bool = False) -> str:
        """Prose as HTML: [[ID]] links resolved, headings shifted down by ``shift`` levels."""
        if not text:
            return ""
        import markdown

        source = WIKILINK.sub(lambda m: self.link(m.group(1), m.group(3)), text)
        out = markdown.markdown(source, extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
        if shift:
            out = re.sub(r"<(/?)h([1-6])([ >])",
                         lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}{m.group(3)}", out)
        if base is not None:
            out = re.sub(r'(<img[^>]*\ssrc=")(?!https?:|data:|file:|/)([^"]+)"',
                         lambda m: f'{m.group(1)}{(base / html.unescape(m.group(2))).resolve().as_uri()}"', out)
        if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return out

    # --- structure ----------------------------------------------------------------------

    def chapter(self, key: str, number: int, title: str, body: list[str]) -> None:
        ident = f"ch-{key}"
        self.toc.insert(self.mark, (1, ident, f"{number}  {title}"))
        self.parts.append(f'<section class="chapter" id="{ident}">\n<h1><span class="num">{number}</span> {esc(title)}</h1>\n'
                          + "\n".join(body) + "\n</section>")

    def section(self, ident: str, text: str) -> None:
        self.toc.append((2, ident, text))


def _basis_note(model) -> str:
    basis = getattr(model, "basis", "source")
    if basis in (None, "source"):
        return ""
    label = BASIS_LABELS.get(basis, basis)
    note = getattr(model, "basis_note", None) or BASIS_EXPLANATIONS.get(basis, "")
    return f'<p class="basis basis-{esc(basis)}"><strong>{esc(label)}.</strong> {esc(note)}</p>'


def _status_badge(model) -> str:
    status = getattr(model, "status", None)
    if status in (None, "gereed", "vastgesteld"):
        return ""
    return f' <span class="badge status-{esc(status)}">{esc(ITEM_STATUS_LABELS.get(status, status))}</span>'


def _sorted_items(project, kind: str, key) -> list:
    return sorted(project.items(kind), key=key)


# --- chapters -------------------------------------------------------------------------------


def _introduction(doc: _Doc, number: int) -> None:
    project, config = doc.project, doc.project.config
    body = [f'<p class="lead">{doc.markdown(config.purpose, inline=True)}</p>',
            f'<blockquote class="motto"><p>{esc(config.motto)}</p></blockquote>']
    pages = _sorted_items(project, "page", lambda i: (i.model.order, natural_key(i.model.title)))
    for index, item in enumerate(pages, start=1):
        ident = anchor(item.id)
        text = re.sub(r"\A\s*#\s+[^\n]*\n", "", item.file.body or "", count=1)  # its own title heading
        base = (Path(project.root) / item.file.path).parent
        doc.section(ident, f"{number}.{index}  {item.model.title}")
        body.append(f'<section class="page-text" id="{ident}">\n<h2><span class="num">{number}.{index}</span> '
                    f'{esc(item.model.title)}{_status_badge(item.model)}</h2>\n{_basis_note(item.model)}'
                    f'{doc.markdown(text, shift=1, base=base)}\n</section>')
    doc.chapter("inleiding", number, "Inleiding", body)


def _principles(doc: _Doc, number: int) -> None:
    project = doc.project
    body = []
    principles = _sorted_items(project, "principle", lambda i: (i.model.number or 10**6, natural_key(i.id)))
    points = _sorted_items(project, "starting_point", lambda i: (i.model.number or 10**6, natural_key(i.id)))
    for sub, (title, items) in enumerate((("Principes", principles), ("Uitgangspunten", points)), start=1):
        if not items:
            continue
        ident = f"sec-{'principes' if sub == 1 else 'uitgangspunten'}"
        doc.section(ident, f"{number}.{sub}  {title}")
        body.append(f'<h2 id="{ident}"><span class="num">{number}.{sub}</span> {title}</h2>')
        for item in items:
            model = item.model
            label = f"{'Principe' if item.kind == 'principle' else 'Uitgangspunt'} {model.number}" if model.number else item.id
            heading = model.title if model.title.lower().startswith(label.lower()) else f"{label}: {model.title}"
            statement = doc.markdown(model.statement) if model.statement else ""
            body.append(f'<div class="item principle" id="{anchor(item.id)}">\n<h3><span class="id">{esc(item.id)}</span> '
                        f'{esc(heading)}{_status_badge(model)}</h3>\n'
                        f'<div class="statement">{statement}</div>\n{doc.markdown(model.description)}'
                        f'{_basis_note(model)}\n</div>')
    if not body:
        body.append('<p class="empty">Deze release bevat (nog) geen principes of uitgangspunten.</p>')
    doc.chapter("principes", number, "Principes en uitgangspunten", body)


def _roles(doc: _Doc, number: int) -> None:
    project = doc.project
    agreements = [a for a in project.items("agreement") if a.model.status not in WITHDRAWN_STATUSES]
    body = ['<p>De rollen en partijen in het stelsel, met hun verantwoordelijkheden en de afspraken die voor '
            'hen gelden.</p>']
    for item in _sorted_items(project, "role", lambda i: natural_key(i.model.title)):
        model = item.model
        parts = [f'<div class="item role" id="{anchor(item.id)}">',
                 f'<h2>{esc(model.title)}{_status_badge(model)}</h2>', doc.markdown(model.description)]
        if model.responsibilities:
            parts.append("<h4>Verantwoordelijkheden</h4><ul>"
                         + "".join(f"<li>{doc.markdown(r, inline=True)}</li>" for r in model.responsibilities) + "</ul>")
        if model.performed_by:
            actors = ", ".join(esc(a.name) + (f" ({esc(BASIS_LABELS[a.basis].lower())})" if a.basis in BASIS_LABELS else "")
                               for a in model.performed_by)
            parts.append(f"<p><strong>Ingevuld door:</strong> {actors}</p>")
        if model.part_of:
            parts.append(f"<p><strong>Onderdeel van:</strong> {doc.markdown(f'[[{model.part_of}]]', inline=True)}</p>")
        own = sorted((a for a in agreements if item.id in a.model.applies_to), key=lambda a: natural_key(a.id))
        if own:
            links = ", ".join(f'<a href="#{anchor(a.id)}">{esc(a.id)}</a>' for a in own)
            parts.append(f'<p class="refs"><strong>Afspraken voor deze rol ({len(own)}):</strong> {links}</p>')
        parts.append(_basis_note(model))
        parts.append("</div>")
        body.append("\n".join(p for p in parts if p))
    doc.chapter("rollen", number, "Rollen", body)


def _agreement(doc: _Doc, item, layers: dict, roles: dict) -> str:
    model = item.model
    applies = ", ".join(f'<a href="#{anchor(r)}">{esc(roles.get(r, r))}</a>' if r in roles else esc(r)
                        for r in model.applies_to)
    meta = [f'<span class="level level-{esc(model.level.replace(" ", "-"))}">{esc(model.level)}</span>',
            f"Geldt voor: {applies}"]
    if model.since:
        meta.append(f"Sinds release {esc(model.since)}")
    if len(model.layers) > 1:
        meta.append("Lagen: " + ", ".join(esc(layers[l].title if l in layers else l) for l in model.layers))
    parts = [f'<div class="item agreement" id="{anchor(item.id)}">',
             f'<h3><span class="id">{esc(item.id)}</span> {esc(model.title)}{_status_badge(model)}</h3>',
             f'<p class="meta">{" · ".join(meta)}</p>',
             f'<div class="statement">{doc.markdown(model.statement)}</div>']
    if model.evidence:
        parts.append(f'<p class="evidence"><strong>Bewijslast:</strong> {doc.markdown(model.evidence, inline=True)}</p>')
    if model.rationale:
        parts.append(f'<p class="rationale"><strong>Toelichting:</strong> {doc.markdown(model.rationale, inline=True)}</p>')
    if model.derived_from:
        parts.append("<p class=\"refs\"><strong>Afgeleid van:</strong> "
                     + ", ".join(doc.markdown(f"[[{d}]]", inline=True) for d in model.derived_from) + "</p>")
    parts.append(_basis_note(model))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def _agreements(doc: _Doc, number: int) -> None:
    project, config = doc.project, doc.project.config
    layers = {layer.id: layer for layer in sorted(config.layers, key=lambda l: l.order)}
    roles = {r.id: r.model.title for r in project.items("role")}
    all_items = sorted(project.items("agreement"), key=lambda a: natural_key(a.id))
    active = [a for a in all_items if a.model.status not in WITHDRAWN_STATUSES]
    withdrawn = [a for a in all_items if a.model.status in WITHDRAWN_STATUSES]
    rows = "".join(f"<tr><td><strong>{esc(l.id)}</strong></td><td>{esc(l.description or l.title)}</td>"
                   f"<td>{'ja' if l.mandatory else 'nee'}</td></tr>" for l in config.levels)
    body = [f"<p>Het stelsel telt in deze release {len(active)} afspraken, per laag van het "
            "interoperabiliteitsmodel en per domein van de aansluitvoorwaarden. Elke afspraak heeft een vast ID; "
            "het niveau zegt hoe bindend zij is.</p>",
            '<table class="levels"><thead><tr><th>Niveau</th><th>Betekenis</th><th>Verplicht</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"]
    sub = 0
    for layer_id, layer in layers.items():
        members = [a for a in active if a.model.layers and a.model.layers[0] == layer_id]
        if not members:
            continue
        sub += 1
        ident = f"sec-laag-{layer_id}"
        kind = "laag" if layer.type == "interoperability" else "aansluitvoorwaarde"
        doc.section(ident, f"{number}.{sub}  {layer.title}")
        body.append(f'<h2 id="{ident}" class="layer"><span class="num">{number}.{sub}</span> {esc(layer.title)} '
                    f'<span class="layer-kind">{kind}</span></h2>')
        if layer.description:
            body.append(f'<p class="layer-description">{esc(layer.description)}</p>')
        topics: dict[str, list] = {}
        for item in members:
            topics.setdefault(item.model.topic or "", []).append(item)
        for topic, items in topics.items():
            if topic and len(topics) > 1:
                body.append(f'<h4 class="topic">{esc(topic)}</h4>')
            body.extend(_agreement(doc, item, layers, roles) for item in items)
    orphans = [a for a in active if not a.model.layers or a.model.layers[0] not in layers]
    if orphans:
        body.append('<h2>Overige afspraken</h2>')
        body.extend(_agreement(doc, item, layers, roles) for item in orphans)
    if withdrawn:
        body.append('<h2>Vervallen afspraken</h2><p>Deze afspraken gelden niet meer; hun ID wordt niet hergebruikt.</p><ul>'
                    + "".join(f"<li><strong>{esc(a.id)}</strong> {esc(a.model.title)}</li>" for a in withdrawn) + "</ul>")
    doc.chapter("afspraken", number, "Afspraken", body)


def _glossary(doc: _Doc, number: int) -> None:
    terms = _sorted_items(doc.project, "term", lambda i: natural_key(i.model.title))
    if not terms:
        doc.chapter("begrippen", number, "Begrippenlijst", ['<p class="empty">Deze release bevat (nog) geen begrippen.</p>'])
        return
    entries = []
    for item in terms:
        model = item.model
        expansion = f' <span class="expansion">({esc(model.expansion)})</span>' if model.expansion else ""
        entries.append(f'<dt id="{anchor(item.id)}">{esc(model.title)}{expansion}</dt>'
                       f"<dd>{doc.markdown(model.definition, inline=True)}</dd>")
    doc.chapter("begrippen", number, "Begrippenlijst", ['<dl class="glossary">' + "\n".join(entries) + "</dl>"])


# --- the document ------------------------------------------------------------------------


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def release_html(project, label: str | None = None) -> str:
    """The HTML (with its print stylesheet) of the release document of a loaded project."""
    state = describe(project, label)
    config = project.config
    if config is None:
        raise PdfError("the project has no framework config (afsprakenstelsel/stelsel.yaml)")
    doc = _Doc(project, state)
    for number, build in enumerate((_introduction, _principles, _roles, _agreements, _glossary), start=1):
        doc.mark = len(doc.toc)
        build(doc, number)

    version = f"Release {state.version}" if state.version else "Werkversie"
    header_left = f"{config.title} · {version}" + ("" if state.frozen else " (werkversie)")
    licence = config.licence
    licence_html = esc(licence.title) + (f'<br><span class="url">{esc(licence.url)}</span>' if licence.url else "")
    facts = [("Versie", (state.version or "—") + ("" if state.frozen else " (werkversie)")), ("Status", state.status),
             ("Datum", dutch_date(state.date) if state.date else "—")]
    if config.owner:
        facts.append(("Beheer", config.owner))
    if config.financing:
        facts.append(("Financiering", config.financing))
    facts_html = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts)
    facts_html += f"<tr><th>Licentie</th><td>{licence_html}</td></tr>"
    release_entry = project.by_kind.get("release", {}).get(state.version) if state.version else None
    subtitle = esc(release_entry.model.title) if release_entry is not None else esc(version)
    draft = "" if state.frozen else '<p class="draft">Werkversie — niet vastgesteld</p>'
    title_page = (f'<section class="title-page">\n<div class="band">\n<p class="kicker">Releasedocument</p>\n'
                  f'<h1 class="doc-title">{esc(config.title)}</h1>\n<p class="subtitle">{subtitle}</p>\n{draft}</div>\n'
                  f'<div class="title-body">\n<p class="purpose">{doc.markdown(config.purpose, inline=True)}</p>\n'
                  f'<table class="facts">{facts_html}</table>\n</div>\n'
                  f'<p class="colophon">Dit document is gegenereerd uit de bronbestanden van het afsprakenstelsel '
                  f'met stelsel. Bij verschil is de vastgestelde tekst in de repository leidend.</p>\n</section>')
    toc_rows = []
    for depth, ident, text in doc.toc:
        toc_rows.append(f'<li class="toc-{depth}"><a href="#{ident}">{esc(text)}</a></li>')
    toc = f'<nav class="toc">\n<h1 class="toc-title">Inhoud</h1>\n<ul>{"".join(toc_rows)}</ul>\n</nav>'
    page_css = ("@page { @top-left { content: " + _css_string(header_left) + "; } "
                "@bottom-left { content: " + _css_string(f"{licence.id} · {config.title}") + "; } }")
    title = f"{config.title} — {version}"
    return (f'<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
            f'<meta name="author" content="{esc(config.owner or config.title)}">\n'
            f'<meta name="generator" content="stelsel">\n'
            f"<style>\n{STYLESHEET}\n{page_css}\n</style>\n</head>\n<body>\n{title_page}\n{toc}\n"
            + "\n".join(doc.parts) + "\n</body>\n</html>\n")


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
    """Convert HTML to PDF with weasyprint (local files only; ``base``: where relative URLs start)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise PdfError(f"weasyprint cannot run here ({exc}); install it with pip install weasyprint and the "
                       "system libraries (apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)") \
            from None
    HTML(string=document, base_url=base.resolve().as_uri() + "/", url_fetcher=_fetcher()).write_pdf(str(output))


def render_release_pdf(project, output_path, label: str | None = None) -> Path:
    """Write the release document of a loaded project (a frozen release or the working tree) as PDF."""
    document = release_html(project, label)
    html_to_pdf(document, Path(output_path), Path(project.root))
    return Path(output_path)
