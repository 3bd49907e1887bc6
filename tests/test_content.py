"""Content tests: the shipped Twiin afsprakenstelsel is valid and keeps its key facts.

Release 0.8 is the content as the source documents describe it ("gereed voor release 0.8"),
frozen in ``releases/0.8``; the facts below are asserted on it, so that a careless edit (a
coordinator swapped, a proposal presented as decided, a source dropped) fails loudly. Later
releases change some of these facts through proposals; tests/test_history.py covers those.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stelsel.check import check_tree
from stelsel.load.project import load_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project():
    """Release 0.8: the framework as the sources describe it."""
    return load_project(REPO / "releases" / "0.8")


def item(project, kind, ident):
    found = project.by_kind.get(kind, {}).get(ident)
    assert found is not None, f"{kind} '{ident}' is missing"
    return found.model


def test_tree_checks_clean():
    """`stelsel check` finds nothing in the shipped content: no errors and no warnings."""
    result = check_tree(REPO, use_cache=False)
    assert result.crashed == []
    assert [d.as_dict() for d in result.diagnostics] == []


def test_sources_are_the_five_seeds(project):
    """The config declares S000..S004, one per seed file, and requires every item to name one."""
    config = project.config
    assert config.require_sources is True
    files = {s.id: s.file for s in config.sources}
    assert sorted(files) == ["S000", "S001", "S002", "S003", "S004"]
    for ident, name in files.items():
        assert name.startswith(ident[1:] + "_"), (ident, name)


def test_every_item_names_a_source(project):
    """Every content item, release and governance body names at least one declared source."""
    declared = {s.id for s in project.config.sources}
    for loaded in project.items():
        if loaded.kind == "proposal":
            continue
        sources = getattr(loaded.model, "sources", None)
        assert sources, f"{loaded.kind} {loaded.id} names no source"
        assert set(sources) <= declared, loaded.id
    for body in project.governance.bodies:
        assert body.sources, f"body {body.id} names no source"


def test_framework_identity(project):
    """The framework is Twiin: CC BY-SA 4.0, financed by Zorgverzekeraars Nederland, working on 0.8."""
    config = project.config
    assert config.id == "twiin"
    assert config.licence.id == "CC-BY-SA-4.0"
    assert "Zorgverzekeraars Nederland" in config.financing
    assert config.working_release == "0.8"
    assert "juiste informatie" in config.motto and "juiste plek" in config.motto


def test_seven_layers(project):
    """Five interoperability layers in order plus security and wetgeving as conditions."""
    layers = {layer.id: layer for layer in project.config.layers}
    interop = sorted((l for l in layers.values() if l.type == "interoperability"), key=lambda l: l.order)
    assert [l.id for l in interop] == ["organisatie", "zorgproces", "informatie", "applicatie", "infrastructuur"]
    assert {l.id for l in layers.values() if l.type == "condition"} == {"security", "wetgeving"}
    for ident in ("organisatie", "zorgproces", "informatie"):
        assert "programma" in layers[ident].owner
    for ident in ("applicatie", "infrastructuur"):
        assert "Twiin" in layers[ident].owner


def test_levels(project):
    """MOET and MOET NIET are mandatory; only ZOU MOETEN and MAG allow 'niet van toepassing'."""
    levels = {level.id: level for level in project.config.levels}
    assert set(levels) == {"MOET", "MOET NIET", "ZOU MOETEN", "MAG"}
    assert {k for k, v in levels.items() if v.mandatory} == {"MOET", "MOET NIET"}
    assert {k for k, v in levels.items() if v.allows_not_applicable} == {"ZOU MOETEN", "MAG"}


def test_principles_two_and_four_only_described(project):
    """Principles 2 and 4 carry their numbers and text; 1 and 3 are not_described and have no text."""
    pr2, pr4 = item(project, "principle", "PR-02"), item(project, "principle", "PR-04")
    assert (pr2.number, pr4.number) == (2, 4)
    assert "vertrouwd netwerk" in pr2.title
    assert "functionele behoeften" in pr4.title
    for ident, number in (("PR-01", 1), ("PR-03", 3)):
        principle = item(project, "principle", ident)
        assert principle.number == number
        assert principle.basis == "not_described"
        assert not principle.statement


def test_four_starting_points_of_the_service_model(project):
    """UP-01..UP-04 are the four starting points of the service model (from the diensten page)."""
    for number in range(1, 5):
        point = item(project, "starting_point", f"UP-0{number}")
        assert point.number == number
        assert "S000" in point.sources
    assert "vertrouwensmodel" in item(project, "starting_point", "UP-01").statement
    assert "onafhankelijke" in item(project, "starting_point", "UP-04").statement


def test_incident_coordination_table(project):
    """The four incident scopes map to their coordinators, with the facility's beheerder consulted on outages."""
    table = item(project, "decision_table", "incidentcoordinatie")
    rows = {row["scope"]: row for row in table.rows}
    expected = {
        "incident-lokaal": "zorgaanbieder",
        "incident-een-dienstverlener": "gtk-dienstverlener",
        "incident-meerdere-dienstverleners": "twiin-beheerorganisatie",
        "storing-gemeenschappelijke-voorziening": "twiin-beheerorganisatie",
    }
    assert {scope: row["coordinator"] for scope, row in rows.items()} == expected
    assert rows["storing-gemeenschappelijke-voorziening"]["in_overleg_met"] == ["beheerder-gemeenschappelijke-voorziening"]
    assert rows["incident-lokaal"]["in_overleg_met"] is None
    for scope in expected:
        assert item(project, "element", scope).category == "incidentscope"


def test_vzvz_is_only_intended(project):
    """VZVZ performs the ketenregie only as an intention (beoogd), never as a decided fact."""
    for kind, ident in (("role", "twiin-beheerorganisatie"), ("service", "ketenregie")):
        actors = [a for a in item(project, kind, ident).performed_by if a.name == "VZVZ"]
        assert actors, f"{ident} does not name VZVZ"
        assert all(a.basis == "intention" for a in actors)
    for loaded in project.items():
        for actor in getattr(loaded.model, "performed_by", []) or []:
            if "VZVZ" in actor.name:
                assert actor.basis == "intention", loaded.id


def test_supportal_is_only_proposed(project):
    """Supportal appears as the portal's provider only with basis proposal."""
    portal = item(project, "facility", "landelijk-portaal")
    assert [a.basis for a in portal.provided_by if "Supportal" in a.name] == ["proposal"]
    for loaded in project.items():
        for actor in getattr(loaded.model, "provided_by", []) or []:
            if "Supportal" in actor.name:
                assert actor.basis == "proposal", loaded.id


def test_knowledge_base_is_not_decided(project):
    """The kennisdatabank is only a possibility: not basis source, and its agreement is MAG."""
    assert item(project, "element", "kennisdatabank").basis != "source"
    assert item(project, "agreement", "TA-050").level == "MAG"


def test_decision_body_is_an_assumption(project):
    """The sources name no decision body, so the stuurgroep is marked as an assumption."""
    bodies = {b.id: b for b in project.governance.bodies}
    decision_bodies = [b for b in bodies.values() if b.type == "decision_body"]
    assert decision_bodies and all(b.basis == "assumption" and b.basis_note for b in decision_bodies)
    assert project.governance.workflow.decided_by == ["stuurgroep"]


def test_mitz_and_zorg_ab_follow_informatieberaad(project):
    """Mitz and Zorg-AB carry the Informatieberaad decision of 30 November 2020 and their aliases."""
    for ident, alias in (("mitz", "OTV"), ("zorg-ab", "ZAB")):
        facility = item(project, "facility", ident)
        assert facility.decision is not None
        assert facility.decision.date == dt.date(2020, 11, 30)
        assert "Informatieberaad" in facility.decision.body
        assert alias in facility.aliases


def test_knooppunt_functions_in_order(project):
    """A knooppunt has four functions, ordered 1..4."""
    functions = sorted((i.model for i in project.items("element") if i.model.category == "knooppuntfunctie"),
                       key=lambda m: m.order)
    assert [f.id for f in functions] == [
        "aansluitpunt-zorgaanbieders",
        "gebruik-gemeenschappelijke-voorzieningen",
        "routering-ander-knooppunt",
        "zorgtoepassingspecifieke-voorzieningen",
    ]
    assert [f.order for f in functions] == [1, 2, 3, 4]


def test_use_case_increments_in_order(project):
    """Beeldbeschikbaarheid and BgZ grow through their increments in the roadmap's order."""
    def increments(ident):
        use_case = item(project, "use_case", ident)
        ordered = sorted(use_case.increments, key=lambda i: i.order)
        assert [i.order for i in ordered] == list(range(1, len(ordered) + 1))
        assert ordered == list(use_case.increments), f"{ident}: increments not listed in order"
        return [i.id for i in ordered]

    assert increments("beeldbeschikbaarheid") == [
        "beeld", "beeld-en-verslag", "systeemintegratie", "tijdlijn", "workflow-integratie"]
    assert increments("basisgegevensset-zorg") == [
        "bgz-via-xds", "bgz-via-lsp", "bgz-naar-pgo", "bgz-plus", "bgz-piezo", "bgz-1op1"]
    for ident in ("eoverdracht", "perinatologie", "labwaarden-medicatieveiligheid"):
        item(project, "use_case", ident)


def test_three_forms_of_management(project):
    """Implementatiediensten, afsprakenbeheer and ketenregie are top-level services with services under each."""
    services = {i.id: i.model for i in project.items("service")}
    top = {ident for ident, s in services.items() if s.part_of is None}
    assert top == {"implementatiediensten", "afsprakenbeheer", "ketenregie"}
    children = {parent: {i for i, s in services.items() if s.part_of == parent} for parent in top}
    assert children["implementatiediensten"] == {"inpassen-zorgtoepassingen"}
    assert len(children["afsprakenbeheer"]) == 5
    assert len(children["ketenregie"]) == 4


def test_roles_present(project):
    """All parties of the framework exist as roles with responsibilities (the patient too)."""
    for ident in ("zorgverlener", "zorgaanbieder", "gtk", "gtk-dienstverlener", "gtk-beheerder",
                  "twiin-beheerorganisatie", "beheerder-gemeenschappelijke-voorziening", "leverancier", "patient"):
        assert item(project, "role", ident).responsibilities, ident


def test_agreements_are_complete(project):
    """At least 30 agreements, each with a statement, level, layers, roles, evidence, rationale and sources."""
    agreements = [i.model for i in project.items("agreement")]
    assert len(agreements) >= 30
    for agreement in agreements:
        assert agreement.sources and agreement.applies_to and agreement.layers, agreement.id
        assert agreement.statement.strip() and agreement.evidence and agreement.rationale, agreement.id
        assert agreement.topic, agreement.id
        assert agreement.since == "0.8", agreement.id
    levels = {a.level for a in agreements}
    assert levels == {"MOET", "MOET NIET", "ZOU MOETEN", "MAG"}
    covered = {layer for a in agreements for layer in a.layers}
    assert covered == {layer.id for layer in project.config.layers}


def test_coordination_agreements_match_table(project):
    """Each row of the coordination table points at an agreement that applies to its coordinator."""
    table = item(project, "decision_table", "incidentcoordinatie")
    for row in table.rows:
        agreement = item(project, "agreement", row["afspraak"])
        assert row["coordinator"] in agreement.applies_to, row["afspraak"]


def test_release_register(project):
    """Six releases with their phase, previous link and the initial plan's connection counts."""
    releases = {i.id: i.model for i in project.items("release")}
    assert set(releases) == {"0.5", "0.8", "0.9", "0.95", "1.0", "1.1"}
    plan = {"0.5": (1, 1), "0.9": (2, 14), "1.0": (3, 106), "1.1": (4, 120)}
    for version, (year, connections) in plan.items():
        assert (releases[version].programme_year, releases[version].connections_planned) == (year, connections)
    assert releases["0.8"].status == "vastgesteld" and releases["0.8"].decision.example
    assert releases["0.5"].status == "vastgesteld" and releases["0.5"].basis == "assumption"
    chain = {"0.8": "0.5", "0.9": "0.8", "0.95": "0.9", "1.0": "0.95", "1.1": "1.0"}
    assert {v: r.previous for v, r in releases.items() if r.previous} == chain
    assert any("Security" in d for d in releases["0.9"].deliverables)
    assert any("transacties" in d for d in releases["0.95"].deliverables)


def test_working_groups_have_reviewers_from_two_organisations(project):
    """Each working group has members from at least three organisations, so two can review any author's proposal."""
    people = {p.id: p for p in project.governance.people}
    assert all(p.example for p in people.values())
    groups = [b for b in project.governance.bodies if b.type == "working_group"]
    assert {b.id for b in groups} == {"wg-architectuur", "wg-informatie", "wg-applicatie", "wg-infra",
                                      "wg-zorgproces", "wg-organisatie"}
    for body in groups:
        organisations = {people[m.person].organisation for m in body.members}
        assert len(organisations) >= 3, body.id
    stuurgroep = next(b for b in project.governance.bodies if b.id == "stuurgroep")
    assert len(stuurgroep.members) >= 3


def test_glossary_covers_abbreviations(project):
    """The glossary explains every abbreviation the sources use."""
    titles = {i.model.title for i in project.items("term")}
    for abbreviation in ("GtK", "OTV", "ZAB", "DIZRA", "BgZ", "PGO", "LSP", "XDS", "PoC", "NVvR", "GBZ", "GZN",
                         "VIPP", "FIX", "PROVES", "DICOM", "VZVZ", "ZN", "VWS", "RfP", "Mitz", "Supportal"):
        assert abbreviation in titles, abbreviation
    for ident in ("term-ketenregie", "term-zorgtoepassing", "term-knooppunt", "term-afsprakenstelsel"):
        item(project, "term", ident)


def test_pages_present(project):
    """The five narrative pages exist, written for release 0.8."""
    pages = {i.id: i.model for i in project.items("page")}
    assert set(pages) >= {"wat-is-twiin", "scope", "diensten-en-beheer", "proces-ketenregie", "roadmap"}
    for page in pages.values():
        assert page.release == "0.8"
