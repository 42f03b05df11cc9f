"""Branch dialogue15: a point without parts answered by its opening and its closing sentence, and what the
follow-ups read after such an answer (examples of our own, not the conversations of tests/data)."""

from __future__ import annotations

import pytest

from bot.qa.outline import ELIDED
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk

CLOSING_1 = "确保我县安全生产形势持续稳定好转"  # the first point's closing sentence
CLOSING_2 = "全力维护人民群众生命财产安全"  # the second point's
LEFT_OUT_1 = "如履薄冰"  # a sentence of the first point between its opening and its closing


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def test_a_long_point_without_parts_shows_its_heading_its_opening_and_its_closing_sentence(matcher):
    (turn,) = talk(matcher, "讲话的第一点说的什么")
    text = turn.result.best.text
    assert text.startswith("一、") and "从零开始" in text
    assert text.endswith(CLOSING_1 + "。") and ELIDED in text
    assert LEFT_OUT_1 not in text
    assert len(text) <= 360


def test_going_back_to_a_point_without_parts_shows_where_it_ends(matcher):
    _, turn = talk(matcher, "第二点里为啥说今年要格外重视", "那第一点讲了啥")
    assert CLOSING_1 in turn.result.best.text


def test_reading_on_after_such_a_point_gives_the_sentences_left_out_not_the_next_point(matcher):
    _, turn = talk(matcher, "第一点讲了些什么", "还有吗")
    assert LEFT_OUT_1 in turn.result.best.text
    assert turn.result.best.id.startswith("county-safety-2023/p1.")


def test_asking_for_detail_after_such_a_point_quotes_what_was_left_out_with_the_closing_sentence(matcher):
    _, turn = talk(matcher, "第一点讲了些什么", "说详细点")
    text = turn.result.best.text
    assert LEFT_OUT_1 in text and CLOSING_1 in text


def test_a_point_asked_in_detail_is_read_from_its_opening_without_skipping(matcher):
    (turn,) = talk(matcher, "第二点具体讲了什么")
    text = turn.result.best.text
    assert ELIDED not in text and "经济压力依然较大" in text
    (summary,) = talk(matcher, "第二点讲了什么")
    assert CLOSING_2 in summary.result.best.text and "经济压力依然较大" not in summary.result.best.text


def test_a_point_whose_sentences_all_fit_is_shown_whole_without_a_gap(matcher):
    (turn,) = talk(matcher, "第四点讲了什么")
    assert ELIDED not in turn.result.best.text


def test_what_the_speaker_says_he_will_go_on_to_say_is_read_on_from_the_last_quote(matcher):
    first, turn = talk(matcher, "要重视安全生产的论述里,政府工作的两条线是什么", "后面县长说他接着要讲啥")
    assert turn.followup in ("more", "next")
    assert first.result.best.sentence_ids[-1] not in turn.result.best.sentence_ids[-1:]


def test_a_marked_passage_pointed_at_by_its_title_is_quoted_and_reading_on_goes_to_the_next_one(matcher):
    first, turn = talk(matcher, "重点领域专项整治里头非煤矿山这段讲了些什么", "然后呢")
    assert first.result.best.passage_id == "county-safety-2023/p3.2.1"
    assert turn.result.best.passage_id == "county-safety-2023/p3.2.2"


def test_a_count_asked_with_a_measure_word_is_the_questions_shape_not_an_unknown_topic(matcher):
    query = matcher.index.parse("企业隐患整改不到位的分几类情况")
    assert query.concepts and not any("几" in c.surface for c in query.concepts)


def test_before_the_set_of_points_is_the_speechs_opening_not_the_last_points(matcher):
    (turn,) = talk(matcher, "四点意见前面,讲话开头说了什么")
    assert turn.result.best.id.startswith("county-safety-2023/intro.")
