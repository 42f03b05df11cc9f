"""Branch colloq15: an asker's bare verb of one character for the speech's verb with its result (绷 → 绷紧).
Questions of our own, not those of tests/data."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


@pytest.mark.parametrize("question", [
    "干安全这活儿，脑子里要一直绷着点啥？",
    "抓安全生产，心里要一直绷着点啥？",
])
def test_a_bare_verb_finds_the_speech_verb_with_its_result(matcher, question):
    result = matcher.ask(question)
    assert result.status == "answered"
    assert "绷紧安全生产这根弦" in result.answers[0].text


def test_the_bare_verb_is_read_as_the_speech_verb_with_its_result(matcher):
    concepts = {c.surface: c for c in matcher.index.parse("安全得一直绷着").concepts}
    assert concepts["绷"].known
    assert "绷紧" in concepts["绷"].lexicon


def test_a_bare_verb_is_not_read_as_a_verb_of_two_verbs(matcher):
    # 管 begins 管理 and 管控 (verb + verb): another act, not 管 with a result; no bridge is made.
    assert matcher.index._verb_said_whole("管") == ()
    # an adjective or a word of two characters is never bridged so
    assert matcher.index._verb_said_whole("紧") == ()
    assert matcher.index._verb_said_whole("绷紧") == ()
