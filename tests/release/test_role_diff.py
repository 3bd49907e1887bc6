"""What changed for one role between two releases, and prose compared sentence by sentence."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from stelsel.cli.main import cli
from stelsel.release.diff import sentences, word_diff

from ..helpers import REPO

ROLE = "gtk-dienstverlener"


def agreements(version: str) -> dict[str, dict]:
    """The agreements of a frozen release, read straight from its YAML files."""
    folder = REPO / "releases" / version / "afsprakenstelsel" / "afspraken"
    return {data["id"]: data for data in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                          for p in sorted(folder.glob("*.yaml")))}


def test_role_diff_lists_exactly_the_agreements_of_the_role_that_differ():
    """diff 0.8 1.0 --role gtk-dienstverlener: every agreement applying to it on either side that differs, and no other."""
    old, new = agreements("0.8"), agreements("1.0")
    expected = {ident for ident in set(old) | set(new)
                if ROLE in (old.get(ident, {}).get("applies_to", []) + new.get(ident, {}).get("applies_to", []))
                and old.get(ident) != new.get(ident)}
    result = CliRunner().invoke(cli, ["diff", "0.8", "1.0", "--role", ROLE, "--format", "json", "-C", str(REPO)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {c["id"] for c in data["changes"] if c["effect"] != "role"} == expected and expected
    binding = [a for a in new.values() if ROLE in a.get("applies_to", []) and a.get("status") != "vervallen"]
    assert sum(data["levels"].values()) == len(binding)


def test_role_diff_text_says_what_binds_the_role():
    """The text form starts with the role's name and the agreements binding it per level in the newer release."""
    result = CliRunner().invoke(cli, ["diff", "0.8", "1.0", "--role", ROLE, "-C", str(REPO)])
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()[:2]
    assert first.startswith(f"for role {ROLE} (GtK-dienstverlener), 0.8 -> 1.0: ")
    assert second.startswith("binding in 1.0: ") and "MOET" in second


def test_an_unknown_role_is_a_usage_error_with_a_suggestion():
    """--role with a typo: exit 2 and the nearest role IDs."""
    result = CliRunner().invoke(cli, ["diff", "0.8", "1.0", "--role", "gtk-dienstverlenr", "-C", str(REPO)])
    assert result.exit_code == 2 and "did you mean 'gtk-dienstverlener'" in result.output


def test_sentences_keep_every_character():
    """Splitting prose into sentences loses nothing: the pieces join back to the text."""
    text = "Eerste zin. Tweede zin! Een lijst:\n\n- punt een\n- punt twee\n\nSlot; nog iets?"
    assert "".join(sentences(text)) == text and len(sentences(text)) == 7


def test_a_rewritten_sentence_is_deleted_and_inserted_whole():
    """A sentence replaced by a different one is not interleaved word by word with it; an equal one stays whole."""
    old = "De GtK MOET loggen. Oude zin over iets heel anders dan nu."
    new = "De GtK MOET loggen. Een volledig nieuwe bewering met andere woorden."
    assert word_diff(old, new) == [("equal", "De GtK MOET loggen. "),
                                   ("delete", "Oude zin over iets heel anders dan nu."),
                                   ("insert", "Een volledig nieuwe bewering met andere woorden.")]


def test_a_slightly_changed_sentence_is_marked_word_by_word():
    """A sentence with one word moved gets word marks inside it, and only there."""
    parts = word_diff("Eerst dit. Hij MOET een servicedesk ingericht hebben.",
                      "Eerst dit. Hij MOET een servicedesk hebben ingericht.")
    assert parts[0] == ("equal", "Eerst dit. Hij MOET een servicedesk ")
    assert ("insert", "hebben ") in parts and ("delete", " hebben") in parts
    assert "".join(t for op, t in parts if op != "delete") == "Eerst dit. Hij MOET een servicedesk hebben ingericht."


def test_every_role_at_once_lists_for_each_role_what_differs_for_it():
    """roles_changes (the site's one pass for every role): for each role the agreements applying to it on
    either side that differ, and the agreements binding it now, read straight from the YAML files."""
    from stelsel.load.project import load_project
    from stelsel.release.diff import diff_projects
    from stelsel.release.role_diff import roles_changes

    old_yaml, new_yaml = agreements("0.8"), agreements("1.0")
    new = load_project(REPO / "releases" / "1.0")
    diff = diff_projects(load_project(REPO / "releases" / "0.8"), new, "0.8", "1.0")
    titles = {role.id: role.model.title for role in new.items("role")}
    titles["nobody"] = None  # a role no agreement names: nothing changed for it, nothing binds it
    together = roles_changes(diff, new, titles)
    assert list(together) == list(titles)
    for role in titles:
        expected = {ident for ident in set(old_yaml) | set(new_yaml)
                    if role in (old_yaml.get(ident, {}).get("applies_to", []) + new_yaml.get(ident, {}).get("applies_to", []))
                    and old_yaml.get(ident) != new_yaml.get(ident)}
        assert {c.diff.id for c in together[role].changes if c.effect != "role"} == expected, role
        binding = [a for a in new_yaml.values() if role in a.get("applies_to", []) and a.get("status") != "vervallen"]
        assert sum(together[role].levels.values()) == len(binding), role
    assert together[ROLE].changes and not together["nobody"].changes and not together["nobody"].levels
