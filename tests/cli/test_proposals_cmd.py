"""'stelsel proposals' fits a terminal: 100 columns, counts not lists, ellipses, --wide, filter values checked."""

from __future__ import annotations

import json

from stelsel.cli.main import cli
from stelsel.cli.proposals_table import layout

from ..helpers import REPO


def _lines(result) -> list[str]:
    return result.stdout.splitlines()


def test_shipped_framework_fits_100_columns(runner):
    """On the shipped framework every line is at most 100 characters; the founding proposal shows a count, not 200 IDs."""
    result = runner.invoke(cli, ["proposals", "-C", str(REPO)])
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert lines[0].split() == ["ID", "STATUS", "ITEMS", "ENDS", "NEXT", "TITLE"]
    assert max(len(line) for line in lines) <= 100
    rows = json.loads(runner.invoke(cli, ["proposals", "-C", str(REPO), "--format", "json"]).stdout)
    founding = max(rows, key=lambda r: len(r["items"]))
    assert len(founding["items"]) > 100
    line = next(line for line in lines if line.startswith(founding["id"][:20]))
    assert f"  {len(founding['items'])}  " in line and founding["items"][-1] not in line
    assert any(line.rstrip().endswith("…") for line in lines)  # long titles are cut, visibly


def test_consultation_end_and_next_actor(runner):
    """ENDS shows a proposal's consultation end; NEXT who may move an open proposal on ('-' for a final state)."""
    rows = json.loads(runner.invoke(cli, ["proposals", "-C", str(REPO), "--format", "json"]).stdout)
    wide = _lines(runner.invoke(cli, ["proposals", "-C", str(REPO), "--wide"]))
    header = wide[0]
    ends, nxt = header.index("ENDS"), header.index("NEXT")
    by_id = {line.split()[0]: line for line in wide[1:-1]}
    open_row = next(r for r in rows if r["status"] in ("ingediend", "consultatie"))  # the shipped content's open ones
    assert by_id[open_row["id"]][nxt:].startswith("twiin-afsprakenbeheer or ")
    founding = next(r for r in rows if r["id"].startswith("CP-20201201"))
    assert by_id[founding["id"]][ends:ends + 10] == "2021-01-15"
    assert by_id[founding["id"]][nxt:nxt + 2] == "- "


def test_wide_shows_everything(runner):
    """--wide has type, release, working group and the items themselves, uncut."""
    rows = json.loads(runner.invoke(cli, ["proposals", "-C", str(REPO), "--format", "json"]).stdout)
    wide = runner.invoke(cli, ["proposals", "-C", str(REPO), "--wide"])
    assert wide.exit_code == 0
    assert _lines(wide)[0].split()[:6] == ["ID", "STATUS", "TYPE", "RELEASE", "WORKING", "GROUP"]
    for row in rows:
        assert row["title"] in wide.stdout and ", ".join(row["items"]) in wide.stdout and row["id"] in wide.stdout
    assert "…" not in wide.stdout


def test_unknown_filter_values_are_usage_errors(runner):
    """A misspelt --status, --release, --working-group or --item exits 2 with did-you-mean, instead of 'no proposals match'."""
    for option, value, suggestion in (("--status", "aangenomn", "'aangenomen'"), ("--release", "1.01", "'1.0'"),
                                      ("--working-group", "wg-organisatei", "'wg-organisatie'"),
                                      ("--item", "TA-0611", "'TA-061'")):
        result = runner.invoke(cli, ["proposals", "-C", str(REPO), option, value])
        assert result.exit_code == 2, (option, result.output)
        assert f"Invalid value for '{option}'" in result.stderr and f"'{value}'" in result.stderr, result.stderr
        assert "did you mean" in result.stderr and suggestion in result.stderr, result.stderr
    nothing = runner.invoke(cli, ["proposals", "-C", str(REPO), "--status", "concept"])
    assert nothing.exit_code == 0 and nothing.stdout == "no proposals match\n"


def test_layout_cuts_only_what_does_not_fit():
    """layout leaves a table that fits alone and cuts the named columns, with an ellipsis, when it does not."""
    rows = [("a", "x" * 10)]
    assert layout(rows, ("A", "B"), 100, ((1, 3),)) == ["A  B", "a  xxxxxxxxxx"]
    cut = layout(rows, ("A", "B"), 8, ((1, 3),))
    assert cut == ["A  B", "a  xxxx…"] and all(len(line) <= 8 for line in cut)
    hard = layout([("y" * 20, "x")], ("A", "B"), 8, ())
    assert all(len(line) <= 8 for line in hard) and hard[1].endswith("…")
