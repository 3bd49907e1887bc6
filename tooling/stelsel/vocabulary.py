"""The Dutch words for the model's values: one vocabulary for the site, the checklists, the
release PDF and the changelog.

A leaf module (it imports nothing of stelsel), so every layer may use it. A withdrawn item
is ``vervallen`` everywhere: that is the model's own status value (model.base.ItemStatus).
"""

from __future__ import annotations

WITHDRAWN = "vervallen"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")

STATUS_LABELS = {
    "concept": "concept",
    "gereed": "gereed",
    "vastgesteld": "vastgesteld",
    WITHDRAWN: "vervallen",
}

BASIS_LABELS = {
    "source": "Volgens de bronnen",
    "proposal": "Voorstel",
    "intention": "Voornemen",
    "assumption": "Aanname",
    "not_described": "Nog niet beschreven",
}

BASIS_EXPLANATIONS = {
    "proposal": "De bronnen noemen dit een voorstel; er is nog geen besluit over genomen.",
    "intention": "De bronnen noemen dit beoogd: het is de bedoeling, maar nog niet besloten.",
    "assumption": "Dit staat niet in de bronnen: het is een aanname die nog bevestigd moet worden.",
    "not_described": "Dit onderdeel bestaat, maar de bronnen beschrijven het (nog) niet.",
}

RELEASE_STATUS_LABELS = {
    "gepland": "gepland",
    "in_voorbereiding": "in voorbereiding",
    "bevroren": "bevroren (releasekandidaat)",
    "vastgesteld": "vastgesteld",
    "gepubliceerd": "gepubliceerd",
}
# A release never released while a later one was (the site shows it so, never as a previous release).
RELEASE_SKIPPED = "overgeslagen"

ACTION_LABELS = {"add": "toevoegen", "change": "wijzigen", "withdraw": "laten vervallen"}

# What happened to an item between two releases (release/diff.py's change kinds).
CHANGE_LABELS = {
    "added": "toegevoegd",
    "changed": "gewijzigd",
    "withdrawn": WITHDRAWN,
    "removed": "verwijderd",
    "renamed": "hernoemd",
    "moved": "verplaatst",
}

KIND_LABELS = {
    "principle": "principe",
    "starting_point": "uitgangspunt",
    "role": "rol",
    "service": "dienst",
    "facility": "gemeenschappelijke voorziening",
    "use_case": "zorgtoepassing",
    "agreement": "afspraak",
    "element": "onderdeel",
    "decision_table": "beslistabel",
    "term": "begrip",
    "page": "pagina",
    "release": "release",
    "proposal": "wijzigingsvoorstel",
}

FIELD_LABELS = {
    "title": "Titel",
    "status": "Status",
    "basis": "Grondslag",
    "basis_note": "Toelichting grondslag",
    "description": "Omschrijving",
    "since": "Sinds",
    "until": "Tot",
    "sources": "Bronnen",
    "related": "Zie ook",
    "tags": "Labels",
    "extra": "Aanvullende velden",
    "statement": "Tekst",
    "level": "Niveau",
    "layers": "Lagen",
    "applies_to": "Geldt voor",
    "use_cases": "Zorgtoepassingen",
    "derived_from": "Afgeleid van",
    "norms": "Normen",
    "facilities": "Voorzieningen",
    "evidence": "Bewijslast",
    "evidence_type": "Soort bewijs",
    "evidence_norm": "Norm voor het bewijs",
    "evidence_basis": "Grondslag bewijslast",
    "replaces": "Vervangt",
    "replaced_by": "Vervangen door",
    "rationale": "Onderbouwing",
    "topic": "Onderwerp",
    "number": "Nummer",
    "responsibilities": "Verantwoordelijkheden",
    "performed_by": "Uitgevoerd door",
    "part_of": "Onderdeel van",
    "responsible": "Verantwoordelijk",
    "aliases": "Andere namen",
    "function": "Functie",
    "provided_by": "Geleverd door",
    "decision": "Besluit",
    "managed_by": "Beheerd door",
    "increments": "Incrementen",
    "programmes": "Programma's",
    "category": "Categorie",
    "order": "Volgorde",
    "columns": "Kolommen",
    "rows": "Rijen",
    "expansion": "Voluit",
    "definition": "Definitie",
    "see_also": "Zie ook",
    "release": "Release",
    "body": "Tekst",
    "kind": "Soort",
}

# The plural of each kind, as the site names its pages (KIND_LABELS holds the singular).
KIND_PLURALS = {
    "principle": "principes",
    "starting_point": "uitgangspunten",
    "role": "rollen",
    "service": "diensten",
    "facility": "gemeenschappelijke voorzieningen",
    "use_case": "zorgtoepassingen",
    "agreement": "afspraken",
    "element": "onderdelen",
    "decision_table": "beslistabellen",
    "term": "begrippen",
    "page": "pagina's",
}

# What a layer of each type is (the config's layers[].type).
LAYER_TYPE_LABELS = {"interoperability": "laag van het interoperabiliteitsmodel", "condition": "aansluitvoorwaarde"}


def kind_name(config, kind: str, plural: bool = False, capital: bool = False) -> str:
    """What the framework calls ``kind``: its config's ``terms.kinds``, else the word above."""
    terms = getattr(config, "terms", None)
    own = terms.kinds.get(kind) if terms is not None else None
    if own is not None:
        word = own.plural if plural else own.singular
    else:
        word = KIND_PLURALS.get(kind, kind) if plural else KIND_LABELS.get(kind, kind)
    return word[:1].upper() + word[1:] if capital else word


def layer_type_name(config, layer_type: str) -> str:
    """What a layer of ``layer_type`` is in this framework: ``terms.layer_model`` / ``terms.condition``, else the word above."""
    terms = getattr(config, "terms", None)
    own = getattr(terms, "layer_model" if layer_type == "interoperability" else "condition", None) if terms else None
    return own or LAYER_TYPE_LABELS.get(layer_type, layer_type)
