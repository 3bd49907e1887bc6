"""Every finding code stelsel reports, with its name and severity: one list for every layer.

A leaf module (it imports only :mod:`stelsel.diagnostics`), so that whatever finds a problem
can report it without importing the layer above it: the loader (F, S), the release store and
changelog (L), the workflow (W), self-assessments (Q) and the rules alike. What each code
means and how to fix it is the docstring of its rule class in :mod:`stelsel.rules`, which
``stelsel rules`` prints; every code here has exactly one rule class there (a test pins it).
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    """A finding code (``F001``), its kebab-case name and the severity its findings have."""

    code: str
    name: str
    severity: Severity = ERROR

    def at(self, path: str, line: int, col: int, message: str, hint: str | None = None,
           severity: Severity | None = None) -> Diagnostic:
        """A finding of this code at ``path:line:col`` (``severity`` overrides the code's own)."""
        return Diagnostic(path=path, line=line, col=col, code=self.code, message=message,
                          severity=severity or self.severity, hint=hint)


# C: content
EMPTY_PROSE = Code("C001", "empty-prose")
MISSING_SOURCE = Code("C002", "missing-source")
RAW_HTML = Code("C003", "raw-html", WARNING)
UNKNOWN_EVIDENCE_TYPE = Code("C004", "unknown-evidence-type")
EVIDENCE_NORM_MISSING = Code("C005", "evidence-norm-missing")
CONTENT_FOLDER_AMBIGUOUS = Code("C010", "content-folder-ambiguous")
PROJECT_FILE_INVALID = Code("C011", "project-file-invalid")
UNRESOLVABLE_LINK = Code("C012", "unresolvable-link")
ABBREVIATION_CONFLICT = Code("C013", "abbreviation-conflict")

# F: files as files: reading, encoding, YAML syntax, kind (raised by the loader)
YAML_SYNTAX = Code("F001", "yaml-syntax")
NOT_UTF8 = Code("F002", "not-utf8")
EMPTY_FILE = Code("F003", "empty-file")
FILE_TOO_LARGE = Code("F004", "file-too-large")
BINARY_FILE = Code("F005", "binary-file")
SYMLINK_OUTSIDE = Code("F006", "symlink-outside")
YAML_ALIAS = Code("F007", "yaml-alias")
NOT_A_MAPPING = Code("F008", "not-a-mapping")
UNKNOWN_KIND = Code("F009", "unknown-kind")
DUPLICATE_KEY = Code("F010", "duplicate-key")
MISSING_FRONT_MATTER = Code("F011", "missing-front-matter")
UNREADABLE = Code("F012", "unreadable")
NO_FRAMEWORK = Code("F013", "no-framework")
FILE_NAME_INVALID = Code("F014", "file-name-invalid")
YAML_TAG = Code("F015", "yaml-tag")
NESTING_TOO_DEEP = Code("F016", "nesting-too-deep")
UNCLOSED_FRONT_MATTER = Code("F017", "unclosed-front-matter")
REFERENCES_NOT_CHECKED = Code("F018", "references-not-checked", WARNING)

# I: identity: IDs and file names
ID_PATTERN = Code("I001", "id-pattern")
DUPLICATE_ID = Code("I002", "duplicate-id")
FILE_NAME_MISMATCH = Code("I003", "file-name-mismatch", WARNING)
# I004-I009: a catalogue imported with stelsel import (the file and row; never run by check)
IMPORT_UNREADABLE = Code("I004", "import-unreadable")
IMPORT_MISSING_COLUMN = Code("I005", "import-missing-column")
IMPORT_EMPTY_ID = Code("I006", "import-empty-id")
IMPORT_DUPLICATE_ID = Code("I007", "import-duplicate-id")
IMPORT_UNKNOWN_VALUE = Code("I008", "import-unknown-value")
IMPORT_INVALID_ROW = Code("I009", "import-invalid-row")

# L: frozen releases and the changelog
RELEASED_TEXT_MODIFIED = Code("L001", "released-text-modified")
RELEASE_MANIFEST_INVALID = Code("L002", "release-manifest-invalid")
CHANGELOG_NOT_GENERATED = Code("L003", "changelog-not-generated")
DECIDED_TEXT_CHANGED = Code("L004", "decided-text-changed")
RELEASE_ANCHOR_MISMATCH = Code("L005", "release-anchor-mismatch")
FROZEN_RELEASE_DELETED = Code("L006", "frozen-release-deleted")
RELEASE_HISTORY_UNVERIFIED = Code("L007", "release-history-unverified", WARNING)
REGISTER_WITHOUT_FROZEN = Code("L008", "register-without-frozen")
RELEASE_EDIT_OUTSIDE_CUT = Code("L009", "release-edit-outside-cut")
RELEASE_ACT_NOT_ENTITLED = Code("L010", "release-act-not-entitled")
WORKING_RELEASE_FROZEN = Code("L011", "working-release-frozen", WARNING)

# Q: self-assessments (stelsel assess; never run by check)
ASSESSMENT_INVALID = Code("Q001", "assessment-invalid")
ASSESSMENT_UNKNOWN_ROLE = Code("Q002", "assessment-unknown-role")
MANDATORY_UNANSWERED = Code("Q003", "mandatory-unanswered")
UNKNOWN_AGREEMENT = Code("Q004", "unknown-agreement")
AGREEMENT_NOT_FOR_ROLE = Code("Q005", "agreement-not-for-role", WARNING)
DUPLICATE_ANSWER = Code("Q006", "duplicate-answer")
UNKNOWN_ANSWER_VALUE = Code("Q007", "unknown-answer-value")
NOT_APPLICABLE_NOT_ALLOWED = Code("Q008", "not-applicable-not-allowed")
EVIDENCE_MISSING = Code("Q009", "evidence-missing")
ANSWER_TO_REVISIT = Code("Q010", "answer-to-revisit", WARNING)
BASE_RELEASE_UNAVAILABLE = Code("Q011", "base-release-unavailable", WARNING)
MANDATORY_NOT_MET = Code("Q012", "mandatory-not-met", WARNING)

# R: references between items
UNKNOWN_REFERENCE = Code("R001", "unknown-reference")
WRONG_KIND_REFERENCE = Code("R002", "wrong-kind-reference")
REFERENCE_CYCLE = Code("R003", "reference-cycle")
REFERENCE_TO_WITHDRAWN = Code("R004", "reference-to-withdrawn")
UNKNOWN_RELEASE = Code("R005", "unknown-release")
UNKNOWN_LINK = Code("R006", "unknown-link")

# S: the schema of each kind (raised by the loader, except S004)
UNKNOWN_KEY = Code("S001", "unknown-key")
MISSING_FIELD = Code("S002", "missing-field")
INVALID_VALUE = Code("S003", "invalid-value")
EXTRA_FIELD_INVALID = Code("S004", "extra-field-invalid")
SINGLETON_TWICE = Code("S005", "singleton-twice")
ID_PATTERN_INVALID = Code("S006", "id-pattern-invalid")

# W: change proposals and the workflow (W021 only with check --since)
WORKFLOW_CONFIG = Code("W001", "workflow-config")
UNKNOWN_STATE = Code("W002", "unknown-state")
UNKNOWN_PROPOSAL_TYPE = Code("W003", "unknown-proposal-type")
UNKNOWN_VERDICT = Code("W004", "unknown-verdict")
UNKNOWN_OUTCOME = Code("W005", "unknown-outcome")
STATUS_MISMATCH = Code("W006", "status-mismatch")
MOVE_NOT_ALLOWED = Code("W007", "move-not-allowed")
ACTOR_NOT_ENTITLED = Code("W008", "actor-not-entitled")
GUARD_NOT_MET = Code("W009", "guard-not-met")
UNKNOWN_CHANGED_ITEM = Code("W010", "unknown-changed-item")
DECISION_EDITED = Code("W011", "decision-edited")
CONCURRENT_CHANGE = Code("W012", "concurrent-change", WARNING)
DECISION_MISSING = Code("W013", "decision-missing")
REVIEW_NOT_ENTITLED = Code("W014", "review-not-entitled")
DECISION_NOT_ENTITLED = Code("W015", "decision-not-entitled")
REVIEW_ORGANISATION = Code("W016", "review-organisation")
UNACCOUNTED_DEPENDENT = Code("W017", "unaccounted-dependent", WARNING)
PROVENANCE_AUTHOR = Code("W018", "provenance-author")
PROVENANCE_SIGNATURE = Code("W019", "provenance-signature")
PROVENANCE_UNVERIFIED = Code("W020", "provenance-unverified", WARNING)
UNPROPOSED_CHANGE = Code("W021", "unproposed-change")
TARGETS_FROZEN_RELEASE = Code("W022", "targets-frozen-release")
DECIDED_PROPOSAL_DELETED = Code("W023", "decided-proposal-deleted")
ACT_OUT_OF_TIME = Code("W028", "act-out-of-time")
COMMITTER_NOT_AUTHOR = Code("W024", "committer-not-author")
ACT_AFTER_COMMIT = Code("W025", "act-after-commit")
ROSTER_CHANGED_IN_RANGE = Code("W026", "roster-changed-in-range")
GOVERNANCE_CHANGE_UNPROPOSED = Code("W027", "governance-change-unproposed")
REACTION_RECORD = Code("W029", "reaction-record")
EFFECTIVE_BEFORE_DECISION = Code("W030", "effective-before-decision")
VALIDITY_CONFLICT = Code("W031", "validity-conflict")
REACTION_CHANNEL_TEMPLATE = Code("W032", "reaction-channel-template", WARNING)

ALL: tuple[Code, ...] = tuple(value for value in dict(globals()).values() if isinstance(value, Code))
