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
    assert releases["0.8"].status == "decided" and releases["0.8"].decision.example  # 'vastgesteld' in the file
    assert releases["0.5"].status == "decided" and releases["0.5"].basis == "assumption"
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


# --- Release 1.1 in the making: the corrections of the content audit of December 2026 -------------
# The working tree carries the 1.1 proposals; frozen 0.8, 0.9 and 1.0 keep what they said.

PROPOSALS_11 = {
    "CP-20261201-redactie-eigen-woorden-en-termen": "redactioneel",
    "CP-20261201-normniveaus-volgens-de-bronnen": "normatief",
    "CP-20261201-ontbrekende-roadmapfeiten": "nieuw",
}


@pytest.fixture(scope="module")
def working():
    """The working tree, where release 1.1 is prepared."""
    return load_project(REPO)


def text_of(project, kind, ident):
    """All prose of an item in lower case: its fields as the file has them, and a page's body."""
    loaded = project.by_kind[kind][ident]
    return " ".join((str(loaded.model.model_dump()) + " " + (loaded.file.body or "")).lower().split())


def test_levels_corrected_to_the_sources(working):
    """The seven levels of the audit follow the sources' words, or are marked as an assumption."""
    level = {ident: item(working, "agreement", ident).level for ident in ("TA-041", "TA-049", "TA-053", "TA-046")}
    assert level == {"TA-041": "ZOU MOETEN", "TA-049": "MAG", "TA-053": "ZOU MOETEN", "TA-046": "MOET"}
    assert item(working, "agreement", "TA-029").applies_to == ["zorgaanbieder"]
    for ident in ("TA-038", "TA-058"):
        agreement = item(working, "agreement", ident)
        assert agreement.basis == "assumption" and "aanname" in agreement.basis_note, ident
    statement = item(working, "agreement", "TA-053").statement
    assert "zoveel mogelijk" in statement and "van toepassing" in statement
    ta046 = item(working, "agreement", "TA-046").statement
    assert "uitsluitend" not in ta046 and "voorstellen" in ta046
    assert "optie 2" in item(working, "agreement", "TA-049").statement


def test_distorted_statements_corrected(working):
    """TA-015, TA-020, TA-028, TA-030, TA-043 and TA-059 say what the sources say, no more."""
    assert "deel uitmaken" not in item(working, "agreement", "TA-015").statement
    assert "leverancier" in item(working, "agreement", "TA-015").rationale
    assert "afwijkende" not in item(working, "agreement", "TA-020").statement
    assert "leverancier" not in item(working, "agreement", "TA-028").applies_to
    assert "waar de tool" in item(working, "agreement", "TA-030").statement
    assert "landelijke Twiin servicedesk" in item(working, "agreement", "TA-043").statement
    assert "laat de bron open" in item(working, "agreement", "TA-059").rationale
    assert "GBZ-beheerders" in item(working, "service", "ketenregie").description


def test_example_content_is_marked(working):
    """The services worked out by example decisions, and the kennisdatabank, are assumptions."""
    for ident in ("versiebeheer", "kwalificatie-en-aansluiten", "governancebeheer"):
        service = item(working, "service", ident)
        assert service.basis == "assumption" and service.basis_note, ident
    element = item(working, "element", "kennisdatabank")
    assert element.basis == "assumption" and "TA-063" in element.description
    for ident in ("TA-061", "TA-062"):
        assert "Security" in item(working, "agreement", ident).basis_note, ident


def test_no_stale_pages_and_one_name_per_term(working):
    """No page calls an old release 'deze release'; the ketenregie party and the terms have one spelling.

    The party is the Twiin beheerorganisatie; 'Twiin Ketenregie' remains the name of the service it performs.
    """
    assert "deze release" not in text_of(working, "page", "roadmap")
    assert "volgende versie van het afsprakenstelsel verdiept" not in text_of(working, "page", "diensten-en-beheer")
    assert "release 0.9 (deliverable" not in item(working, "agreement", "TA-023").rationale
    for loaded in working.items():
        if loaded.kind in ("proposal", "release"):
            continue
        text = text_of(working, loaded.kind, loaded.id)
        if loaded.kind in ("agreement", "starting_point", "element", "role", "decision_table"):
            assert "twiin ketenregie" not in text, loaded.id
        assert "beheerorganisatie van twiin" not in text, loaded.id
        assert "gekwalificeerd twiin knooppunt" not in str(loaded.model.model_dump()).replace(
            "Gekwalificeerd Twiin Knooppunt", ""), loaded.id
    assert item(working, "term", "term-medicatieoverdracht").title == "Medicatieoverdracht"
    assert item(working, "term", "term-gzn").expansion == "Goed Beheerd Zorgnetwerk"
    assert {item(working, "facility", i).decision.body for i in ("mitz", "zorg-ab")} == {"Informatieberaad"}


ROADMAP_FACTS = {
    "E05": ("page", "roadmap", "functionaliteit die specifiek is voor één"),
    "E09": ("page", "roadmap", "iteratief"),
    "E21": ("page", "roadmap", "concept-roadmap"),
    "E23": ("use_case", "eoverdracht", "proeftuinen"),
    "E24": ("use_case", "labwaarden-medicatieveiligheid", "implementatie van het medicatieproces"),
    "E35": ("page", "roadmap", "voordat ze worden aangeschaft"),
    "E38": ("page", "roadmap", "vipp5 verder uitwerken, of een alternatief"),
    "E40": ("page", "roadmap", "tijdlijn 2019–2023"),
    "E42": ("page", "roadmap", "draagvlak creëren, externe communicatie en regelmatige statusupdates"),
    "E43": ("page", "roadmap", "de projectplanning, de inrichting van de organisatie, en het inrichten en opstarten"),
    "E44": ("page", "roadmap", "valideren en testen van de twiin-profielen"),
    "E46": ("element", "proves-poc", "testomgeving met de gemeenschappelijke voorzieningen"),
    "E49": ("element", "proves-pilot", "voorbereiding van vier pilots"),
    "E51": ("element", "proves-poc", "proefondervindelijk"),
    "E53": ("element", "proves-poc", "detailuitwerking voor vier zorgtoepassingen"),
    "E54": ("element", "proves-poc", "projectathonconcept"),
}


@pytest.mark.parametrize("fact", sorted(ROADMAP_FACTS))
def test_roadmap_fact_present(working, fact):
    """Each of the 16 roadmap facts the audit found missing is in the working tree, where it belongs."""
    kind, ident, phrase = ROADMAP_FACTS[fact]
    assert phrase in text_of(working, kind, ident), (fact, ident)


def test_frozen_releases_keep_what_they_said():
    """The corrections live in 1.1: frozen 1.0 still has the old levels and the stale roadmap sentence."""
    frozen = load_project(REPO / "releases" / "1.0")
    assert item(frozen, "agreement", "TA-041").level == "MOET"
    assert "zorgverlener" in item(frozen, "agreement", "TA-029").applies_to
    assert "deze release" in frozen.by_kind["page"]["roadmap"].file.body


def test_corrections_are_carried_by_the_11_proposals(working):
    """Every item changed since 1.0 is listed by exactly one of the three 1.1 proposals, each of its nature."""
    proposals = {p.id: p.model for p in working.items("proposal") if p.id in PROPOSALS_11}
    assert {ident: p.type for ident, p in proposals.items()} == PROPOSALS_11
    listed = [change.item for p in proposals.values() for change in p.changes]
    assert len(listed) == len(set(listed))
    assert {"TA-029", "TA-041", "TA-046", "TA-049", "TA-053", "TA-038", "TA-058", "TA-015", "TA-020",
            "TA-043", "roadmap", "proves-poc", "proves-pilot", "ketenregie", "proces-ketenregie"} <= set(listed)
    for proposal in proposals.values():
        assert proposal.target_release == "1.1" and proposal.motivation.strip()


def test_evidence_vocabulary_is_data(working):
    """The framework declares its evidence types (eigen verklaring, audit verklaring, certificaat) in stelsel.yaml."""
    types = {t.id: t for t in working.config.evidence_types}
    assert {"eigen-verklaring", "audit-verklaring"} <= set(types)
    assert (types["eigen-verklaring"].title, types["audit-verklaring"].title) == ("Eigen verklaring", "Audit verklaring")
    assert types["audit-verklaring"].norm_required and not types["eigen-verklaring"].norm_required


def test_every_evidence_requirement_is_typed_and_marked(working):
    """Every live agreement that asks for proof names a declared type; evidence no source gives is an assumption.

    The audit (correction 1): no source states a proof requirement, so every such text is marked, through
    evidence_basis or because the agreement itself is an assumption. 'Niet van toepassing' asks for nothing.
    """
    from stelsel.model.items import evidence_assumed
    from stelsel.qualify.checklist import requires_evidence

    declared = {t.id for t in working.config.evidence_types}
    typed = 0
    for loaded in working.items("agreement"):
        model = loaded.model
        if model.status == "withdrawn" or not requires_evidence(model.evidence):
            assert model.evidence_type is None, model.id
            continue
        if model.id == "TA-019":  # 'Nog uit te werken': how a party shows it is explicitly left open
            continue
        if model.evidence.startswith("Niet van toepassing;"):  # MAG: nothing to show, only a condition if used
            assert model.evidence_type is None and evidence_assumed(model), model.id
            continue
        assert model.evidence_type in declared and evidence_assumed(model), model.id
        typed += 1
    assert typed == 54
    for ident, (kind, norm) in {"TA-061": ("certificaat", "NEN-7510"), "TA-062": ("audit-verklaring", "NEN-7513")}.items():
        model = item(working, "agreement", ident)
        assert (model.evidence_type, model.evidence_norm) == (kind, norm), ident
    assert item(working, "agreement", "TA-013").evidence_type == "eigen-verklaring"
    assert item(working, "agreement", "TA-007").evidence_basis == "assumption"  # MAG, but an invented condition
    assert "afsprakenbeheer" not in item(working, "agreement", "TA-011").evidence


def test_evidence_types_reach_the_checklist(working):
    """The checklist names the evidence type with its basis ('Eigen verklaring (aanname)')."""
    from stelsel.qualify.checklist import checklist_rows

    rows = {row.id: row for row in checklist_rows(working, "gtk-dienstverlener")}
    assert rows["TA-013"].evidence_type == "Eigen verklaring (aanname)"
    assert rows["TA-061"].evidence_type == "Certificaat, volgens NEN 7510 (aanname)"
    assert rows["TA-062"].evidence_type == "Audit verklaring, volgens NEN 7513 (aanname)"


def test_frozen_releases_have_untyped_evidence():
    """Frozen 1.0 keeps its free-text evidence without a type: the types arrive in 1.1."""
    frozen = load_project(REPO / "releases" / "1.0")
    assert not frozen.config.evidence_types
    assert all(a.model.evidence_type is None for a in frozen.items("agreement"))
