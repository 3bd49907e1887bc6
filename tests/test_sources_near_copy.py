"""The content is written in the project's own words: no passage of ten or more consecutive words
is shared with one of the five source documents.

The sources (``../shared/seeds/``, Dutch wiki exports under CC BY-SA 4.0) give the facts; the
sentences of the framework are the project's own. Words are compared case-insensitively with
punctuation ignored (a word is a run of letters and digits). Checked are the content files of
the working tree (``afsprakenstelsel/**``) and of every frozen release after 1.0
(``releases/<version>/afsprakenstelsel/**``); in both the release register (``releases/``) is
left out, and the frozen releases 0.8, 0.9 and 1.0 are history that no edit may change.

Allowed, and therefore removed before comparing:

- the motto, "de juiste informatie, op de juiste plek, op het juiste moment, voor zorgverlener
  en patiënt", in whole or in part (it is quoted on purpose);
- web addresses (a licence URL is a reference, not a sentence);
- a marked quotation: text between the Dutch quotation marks „ and ” (or “ and ”), in an item
  that names the source it quotes in ``sources``; and in a Markdown page, a block quotation
  (lines starting with ``>``). A quotation is at most 60 words: anything longer is a copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
N = 10
MAX_QUOTE_WORDS = 60
FROZEN_HISTORY = {"0.5", "0.8", "0.9", "0.95", "1.0"}

WORD = re.compile(r"[^\W_]+")
URL = re.compile(r"https?://\S+")  # an address is a reference, not a sentence
BULLET = re.compile(r"^[ \t]*Å[ \t]*", re.MULTILINE)  # the slide export's bullet glyph
QUOTE = re.compile(r"[„“]([^„“”]*)”")
BLOCKQUOTE = re.compile(r"^[ \t]*>(?![-|>]).*$", re.MULTILINE)
MOTTO = re.compile(
    r"\b(?:de juiste informatie|op de juiste plek|op het juiste moment|voor zorgverlener en patiënt)"
    r"(?: (?:de juiste informatie|op de juiste plek|op het juiste moment|voor zorgverlener en patiënt))*\b"
)
GAP = "\x00"  # stands where removed text was, so no passage runs across it


def words(text: str) -> list[str]:
    """The words of a text, lower case, punctuation dropped; GAP kept as a word of its own."""
    out: list[str] = []
    for part in URL.sub(GAP, text).split(GAP):
        if out:
            out.append(GAP)
        out.extend(w.lower() for w in WORD.findall(part))
    return out


def without_motto(tokens: list[str]) -> list[str]:
    """The words with every run of the motto's parts replaced by GAP."""
    joined = " ".join(tokens)
    return MOTTO.sub(GAP, joined).split(" ")


def without_quotations(text: str, markdown: bool) -> tuple[str, list[str], list[str]]:
    """The text with its marked quotations replaced by GAP, the quotations cut, and those too long to cut."""
    too_long: list[str] = []
    quotes: list[str] = []

    def cut(match: re.Match) -> str:
        if len(words(match.group(0))) > MAX_QUOTE_WORDS:
            too_long.append(match.group(0)[:80])
            return match.group(0)
        quotes.append(match.group(0))
        return GAP

    text = QUOTE.sub(cut, text)
    if markdown:
        text = BLOCKQUOTE.sub(cut, text)
    return text, quotes, too_long


def ngrams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + N]) for i in range(len(tokens) - N + 1) if GAP not in tokens[i:i + N]}


def shared_passages(tokens: list[str], seed_grams: set[tuple[str, ...]]) -> list[str]:
    """Each maximal run of words in tokens made of N-grams found in the seed, as text."""
    hits = [i for i in range(len(tokens) - N + 1) if tuple(tokens[i:i + N]) in seed_grams]
    passages: list[str] = []
    start = end = None
    for i in hits:
        if start is not None and i <= end:
            end = i + N
            continue
        if start is not None:
            passages.append(" ".join(tokens[start:end]))
        start, end = i, i + N
    if start is not None:
        passages.append(" ".join(tokens[start:end]))
    return passages


def content_roots() -> list[Path]:
    """The working tree's content and that of every frozen release after 1.0."""
    roots = [REPO / "afsprakenstelsel"]
    releases = REPO / "releases"
    if releases.is_dir():
        for folder in sorted(releases.iterdir()):
            if folder.name not in FROZEN_HISTORY and (folder / "afsprakenstelsel").is_dir():
                roots.append(folder / "afsprakenstelsel")
    return roots


def content_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".md"}
                  and "releases" not in p.relative_to(root).parts[:1])


@pytest.fixture(scope="module")
def seed_grams() -> dict[str, set[tuple[str, ...]]]:
    """The N-grams of each source document, the motto removed."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the source documents are not available ({SEEDS} is missing): near-copy test skipped")
    grams = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        text = BULLET.sub("", seed.read_text(encoding="utf-8"))
        grams[seed.name] = ngrams(without_motto(words(text)))
    return grams


def test_helpers_find_a_copied_passage():
    """The matcher finds a ten-word run across case and punctuation, and not one broken by a change or a quotation."""
    seed = ngrams(words("De eigen helpdesk onderzoekt het probleem en zoekt naar een mogelijke oplossing."))
    assert shared_passages(words("dus: de Eigen helpdesk onderzoekt het probleem, en zoekt naar een mogelijke oplossing!"),
                           seed) == ["de eigen helpdesk onderzoekt het probleem en zoekt naar een mogelijke oplossing"]
    assert shared_passages(words("De eigen helpdesk bekijkt het probleem en zoekt naar een mogelijke oplossing."),
                           seed) == []
    quoted, quotes, too_long = without_quotations(
        "Zij schrijft: „De eigen helpdesk onderzoekt het probleem en zoekt naar een mogelijke oplossing.”", False)
    assert too_long == [] and len(quotes) == 1 and shared_passages(words(quoted), seed) == []
    motto = without_motto(words("Draagt dit bij aan de juiste informatie, op de juiste plek, op het juiste moment?"))
    assert GAP in motto and "plek" not in motto


def test_no_passage_of_ten_words_copied_from_a_source(seed_grams):
    """No content file of the working tree or of a release after 1.0 shares ten consecutive words with a source."""
    found: list[str] = []
    checked = 0
    for root in content_roots():
        for path in content_files(root):
            raw = path.read_text(encoding="utf-8")
            text, quotes, too_long = without_quotations(raw, path.suffix == ".md")
            rel = path.relative_to(REPO)
            found.extend(f"{rel}: quotation longer than {MAX_QUOTE_WORDS} words: {q}…" for q in too_long)
            tokens = without_motto(words(text))
            checked += 1
            for seed, grams in seed_grams.items():
                found.extend(f"{rel} ~ {seed}: {p}" for p in shared_passages(tokens, grams))
                source_id = "S" + seed.split("_", 1)[0]
                if source_id not in raw:  # a quotation counts only in an item that names its source
                    for quote in quotes:
                        found.extend(f"{rel} ~ {seed}: quoted without naming {source_id}: {p}"
                                     for p in shared_passages(without_motto(words(quote)), grams))
    assert checked > 100
    assert not found, "passages copied from a source (rewrite them in the project's own words):\n" + "\n".join(found)
