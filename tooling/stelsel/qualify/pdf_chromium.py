"""The release PDF printed by Chromium (the system's, driven over the DevTools pipe: qualify/cdp.py).

Measured in bench/results-pdf.md: on the shipped framework and on a generated one of 1,000
items Chromium prints the same document several times faster than weasyprint (whose layout
is pure Python). Chromium has no ``target-counter()`` or ``leader()``, so the contents get
their page numbers in two passes: the first (untagged, thrown away) says on which page each
chapter and section starts (the PDF's named destinations); the numbers go into slots of a
fixed width, so the second pass paginates exactly like the first. The second pass is tagged
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


def _page_numbers(pdf: bytes, targets: list[str]) -> dict[str, int]:
    """The 1-based page each of ``targets`` (element IDs) starts on, from the PDF's named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
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


def _declare_pdf_ua(path: Path) -> None:
    """Add the PDF/UA-1 identification (XMP metadata with title and language) as an incremental update:
    a metadata stream and the catalog pointing at it appended with their own cross-reference section
    (pypdf's own incremental writer reads every object first: seconds on a big document)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, NameObject

    original = path.read_bytes()
    last = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*\Z", original[-1024:])
    if last is None:
        raise ValueError(f"{path}: no cross-reference offset at the end of the PDF")
    reader = PdfReader(io.BytesIO(original))  # reads the cross-reference table, the objects only on demand
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
    path.write_bytes(bytes(out))


_RELATIVE_IMG = re.compile(r'(<img[^>]*\ssrc=")(?!https?:|data:|file:|/|#)([^"]+)"')


# An image that did not load (a refused remote one) shows its alternative text, not a broken-image icon.
_UNLOADED_IMAGES = """for (const img of Array.from(document.images)) {
    if (img.complete && img.naturalWidth === 0) {
        const text = document.createElement('span'); text.className = 'missing-image';
        text.textContent = img.alt; img.replaceWith(text); } }"""

_FILL_NUMBERS = """(numbers => { for (const slot of document.querySelectorAll('.toc-page')) {
    const n = numbers[slot.dataset.for]; if (n) slot.textContent = String(n); } })(%s)"""

# The first pass only needs where things start: laid out as printed, but nothing painted (hidden text
# lays out the same), so Chromium writes an almost empty PDF of the same pages with the same destinations.
_HIDE = """document.head.insertAdjacentHTML('beforeend',
    '<style id="stelsel-first-pass">body * { visibility: hidden !important; }</style>')"""
_SHOW = "document.getElementById('stelsel-first-pass').remove()"


_spare: dict[str, object] = {}  # executable -> a Browser started by prestart(), not yet used


def prestart(chromium: str) -> None:
    """Start Chromium now, so that it is up by the time html_to_pdf needs it (it starts on the other
    core while the document is composed); a browser left unused is closed when Python exits."""
    from .cdp import Browser

    if chromium not in _spare:
        browser = _spare[chromium] = Browser(chromium)
        atexit.register(lambda: _spare.pop(chromium, None) is browser and browser.close())


def html_to_pdf(document: str, output: Path, base: Path, chromium: str) -> None:
    """Print ``document`` to ``output`` with the Chromium at ``chromium`` (relative images from ``base``)."""
    from .cdp import Browser

    root = base.resolve()
    document = _RELATIVE_IMG.sub(lambda m: f'{m.group(1)}{(root / m.group(2)).resolve().as_uri()}"', document)
    document = document.replace("</head>", f"<style>{STYLE}</style>\n</head>", 1)
    targets = re.findall(r'class="toc-page" data-for="([^"]+)"', document)
    # pypdf (0.1 s to import) is needed once the first pass is printed: import it while the browser works
    importing = threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True)
    importing.start()
    with tempfile.TemporaryDirectory(prefix="stelsel-pdf-") as folder:
        source = Path(folder) / "release.html"
        source.write_text(document, encoding="utf-8")
        with _spare.pop(chromium, None) or Browser(chromium) as browser:
            browser.goto(source.as_uri())
            browser.evaluate(_UNLOADED_IMAGES)
            if targets:
                browser.evaluate(_HIDE)
                numbers = _page_numbers(browser.pdf(tagged=False), targets)
                browser.evaluate(_SHOW + ";" + _FILL_NUMBERS % json.dumps(numbers))
            output.write_bytes(browser.pdf(tagged=True))
    _declare_pdf_ua(output)
