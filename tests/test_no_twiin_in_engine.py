"""No Twiin and no Dutch in the engine: words for people come from the framework's data or a catalogue.

Issue 18, point 2: item and release statuses, the names of kinds and of the layer model are
framework data; a framework in English must not get Dutch or Twiin words from the engine.
The search looks at what the engine says, not at what it is: string literals in the Python
modules of ``tooling/stelsel`` (docstrings and comments left out) and the text of its
templates, for Twiin's own words and common Dutch ones. ``vocabulary.py`` (the Dutch
vocabulary, until the catalogues of point 3 hold it) and ``workflow/starters/nl.py`` (what
``stelsel init --language nl`` writes) are the files allowed to hold them; the message
catalogues (``i18n/*.yaml``) are data, not searched.

Issue 18, point 3 moves the text into the catalogues module by module: the modules in
CONVERTED must say no Dutch word at all; a literal that is a stored value (a status the model
knows, e.g. ``vastgesteld``) or an address (a page path, an entry ID) is an identifier, not
text, and is let through there. Since every module is converted, the whole engine is searched too and must hold none.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path


ENGINE = Path(__file__).resolve().parent.parent / "tooling" / "stelsel"
# Dutch by purpose: the Dutch vocabulary (point 3 moves it into a catalogue) and init's Dutch starter
ALLOWED = {"vocabulary.py", "workflow/starters/nl.py"}
TEMPLATE_SUFFIXES = (".html", ".md", ".xml", ".txt", ".css", ".js")
TWIIN = ("twiin", "zorgtoepassing", "zorgtoepassingen", "interoperabiliteitsmodel", "zorgaanbieder", "zorgaanbieders",
         "zorgverlener", "zorgverleners", "knooppunt", "aansluitvoorwaarde", "aansluitvoorwaarden", "afsprakenstelsel",
         "gtk")
DUTCH = ("afspraak", "afspraken", "gewijzigd", "toegevoegd", "verwijderd", "vervallen", "vastgesteld", "gereed",
         "gepubliceerd", "gepland", "bevroren", "voorbereiding", "besluit", "voorstel", "voorstellen",
         "wijzigingsvoorstel", "geldt", "gelden", "laag", "lagen", "niveau", "rollen", "begrip", "begrippen", "bronnen",
         "onderdeel", "sinds", "versie", "nieuwste", "wijziging", "wijzigingen", "overgenomen", "reactie", "reacties",
         "verantwoordelijkheden", "toelichting", "bewijslast", "onderbouwing", "inleiding", "het", "een", "niet",
         "zijn", "wordt", "deze", "voor", "naar", "bij", "ook")
WORDS = re.compile(r"(?<![\w-])(" + "|".join(TWIIN + DUTCH) + r")(?![\w-])", re.IGNORECASE)

# Modules whose text comes from the message catalogues (issue 18 point 3, so far).
CONVERTED = ("i18n/__init__.py", "qualify/pdf.py", "qualify/pdf_changes.py", "qualify/state.py",
             "qualify/templates/release.html", "qualify/checklist.py", "qualify/xlsx.py", "site/checklists.py",
             "workflow/feeds.py", "site/data.py", "site/templates/feed.xml", "site/home.py", "site/role_pages.py",
             "site/agreements.py", "site/catalog.py",
             "site/config.py",
             "model/__init__.py", "release/changelog.py", "release/render.py", "load/tree.py", "schemas.py",
             "cli/diff_cmd.py", "cli/common.py", "cli/pdf_cmd.py", "rules/files.py", "rules/release.py",
             "rules/release_acts.py", "workflow/ops.py", "model/proposal.py", "model/framework.py",
             "cli/consult_cmd.py", "workflow/channel.py", "workflow/consult_import.py", "rules/consultation.py",
             "workflow/propose.py", "site/links.py",
             "model/status.py", "load/statuses.py", "model/base.py", "release/pin.py", "release/role_diff.py",
             "rules/anchor.py", "release/released_text.py",
             "site/history.py", "site/consultation.py", "site/items.py", "site/pages.py", "site/plugin.py",
             "site/build.py", "site/crossversion.py", "site/findings.py", "site/text.py", "site/prose_diff.py",
             "site/overrides/404.html", "site/overrides/main.html", "site/templates/findings.html",
             "site/templates/item_versions.html", "site/templates/successor.html", "site/templates/redirect.html",
             "site/templates/parts.html")
# Values the files store and the code compares with: item, release and answer statuses, version aliases.
STORED_VALUES = {"concept", "gereed", "vastgesteld", "vervallen", "gepland", "in_voorbereiding", "bevroren",
                 "gepubliceerd", "kandidaat", "overgenomen", "deels-overgenomen", "niet-overgenomen"}
# An address, not text: a page path or an ID ("wijzigingen/rollen/{slug(role)}.md", "urn:stelsel:{x}:besluit:{y}").
ADDRESS = re.compile(r"[\w.{}()\[\]'-]*[/:][\w./:{}()\[\]'-]*|[\w/{}()-]+\.md")


def _python_strings(text: str):
    """(line, literal) of every string literal that is not a docstring."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    previous = None
    for token in tokens:
        if token.type == tokenize.STRING:
            docstring = previous is None or previous.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE) \
                and token.line.strip().startswith(token.string[:3]) and token.string.lstrip("rbuRBUfF")[:3] in ('"""', "'''")
            if not docstring:
                yield token.start[0], token.string
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token


def _identifier(literal: str) -> bool:
    """Whether a string literal is a stored value or an address (see the module's docstring), not text."""
    inner = re.sub(r"^[rbuRBUfF]*", "", literal)
    inner = inner[3:-3] if inner[:3] in ('"""', "'''") else inner[1:-1]
    return inner in STORED_VALUES or ADDRESS.fullmatch(inner) is not None


def findings(root: Path = ENGINE, only: tuple[str, ...] | None = None) -> list[str]:
    """``path:line: word`` for every Dutch or Twiin word the engine would say, outside the allowed files;
    with ``only``, in those files alone, identifiers (stored values, addresses) let through."""
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or rel in ALLOWED or "__pycache__" in path.parts or (only and rel not in only):
            continue
        if path.suffix == ".py":
            for line, literal in _python_strings(path.read_text(encoding="utf-8")):
                if only and _identifier(literal):
                    continue
                for match in WORDS.finditer(literal):
                    found.append(f"{rel}:{line}: {match.group(1)}")
        elif path.suffix in TEMPLATE_SUFFIXES:
            for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
                if only:  # a quoted stored value or address in a template's code ("gereed") is an identifier
                    text = re.sub(r'"[^"]*"', lambda m: '""' if _identifier(m.group(0)) else m.group(0), text)
                for match in WORDS.finditer(text):
                    found.append(f"{rel}:{number}: {match.group(1)}")
    return found


def test_the_search_finds_a_word_in_a_literal_and_not_in_a_docstring_or_comment(tmp_path):
    """A Dutch word in a string literal or a template is found; in a docstring or a comment it is not."""
    (tmp_path / "mod.py").write_text('"""Een afspraak."""\n\n\ndef f():\n    """Het voorstel."""\n'
                                     '    # de afspraak\n    return "Alle afspraken"\n', encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>Use case</p>\n<p>Zorgtoepassingen</p>\n", encoding="utf-8")
    (tmp_path / "vocabulary.py").write_text('X = "afspraak"\n', encoding="utf-8")
    assert findings(tmp_path) == ["mod.py:7: afspraken", "page.html:2: Zorgtoepassingen"]


def test_identifiers_are_let_through_only_in_the_converted_search(tmp_path):
    """A stored status value or a page path passes the converted modules' search; text around it does not."""
    (tmp_path / "mod.py").write_text('A = "vastgesteld"\nB = f"wijzigingen/rollen/{x}.md"\n'
                                     'C = "Release vastgesteld"\nD = "afspraken/overig.md"\n', encoding="utf-8")
    assert findings(tmp_path, only=("mod.py",)) == ["mod.py:3: vastgesteld"]
    assert len(findings(tmp_path)) == 5


def test_the_converted_modules_say_no_dutch_word():
    """The modules whose text comes from the catalogues hold no Dutch or Twiin word in their strings or templates."""
    assert all((ENGINE / rel).is_file() for rel in CONVERTED)
    assert findings(only=CONVERTED) == []


def test_no_dutch_or_twiin_words_in_the_engine():
    """No string the engine shows and no template holds a Dutch or Twiin word (outside the Dutch vocabulary)."""
    found = findings()
    per_file: dict[str, int] = {}
    for entry in found:
        per_file[entry.split(":", 1)[0]] = per_file.get(entry.split(":", 1)[0], 0) + 1
    summary = ", ".join(f"{name} {count}" for name, count in sorted(per_file.items(), key=lambda kv: -kv[1]))
    assert found == [], f"{len(found)} Dutch or Twiin word(s) in {len(per_file)} file(s): {summary}"
