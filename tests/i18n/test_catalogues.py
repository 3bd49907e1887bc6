"""The message catalogues: complete in every language, named placeholders alike, Dutch as the fallback."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from stelsel import i18n
from stelsel.i18n import Messages


def _placeholders(message) -> set[str]:
    if not isinstance(message, str):
        return set()
    return {name for _text, name, _spec, _conv in string.Formatter().parse(message) if name}


def test_there_are_dutch_and_english_catalogues():
    """nl and en are catalogue files; a language is a file in stelsel/i18n."""
    assert {"nl", "en"} <= set(i18n.languages())
    assert all((i18n.HERE / f"{language}.yaml").is_file() for language in i18n.languages())


@pytest.mark.parametrize("language", [lang for lang in i18n.languages() if lang != i18n.DEFAULT])
def test_every_key_is_in_every_catalogue_with_the_same_placeholders(language):
    """Each catalogue has exactly the Dutch keys, and each message names the same placeholders as the Dutch one."""
    nl, other = i18n.messages("nl"), i18n.messages(language)
    assert sorted(i18n.keys(i18n.DEFAULT) - i18n.keys(language)) == [], "missing"
    assert sorted(i18n.keys(language) - i18n.keys(i18n.DEFAULT)) == [], "not in nl.yaml"
    for key in i18n.keys(i18n.DEFAULT):
        assert _placeholders(other.raw(key)) == _placeholders(nl.raw(key)), key
        assert type(other.raw(key)) is type(nl.raw(key)), key


def test_every_message_is_text_or_a_list_of_text():
    """No value in a catalogue is a number, a boolean or empty (YAML reads yes/no as booleans unless quoted)."""
    for language in i18n.languages():
        for key in i18n.keys(language):
            value = i18n.messages(language).raw(key)
            values = value if isinstance(value, list) else [value]
            assert values and all(isinstance(v, str) and v for v in values), (language, key, value)


def test_a_message_fills_its_named_placeholders():
    """t(key, name=value) fills {name}; the English and Dutch texts differ."""
    assert i18n.messages("nl")("pdf.since", version="1.0") == "Sinds release 1.0"
    assert i18n.messages("en")("pdf.since", version="1.0") == "Since release 1.0"


def test_a_key_missing_in_a_language_falls_back_to_dutch(monkeypatch):
    """A catalogue without a key gives the Dutch message, key by key; a key no catalogue has is a KeyError."""
    messages = Messages("en")
    monkeypatch.setattr(messages, "_own", {k: v for k, v in messages._own.items() if k != "pdf.toc"})
    assert messages("pdf.toc") == "Inhoud" and messages("pdf.kicker") == "Release document"
    assert messages.mapping("pdf.fact")["version"] == "Version"
    with pytest.raises(KeyError):
        messages("no.such.key")


def test_dates_and_lists_in_words():
    """A date and a list read naturally in each language."""
    day = dt.date(2026, 12, 1)
    assert i18n.messages("nl").date(day) == "1 december 2026"
    assert i18n.messages("en").date(day) == "1 December 2026"
    assert i18n.messages("nl").join(["a", "b", "c"]) == "a, b en c"
    assert i18n.messages("en").join(["a"]) == "a"


def test_the_config_picks_the_language():
    """A config's language picks its catalogue; no config, or one without a language, is Dutch."""
    class Config:
        language = "en"

    assert i18n.for_config(Config()).language == "en"
    assert i18n.for_config(None).language == "nl" and i18n.language_of(object()) == "nl"


def test_an_unknown_language_in_the_config_is_refused():
    """language: xx (no catalogue) fails validation, naming the languages there are."""
    from pydantic import ValidationError

    from stelsel.model.framework import Framework

    with pytest.raises(ValidationError, match="no message catalogue for language 'xx'"):
        Framework.model_validate({"kind": "framework", "id": "x", "title": "X", "purpose": "P", "motto": "M",
                                  "licence": {"id": "CC0", "title": "CC0"}, "layers": [{"id": "a", "title": "A"}],
                                  "levels": [{"id": "MUST", "title": "Must"}], "language": "xx"})
