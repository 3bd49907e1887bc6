"""The release PDF printed by Chromium (the system's, driven over the DevTools pipe: qualify/cdp.py).

Measured in bench/results-pdf.md: on the shipped framework and on a generated one of 1,000
items Chromium prints the same document several times faster than weasyprint (whose layout
is pure Python). Chromium has no ``target-counter()`` or ``leader()``, so the contents get
their page numbers from a layout of the print stylesheet in columns of the page area's size
(``_COLUMNS``: one layout, no PDF); the numbers go into slots of a fixed width, so they do not
change the pagination, and the printed PDF's named destinations are checked against them (a
number that is off is put right and the document printed again). The print is tagged
(structure tree, marked content, the document's language and title, ``DisplayDocTitle``);
the PDF/UA-1 identification is then added to its XMP metadata as an incremental update.
Nothing is fetched from the network (see cdp.FLAGS); an image that did not load shows its
alternative text.
"""

from __future__ import annotations

import atexit
import importlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
from html import escape
from pathlib import Path

# What Chromium lacks of CSS paged media, done its way (the shared stylesheet keeps weasyprint's).
STYLE = """
@media screen { body { display: none; } }  /* no layout for the screen: only the print layout is used */
.toc a { display: flex; align-items: baseline; }
.toc a::after { content: none; }
.toc .toc-fill { display: block; flex: 1 1 auto; margin: 0 1.5mm; border-bottom: 0.9pt dotted #777; }
.toc .toc-page { display: block; flex: 0 0 9mm; text-align: right; }
"""

# Chromium's headless shell first (Debian's chromium-headless-shell): the same Blink and the same PDF
# (text, tags, outline, destinations) without the browser's user interface layer, so it starts in a
# third of the time and prints in about two thirds (bench/results-pdf.md).
_CANDIDATES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def executable() -> str | None:
    """The Chromium to print with: $STELSEL_CHROMIUM, else one on PATH (the headless shell first), else None."""
    named = os.environ.get("STELSEL_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def version_key(path: str) -> str:
    """What identifies the browser build for a cache key (path, size and time of its file)."""
    stat = Path(path).resolve().stat()
    return f"chromium={Path(path).resolve()}:{stat.st_size}:{int(stat.st_mtime)}"


def _read(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))  # reads the cross-reference table, the objects only on demand


def _page_numbers(reader, targets: list[str]) -> dict[str, int]:
    """The 1-based page each of ``targets`` (element IDs) starts on, from the PDF's named destinations."""
    named = reader.named_destinations
    numbers = {}
    for target in targets:
        destination = named.get("/" + target) or named.get(target)
        if destination is not None:
            numbers[target] = reader.get_destination_page_number(destination) + 1
    return numbers


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def _serialised(value) -> bytes:
    data = io.BytesIO()
    value.write_to_stream(data)
    return data.getvalue()


def _declare_pdf_ua(original: bytes, reader) -> bytes:
    """The PDF with the PDF/UA-1 identification (XMP metadata with title and language) added as an incremental
    update: a metadata stream and the catalog pointing at it appended with their own cross-reference section
    (pypdf's own incremental writer reads every object first: seconds on a big document). ``reader``: pypdf's
    reader of ``original``."""
    from pypdf.generic import IndirectObject, NameObject

    last = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*\Z", original[-1024:])
    if last is None:
        raise ValueError("no cross-reference offset at the end of the PDF Chromium wrote")
    root = reader.trailer.raw_get("/Root")
    catalog = reader.trailer["/Root"].get_object()
    info = reader.metadata or {}
    meta = int(reader.trailer["/Size"])
    xmp = _XMP.format(title=escape(str(info.get("/Title", ""))), language=escape(str(catalog.get("/Lang", ""))),
                      producer=escape(str(info.get("/Producer", "")))).encode("utf-8")
    catalog[NameObject("/Metadata")] = IndirectObject(meta, 0, reader)
    out = bytearray(original if original.endswith(b"\n") else original + b"\n")
    offsets = {}
    offsets[meta] = len(out)
    out += b"%d 0 obj\n<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n" % (meta, len(xmp))
    out += xmp + b"\nendstream\nendobj\n"
    offsets[root.idnum] = len(out)
    out += b"%d %d obj\n" % (root.idnum, root.generation) + _serialised(catalog) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"  # the head of the free list, as in the first section
    for number in sorted(offsets):
        generation = root.generation if number == root.idnum else 0
        out += b"%d 1\n%010d %05d n \n" % (number, offsets[number], generation)
    trailer = b"/Size %d /Root %d %d R /Prev %d" % (meta + 1, root.idnum, root.generation, int(last.group(1)))
    for key in ("/Info", "/ID"):
        if key in reader.trailer:
            trailer += b" " + key.encode() + b" " + _serialised(reader.trailer.raw_get(key))
    out += b"trailer\n<<" + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_RELATIVE_IMG = re.compile(r'(<img[^>]*\ssrc=")(?!https?:|data:|file:|/|#)([^"]+)"')


# An image that did not load (a refused remote one) shows its alternative text, not a broken-image icon.
_UNLOADED_IMAGES = """for (const img of Array.from(document.images)) {
    if (img.complete && img.naturalWidth === 0) {
        const text = document.createElement('span'); text.className = 'missing-image';
        text.textContent = img.alt; img.replaceWith(text); } }"""

_FILL_NUMBERS = """(numbers => { for (const slot of document.querySelectorAll('.toc-page')) {
    const n = numbers[slot.dataset.for]; slot.textContent = n ? String(n) : ''; } })(%s)"""

# Where each contents entry starts, without printing: the print stylesheet (emulated print media) laid out
# once on the screen, everything after the title page in columns of exactly the page area's size (the
# unnamed @page rule's A4 less its margins), each forced page break a column break; an entry's page is the
# column it starts in; then the nodes go back where they were. Printing lays out the whole document twice
# or three times and writes a PDF, this lays it out once. The tagged print is checked against these numbers (_page_numbers), so a guess that is
# off costs a second print, never a wrong contents page. null where the stylesheet is not of that shape.
_COLUMNS = r"""(targets => {
  let size = '', margin = {};
  for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) {
    if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
    if (rule.style.getPropertyValue('size')) size = rule.style.getPropertyValue('size').trim().toLowerCase();
    for (const side of ['top', 'right', 'bottom', 'left']) {
      const value = rule.style.getPropertyValue('margin-' + side); if (value) margin[side] = value; } }
  const title = document.querySelector('body > .title-page');
  if (size !== 'a4' || Object.keys(margin).length !== 4 || !title) return null;
  const style = document.createElement('style');
  style.textContent = `.stelsel-columns { width: calc(210mm - ${margin.left} - ${margin.right});
      height: calc(297mm - ${margin.top} - ${margin.bottom}); columns: calc(210mm - ${margin.left} - ${margin.right}) auto;
      column-gap: 0; column-fill: auto; }
    .stelsel-columns .chapter { break-before: column; } .stelsel-columns .toc { break-after: column; }`;
  document.head.appendChild(style);
  const columns = document.createElement('div'); columns.className = 'stelsel-columns';
  while (title.nextSibling) columns.appendChild(title.nextSibling);
  document.body.appendChild(columns);
  const box = columns.getBoundingClientRect(), pages = {};
  for (const target of targets) {
    const element = document.getElementById(target), first = element && element.getClientRects()[0];
    if (first) pages[target] = 2 + Math.floor((first.left - box.left + 0.5) / box.width); }
  while (columns.firstChild) document.body.appendChild(columns.firstChild);  // the document as it was
  columns.remove(); style.remove();
  return pages; })(%s)"""


_spare: dict[str, object] = {}  # executable -> a Browser started by prestart(), not yet used


def prestart(chromium: str) -> None:
    """Start Chromium now, so that it is up by the time html_to_pdf needs it (it starts on the other
    core while the document is composed); a browser left unused is closed when Python exits."""
    from .cdp import Browser

    if chromium not in _spare:
        browser = Browser(chromium)
        _spare[chromium] = (os.getpid(), browser)
        atexit.register(lambda: _spare.pop(chromium, (None, None))[1] is browser and browser.close())


def _spare_browser(chromium: str):
    """The browser prestart() started in this very process, taken; None: none. A child forked from
    that process (the build renders downloads in one, forked.py) must not take it: its pipe is
    shared with the parent and every other child, and the first to close it ends it for all."""
    pid, browser = _spare.get(chromium, (None, None))
    if browser is None or pid != os.getpid():
        return None
    del _spare[chromium]
    return browser


def html_to_pdf(document: str, output: Path, base: Path, chromium: str) -> None:
    """Print ``document`` to ``output`` with the Chromium at ``chromium`` (relative images from ``base``)."""
    from .cdp import Browser

    root = base.resolve()
    document = _RELATIVE_IMG.sub(lambda m: f'{m.group(1)}{(root / m.group(2)).resolve().as_uri()}"', document)
    document = document.replace("</head>", f"<style>{STYLE}</style>\n</head>", 1)
    targets = re.findall(r'class="toc-page" data-for="([^"]+)"', document)
    # pypdf (0.1 s to import) is needed once the document is printed: import it while the browser works
    importing = threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True)
    importing.start()
    with tempfile.TemporaryDirectory(prefix="stelsel-pdf-") as folder:
        source = Path(folder) / "release.html"
        source.write_text(document, encoding="utf-8")
        with _spare_browser(chromium) or Browser(chromium) as browser:
            browser.goto(source.as_uri())
            browser.evaluate(_UNLOADED_IMAGES)
            numbers = {}
            if targets:
                browser.send("Emulation.setEmulatedMedia", media="print")
                numbers = browser.evaluate(_COLUMNS % json.dumps(targets)) or {}
                browser.send("Emulation.setEmulatedMedia", media="")
                browser.evaluate(_FILL_NUMBERS % json.dumps(numbers))
            pdf = browser.pdf(tagged=True)
            reader = _read(pdf)
            if targets:  # the contents must name the pages the print has; pagination does not depend on them
                printed = _page_numbers(reader, targets)
                if printed != numbers:
                    browser.evaluate(_FILL_NUMBERS % json.dumps(printed))
                    pdf = browser.pdf(tagged=True)
                    reader = _read(pdf)
    output.write_bytes(_declare_pdf_ua(pdf, reader))
