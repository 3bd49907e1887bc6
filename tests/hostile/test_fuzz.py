"""Fuzzing the loader: arbitrary bytes and YAML-ish documents never raise, every finding's line is in the
file, and a cached check says exactly what an uncached one says (issue 15, point 6).

Bounded (``max_examples``, no deadline) so it runs in CI in seconds; hypothesis keeps its own
example database out of the way (``database=None``), so a run leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stelsel.check import check_tree
from stelsel.load.project import read_source

from ..helpers import CONTENT, FIXTURES
from .common import places

_BREAK = re.compile(rb"\r\n|\r|\n")

# Pieces people and attackers put in YAML: structure, quotes, brackets, tags, anchors, merge
# keys, odd line breaks and characters, links, dates, numbers, nothing.
KEYS = st.sampled_from(["kind", "id", "title", "status", "sources", "extra", "related", "description", "~", "<<",
                        "? a", "- ", "1", "yes", "a b", "'q'", '"q', "[k]", "!!binary k", "&x k", "ключ", ""])
VALUES = st.one_of(
    st.sampled_from(["role", "r", "zorgaanbieder", "gereed", "[S1]", "[", "]", "{", "}", "{a: 1}", "'", '"', "''",
                     '"\\u2028"', "&a", "*a", "&a [1]", "!!binary aGk=", "!thing", "!thing {}", "!!python/object [1]",
                     "!!str x", "!!int 3", "|", ">-", "---", "...", "\t", "2026-13-45", "2026-01-01", "~", "\u2028",
                     "\x85", "\u2029", "\ufeff", "\x00", "\x1b[31m", "#", "[[zorgaanbieder]]", "[[nope]]", "1e999",
                     "0x1F", "-", "- a", "%YAML 1.1", "? ", ": ", "\\", "\udcff"[:0], "é", "日本"]),
    st.text(max_size=12),
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def yamlish(draw) -> bytes:
    lines = []
    if draw(st.booleans()):
        lines += ["kind: role", "id: r", "title: Rol", "status: gereed", "sources: [S1]"]
    for _ in range(draw(st.integers(0, 12))):
        indent = " " * draw(st.integers(0, 6))
        values = " ".join(draw(st.lists(VALUES, min_size=0, max_size=3)))
        lines.append(f"{indent}{draw(KEYS)}: {values}" if draw(st.booleans()) else f"{indent}- {values}")
    end = draw(LINE_ENDS)
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        raw = b"\xef\xbb\xbf" + raw
    return raw


def line_count(raw: bytes) -> int:
    """Lines as an editor shows them: LF, CRLF and CR end a line; a final line break starts no new one."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    breaks = len(_BREAK.findall(raw))
    return max(1, breaks + (0 if not raw or raw[-1:] in (b"\n", b"\r") else 1))


def _assert_lines_within(findings, raw: bytes) -> None:
    limit = line_count(raw)
    for finding in findings:
        assert 0 <= finding.line <= limit, (finding, limit)
        assert finding.col >= 0
        assert finding.line != 0 or finding.col == 0, finding


def _read_both(rel: str, raw: bytes) -> None:
    sf, findings = read_source(rel, raw, "digest")
    _assert_lines_within(findings, raw)
    for loc in list(sf.positions)[:200]:
        assert 1 <= sf.position(loc)[0] <= line_count(raw)


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise_and_findings_stay_in_the_file(raw):
    """Any bytes as a .yaml or a .md file: read_source returns findings, each on a line the file has."""
    _read_both(CONTENT + "rollen/r.yaml", raw)
    _read_both(CONTENT + "paginas/p.md", b"---\n" + raw)


@settings(max_examples=200, deadline=None, database=None)
@given(yamlish())
def test_yamlish_documents_never_raise_and_findings_stay_in_the_file(raw):
    """YAML-ish text with quotes, brackets, tags, anchors and odd line breaks: no exception, lines in range."""
    _read_both(CONTENT + "rollen/r.yaml", raw)
    _read_both(CONTENT + "paginas/p.md", b"---\n" + raw + b"\n---\nTekst [[r]].\n")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish())
def test_a_whole_check_is_the_same_cached_and_uncached(raw):
    """A tree with a fuzzed role file and page: no rule crashes, lines are in range, and cached == uncached."""
    base = Path(tempfile.mkdtemp(prefix="stelsel-fuzz-"))
    try:
        root = base / "tree"
        shutil.copytree(FIXTURES / "minimal", root)
        (root / "changes").mkdir()
        page = b"---\n" + raw + b"\n---\nTekst [[r]].\n"
        (root / CONTENT / "rollen/r.yaml").write_bytes(raw)
        (root / CONTENT / "paginas/p.md").write_bytes(page)
        fresh = check_tree(root, use_cache=False)
        assert not fresh.crashed, fresh.crashed
        _assert_lines_within([d for d in fresh.diagnostics if d.path == CONTENT + "rollen/r.yaml"], raw)
        _assert_lines_within([d for d in fresh.diagnostics if d.path == CONTENT + "paginas/p.md"], page)
        warm, cached = check_tree(root), check_tree(root)
        assert places(warm.diagnostics) == places(fresh.diagnostics) == places(cached.diagnostics)
    finally:
        shutil.rmtree(base, ignore_errors=True)
