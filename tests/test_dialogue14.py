"""Follow-ups of branch dialogue14, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.helpers_core import short_ids as _ids
from tests.test_console import run_chat
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# 那X呢 where X is a sibling part qualified in the asker's words (县直各部门): the noun it ends in names the part.

def test_a_sibling_named_by_the_noun_its_words_end_in_is_answered_inside_that_sibling(matcher):
    _, turn = talk(matcher, "党政一把手要亲力亲为吗", "那县直各部门的呢")
    assert turn.followup == "elliptic"
    assert _ids(turn.result)[0].startswith("p4.2.")


def test_a_thing_asked_for_is_answered_where_the_sibling_names_it_not_by_its_general_duty(matcher):
    first, turn = talk(matcher, "企业要建立什么清单", "那监管部门呢")
    assert "清单" in first.result.best.text
    assert "两张清单" in turn.result.best.text


def test_a_sibling_asked_in_general_after_a_parts_opening_duty_still_gets_the_siblings_opening_duty(matcher):
    _, turn = talk(matcher, "党政一把手该怎么抓安全", "换成部门呢")
    assert _ids(turn.result)[0] == "p4.2.s2"


# 原话: the words of the last quote as the speech says them, or what the original goes on to say.

def test_asking_for_the_original_words_quotes_the_passage_again(matcher):
    first, turn = talk(matcher, "非煤矿山复工有什么要求", "这句原话是怎么说的")
    assert turn.followup == "more"
    assert _ids(turn.result) == _ids(first.result)


def test_asking_what_the_original_says_after_a_quote_reads_on(matcher):
    _, turn = talk(matcher, "第一点里常讲的那句话是啥", "原话后面还说了啥")
    assert turn.followup == "more"
    assert _ids(turn.result)[0] == "p1.s3"


def test_a_question_about_a_word_of_the_original_is_no_request_for_more(matcher):
    _, turn = talk(matcher, "为什么说安全生产是底线的红线", "原话里的底线指啥")
    assert turn.followup != "more"


# How a deed is done, asked with a request for more: the duty whose steps lead to it, not where it is named.

def test_how_to_do_what_a_quote_names_is_the_duty_that_leads_to_it(matcher):
    _, turn = talk(matcher, "“从零开始,向零奋斗”是什么意思", "还有呢,具体怎样守住底线")
    assert _ids(turn.result) == ["p1.s9"]


# What to do now (那我们咋干, 那下一步咋整) after a fact: the duty that follows, a conclusion saying one included.

def test_what_we_do_after_a_fact_is_the_conclusion_that_says_it_and_what_it_does(matcher):
    _, turn = talk(matcher, "去年大检查走过场说明啥", "那我们咋干")
    assert turn.followup == "topicless"
    assert _ids(turn.result) == ["p3.1.s4", "p3.1.s5"]


def test_what_to_do_next_after_reasons_is_the_duty_they_lead_to(matcher):
    _, turn = talk(matcher, "建筑施工为啥要专门强调", "那下一步咋整")
    assert "严禁建筑施工赶工期" in turn.result.best.text


# 下一点 from a part of the last point: there is no next point, only the closing words, so it is the next part.

def test_the_next_point_from_a_part_of_the_last_point_is_the_next_part(matcher):
    _, turn = talk(matcher, "第四点一要讲的啥", "下一点呢")
    assert turn.followup == "next"
    assert turn.result.best.text.startswith("二要落实部门监管责任")


def test_the_next_point_from_the_last_part_of_another_point_is_still_the_next_point(matcher):
    _, turn = talk(matcher, "第三点三要讲的啥", "下一点呢")
    assert turn.result.best.text.startswith("四、负责任、勇担当")


# A point asked what it is (是啥) and answered with what it says: the next point is read the same way; asked for
# its title (题目), the next point's title alone.

def test_a_step_after_a_points_content_shows_the_next_points_content(matcher):
    _, turn = talk(matcher, "讲话第一点是啥", "接着说了啥")
    assert "今年的情况十分特殊" in turn.result.best.text


def test_a_step_after_a_points_title_shows_the_next_title_only(matcher):
    _, turn = talk(matcher, "第一点的题目叫啥", "那第二点呢")
    assert turn.result.best.text == "二、讲政治、讲大局,特殊之年必须格外重视安全生产工作。"


# 然后说的哪个方面 / 前面讲的哪一块: which part comes next (before) is a step to it.

@pytest.mark.parametrize(("first", "second", "followup", "passage"), [
    ("非煤矿山复工有什么要求", "然后说的哪个方面", "next", "p3.2.2"),
    ("建筑施工安全有什么要求", "前面讲的哪一块", "previous", "p3.2.1"),
])
def test_asking_which_part_comes_next_steps_to_it(matcher, first, second, followup, passage):
    _, turn = talk(matcher, first, second)
    assert turn.followup == followup
    assert turn.result.best.passage_id.endswith("/" + passage)


# A list question that found nothing: the Nth (last) is counted in the list where its subject is answered, not in
# the points offered instead.

def test_a_kind_counted_after_a_list_question_that_found_nothing_is_the_subjects_case(matcher):
    first, turn = talk(matcher, "停产整顿后达不到要求的,分几种情况", "第一种呢")
    assert first.result.status != "answered"
    assert turn.followup == "ordinal"
    assert _ids(turn.result) == ["p3.1.s6"]


def test_the_last_kind_is_not_the_last_point_offered(matcher):
    _, turn = talk(matcher, "停产整顿后达不到要求的,分几种情况", "最后一种呢")
    assert _ids(turn.result) == ["p3.1.s8"]


# A part pointed at by a word of its heading (应急那块): a list question about it stands there, and its requirements
# are counted.

def test_a_requirement_counted_after_a_part_pointed_at_by_a_word_of_its_heading(matcher):
    first, turn = talk(matcher, "应急那块有几项要求", "第二个要求呢")
    assert first.result.status != "answered" or "应急" in first.result.best.text
    assert _ids(turn.result) == ["p3.3.s3"]


def test_the_console_steps_from_a_part_of_the_last_point_to_the_next_part():
    out = run_chat("第四点一要讲的啥", "下一点呢")
    assert "二要落实部门监管责任" in out
    assert "同志们,新的一年" not in out


# 具体说说这话啥意思: detail asked of the last quote itself (a pronoun for it, and what it means), not a word elsewhere.

def test_asking_in_detail_what_the_quote_means_quotes_it_in_its_passage(matcher):
    first, turn = talk(matcher, "第一点里常讲的那句话是啥", "详细说说这句话什么意思")
    assert turn.followup == "more"
    assert set(_ids(first.result)) <= set(_ids(turn.result))
    assert len(_ids(turn.result)) > len(_ids(first.result))


# 最后那个具体讲了啥 / 第三个具体是啥 after the points: that point in detail, what it says before its parts included.

@pytest.mark.parametrize(("second", "opening"), [
    ("最后那个具体讲了啥", "落实责任始终是最有力的武器"),
    ("第三个具体是啥", "多年的经验教训告诉我们"),
])
def test_a_point_picked_in_detail_after_the_points_shows_its_own_opening(matcher, second, opening):
    _, turn = talk(matcher, "讲话一共几点意见", second)
    assert opening in turn.result.best.text
    assert "其中:" in turn.result.best.text


# 那咋办 after reasons (no condition was stated): what to do for them, the duty they lead to.

def test_what_then_after_reasons_is_the_duty_they_lead_to(matcher):
    first, turn = talk(matcher, "县长为啥说今年情况特殊", "那咋办?")
    assert "p2.s5" not in _ids(first.result)
    assert _ids(turn.result) == ["p2.s5"]


def test_what_then_after_a_condition_is_still_what_is_done_then(matcher):
    _, turn = talk(matcher, "隐患查改发现重大隐患要怎样", "整顿后还达不到要求咋办")
    assert "决不准恢复生产" in turn.result.best.text


def test_the_list_asked_by_words_it_quotes_is_the_one_whose_sentences_hold_them(matcher):
    first, turn = talk(matcher, "查隐患这块,对企业有哪几个“一律”", "第一个是啥情况")
    assert first.result.status != "answered" or "一律" in first.result.best.text
    assert "一律依法处置" in turn.result.best.text
