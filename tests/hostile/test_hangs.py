"""Never a hang: pipes are not opened, user patterns cannot backtrack (issue 15, 'Hangs')."""

from __future__ import annotations

import os
import socket

import pytest

from ..helpers import CONTENT, deadline, make_tree, replace
from .common import check_both, codes_at

CONFIG = CONTENT + "stelsel.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_named_pipe_is_skipped_without_being_opened(tmp_path):
    """A FIFO named rollen/pijp.yaml is F012 'named pipe ... never opened', cached and uncached alike."""
    root = make_tree(tmp_path / "tree")
    os.mkfifo(root / CONTENT / "rollen/pijp.yaml")
    with deadline(60):
        diags = check_both(root)
    assert codes_at(diags, CONTENT + "rollen/pijp.yaml") == [("F012", 0)]
    assert "named pipe" in diags[0].message and "never opened" in diags[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_link_to_a_named_pipe_inside_the_tree_is_skipped(tmp_path):
    """A symbolic link to a FIFO elsewhere in the tree is not opened either."""
    root = make_tree(tmp_path / "tree")
    os.mkfifo(root / "pijp")
    os.symlink("../../pijp", root / CONTENT / "rollen/link.yaml")
    with deadline(60):
        diags = check_both(root)
    assert codes_at(diags, CONTENT + "rollen/link.yaml") == [("F012", 0)]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_skipped(tmp_path):
    """A Unix socket among the content is F012 'a socket'."""
    root = make_tree(tmp_path / "tree")
    path = root / CONTENT / "rollen/s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        diags = check_both(root)
    finally:
        server.close()
    assert codes_at(diags, CONTENT + "rollen/s.yaml") == [("F012", 0)] and "socket" in diags[0].message


def test_a_catastrophic_pattern_with_a_long_id_returns(tmp_path):
    """id_patterns role '^(T+)+$' and a role ID of 5,000 T's then 'x': I001 quickly (RE2), not a hang."""
    ident = "T" * 5000 + "x"
    root = make_tree(tmp_path / "tree", {
        CONFIG: replace("id_patterns:\n", "id_patterns:\n  role: '^(T+)+$'\n"),
        CONTENT + "rollen/lang.yaml": f"kind: role\nid: {ident}\ntitle: Lang\nstatus: gereed\nsources: [S1]\n",
    })
    with deadline(60):
        diags = check_both(root)
    found = [(d.code, d.line) for d in diags if d.path == CONTENT + "rollen/lang.yaml" and d.code == "I001"]
    assert found == [("I001", 2)]


@pytest.mark.parametrize("pattern, reason", [
    (r"^(TA)-\1$", "invalid escape sequence"),
    (r"^(?=TA)TA-[0-9]+$", "invalid perl operator"),
    ("^(" * 600 + ")" * 600, "at most 1000"),
])
def test_a_pattern_the_safe_engine_cannot_run_is_a_finding_at_its_line(tmp_path, pattern, reason):
    """Back-references, look-ahead and over-long patterns: S006 at the pattern's line in stelsel.yaml."""
    quoted = "'" + pattern.replace("'", "''") + "'"
    root = make_tree(tmp_path / "tree", {CONFIG: replace("id_patterns:\n", f"id_patterns:\n  role: {quoted}\n")})
    diags = check_both(root)
    hits = [d for d in diags if d.code == "S006"]
    assert [(d.path, d.line, d.col) for d in hits] == [(CONFIG, 34, 9)]
    assert reason in hits[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_config_that_is_a_named_pipe_is_one_finding_and_a_summary(tmp_path):
    """stelsel.yaml as a FIFO: F012 on it (not opened, not even for its size limit) and one F018, no R001."""
    root = make_tree(tmp_path / "tree", {CONFIG: None})
    os.mkfifo(root / CONFIG)
    with deadline(60):
        diags = check_both(root)
    assert [(d.path, d.code) for d in diags] == [(CONFIG, "F012"), (CONFIG, "F018")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
@pytest.mark.parametrize("command", [
    ["assess", "check", "{pipe}.yaml", "-C", "{root}"],
    ["assess", "import", "{pipe}.xlsx", "--party", "P"],
    ["assess", "import", "{pipe}.csv", "--party", "P"],
    ["consult", "import", "{pipe}.csv", "-C", "{root}"],
    ["consult", "react", "WV-001", "--by", "X", "--organisation", "Y", "--file", "{pipe}.txt", "-C", "{root}"],
    ["import", "{pipe}.csv", "--map", "id=ID,title=Titel", "--format", "json", "-C", "{root}"],
])
def test_a_named_pipe_given_to_read_is_refused_at_once(tmp_path, command):
    """A FIFO named as the file a command reads is a usage error (exit 2, 'not a regular file'), never waited on;
    for import it is its finding I004 (exit 1), as any file it cannot read."""
    from click.testing import CliRunner

    from stelsel.cli.main import cli

    root = make_tree(tmp_path / "tree")
    pipe = str(tmp_path / "pijp")
    for suffix in (".yaml", ".xlsx", ".csv", ".txt"):
        os.mkfifo(pipe + suffix)
    with deadline(60):
        result = CliRunner().invoke(cli, [part.format(pipe=pipe, root=root) for part in command])
    assert result.exit_code == (1 if command[0] == "import" else 2), result.output
    assert "not a regular file" in result.output, result.output
    if command[0] == "import":
        assert '"code": "I004"' in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_the_readers_behind_those_commands_refuse_a_named_pipe_too(tmp_path):
    """Called as a library, the self-assessment, checklist, table and reactions readers say why, and never open it."""
    from stelsel.load.table import TableProblem, read_table
    from stelsel.qualify.assess import read_assessment
    from stelsel.qualify.importer import ImportProblem, import_checklist
    from stelsel.workflow.consult_import import ImportProblem as ReactionsProblem, read_reactions

    pipe = tmp_path / "pijp.csv"
    os.mkfifo(pipe)
    with deadline(60):
        findings = read_assessment(pipe).findings
        assert [(d.code, d.line) for d in findings] == [("Q001", 0)] and "not a regular file" in findings[0].message
        for read, problem in ((lambda p: import_checklist(p, "P"), ImportProblem), (read_table, TableProblem),
                              (read_reactions, ReactionsProblem)):
            with pytest.raises(problem, match="not a regular file"):
                read(pipe)
