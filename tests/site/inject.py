"""Hostile content for the safe-output tests: raw HTML and unsafe links in every place prose reaches a page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# Each payload, if it ran, would raise window.__xss; none may.
SCRIPT = "<script>window.__xss = (window.__xss || 0) + 1</script>"
IMG = '<img src="x.png" onerror="window.__xss = 99">'
LINKS = ("[klik hier](javascript:window.__xss=2) en [of hier](&#106;avascript:window.__xss=3) en "
         '<a href="data:text/html,hallo">data</a>')
IFRAME = '<iframe src="https://example.org/"></iframe>'
PAYLOAD = f"Let op: <b>vet</b> {SCRIPT} {IMG} {LINKS} {IFRAME}"
TITLE = "Beveiliging (zie 'NEN') en meer"
HOSTILE_TITLE = "</title><img src=\"x.png\" onerror=\"window.__xss = 7\"> en meer"



def _yaml_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _append_to(path: Path, key: str, extra: str) -> None:
    """Replace the one-line YAML value of ``key`` with its text plus ``extra``."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(f"{key}: ") and not line.endswith(">-"):
            value = line[len(key) + 2:]
            lines[index] = f"{key}: {_yaml_text(value + ' ' + extra)}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"fixture drift: no one-line {key} in {path}")


def inject(root: Path) -> None:
    """Put :data:`PAYLOAD` into statements, a rationale, a definition, a role's responsibility, a
    layer's description, the purpose, a page body and a proposal body; append :data:`HOSTILE_TITLE`
    to a role's title; give TA-003 :data:`TITLE`."""
    content = root / "afsprakenstelsel"
    ta1 = content / "afspraken" / "TA-001.yaml"
    _append_to(ta1, "statement", PAYLOAD)
    ta1.write_text(ta1.read_text(encoding="utf-8") + f"rationale: {_yaml_text(LINKS + ' ' + SCRIPT)}\n",
                   encoding="utf-8")
    _append_to(content / "begrippen" / "term-gtk.yaml", "definition", PAYLOAD)
    role = content / "rollen" / "zorgaanbieder.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "  - Richt een servicedesk in voor de eigen zorgverleners.",
        f"  - {_yaml_text('Richt een servicedesk in. ' + PAYLOAD)}"), encoding="utf-8")
    config = content / "stelsel.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    description: Samenwerking en verantwoordelijkheden tussen organisaties.",
                        f"    description: {_yaml_text('Samenwerking. ' + PAYLOAD)}")
    text = re.sub(r"(purpose: >-\n  .*\n  .*\n)", lambda m: m.group(1) + f"  {PAYLOAD.replace(': ', ' ')}\n", text)
    config.write_text(text, encoding="utf-8")
    page = content / "paginas" / "inleiding.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{PAYLOAD}\n\n{SCRIPT}\n", encoding="utf-8")
    proposal = root / "changes" / "WV-001.md"
    proposal.write_text(proposal.read_text(encoding="utf-8") + f"\n\n{PAYLOAD}\n", encoding="utf-8")
    _append_to(role, "title", HOSTILE_TITLE)  # in the navigation, headings, link texts and <title>
    ta3 = content / "afspraken" / "TA-003.yaml"
    ta3.write_text(re.sub(r"^title: .*$", f"title: {_yaml_text(TITLE)}", ta3.read_text(encoding="utf-8"),
                          count=1, flags=re.M), encoding="utf-8")


class _Live(HTMLParser):
    """Collects what of the payload a browser would run: elements and attributes, not text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            target = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name in ("href", "src") and target.startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self._script and "__xss" in data:
            self.found.append("<script>" + data[:40])

    def handle_endtag(self, tag):
        self._script = False


def live_markup(html: str) -> list[str]:
    """Any payload that came out as live markup in a built page (an element, a handler, a link target)."""
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found
