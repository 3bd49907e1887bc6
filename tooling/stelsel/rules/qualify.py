"""Findings of ``stelsel assess``: a party's self-assessment against a release.

These rules have ``stage = "assess"``: ``stelsel check`` never runs them (a self-assessment
is not part of the framework); ``stelsel assess`` raises them with the file and line of the
answer concerned. They are listed here so ``stelsel rules`` documents every code.
"""

from __future__ import annotations

from .. import codes
from .base import Rule


class AssessmentRule(Rule):
    stage = "assess"


class AssessmentInvalid(AssessmentRule):
    """The file is not a readable self-assessment.

    A YAML syntax error, a missing or unknown key, a value of the wrong type (a release
    written as ``0.8`` is a number in YAML; quote it: ``"0.8"``), ``kind`` other than
    ``self_assessment``, or a ``framework`` that is not the framework being assessed against.
    The format is ``schemas/self_assessment.schema.json`` (see docs/self-assessment.md).
    Fix: correct the file at the position given.
    """

    finding = codes.ASSESSMENT_INVALID


class AssessmentUnknownRole(AssessmentRule):
    """The self-assessment names a role that the release does not define.

    Which agreements must be answered depends on the role, so nothing can be said about
    completeness. Fix: use one of the role IDs the message lists (``stelsel checklist --role``
    takes the same IDs).
    """

    finding = codes.ASSESSMENT_UNKNOWN_ROLE


class MandatoryUnanswered(AssessmentRule):
    """An agreement of a mandatory level (MOET, MOET NIET) that applies to the role has no answer.

    A party qualifies only when it has answered every mandatory agreement of its role. The
    finding stands at the ``answers`` key and names the agreement. Fix: add an answer
    (``- agreement: ID``, ``answer: …``, ``explanation: …``, ``evidence: [...]``); the checklist
    of the role (``stelsel checklist --role ROLE``) lists them all.
    """

    finding = codes.MANDATORY_UNANSWERED


class UnknownAgreement(AssessmentRule):
    """An answer refers to an agreement that the release does not contain, or that it withdrew.

    Usually a typo in the ID, or an answer copied from an assessment against another
    release. Fix: correct the ID (the hint suggests the nearest one) or remove the answer.
    """

    finding = codes.UNKNOWN_AGREEMENT


class AgreementNotForRole(AssessmentRule):
    """An answer refers to an agreement that does not apply to the party's role.

    It does no harm, but it is not part of the role's qualification and suggests the wrong
    role or checklist was used. Fix: remove the answer, or check the ``role``.
    """

    finding = codes.AGREEMENT_NOT_FOR_ROLE


class DuplicateAnswer(AssessmentRule):
    """The same agreement is answered twice.

    Only one answer per agreement can count. Fix: merge the two answers into one.
    """

    finding = codes.DUPLICATE_ANSWER


class UnknownAnswerValue(AssessmentRule):
    """An answer is not one of the four allowed values.

    Allowed: ``voldoet``, ``voldoet deels``, ``voldoet niet`` and ``niet van toepassing``
    (written exactly so, in lower case). Fix: use one of them; the hint suggests the nearest.
    """

    finding = codes.UNKNOWN_ANSWER_VALUE


class NotApplicableNotAllowed(AssessmentRule):
    """An answer says "niet van toepassing" where the agreement's level does not allow it.

    Mandatory levels (MOET, MOET NIET) apply to every party in the role: they cannot be
    waved away. The framework config says per level whether ``allows_not_applicable``.
    Fix: answer ``voldoet``, ``voldoet deels`` or ``voldoet niet`` and explain.
    """

    finding = codes.NOT_APPLICABLE_NOT_ALLOWED


class EvidenceMissing(AssessmentRule):
    """An answer claims (partial) compliance without evidence where the agreement requires it.

    An agreement with an ``evidence`` field (bewijslast) says what a party must show. An
    answer ``voldoet`` or ``voldoet deels`` to such an agreement must list at least one
    reference under ``evidence``. Fix: add the references (document names, URLs, certificate
    numbers).
    """

    finding = codes.EVIDENCE_MISSING


class AnswerToRevisit(AssessmentRule):
    """An answer's agreement changed, was withdrawn or renamed since the release the assessment was made against.

    When a new release appears, ``stelsel assess FILE --release NEW`` compares the release the
    file records with NEW (the frozen texts in ``releases/``) and flags each answer whose
    agreement changed. The message names the fields that changed (``stelsel diff OLD NEW``
    shows them word by word). Fix: re-read the agreement, revise the answer, and set
    ``release`` (and ``date``) to the new release.
    """

    finding = codes.ANSWER_TO_REVISIT


class BaseReleaseUnavailable(AssessmentRule):
    """The release the self-assessment was made against is not frozen here, so changes since cannot be listed.

    Comparing needs the frozen text of both releases in ``releases/``. Fix: check the
    ``release`` in the file, or assess against the release it names first.
    """

    finding = codes.BASE_RELEASE_UNAVAILABLE


class MandatoryNotMet(AssessmentRule):
    """The party does not (fully) meet a mandatory agreement: it answers "voldoet niet" or "voldoet deels".

    The file is valid, but the party does not (fully) meet a MOET or MOET NIET agreement of
    its role, so it does not qualify yet. Fix: meet the agreement, then answer ``voldoet``
    with evidence; the explanation should say what is missing and by when.
    """

    finding = codes.MANDATORY_NOT_MET
