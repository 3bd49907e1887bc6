"""`stelsel schemas`: write or verify the JSON Schemas."""

from __future__ import annotations

from stelsel.cli.main import cli
from stelsel.model import KINDS


def test_write_then_check(runner, tmp_path):
    """Writing schemas to a folder makes --check pass; a second write changes nothing."""
    out = tmp_path / "schemas"
    first = runner.invoke(cli, ["schemas", "--out", str(out)])
    assert first.exit_code == 0
    from stelsel.schemas import external_formats

    assert f"{len(KINDS) + len(external_formats())} schema file(s) written" in first.output
    assert "up to date" in runner.invoke(cli, ["schemas", "--out", str(out)]).output
    assert runner.invoke(cli, ["schemas", "--out", str(out), "--check"]).exit_code == 0


def test_check_reports_out_of_date(runner, tmp_path):
    """--check exits 1 and names each stale file with the command that fixes it; it writes nothing."""
    out = tmp_path / "schemas"
    runner.invoke(cli, ["schemas", "--out", str(out)])
    (out / "role.schema.json").write_text("{}\n")
    result = runner.invoke(cli, ["schemas", "--out", str(out), "--check"])
    assert result.exit_code == 1
    assert "role.schema.json: out of date; run 'stelsel schemas'" in result.output
    assert (out / "role.schema.json").read_text() == "{}\n"
