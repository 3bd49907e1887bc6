"""The Dutch words for the model's values: one vocabulary for the site, the checklists, the
release PDF and the changelog, read from the Dutch message catalogue (stelsel/i18n/nl.yaml);
``kind_name`` and ``layer_type_name`` speak the framework's own language.

A leaf module (it imports only ``i18n``), so every layer may use it. ``WITHDRAWN`` is the
model's key of a withdrawn item (model.status.ItemStatus), whatever word the framework stores.
"""

from __future__ import annotations

from . import i18n

_NL = i18n.messages("nl")

WITHDRAWN = "withdrawn"

MONTHS = tuple(_NL.raw("date.months"))

STATUS_LABELS = dict(_NL.mapping("status"))
BASIS_LABELS = dict(_NL.mapping("basis"))
BASIS_EXPLANATIONS = dict(_NL.mapping("basis_explanation"))
RELEASE_STATUS_LABELS = dict(_NL.mapping("release_status"))
# A release never released while a later one was (the site shows it so, never as a previous release).
RELEASE_SKIPPED = _NL("release_skipped")
ACTION_LABELS = dict(_NL.mapping("action"))
# What happened to an item between two releases (release/diff.py's change kinds).
CHANGE_LABELS = dict(_NL.mapping("change"))
KIND_LABELS = dict(_NL.mapping("kind"))
FIELD_LABELS = dict(_NL.mapping("field"))
# The plural of each kind, as the site names its pages (KIND_LABELS holds the singular).
KIND_PLURALS = dict(_NL.mapping("kind_plural"))
# What a layer of each type is (the config's layers[].type).
LAYER_TYPE_LABELS = dict(_NL.mapping("layer_type"))


def kind_name(config, kind: str, plural: bool = False, capital: bool = False) -> str:
    """What the framework calls ``kind``: its config's ``terms.kinds``, else the word above."""
    terms = getattr(config, "terms", None)
    own = terms.kinds.get(kind) if terms is not None else None
    if own is not None:
        word = own.plural if plural else own.singular
    else:
        words = i18n.for_config(config).mapping("kind_plural" if plural else "kind")
        word = words.get(kind, kind)
    return word[:1].upper() + word[1:] if capital else word


def kind_folder(config, kind: str) -> str:
    """The folder below the content folder for new files of ``kind``: ``terms.kinds.<kind>.folder``, else the
    catalogue of the framework's language (``kind_folder``); a kind with none (the config) has ''."""
    terms = getattr(config, "terms", None)
    own = terms.kinds.get(kind) if terms is not None else None
    if own is not None and own.folder:
        return own.folder
    return i18n.for_config(config).mapping("kind_folder").get(kind, "changes" if kind == "proposal" else "")


def layer_type_name(config, layer_type: str) -> str:
    """What a layer of ``layer_type`` is in this framework: ``terms.layer_model`` / ``terms.condition``, else the word above."""
    terms = getattr(config, "terms", None)
    own = getattr(terms, "layer_model" if layer_type == "interoperability" else "condition", None) if terms else None
    return own or i18n.for_config(config).mapping("layer_type").get(layer_type, layer_type)
