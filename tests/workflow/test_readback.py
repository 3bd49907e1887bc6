"""What propose, move, review and decide write, ``stelsel check`` reads back as the value written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stelsel.edit import same
from stelsel.load.frontmatter import split_front_matter
from stelsel.load.project import load_project
from stelsel.load.yamlread import parse_yaml
from stelsel.workflow.ops import WorkflowError, decide, move, review
from stelsel.workflow.propose import propose

from .conftest import FIXTURES

KEYWORDS = ["No", "yes", "on", "OFF", "y", "~", "null", "Null", "1:30", "0o17", "017", "1e3", ".inf", "1_000",
            "2026-01-01", "1.0", "1.10", "true", "<<", "=", "---", "...", "- x", "? x", "! x", "& x", "* x",
            "% x", "@x", "`x", "#x", "a: b", "a #b", " lead", "trail ", "[x]", "{x}", "|", ">", "\u2028",
            "\x85", "\t", "\r", "a\nb", "a\n\n", "'", '"']

# Every character a YAML file can hold: all but the control characters (tab, LF, CR and NEL
# excepted), surrogates and U+FFFE/U+FFFF. Those are refused: test_unwritable_text_is_refused...
WRITABLE = st.characters(exclude_categories=["Cc", "Cs"], include_characters="\t\n\r\x85",
                         exclude_characters="\ufffe\uffff")
# Arbitrary text, YAML keywords and indicators, and mixtures of the two.
writable = st.one_of(st.text(WRITABLE), st.sampled_from(KEYWORDS),
                     st.tuples(st.sampled_from(KEYWORDS), st.text(WRITABLE, max_size=8)).map("".join))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@st.composite
def moments(draw, day: dt.date):
    """A date, a naive date-time or one with an offset, on ``day``."""
    kind = draw(st.sampled_from(["date", "naive", "aware"]))
    if kind == "date":
        return day
    time = draw(st.times())
    return dt.datetime.combine(day, time, tzinfo=draw(offsets) if kind == "aware" else None)


def fresh_tree() -> tuple[tempfile.TemporaryDirectory, Path]:
    holder = tempfile.TemporaryDirectory(prefix="stelsel-readback-")
    root = Path(holder.name) / "stelsel"
    shutil.copytree(FIXTURES / "workflow", root)
    return holder, root


def read_like_check(path: Path) -> dict:
    """The front matter of a proposal as ``stelsel check`` reads it."""
    text = path.read_bytes().decode("utf-8")
    front, _body, _line = split_front_matter(text[1:] if text.startswith("\ufeff") else text)
    assert front is not None
    return parse_yaml(front).data


def load_findings(root: Path, rel: str) -> list[str]:
    """The codes ``stelsel check`` reports on ``rel`` while loading: every F (file) and S (schema) finding."""
    return [d.code for d in load_project(root).load_findings if d.path == rel]


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=writable.filter(lambda s: s.strip()),  # an empty title is refused by propose, on purpose
       motivation=writable.filter(bool),  # an empty motivation means: write the placeholder
       reasons=st.lists(writable.filter(bool), min_size=3, max_size=3),  # empty: no reason recorded
       comments=st.lists(writable.filter(bool), min_size=2, max_size=2),
       minutes=writable.filter(bool), conditions=st.lists(writable.filter(bool), min_size=1, max_size=3),
       start=st.dates(dt.date(2024, 1, 1), dt.date.today() - dt.timedelta(days=30)),  # acts are never in the future
       data=st.data())
def test_written_values_read_back_exactly(title, motivation, reasons, comments, minutes, conditions, start, data):
    """Arbitrary strings and dates through propose, move, review and decide read back unchanged; no S or F finding."""
    holder, root = fresh_tree()
    with holder:
        days = [start + dt.timedelta(days=3 * k) for k in range(6)]  # 3 days apart: any offsets keep the order
        done = propose(root, title, type_="redactioneel", items=["MA-001"], authors=["alice"],
                       motivation=motivation, day=days[0])
        ident, rel = done.proposal, done.path
        path = root / rel
        assert read_like_check(path)["title"] == title.strip()
        assert read_like_check(path)["motivation"] == motivation

        ats = [data.draw(moments(days[k])) for k in range(3)]
        move(root, ident, "ingediend", "alice", reason=reasons[0], at=ats[0])
        move(root, ident, "in_behandeling", "carol", reason=reasons[1], at=ats[1])
        review(root, ident, "carol", "akkoord", comment=comments[0], date=days[2])
        review(root, ident, "dave", "akkoord_met_opmerkingen", comment=comments[1], date=days[3])
        last_at = data.draw(moments(days[4]))
        move(root, ident, "ter_besluitvorming", "alice", reason=reasons[2], at=last_at)
        decide(root, ident, "bob", "aangenomen", minutes=minutes, conditions=conditions, date=days[5])

        front = read_like_check(path)
        assert front["title"] == title.strip() and front["motivation"] == motivation
        history = front["history"]
        assert [h["reason"] for h in history] == reasons
        for entry, at in zip(history, [*ats[:2], last_at]):
            assert same(entry["at"], at), (entry["at"], at)
        assert [r["comment"] for r in front["reviews"]] == comments
        assert [r["date"] for r in front["reviews"]] == days[2:4]
        decision = front["decision"]
        assert decision["minutes"] == minutes and decision["conditions"] == conditions
        assert same(decision["date"], days[5])
        assert front["status"] == "ter_besluitvorming"

        codes = load_findings(root, rel)
        assert not [c for c in codes if c[0] in "SF"], codes


def _with_unwritable(text: str, bad: str, at: int) -> str:
    at = min(at, len(text))
    return text[:at] + bad + text[at:]


unwritable = st.builds(_with_unwritable, st.text(max_size=10),
                       st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\ud800", "\udcff", "\ufffe"]),
                       st.integers(0, 10))


@settings(max_examples=10, deadline=None, database=None)
@given(bad=unwritable)
def test_unwritable_text_is_refused_and_nothing_written(bad):
    """Text with a character YAML cannot hold (NUL, a control, a lone surrogate) is refused; no file changes."""
    holder, root = fresh_tree()
    with holder:
        for call in (lambda: propose(root, "x" + bad, items=["MA-001"], authors=["alice"]),
                     lambda: propose(root, "Titel", items=["MA-001"], authors=["alice"], motivation=bad)):
            with pytest.raises(WorkflowError, match=r"U\+[0-9A-F]{4}.*cannot hold") as refused:
                call()
            assert refused.value.exit_code == 2
        assert not list((root / "changes").glob("*.md"))

        done = propose(root, "Titel", type_="redactioneel", items=["MA-001"], authors=["alice"])
        ident, path = done.proposal, root / done.path
        move(root, ident, "ingediend", "alice")
        move(root, ident, "in_behandeling", "carol")
        review(root, ident, "carol", "akkoord")
        review(root, ident, "dave", "akkoord")
        move(root, ident, "ter_besluitvorming", "alice")  # now every act below is allowed, but for the text
        before = path.read_bytes()
        for call in (lambda: move(root, ident, "ingetrokken", "alice", reason=bad),
                     lambda: review(root, ident, "carol", "akkoord", comment=bad),
                     lambda: decide(root, ident, "bob", "aangenomen", minutes=bad),
                     lambda: decide(root, ident, "bob", "aangenomen", conditions=["ok", bad])):
            with pytest.raises(WorkflowError, match=r"U\+[0-9A-F]{4}.*cannot hold") as refused:
                call()
            assert refused.value.exit_code == 2
            assert path.read_bytes() == before


def test_yaml_keywords_through_the_cli_check_clean(tree, stelsel):
    """`propose --title No`, then move, review and decide with YAML 1.1 keywords: `stelsel check` has no S or F finding."""
    result = stelsel.at("propose", "--title", "No", "--motivation", "yes", "--item", "MA-001", "--author", "alice",
                        "--type", "redactioneel")
    assert result.exit_code == 0, result.output
    (path,) = (tree / "changes").glob("*.md")
    ident = path.stem
    for args in (
        ("move", ident, "ingediend", "--as", "alice", "--reason", "on", "--at", "2024-03-01T09:30:00+01:00"),
        ("move", ident, "in_behandeling", "--as", "carol", "--reason", "1:30", "--at", "2024-03-02"),
        ("review", ident, "--as", "carol", "--verdict", "akkoord", "--comment", "0o17", "--date", "2024-03-03"),
        ("review", ident, "--as", "dave", "--verdict", "akkoord", "--comment", "1e3", "--date", "2024-03-04"),
        ("move", ident, "ter_besluitvorming", "--as", "alice", "--reason", "~", "--at", "2024-03-05"),
        ("decide", ident, "--as", "bob", "--outcome", "aangenomen", "--minutes", "1.10", "--condition", "null",
         "--condition", "2026-01-01", "--date", "2024-03-09"),
    ):
        result = stelsel.at(*args)
        assert result.exit_code == 0, result.output
    front = read_like_check(path)
    assert (front["title"], front["motivation"]) == ("No", "yes")
    assert [h["reason"] for h in front["history"]] == ["on", "1:30", "~"]
    assert front["history"][0]["at"] == dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert [r["comment"] for r in front["reviews"]] == ["0o17", "1e3"]
    assert front["decision"]["minutes"] == "1.10" and front["decision"]["conditions"] == ["null", "2026-01-01"]
    check = stelsel.check("--format", "json")
    codes = [d["code"] for d in json.loads(check.output)["diagnostics"] if d["path"] == f"changes/{ident}.md"]
    assert codes and not [c for c in codes if c[0] in "SF"], codes  # W017 only: it was checked, and is valid
