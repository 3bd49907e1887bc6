"""Shared steps of the roster tests: a proposal decided by someone, a member added to a body."""

from __future__ import annotations

from pathlib import Path

GOVERNANCE = "afsprakenstelsel/governance.yaml"
CONFIG = "afsprakenstelsel/stelsel.yaml"


def line_of(repo: Path, rel: str, text: str, after: str | None = None) -> int:
    """The number of the first line holding ``text`` (after the first line holding ``after``)."""
    lines = (repo / rel).read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def add_to_stuurgroep(repo: Path, person: str = "dave", start: str = "2025-01-01") -> None:
    """Add ``person`` to the stuurgroep (a backdated ``start``) in the working tree."""
    path = repo / GOVERNANCE
    text = path.read_text()
    old = "      - person: bob\n        function: voorzitter\n"
    assert old in text
    path.write_text(text.replace(old, old + f"      - person: {person}\n        start: {start}\n", 1))


def write_decided(repo: Path, ident: str, by: str, items: list[str], day: str = "2026-02-02",
                  status: str = "aangenomen") -> str:
    """A proposal decided by ``by`` (stuurgroep) and moved by ``by`` to ``status``; returns its path."""
    changes = "".join(f"  - {{item: {item}, action: change}}\n" for item in items)
    history = (f"history:\n  - at: {day}\n    by: {by}\n    from: concept\n    to: aangenomen\n"
               f"    reason: besloten in de stuurgroep\n") if status == "aangenomen" else ""
    decision = (f"decision:\n  body: stuurgroep\n  by: {by}\n  date: {day}\n  outcome: aangenomen\n"
                f"  minutes: besluitenlijst {day}\n") if status == "aangenomen" else ""
    rel = f"changes/{ident}.md"
    (repo / rel).write_text(
        f"---\nid: {ident}\ntitle: Wijziging {ident}\ntype: normatief\nauthors: [alice]\nworking_group: wg-test\n"
        f"target_release: \"0.1\"\nstatus: {status}\nchanges:\n{changes}"
        f"motivation: Zodat de juiste informatie op de juiste plek komt.\n{decision}{history}---\nTekst.\n")
    return rel


def end_membership_before_cut(repo: Path, cut: str, git, commit_all) -> None:
    """On a branch before ``cut``: carol's beheer membership ends 2026-06-01 (CP-0002, decided and committed by bob); then the cut again."""
    git(repo, "checkout", "-q", "-b", "late", f"{cut}~1", who="carol")
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("      - person: carol\n        function: voorzitter\n",
                                             "      - person: carol\n        function: voorzitter\n"
                                             "        end: 2026-06-01\n"))
    write_decided(repo, "CP-0002", "bob", ["governance"])  # a roster change is in force once decided
    commit_all(repo, "carol's membership ends (CP-0002)", who="bob")  # bob records his decision himself
    git(repo, "cherry-pick", "--allow-empty", cut, who="carol")
