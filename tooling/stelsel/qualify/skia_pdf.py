"""Just enough reading of a PDF as Chromium writes it (Skia's PDF backend) for the release PDF's two needs:
on which page each named destination lies, and the catalog, title and language to append the PDF/UA
identification to. Skia writes one classic cross-reference table (one subsection from object 0),
plain dictionaries and no object streams, so a few patterns read it; anything else is a ValueError.
Importing and running pypdf for this took 0.2–0.5 s per PDF (bench/results-pdf.md).
"""

from __future__ import annotations

import re

_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF = re.compile(rb"xref\s+0\s+(\d+)\s+")
_ENTRY = 20  # "0000000015 00000 n \n"
_REF = rb"(\d+)\s+(\d+)\s+R"
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_DESTINATION = re.compile(rb"/([^\s/\[\]<>()%]+)\s*\[\s*(\d+)\s+\d+\s+R")
_LITERAL_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class SkiaPdf:
    """A PDF written by Chromium, read only as far as its catalog, page tree, destinations and info."""

    def __init__(self, data: bytes):
        self.data = data
        tail = _TAIL.search(data, max(0, len(data) - 1024))
        if tail is None:
            raise ValueError("no cross-reference offset at the end of the PDF")
        self.startxref = int(tail.group(1))
        head = _XREF.match(data, self.startxref)
        if head is None:
            raise ValueError("the PDF has no classic cross-reference table at its offset")
        self.size = int(head.group(1))
        start = head.end()
        self._offsets = [int(data[start + _ENTRY * i:start + _ENTRY * i + 10]) for i in range(self.size)]
        trailer = data.find(b"trailer", start + _ENTRY * self.size)
        if trailer < 0:
            raise ValueError("the PDF has no trailer")
        self.trailer = data[trailer:data.find(b"startxref", trailer)]
        root = re.search(rb"/Root\s+" + _REF, self.trailer)
        if root is None:
            raise ValueError("the PDF's trailer names no catalog")
        self.root = (int(root.group(1)), int(root.group(2)))
        self.catalog = self.object(self.root[0])

    def object(self, number: int) -> bytes:
        """The dictionary of object ``number`` (``<<…>>``, as written; not for streams)."""
        if not 0 < number < self.size:
            raise ValueError(f"object {number} is not in the PDF")
        offset = self._offsets[number]
        head = re.compile(rb"%d\s+\d+\s+obj\s*" % number).match(self.data, offset)
        end = self.data.find(b"endobj", offset)
        if head is None or end < 0:
            raise ValueError(f"object {number} is not where the cross-reference table says")
        return self.data[head.end():end].strip()

    def _ref(self, text: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb"\s+" + _REF, text)
        return int(found.group(1)) if found else None

    def pages(self) -> list[int]:
        """The object number of every page, in order (the page tree walked from the catalog)."""
        out: list[int] = []

        def walk(number: int, depth: int) -> None:
            node = self.object(number)
            if re.search(rb"/Type\s*/Pages\b", node):
                kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
                if kids is None or depth > 32:
                    raise ValueError(f"page tree node {number} has no kids")
                for kid in re.findall(_REF, kids.group(1)):
                    walk(int(kid[0]), depth + 1)
            else:
                out.append(number)

        top = self._ref(self.catalog, b"Pages")
        if top is None:
            raise ValueError("the PDF's catalog has no page tree")
        walk(top, 0)
        return out

    def destinations(self) -> dict[str, int]:
        """Named destination -> the 0-based index of its page (the catalog's /Dests dictionary)."""
        dests = self._ref(self.catalog, b"Dests")
        if dests is None:
            return {}
        index = {number: i for i, number in enumerate(self.pages())}
        out = {}
        for name, page in _DESTINATION.findall(self.object(dests)):
            if int(page) in index:
                out[_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name).decode("utf-8")] = index[int(page)]
        return out

    def info(self, key: str) -> str:
        """A text entry of the document information dictionary (Title, Producer), '' when absent."""
        number = self._ref(self.trailer, b"Info")
        return string_value(self.object(number), key) if number is not None else ""

    def raw_trailer_entry(self, key: str) -> bytes | None:
        """``/Info 1 0 R`` or ``/ID [<…> <…>]`` as written in the trailer, to repeat in an update."""
        found = re.search(rb"/" + key.encode() + rb"\s+(" + _REF + rb"|\[[^\]]*\])", self.trailer)
        return found.group(0) if found else None


def string_value(dictionary: bytes, key: str) -> str:
    """The text string under ``/key`` in a dictionary: UTF-16 hex (``<FEFF…>``) or a literal ``(…)``."""
    found = re.search(rb"/" + key.encode() + rb"\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\()])*\))", dictionary, re.S)
    if found is None:
        return ""
    value = found.group(1)
    if value.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", value[1:-1]).decode("ascii"))
    else:
        raw = _LITERAL_ESCAPE.sub(lambda m: bytes([int(m.group(1), 8) & 0xFF]) if m.group(1)[:1].isdigit()
                                  else _ESCAPES.get(m.group(1), m.group(1)), value[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")  # Skia writes ASCII so, anything else as UTF-16 (not PDFDocEncoding's extras)
