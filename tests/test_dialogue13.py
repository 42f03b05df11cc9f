"""Follow-ups of branch dialogue13, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.helpers_core import short_ids as _ids
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# 下一点 after a sentence of a point: the next point is read as it begins — its heading, what it says itself before
# its parts, then its parts; after a question for a heading, the heading and its parts as before.

@pytest.mark.parametrize(("first", "second", "opening"), [
    ("第二点说安全生产问题是什么问题", "下一点呢", "多年的经验教训告诉我们"),
    ("特殊之年县长要求站在什么高度", "下一点讲的啥", "多年的经验教训告诉我们"),
    ("第三点里应急值守要执行什么制度", "下一点呢", "落实责任始终是最有力的武器"),
])
def test_the_next_point_after_a_sentence_shows_what_the_point_says_before_its_parts(matcher, first, second, opening):
    _, turn = talk(matcher, first, second)
    assert turn.followup == "next"
    assert opening in turn.result.answers[0].text
    assert "其中:" in turn.result.answers[0].text


def test_the_next_point_after_a_heading_question_is_its_heading_and_parts_only(matcher):
    _, turn = talk(matcher, "第三点的题目是啥", "下一点呢")
    text = turn.result.answers[0].text
    assert text.startswith("四、负责任、勇担当")
    assert "落实责任始终是最有力的武器" not in text


# 接下来讲的啥 after a short sentence shown with the one after it, when that one says what was asked as much (the
# principle): both were read, so the speech goes on after them (the first part of the point), not with the sentence
# already shown; when the short sentence alone answered (the weapon), the one shown with it is still what follows.

@pytest.mark.parametrize("second", ["接下来讲的啥", "后面呢", "然后呢"])
def test_reading_on_after_a_quote_shown_with_its_next_sentence_goes_past_both(matcher, second):
    one, turn = talk(matcher, "第四点一开头说落实安全生产责任要依照啥原则", second)
    assert _ids(one.result)[0] == "p4.s1"
    assert "p4.s2" not in _ids(turn.result)
    assert "一要落实党政领导责任" in turn.result.answers[0].text


def test_reading_on_after_a_short_answer_alone_still_reads_the_sentence_shown_with_it(matcher):
    _, turn = talk(matcher, "落实责任被比作什么武器", "后面呢")
    assert "层层压实责任" in turn.result.answers[0].text


# 后面呢 after a long sentence whose opening clause answered and whose rest is most of it (刚才,X同志通报了…,
# X同志深入分析了…): the rest of that sentence is what follows, quoted with the next sentence. After a question
# for requirements the whole duty sentence was the answer: reading on goes to what comes after it.

@pytest.mark.parametrize("second", ["后面呢", "接着说了啥", "后边一句呢"])
def test_reading_on_after_the_opening_clause_of_a_long_sentence_quotes_its_rest(matcher, second):
    one, turn = talk(matcher, "开会一开始县长说X同志通报的是啥", second)
    assert _ids(one.result) == ["intro.s1"]
    assert "深入分析了当前我县安全生产工作中存在的问题" in turn.result.answers[0].text
    assert "intro.s2" in _ids(turn.result)


def test_reading_on_after_a_question_for_requirements_goes_to_the_next_part(matcher):
    one, turn = talk(matcher, "建筑施工这块对施工单位提了哪些要求", "接下来讲的啥")
    assert _ids(one.result) == ["p3.2.2.s4"]
    assert "三要切实加强安全防范和应急值守" in turn.result.answers[0].text


# A request for more that goes on with words of its own (具体讲讲乡镇要做啥; 展开说说，跟我们县有什么关系; 还有别的吗？
# 乡镇做了啥): more of the last answer's part, and the words say which — its unread sentence holding them, not a
# sentence elsewhere that holds them too (县政府安委会要对各乡镇、各部门…).

@pytest.mark.parametrize(("first", "second", "said"), [
    ("县里今年要搞什么隐患排查行动", "具体讲讲乡镇和有关部门要做啥", "p3.1.s6"),
    ("隐患排查要做到哪两个不放过", "多讲点，对不开展查改的咋处理", "p3.1.s6"),
    ("去年建筑施工领域那起事故有多严重", "展开说说，跟我们县有什么关系", "p3.2.2.s3"),
    ("开头说X同志通报了哪些情况", "还有别的吗？乡镇做了啥", "intro.s2"),
])
def test_a_request_for_more_with_words_of_its_own_quotes_the_sentence_they_point_to(matcher, first, second, said):
    _, turn = talk(matcher, first, second)
    assert turn.followup == "more"
    assert _ids(turn.result) == [said]


def test_words_after_a_request_for_more_that_the_last_quote_holds_are_no_pointer_elsewhere(matcher):
    _, turn = talk(matcher, "两张清单要向谁公布", "详细说说部门要增强什么")
    assert turn.followup != "more"
    assert "增强各个部门抓安全生产的自觉性" in turn.result.answers[0].text


# 目标是什么 / 这是为了啥 after a sentence whose last clause opens with a bare 以 (…做得更好,以优异成绩迎接…): that
# clause states the aim, so the sentence answers, not another passage holding the word 目标 (紧盯目标责任).

@pytest.mark.parametrize("second", ["目标是什么", "这是为了啥", "要达到什么目的"])
def test_the_aim_of_a_closing_wish_is_its_own_clause_opened_by_yi(matcher, second):
    one, turn = talk(matcher, "讲话结尾县长希望大家做什么", second)
    assert _ids(one.result) == ["closing.s1"]
    assert turn.followup == "topicless"
    assert _ids(turn.result) == ["closing.s1"]


# 咋执行 / 怎么落实呢 after a one-sentence quote whose opening clause answered (…“两张清单”并向社会公布) and whose
# clauses after it go on about it (日常照单监管,失职照单追责…): how it is carried out is said there.

@pytest.mark.parametrize("second", ["咋执行", "怎么落实呢", "如何落实"])
def test_how_after_a_sentence_whose_rest_goes_on_about_it_is_that_sentence(matcher, second):
    one, turn = talk(matcher, "两张清单要向谁公布", second)
    assert _ids(one.result) == ["p4.2.s3"]
    assert _ids(turn.result) == ["p4.2.s3"]


# 第二个要 counts a point's parts as 第二要 does.

def test_the_nth_ge_yao_after_a_points_parts_opens_that_part(matcher):
    _, turn = talk(matcher, "第四点分了几个要", "第二个要讲的啥")
    assert turn.followup == "ordinal"
    assert _ids(turn.result)[0] == "p4.2.s1"


# A set named by its count and asked what it is (那三个必须是什么) asked for its list: 最后一个 is its last item,
# not the speech's last point.

def test_the_last_of_a_set_named_by_its_count_is_its_last_item(matcher):
    _, turn = talk(matcher, "管行业管业务那三个必须是什么", "最后一个是啥")
    assert turn.followup == "ordinal"
    assert turn.question.startswith("管生产经营必须管安全")


# An item with no topic word of its own (也是重大的政治问题) asked of: named by what tells it from the others (政治),
# where the passage speaks of that, not by the listing sentence again.

@pytest.mark.parametrize("second", ["最后那个咋理解", "第四个怎么看"])
def test_an_item_without_a_topic_word_is_asked_by_what_tells_it_from_the_others(matcher, second):
    one, turn = talk(matcher, "安全生产问题既是经济问题还是哪些问题", second)
    assert _ids(one.result) == ["p2.s4"]
    assert _ids(turn.result) == ["p2.s1"]


# 落实安全生产责任包括哪几个方面: the noun said before the list (责任) ends every part's heading of one point, so the
# answer is that point's parts and 头一个 / 第二个 count them.

@pytest.mark.parametrize(("first", "second", "said"), [
    ("落实安全生产责任包括哪几个方面", "第二个具体咋落实", "p4.2.s1"),
    ("安全生产的责任分哪几块", "头一个是啥", "p4.1.s1"),
])
def test_a_list_asked_after_the_noun_its_parts_end_in_is_that_points_parts(matcher, first, second, said):
    one, turn = talk(matcher, first, second)
    assert one.result.answers[0].text.startswith("四、")
    assert _ids(turn.result)[0] == said


# A part without parts of its own asked for its list (应急值守那一要提了哪几项要求; 加强安全防范和应急值守具体有哪几项
# 要求, found or not): it states its requirements one a sentence, so 第N项 is its Nth requirement, not its Nth
# sibling part.

@pytest.mark.parametrize(("first", "second", "said"), [
    ("应急值守那一要提了哪几项要求", "第三项呢", "p3.3.s4"),
    ("应急值守那一要提了哪几项要求", "第二个是啥", "p3.3.s3"),
    ("加强安全防范和应急值守,具体有哪几条要求", "第一个呢", "p3.3.s2"),
])
def test_the_nth_after_a_parts_list_of_requirements_is_its_nth_requirement(matcher, first, second, said):
    _, turn = talk(matcher, first, second)
    assert turn.followup == "ordinal"
    assert _ids(turn.result) == [said]


# A subject set against the last one with 又 or 呢 (安全生产又怎么说，属于什么线 after what 高线 means), too general a
# word to name a topic: asked as it stands, not with the last topic in front of it (which finds the two lines again).

@pytest.mark.parametrize("second", ["安全生产又怎么说,属于什么线", "那安全生产呢,又算啥线"])
def test_a_new_subject_set_against_the_last_is_asked_as_it_stands(matcher, second):
    _, turn = talk(matcher, "县长说的高线具体指什么", second)
    assert turn.result.status == "answered"
    assert "安全生产工作又是底线的红线" in turn.result.answers[0].text


# 第一个详细讲讲 after a quote listing things (我县重点领域有哪些): the item asked in detail is asked as what the speech
# requires of it, not read as a question of its own.

def test_an_item_asked_in_detail_is_answered_where_the_speech_requires_it(matcher):
    one, turn = talk(matcher, "我县重点领域有哪些", "第一个详细讲讲")
    assert _ids(one.result) == ["p3.2.s2"]
    assert turn.followup == "ordinal"
    assert _ids(turn.result) == ["p3.2.1.s1"]


# A request for more whose words point to a sentence that concludes (这说明…今年在这方面要下大功夫): that sentence names
# the intent, so the deed said after it comes with it.

def test_more_pointed_at_a_concluding_sentence_quotes_the_deed_after_it(matcher):
    _, turn = talk(matcher, "县长对去年大检查的问题怎么看", "详细说说今年怎么整改")
    assert _ids(turn.result) == ["p3.1.s4", "p3.1.s5"]
