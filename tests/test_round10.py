"""Round 10's own examples (invented, not from the labelled sets): question words cut out of a question
without cutting a word in two."""

from __future__ import annotations

from tests.helpers_core import shipped_matcher


def _words(question: str) -> list[str]:
    return [c.surface for c in shipped_matcher().index.parse(question).concepts]


def test_a_question_ending_in_how_to_apply_keeps_the_verb_whole():
    # 怎么办 is a question word, but in 怎么办理 it is 怎么 + 办理 (to apply for): the verb stays a word
    assert "办理" in _words("施工许可证怎么办理")
    assert "理" not in _words("施工许可证怎么办理")


def test_what_to_do_is_still_cut_out_as_a_question_word():
    # 怎么办 followed by nothing that makes a word with 办 is the question word, not a topic
    assert _words("出了事故怎么办") == _words("出了事故")


# ----- "not covered" in a library: what to ask instead comes from the documents the question is about -----
import pytest  # noqa: E402

from bot.console import render_text  # noqa: E402
from bot.qa.result import NO_ANSWER_SUGGESTIONS  # noqa: E402
from tests.helpers_core import library_matcher  # noqa: E402


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("lib"), "beijing-fire.md", "mine-law.md", "henan-road.md")


def test_a_question_naming_a_law_it_does_not_answer_suggests_that_laws_chapters_first(library):
    r = library.ask("矿山安全法对食堂的饭菜有什么规定")
    assert r.status == "no_answer"
    assert r.suggestions[0].question.startswith("《矿山安全法》")


def test_a_question_naming_no_document_suggests_the_speechs_points_first(library):
    r = library.ask("明天会下雨吗")
    assert r.status == "no_answer"
    assert r.suggestions[0].question.startswith("《县长在全县安全生产会议上的讲话》第一点")


def test_the_console_shows_no_more_suggestions_than_telegram_does(library):
    r = library.ask("明天会下雨吗")
    assert len(r.suggestions) > NO_ANSWER_SUGGESTIONS  # every point of every document, nearest first
    shown = [line for line in render_text(r).splitlines() if line.startswith("  ")]
    assert len(shown) == NO_ANSWER_SUGGESTIONS


# ----- a reason asked about a topic is given in that topic's part -----
def test_why_a_topic_matters_this_year_is_answered_from_that_topics_part():
    # the party-congress sentence (p2.s1) says why safety matters this year in general; asked about
    # construction, the construction passage's reason (节后陆续开工…点多、面广) answers
    r = shipped_matcher().ask("为啥今年更要重视建筑施工安全")
    assert r.status == "answered" and r.answers[0].id.endswith("p3.2.2.s3")


def test_why_safety_matters_this_year_is_still_the_party_congress():
    r = shipped_matcher().ask("为啥今年更要重视安全生产")
    assert r.status == "answered" and r.answers[0].id.endswith("p2.s1")


# ----- overlapping question words: 为什么样 is 为 + 什么样, not "why" -----
def test_what_kind_of_problem_it_is_classed_as_is_not_a_why_question():
    # 定性为什么样的问题 asks what kind (为 + 什么样), not why (为什么 + 样): the sentence classing it answers
    from bot.qa import intent
    assert "样" not in _words("讲话把隐患问题定性为什么样的问题")
    assert intent.REASON not in intent.read_form("安全生产被定性为什么样的问题").kinds
    assert intent.REASON in intent.read_form("安全生产为什么是政治问题").kinds
    r = shipped_matcher().ask("安全生产问题被定性为什么样的问题")
    assert r.status == "answered" and r.answers[0].id.endswith("p2.s4")


def test_a_question_word_whose_head_is_no_word_of_its_own_is_cut_as_before():
    # 主要注意什么: 主 is no stop word that could stand alone, so 主要 and 注意什么 are cut as ever
    assert _words("建筑工地主要注意什么") == _words("建筑工地")
