"""The status vocabulary: canonical keys in the model, each framework's words from its config or its language."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from stelsel import i18n
from stelsel.model.status import (
    KEYS,
    DeclaredStatuses,
    ItemStatus,
    ReleaseStatus,
    default_words,
    scope_of,
    words_from_data,
    words_problem,
)

ITEM_WORDS = {"draft": "ontwerp", "ready": "klaar", "adopted": "geldend", "withdrawn": "ingetrokken"}


def test_the_keys_are_english_identifiers_one_per_former_value():
    """Four item keys and five release keys, as many as the values the model knew before."""
    assert KEYS["item"] == ("draft", "ready", "adopted", "withdrawn") == tuple(s.value for s in ItemStatus)
    assert KEYS["release"] == ("planned", "preparing", "frozen", "decided", "published") == tuple(
        s.value for s in ReleaseStatus)


def test_the_dutch_catalogue_gives_twiins_words_and_the_english_one_english_words():
    """Without a statuses block a framework stores its language's words: Twiin's Dutch ones for nl."""
    nl, en = default_words("nl"), default_words("en")
    assert nl.words("item") == ["concept", "gereed", "vastgesteld", "vervallen"]
    assert nl.words("release") == ["gepland", "in_voorbereiding", "bevroren", "vastgesteld", "gepubliceerd"]
    assert en.words("item") == ["draft", "ready", "adopted", "withdrawn"]
    assert en.words("release") == ["planned", "preparing", "frozen", "decided", "published"]
    assert default_words() == nl and i18n.DEFAULT == "nl"
    for language in i18n.languages():
        for scope in ("item", "release"):
            assert words_problem(scope, dict(zip(KEYS[scope], default_words(language).words(scope)))) is None


def test_word_and_key_translate_both_ways_per_scope():
    """word(key) and key(word) are inverse per scope; 'vastgesteld' is adopted for an item and decided for a release."""
    nl = default_words("nl")
    assert nl.key("vastgesteld") == "adopted" and nl.key("vastgesteld", "release") == "decided"
    assert nl.word(ItemStatus.WITHDRAWN) == "vervallen" and nl.release_word("preparing") == "in_voorbereiding"
    assert nl.key("draft") is None and nl.key("klaar") is None
    assert nl.word("not-a-key") == "not-a-key"
    assert nl.same_status == {"vastgesteld": "gereed"} and default_words("en").same_status == {"adopted": "ready"}


def test_a_declared_vocabulary_replaces_the_language_words_scope_by_scope():
    """statuses.item from the config; the release words, not declared, stay the language's."""
    words = words_from_data({"language": "en", "statuses": {"item": ITEM_WORDS}})
    assert words.words("item") == list(ITEM_WORDS.values())
    assert words.words("release") == default_words("en").words("release")
    assert words_from_data({"statuses": {"item": {**ITEM_WORDS, "ready": "ontwerp"}}}) == default_words("nl")
    assert words_from_data(None) == default_words() and words_from_data({"language": "xx"}) == default_words()


@pytest.mark.parametrize("words, problem", [
    ({**ITEM_WORDS, "ready": "ontwerp"}, "'ontwerp' is the word of both draft and ready"),
    ({k: v for k, v in ITEM_WORDS.items() if k != "withdrawn"}, "missing key(s) withdrawn"),
    ({**ITEM_WORDS, "retired": "x"}, "unknown key(s) retired"),
    ({**ITEM_WORDS, "draft": " ontwerp"}, "the word of draft must be text without surrounding spaces"),
])
def test_a_declared_scope_needs_every_key_once_and_every_word_once(words, problem):
    """words_problem names what is wrong; the config model refuses the same block."""
    assert problem in words_problem("item", words)
    with pytest.raises(ValidationError):
        DeclaredStatuses.model_validate({"item": words})


def test_which_kinds_have_a_status_of_this_vocabulary():
    """Items and the framework use the item words, register entries the release words; proposals their workflow."""
    assert scope_of("agreement") == scope_of("page") == scope_of("framework") == "item"
    assert scope_of("release") == "release"
    assert scope_of("proposal") is None and scope_of("governance") is None and scope_of(None) is None
