"""Questions about the structure of the speech are answered from the outline derived from the text."""

from __future__ import annotations

import pytest

from bot.qa.result import ANSWERED, CLARIFY
from tests.helpers_core import corrected_source, gid, shipped_matcher

HEADINGS = [
    "真重视、不懈怠,坚决守住安全生产这条底线",
    "讲政治、讲大局,特殊之年必须格外重视安全生产工作",
    "盯重点、下狠劲,重拳出击抓好安全生产治理整顿",
    "负责任、勇担当,确保安全生产工作部署落实到位",
]


@pytest.fixture(scope="module")
def ask():
    return shipped_matcher().ask


@pytest.mark.parametrize("question", ["讲话分几点", "讲话一共几个部分", "讲话的主要内容", "what are the main points",
                                      "How many points does the speech have"])
def test_how_many_points_is_answered_with_the_four_headings(ask, question):
    r = ask(question)
    assert r.status == ANSWERED
    best = r.answers[0]
    assert best.id == gid("outline") and best.kind == "outline"
    # "How many" is answered with the speech's own sentence that says so; an overview by the count.
    lead = "下面,我再强调四点意见:" if any(w in question for w in ("几", "How many")) else "讲话共四点意见"
    assert best.text.startswith(lead)
    positions = [best.text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("question, node", [
    ("第二点的题目是什么", "p2"),  # words no list names (题目, 叫): no topic of the speech, so structural
    ("第二点叫什么", "p2"),
    ("第一部分主要说了啥", "p1"),
    ("第三点第一个要求是啥", "p3.1"),
    ("第四点包括哪几个要", "p4"),
    ("第四部分讲落实责任，分了哪几个方面", "p4"),  # 落实责任 is the point's own heading: it confirms
    ("这个讲话总共分几个方面", "outline"),  # 总共分: two listed words glued by jieba's HMM, not a new word
    # An ordinal with any counting word after a point reference is a sub-point of that point.
    ("第二部分里面的第一条说的是啥", "p2"),  # point 2 has no sub-points: the point itself
    ("第三部分的第二项要求讲什么", "p3.2"),
    ("第四点里头第三个讲的什么", "p4.3"),
    ("第四部分中的第一条要落实哪个责任", "p4.1"),  # 落实, 责任: the sub-point's own heading confirms
    # How many or which parts a point has: its sub-points.
    ("第三部分一共有几条", "p3"),
    ("第四点分成哪些方面", "p4"),
])
def test_structure_questions_are_recognised_by_what_their_other_words_are_not(ask, question, node):
    r = ask(question)
    assert r.status == ANSWERED and r.answers[0].kind == "outline"
    assert r.answers[0].id == gid(node)


@pytest.mark.parametrize("question", ["第三点里关于隐患排查是怎么要求的", "第一点里的消防演练多久一次",
                                      "今天星期几", "食堂有哪些菜"])
def test_an_ordinal_or_a_count_with_a_topic_of_its_own_is_not_a_structure_question(ask, question):
    r = ask(question)
    assert not (r.answers and r.answers[0].kind == "outline")


def test_what_the_third_point_says_lists_its_heading_and_sub_points(ask):
    r = ask("第三点讲了什么")
    assert r.status == ANSWERED
    best = r.answers[0]
    assert best.id == gid("p3")
    assert best.source == (f"第三点 {HEADINGS[2]}",)
    assert best.text.startswith(f"三、{HEADINGS[2]}")
    for sub in ("一要持续加大隐患排查整治力度", "二要扎实开展重点领域专项整治", "三要切实加强安全防范和应急值守"):
        assert sub in best.text


@pytest.mark.parametrize("question", ["第2点讲了什么", "what is the second point", "第二部分", "point 2"])
def test_the_second_point_can_be_asked_for_in_several_ways(ask, question):
    r = ask(question)
    assert r.status == ANSWERED
    assert r.answers[0].id == gid("p2")
    assert r.answers[0].text.startswith(f"二、{HEADINGS[1]}")


def test_a_point_without_sub_points_is_summed_up_by_its_heading_and_first_sentences(ask):
    best = ask("第一点讲了什么").answers[0]
    assert best.id == gid("p1")
    assert len(best.text) <= 360
    head = f"一、{HEADINGS[0]}。"
    assert best.text.startswith(head)
    # (dialogue15: the opening sentences that fit, then …… and the point's closing sentence)
    opening, closing = best.text[len(head):].split("……")
    assert opening in corrected_source() and closing in corrected_source()


def test_the_second_requirement_of_the_fourth_point_is_quoted(ask):
    r = ask("第四点第二要")
    assert r.status == ANSWERED
    best = r.answers[0]
    assert best.id == gid("p4.2")
    assert best.source == (f"第四点 {HEADINGS[3]}", "二要 落实部门监管责任")
    assert best.text.startswith("二要落实部门监管责任。")
    assert "管行业必须管安全" in best.text
    assert len(best.text) <= 360 and best.text in corrected_source()


def test_a_fifth_point_does_not_exist_so_the_real_points_are_offered(ask):
    r = ask("第五点")
    assert r.status == CLARIFY
    assert r.answers == ()
    assert [s.id for s in r.suggestions] == [gid("p1"), gid("p2"), gid("p3"), gid("p4")]
    for s in r.suggestions:
        again = ask(s.question)
        assert again.status == ANSWERED and again.answers[0].id == s.id, s.question


def test_a_sub_point_without_its_point_asks_which_one_is_meant(ask):
    r = ask("第二要")
    assert r.status == CLARIFY
    assert [s.id for s in r.suggestions] == [gid("p3.2"), gid("p4.2")]
    for s in r.suggestions:
        again = ask(s.question)
        assert again.status == ANSWERED and again.answers[0].id == s.id, s.question


def test_a_question_naming_a_topic_inside_a_point_is_answered_from_the_text_not_the_outline(ask):
    r = ask("第三点里建筑施工有什么要求")
    assert r.status == ANSWERED
    assert r.answers[0].kind == "quote"
    assert r.answers[0].passage_id == gid("p3.2.2")


@pytest.mark.parametrize("question", ["讲话最后一点讲的是什么内容", "最后一部分讲了什么", "四点意见里最后一点的题目是啥"])
def test_the_last_point_is_the_fourth(ask, question):
    r = ask(question)
    assert r.status == ANSWERED and r.best.id == gid("p4") and r.best.text.startswith("四、负责任、勇担当")


@pytest.mark.parametrize("question", ["讲话结尾县长说了什么", "结尾是怎么收的", "最后县长说了什么", "讲话最后那段话讲的啥"])
def test_the_ending_of_the_speech_is_its_closing_words(ask, question):
    r = ask(question)
    assert r.status == ANSWERED and r.best.text.startswith("同志们,新的一年,希望大家再接再厉")


def test_a_sub_point_is_found_by_its_place_in_its_point(ask):
    r = ask("第三点里排在第一位的要求是什么")
    assert r.status == ANSWERED and r.best.text.startswith("一要持续加大隐患排查整治力度")


@pytest.mark.parametrize("question", ["第四点最后一个小点是什么", "第四点的最后一个要求讲的啥"])
def test_the_last_sub_point_of_a_point_is_its_last_one_not_its_first(ask, question):
    r = ask(question)
    assert r.status == ANSWERED and r.best.text.startswith("三要落实企业主体责任")


def test_the_end_of_a_point_is_its_last_sentence(ask):
    r = ask("第三部分最后讲了什么")
    assert r.status == ANSWERED and r.best.text.startswith("要严格执行事故专报制度")


@pytest.mark.parametrize("question, start", [("四点意见里排在第二的是哪一点", "二、"), ("排在第三位的是哪部分", "三、"), ("四点意见第一点是啥", "一、"),
                                             ("四点意见里第二点讲什么", "二、")])
def test_an_ordinal_among_the_points_is_that_point(ask, question, start):
    r = ask(question)
    assert r.status == ANSWERED and r.best.text.startswith(start)
