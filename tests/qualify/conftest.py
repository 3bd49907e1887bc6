"""A framework tree with agreements for two roles, and the same tree with releases 0.1 and 0.2 cut."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stelsel.cli.main import cli

from ..conftest import FIXTURES
from ..release.gitrepo import commit_all, init_repo

ROLE_LEVERANCIER = """kind: role
id: leverancier
title: Leverancier
status: gereed
description: Levert software aan zorgaanbieders.
sources: [S1]
"""


def agreement(ident: str, level: str, layers: str, roles: str, statement: str, evidence: str | None = None,
              status: str = "gereed", since: str = "0.1", title: str | None = None) -> str:
    text = (f"kind: agreement\nid: {ident}\ntitle: {title or 'Afspraak ' + ident}\nstatus: {status}\n"
            f"statement: {statement}\nlevel: {level}\nlayers: [{layers}]\napplies_to: [{roles}]\n"
            f"since: \"{since}\"\nsources: [S1]\n")
    if evidence:
        text += f"evidence: {evidence}\n"
    return text


# Release 0.1 of the test framework. For the zorgaanbieder the checklist is, in order:
# organisatie: MA-001 (MOET), MA-004 (MAG); security: MA-006 (MOET), MA-003 (MAG).
# MA-005 is for the leverancier only; MA-007 is withdrawn.
AGREEMENTS_01 = {
    "MA-003": agreement("MA-003", "MAG", "security", "zorgaanbieder", "De zorgaanbieder MAG jaarlijks een pentest laten doen.",
                        evidence="Het rapport van de laatste pentest."),
    "MA-004": agreement("MA-004", "MAG", "organisatie", "zorgaanbieder, leverancier",
                        "Partijen MOGEN een gezamenlijke helpdesk inrichten."),
    "MA-005": agreement("MA-005", "MOET", "organisatie", "leverancier", "De leverancier MOET een releasekalender publiceren."),
    "MA-006": agreement("MA-006", "MOET", "security, organisatie", "zorgaanbieder",
                        "De zorgaanbieder MOET aantoonbaar voldoen aan NEN 7510.",
                        evidence="Een geldig NEN 7510-certificaat."),
    "MA-007": agreement("MA-007", "MOET", "organisatie", "zorgaanbieder", "Een oude afspraak.", status="vervallen"),
}

CHECKLIST_ZORGAANBIEDER = ["MA-001", "MA-004", "MA-006", "MA-003"]

PROPOSAL_01_EXTRA = "".join(f"  - {{item: {ident}, action: add}}\n" for ident in [*AGREEMENTS_01, "leverancier"])

PROPOSAL_02 = """---
id: CP-0002
title: Helpdesk, releasekalender en opschoning
type: normatief
authors: [alice]
working_group: wg-test
target_release: "0.2"
status: aangenomen
changes:
  - {item: MA-001, action: change}
  - {item: MA-002, action: add}
  - {item: MA-004, action: withdraw}
  - {item: MA-005, action: change}
  - {item: MA-009, action: add}
motivation: Een helpdesk helpt de juiste informatie op de juiste plek te krijgen.
decision:
  body: stuurgroep
  by: bob
  date: 2026-03-01
  outcome: aangenomen
  minutes: besluitenlijst 2026-03
history:
  - at: 2026-03-01
    by: bob
    from: concept
    to: aangenomen
    reason: besloten in de stuurgroep
---
Voegt een helpdesk toe, maakt de releasekalender strenger, laat MA-004 vervallen en
nummert MA-003 om tot MA-009.
"""


def build_tree(target: Path) -> Path:
    """The release fixture plus the agreements above and a second role (working tree heading for 0.1)."""
    shutil.copytree(FIXTURES / "release", target)
    content = target / "afsprakenstelsel"
    (content / "rollen/leverancier.yaml").write_text(ROLE_LEVERANCIER, encoding="utf-8")
    for ident, text in AGREEMENTS_01.items():
        (content / f"afspraken/{ident}.yaml").write_text(text, encoding="utf-8")
    proposal = target / "changes/CP-0001.md"
    text = proposal.read_text(encoding="utf-8")
    marker = "motivation:"
    proposal.write_text(text.replace(marker, PROPOSAL_01_EXTRA + marker, 1), encoding="utf-8")
    return target


def run(runner, *args: str, code: int | None = 0):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


@pytest.fixture
def tree(tmp_path) -> Path:
    """A writable framework tree with agreements for the zorgaanbieder and the leverancier."""
    return build_tree(tmp_path / "tree")


def _decide(root: Path, version: str, day: str) -> None:
    path = root / f"afsprakenstelsel/releases/{version}.yaml"
    path.write_text(path.read_text() + f"decision:\n  body: stuurgroep\n  by: bob\n  date: {day}\n"
                    f"  reference: besluitenlijst {day}\n")


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """The tree with release 0.1 cut, then 0.2 cut after: MA-001 and MA-005 changed, MA-002 added,
    MA-004 withdrawn and MA-003 renamed to MA-009. Module-scoped: cutting takes a few seconds."""
    from click.testing import CliRunner

    runner = CliRunner()
    base = tmp_path_factory.mktemp("releases")
    source = build_tree(base / "source")
    repo = init_repo(source, base / "repo", who="bob")  # bob records the decisions
    run(runner, "release", "cut", "0.1", "--as", "bob", "-C", str(repo), "--date", "2026-01-12")
    content = repo / "afsprakenstelsel/afspraken"
    ma001 = content / "MA-001.yaml"
    ma001.write_text(ma001.read_text().replace("een servicedesk inrichten", "een servicedesk en helpdesk inrichten"))
    ma005 = content / "MA-005.yaml"
    ma005.write_text(ma005.read_text().replace("een releasekalender publiceren", "elk kwartaal een releasekalender publiceren"))
    (content / "MA-002.yaml").write_text(agreement("MA-002", "MOET", "organisatie", "zorgaanbieder",
                                                   "De zorgaanbieder MOET een helpdesk bereikbaar houden.", since="0.2",
                                                   title="Helpdesk"))
    ma004 = content / "MA-004.yaml"
    ma004.write_text(ma004.read_text().replace("status: vastgesteld", "status: vervallen").replace("status: gereed", "status: vervallen"))
    ma003 = content / "MA-003.yaml"
    (content / "MA-009.yaml").write_text(ma003.read_text().replace("id: MA-003", "id: MA-009"))
    ma003.unlink()
    (repo / "changes/CP-0002.md").write_text(PROPOSAL_02)
    _decide(repo, "0.2", "2026-03-10")
    commit_all(repo, "CP-0002, decided by the stuurgroep", who="bob")
    run(runner, "release", "cut", "0.2", "--as", "bob", "-C", str(repo), "--date", "2026-03-12")
    return repo
