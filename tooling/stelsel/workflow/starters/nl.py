"""What stelsel init writes for a framework in Dutch: folder names, example content, the workflow's words."""

from __future__ import annotations

STARTER = {
    "purpose": "{title} legt de afspraken vast die de deelnemers met elkaar maken, zodat zij elkaar kunnen "
               "vertrouwen.",
    "motto": "Elke afspraak moet bijdragen aan het vertrouwen tussen de deelnemers; zij wordt aan die vraag "
             "getoetst.",
    "licence": {"id": "CC-BY-4.0", "title": "Creative Commons Naamsvermelding 4.0 Internationaal",
                "url": "https://creativecommons.org/licenses/by/4.0/deed.nl"},
    "layers": [("organisatie", "Organisatie", "Wie doet wat: rollen, verantwoordelijkheden en processen."),
               ("techniek", "Techniek", "Koppelvlakken, berichten, beveiliging en infrastructuur.")],
    "levels": [("MOET", "Moet", True, "MUST", "Een verplichting."),
               ("MOET NIET", "Moet niet", True, "MUST NOT", "Een verbod."),
               ("ZOU MOETEN", "Zou moeten", False, "SHOULD",
                "Sterk aanbevolen; afwijken kan alleen met een goede, vastgelegde reden."),
               ("MAG", "Mag", False, "MAY", "Toegestaan, niet verplicht.")],
    "terms": {"kinds": {"use_case": {"singular": "toepassing", "plural": "toepassingen"}},
              "layer_model": "laag van het stelsel", "condition": "aanvullende voorwaarde"},
    "functions": [("voorzitter", "Voorzitter")],
    "role": ("deelnemer", "Deelnemer", "Een organisatie die aan het stelsel deelneemt.",
             ["Houdt zich aan de afspraken die voor haar gelden."]),
    "agreement": ("EX-001", "Aanspreekpunt",
                  "Een deelnemer MOET een aanspreekpunt aanwijzen voor vragen over het stelsel."),
    "page": ("inleiding", "Inleiding",
             "# Inleiding\n\nDit stelsel bevat afspraken zoals [[EX-001]] voor elke [[deelnemer]].\n"),
    "bodies": {"board": "Stuurgroep", "editors": "Redactie"},
    "governance_title": "Governance van {title}",
    "states": [("concept", "Concept", {}), ("ingediend", "Ingediend", {}),
               ("in_behandeling", "In behandeling", {}),
               ("aangenomen", "Aangenomen", {"open": False, "approved": True}),
               ("afgewezen", "Afgewezen", {"open": False, "final": True}),
               ("ingetrokken", "Ingetrokken", {"open": False, "final": True}),
               ("opgenomen", "Opgenomen in release", {"open": False, "final": True, "released": True})],
    "types": [("normatief", "Normatieve wijziging"), ("redactioneel", "Redactionele wijziging"),
              ("founding", "Oprichting van het stelsel"), ("import", "Import van een catalogus")],
    "verdicts": [("akkoord", "Akkoord"), ("akkoord_met_opmerkingen", "Akkoord met opmerkingen"),
                 ("niet_akkoord", "Niet akkoord")],
    "release_title": "Release {version}",
    "person": ("Eigenaar van het stelsel", "eigenaar@example.org", "Voorbeeldorganisatie"),
}
