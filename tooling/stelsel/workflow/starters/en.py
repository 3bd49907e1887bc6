"""What stelsel init writes for a framework in English: folder names, example content, the workflow's words."""

from __future__ import annotations

STARTER = {
    "purpose": "{title} sets out the agreements its participants keep, so that they can trust each other.",
    "motto": "Every agreement must help participants trust each other; it is held against that question.",
    "licence": {"id": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                "url": "https://creativecommons.org/licenses/by/4.0/"},
    "layers": [("organisational", "Organisational", "Who does what: roles, responsibilities, processes."),
               ("technical", "Technical", "Interfaces, messages, security and infrastructure.")],
    # RFC 2119: (id, title, mandatory, rfc2119, description)
    "levels": [("MUST", "Must", True, "MUST", "An absolute requirement."),
               ("MUST NOT", "Must not", True, "MUST NOT", "An absolute prohibition."),
               ("SHOULD", "Should", False, "SHOULD",
                "Recommended; there may be valid reasons to deviate, understood and recorded."),
               ("MAY", "May", False, "MAY", "Truly optional.")],
    # the framework's own names (Framework.terms): what Twiin calls zorgtoepassingen, and its layer model
    "terms": {"kinds": {"use_case": {"singular": "use case", "plural": "use cases"},
                        "facility": {"singular": "common facility", "plural": "common facilities"}},
              "layer_model": "layer of the framework", "condition": "additional condition"},
    "functions": [("chair", "Chair")],
    "role": ("participant", "Participant", "An organisation that takes part in the framework.",
             ["Keeps the agreements that apply to it."]),
    "agreement": ("EX-001", "Point of contact",
                  "A participant MUST name a point of contact for questions about the framework."),
    "page": ("introduction", "Introduction",
             "# Introduction\n\nThis framework holds agreements such as [[EX-001]] for every [[participant]].\n"),
    "bodies": {"board": "Board", "editors": "Editors"},
    "governance_title": "Governance of {title}",
    "states": [("draft", "Draft", {}), ("submitted", "Submitted", {}), ("in_review", "In review", {}),
               ("accepted", "Accepted", {"open": False, "approved": True}),
               ("rejected", "Rejected", {"open": False, "final": True}),
               ("withdrawn", "Withdrawn", {"open": False, "final": True}),
               ("released", "Released", {"open": False, "final": True, "released": True})],
    "types": [("normative", "Normative change"), ("editorial", "Editorial change"),
              ("founding", "Founding of the framework"), ("import", "Import of a catalogue")],
    "verdicts": [("approve", "Approve"), ("approve_with_comments", "Approve with comments"),
                 ("reject", "Reject")],
    "release_title": "Release {version}",
    "person": ("Framework Owner", "owner@example.org", "Example organisation"),
}
