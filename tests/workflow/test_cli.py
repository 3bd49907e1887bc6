"""The proposal commands: propose, move, review, decide, proposals, show."""

from __future__ import annotations

import datetime as dt
import json
import re

from .conftest import proposal_path
from .test_rules import SUBMITTED, TWO_REVIEWS, write_proposal

CP = "CP-20240301-test"


def test_refused_move_lists_allowed_moves_and_leaves_file_untouched(tree, stelsel):
    """A move the workflow does not allow is refused (exit 1) with the allowed moves listed; the file is unchanged."""
    path = write_proposal(tree, status="in_behandeling", history=SUBMITTED, reviews=TWO_REVIEWS[:1])
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns

    result = stelsel.at("move", CP, "aangenomen", "--as", "alice")
    assert result.exit_code == 1
    assert "refused: CP-20240301-test cannot move from 'in_behandeling' to 'aangenomen'" in result.output
    assert "the workflow has no move from 'in_behandeling' to 'aangenomen'" in result.output
    assert "allowed moves now for alice: ingetrokken" in result.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime

    result = stelsel.at("move", CP, "consultatie", "--as", "alice", "--consultation-end", "2099-01-01")
    assert result.exit_code == 1
    assert "guard not met: needs at least 2 reviews" in result.output and "(has 1: Org C)" in result.output
    assert path.read_bytes() == before

    result = stelsel.at("move", CP, "ingetrokken", "--as", "carol")
    assert result.exit_code == 1
    assert "carol may not make this move" in result.output and "it takes an author (alice)" in result.output
    assert "allowed moves now for carol: none" in result.output
    assert path.read_bytes() == before
    assert "Traceback" not in result.output


def test_move_records_history_and_status(tree, stelsel):
    """An allowed move sets the status and appends who, when, from, to and why."""
    path = write_proposal(tree)
    result = stelsel.at("move", CP, "ingediend", "--as", "alice@a.example", "--reason", "klaar", "--at",
                        "2024-03-01T09:30:00+01:00")
    assert result.exit_code == 0, result.output
    assert "concept -> ingediend" in result.output
    text = path.read_text()
    assert "status: ingediend\n" in text
    assert "  - at: 2024-03-01T09:30:00+01:00\n    by: alice\n    from: concept\n    to: ingediend\n    reason: klaar\n" in text
    # a move dated before the last one is refused
    result = stelsel.at("move", CP, "in_behandeling", "--as", "carol", "--at", "2024-02-01")
    assert result.exit_code == 1 and "not after the last recorded move" in result.output


def test_unknown_names_are_usage_errors(tree, stelsel):
    """Unknown proposals, people, states, verdicts and outcomes exit 2 with a suggestion, never a traceback."""
    write_proposal(tree)
    cases = [
        (("move", "CP-20240301-tset", "ingediend", "--as", "alice"), "unknown proposal 'CP-20240301-tset'", CP),
        (("move", CP, "ingediend", "--as", "alcie"), "unknown person 'alcie'", "alice"),
        (("move", CP, "ingedient", "--as", "alice"), "unknown state 'ingedient'", "ingediend"),
        (("review", CP, "--as", "carol", "--verdict", "akord"), "unknown verdict 'akord'", "akkoord"),
        (("decide", CP, "--as", "bob", "--outcome", "aangenomn"), "unknown outcome 'aangenomn'", "aangenomen"),
        (("show", "CP-1"), "unknown proposal 'CP-1'", ""),
        (("move", CP, "ingediend", "--as", "alice", "--at", "gisteren"), "not a date: 'gisteren'", ""),
    ]
    for args, message, suggestion in cases:
        result = stelsel.at(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and suggestion in result.output
        assert "Traceback" not in result.output


def test_review_rules(tree, stelsel):
    """A review takes the reviewer's organisation from the roster; authors and outsiders are refused."""
    path = write_proposal(tree, status="in_behandeling", history=SUBMITTED)
    result = stelsel.at("review", CP, "--as", "dave", "--verdict", "akkoord", "--comment", "Twee\nregels")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    # recorded with the full timestamp of now (acts are ordered to the second)
    assert re.search(rf"organisation: Org D\n    verdict: akkoord\n    date: {dt.date.today()}T\d\d:\d\d:\d\d[+-]\d\d:\d\d\n"
                     r"    comment: \|-\n      Twee\n      regels\n", text), text
    before = path.read_bytes()
    for person, reason in (("alice", "alice is an author"), ("erin", "erin may not review")):
        result = stelsel.at("review", CP, "--as", person, "--verdict", "akkoord")
        assert result.exit_code == 1 and reason in result.output
    assert path.read_bytes() == before


def test_decide_rules(tree, stelsel):
    """Only a member of a deciding body decides, only at the decision point, and only once."""
    path = write_proposal(tree, status="in_behandeling", history=SUBMITTED, reviews=TWO_REVIEWS)
    result = stelsel.at("decide", CP, "--as", "bob", "--outcome", "aangenomen")
    assert result.exit_code == 1 and "a decision is recorded in ter_besluitvorming" in result.output
    write_proposal(tree, status="ter_besluitvorming", type_="redactioneel", reviews=TWO_REVIEWS,
                   history=SUBMITTED + [("2024-03-05", "alice", "in_behandeling", "ter_besluitvorming")])
    before = path.read_bytes()
    result = stelsel.at("decide", CP, "--as", "alice", "--outcome", "aangenomen")
    assert result.exit_code == 1 and "alice is not a member of a deciding body" in result.output
    result = stelsel.at("decide", CP, "--as", "erin", "--outcome", "aangenomen", "--body", "stuurgroep")
    assert result.exit_code == 1 and "erin was not a member of stuurgroep" in result.output
    assert path.read_bytes() == before
    result = stelsel.at("decide", CP, "--as", "bob", "--outcome", "aangenomen", "--date", "2024-03-09",
                        "--minutes", "SG 12", "--condition", "Eerst een pilot", "--condition", "Evaluatie")
    assert result.exit_code == 0, result.output
    assert "next: stelsel move CP-20240301-test aangenomen --as bob" in result.output
    assert ("decision:\n  body: stuurgroep\n  by: bob\n  date: 2024-03-09\n  outcome: aangenomen\n  minutes: SG 12\n"
            "  conditions:\n    - Eerst een pilot\n    - Evaluatie\n  pinned:\n    MA-001: ") in path.read_text()
    assert "pinned the decided text of 1 item(s): MA-001 (" in result.output
    result = stelsel.at("decide", CP, "--as", "bob", "--outcome", "afgewezen")
    assert result.exit_code == 1 and "already has a decision" in result.output
    assert stelsel.at("move", CP, "aangenomen", "--as", "bob", "--at", "2024-03-10").exit_code == 0


def test_propose_with_defaults(tree, stelsel):
    """propose infers working group, release and type; IDs are CP-<date>-<slug> and never collide locally."""
    result = stelsel.at("propose", "--title", "Servicedesk: óók in het weekend!", "--item", "MA-001", "--author", "carol")
    assert result.exit_code == 0, result.output
    ident = f"CP-{dt.date.today():%Y%m%d}-servicedesk-ook-in-het-weekend"
    text = proposal_path(tree, ident).read_text()
    assert f"id: {ident}\n" in text and "working_group: wg-architectuur\n" in text
    assert "target_release: '0.1'\n" in text and "type: normatief\n" in text and "status: concept\n" in text
    assert "changes:\n  - item: MA-001\n    action: change\n" in text
    # the three items that depend on MA-001 are named
    for dependent in ("GtK", "MA-002", "intro"):
        assert dependent in result.output
    again = stelsel.at("propose", "--title", "Servicedesk: óók in het weekend!", "--item", "MA-001", "--author", "carol")
    assert again.exit_code == 0 and proposal_path(tree, ident + "-2").exists()
    check = stelsel.check("--format", "json")
    codes = {d["code"] for d in json.loads(check.output)["diagnostics"]}
    assert codes == {"W012", "W017"}  # two open proposals on MA-001, dependents not yet accounted for


def test_propose_refusals(tree, stelsel):
    """propose needs an item; 'change' of an unknown item, bad actions and unknown names are refused."""
    for args, message in (
        ((), "a proposal changes at least one item"),
        (("--item", "change:MA-999"), "unknown item 'MA-999'"),
        (("--item", "move:MA-001"), "unknown action 'move'"),
        (("--item", "MA-001", "--working-group", "wg-x"), "unknown working group 'wg-x'"),
        (("--item", "MA-001", "--release", "9.9"), "unknown release '9.9'"),
    ):
        result = stelsel.at("propose", "--title", "Iets", "--author", "alice", *args)
        assert result.exit_code == 2 and message in result.output, result.output
    assert not list((tree / "changes").glob("*.md"))


def test_propose_refuses_an_id_check_would_reject(tree, stelsel):
    """--id outside the proposal ID pattern (a space, a colon, an 'é') or equal but for case to one taken is refused
    before anything is written: check would report the first as I001, a case-blind file system would merge the last."""
    taken = "CP-20260101-een"
    first = stelsel.at("propose", "--title", "Iets", "--author", "alice", "--item", "MA-001", "--id", taken)
    assert first.exit_code == 0, first.output
    for ident, message in (("CP-20260101-een twee", "does not match the proposal ID pattern"),
                           ("CP-20260101-een:twee", "does not match"), ("CP-20260101-één", "does not match"),
                           ("cp-20260101-een", f"ID 'cp-20260101-een' is taken (as '{taken}')"),
                           (taken, f"ID '{taken}' is taken")):
        result = stelsel.at("propose", "--title", "Iets", "--author", "alice", "--item", "MA-001", "--id", ident)
        assert result.exit_code == 2 and message in result.output, (ident, result.output)
    assert [p.name for p in (tree / "changes").glob("*.md")] == [f"{taken}.md"]


def test_propose_without_an_id_pattern_holds_ids_to_the_default(tree, stelsel):
    """Without id_patterns.proposal in the config, --id 'a b' is refused by the default pattern check applies."""
    config = tree / "afsprakenstelsel" / "stelsel.yaml"
    text = config.read_text()
    config.write_text("\n".join(line for line in text.splitlines() if not line.strip().startswith("proposal:")) + "\n")
    result = stelsel.at("propose", "--title", "Iets", "--author", "alice", "--item", "MA-001", "--id", "a b")
    assert result.exit_code == 2 and "does not match the proposal ID pattern ^[A-Za-z0-9]" in result.output, result.output
    ok = stelsel.at("propose", "--title", "Iets", "--author", "alice", "--item", "MA-001", "--id", "a-b")
    assert ok.exit_code == 0, ok.output


def test_propose_add_means_new_since_the_last_release(tree, stelsel):
    """'add' of an item not yet released is accepted; once the item is in a frozen release it is refused."""
    from stelsel.release.freeze import freeze

    first = stelsel.at("propose", "--title", "Eerste inhoud", "--author", "alice", "--item", "add:MA-001")
    assert first.exit_code == 0, first.output
    for path in (tree / "changes").glob("*.md"):
        path.unlink()
    freeze(tree, "0.1", [], "2024-01-01")
    again = stelsel.at("propose", "--title", "Nog eens", "--author", "alice", "--item", "add:MA-001",
                       "--release", "0.2")  # 0.1 is frozen now
    assert again.exit_code == 2 and "MA-001 is already in release 0.1; use change:MA-001" in again.output
    assert not list((tree / "changes").glob("*.md"))


def test_proposals_table_and_filters(tree, stelsel):
    """proposals lists every proposal; --status, --release, --working-group and --item filter."""
    write_proposal(tree, ident="CP-20240301-een")
    write_proposal(tree, ident="CP-20240302-twee", release="0.2", changes=[("MA-002", "change")], status="ingediend",
                   history=[SUBMITTED[0]])
    result = stelsel.at("proposals")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["ID", "STATUS", "ITEMS", "ENDS", "NEXT", "TITLE"]
    assert "CP-20240301-een" in result.output and "CP-20240302-twee" in result.output
    for args, expected in ((("--status", "ingediend"), ["CP-20240302-twee"]), (("--release", "0.1"), ["CP-20240301-een"]),
                           (("--item", "MA-002"), ["CP-20240302-twee"]), (("--working-group", "klankbordgroep"), []),
                           (("--open",), ["CP-20240301-een", "CP-20240302-twee"])):
        result = stelsel.at("proposals", "--format", "json", *args)
        assert [r["id"] for r in json.loads(result.output)] == expected, args


def test_an_empty_filter_or_since_is_a_usage_error(tree, stelsel):
    """proposals --status/--release/--working-group/--item "" and check --since "" (an unset CI variable) are exit 2
    saying the value is empty, never a listing of everything or a plain check passed off as the one asked for."""
    write_proposal(tree, ident="CP-20240301-een")
    for option in ("--status", "--release", "--working-group", "--item"):
        result = stelsel.at("proposals", option, "")
        assert result.exit_code == 2 and "it is empty" in result.output and f"leave {option} out" in result.output
    since = stelsel.check("--since", "")
    assert since.exit_code == 2 and "it is empty" in since.output and "leave --since out" in since.output


def test_show_lists_dependents_and_moves(tree, stelsel):
    """show prints the details, the dependent items (accounted or not) and the next moves with their needs."""
    write_proposal(tree, status="in_behandeling", history=SUBMITTED, reviews=TWO_REVIEWS[:1],
                   dependents=[{"item": "GtK", "disposition": "reviewed_unchanged"}])
    result = stelsel.at("show", CP, "--as", "alice")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GtK (term): reviewed_unchanged" in out
    assert "MA-002 (agreement): NOT ACCOUNTED FOR" in out and "via MA-001 via derived_from" in out
    assert "intro (page): NOT ACCOUNTED FOR" in out
    assert "-> consultatie  [not now]: by the voorzitter of the working group (wg-architectuur)" in out
    assert "needs: at least 2 reviews with verdict akkoord or akkoord_met_opmerkingen from distinct organisations" in out
    assert "-> ingetrokken  [allowed]" in out
    data = json.loads(stelsel.at("show", CP, "--format", "json").output)
    assert [d["item"] for d in data["dependents"]] == ["GtK", "MA-002", "intro"]
    assert data["dependents"][0]["accounted"] == "reviewed_unchanged" and data["dependents"][1]["accounted"] is None


def test_invalid_proposal_file_is_not_edited(tree, stelsel):
    """A proposal file with schema errors is refused by the commands with a pointer to check."""
    path = write_proposal(tree)
    path.write_text(path.read_text().replace("type: normatief", "type: [normatief]"))
    before = path.read_bytes()
    result = stelsel.at("move", CP, "ingediend", "--as", "alice")
    assert result.exit_code == 1 and "has errors" in result.output and "stelsel check" in result.output
    assert path.read_bytes() == before
