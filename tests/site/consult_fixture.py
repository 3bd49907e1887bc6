"""The site fixture with a reaction channel, three answered reactions to WV-001 (one late) and release dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .helpers import make_project

CHANNEL = ("reaction_channel:\n  email: reacties@stelsel.example\n"
           "  issue_url: https://forge.example/stelsel/issues/new?title={proposal}%20{item}%20{title}\n"
           "validity:\n  policy: n-1\n")
# A day in WV-002's consultation (2026-11-01 to 2027-01-15): the site speaks of it.
TODAY = dt.date(2026, 12, 1)

REACTIONS = """  reactions:
    - id: R1
      by: Ziekenhuis West
      organisation: Ziekenhuis West
      date: 2026-09-20
      item: TA-002
      summary: Graag ook een melding bij herstel.
      response: De toelichting noemt nu ook de melding bij herstel.
      disposition: overgenomen
      motivation: Een melding bij herstel hoort bij een goede storingsafhandeling.
      responded_by: alice
      responded_at: 2026-10-12
    - id: R2
      by: Kees Bakker
      organisation: Leverancier K
      date: 2026-10-01
      summary: Vier uur is krap; zes uur is haalbaar.
      disposition: deels-overgenomen
      motivation: Vier uur blijft de norm; de overgangstermijn gaat naar zes maanden.
      responded_by: alice
      responded_at: 2026-10-12
    - id: R3
      by: Laura Laat
      organisation: Zorggroep L
      date: 2026-10-15
      late: true
      summary: Ook een sms bij elke storing.
      disposition: niet-overgenomen
      motivation: Een sms bij elke storing past niet bij de afspraak over de kanalen.
      responded_by: alice
      responded_at: 2026-10-20
"""


def consult_project(target: Path) -> Path:
    """make_project, plus the channel, the n-1 policy, 0.1 in force from 2026-06-01 and 0.2 from 2027-03-01."""
    root = make_project(target)
    config = root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text() + CHANNEL)
    wv1 = root / "changes/WV-001.md"
    text = wv1.read_text()
    old = ("  reactions:\n    - by: Ziekenhuis West\n      date: 2026-09-20\n      summary: Graag ook een melding bij "
           "herstel.\n      response: Meegenomen in de toelichting.\n")
    assert old in text, "fixture drift: WV-001's reaction"
    wv1.write_text(text.replace(old, REACTIONS))
    for version, day in (("0.1", "2026-06-01"), ("0.2", "2027-03-01")):
        register = root / f"afsprakenstelsel/releases/{version}.yaml"
        register.write_text(register.read_text() + f"ingangsdatum: {day}\n")
    return root
