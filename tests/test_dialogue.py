"""Follow-ups: a message that cannot stand alone is read against the previous turn (a Context value)."""

from __future__ import annotations

import dataclasses

import pytest

from bot.qa.dialogue import (
    DEFAULT_TTL,
    ELLIPTIC,
    MORE,
    NEXT,
    ORDINAL,
    PICK,
    TOPICLESS,
    Context,
    Turn,
    asked_kind,
    carries,
    form_of,
    items_of,
    named_node,
    open_node,
    respond,
)
from bot.qa.result import ANSWERED, CLARIFY
from bot.qa.source import cn_numeral
from tests.helpers_core import gid, shipped_matcher


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def talk(matcher, *messages: str, gap: float = 10.0) -> list[Turn]:
    """A conversation: each message answered with the context the previous one left."""
    turns, context, now = [], None, 1000.0
    for message in messages:
        turn = respond(message, context, matcher, now)
        turns.append(turn)
        context, now = turn.context, now + gap
    return turns


def passage(turn: Turn) -> str:
    assert turn.result is not None and turn.result.status == ANSWERED, turn
    return turn.result.best.passage_id


def assert_exact_quote(matcher, turn: Turn) -> None:
    """A built answer quotes the speech exactly: its text is its sentences, in order, with their path."""
    best = turn.result.best
    kb = matcher.kb
    assert best.kind == "quote"
    assert best.text == "".join(kb.sentences[s].text for s in best.sentence_ids)
    assert best.source == kb.passages[best.passage_id].path


# ----- small talk -----
@pytest.mark.parametrize("message, kind", [("你好", "greeting"), ("谢谢", "thanks"), ("收到！", "ack"), ("你是谁", "who"),
                                           ("拜拜", "farewell")])
def test_small_talk_never_reaches_the_matcher_and_is_not_recorded(matcher, message, kind):
    turn = respond(message, None, matcher, 0.0)
    assert turn.smalltalk == kind and turn.result is None and not turn.record


def test_small_talk_keeps_the_conversation_where_it_was(matcher):
    first, ack, more = talk(matcher, "非煤矿山复工有什么要求", "收到", "那建筑工地呢")
    assert ack.context == first.context
    assert more.followup == ELLIPTIC and passage(more) == gid("p3.2.2")


def test_an_acknowledgement_opening_a_question_is_dropped(matcher):
    (turn,) = talk(matcher, "好的，那隐患排查怎么搞")
    assert turn.smalltalk is None and passage(turn) == gid("p3.1")


# ----- elliptic 那X呢 -----
@pytest.mark.parametrize("first, follow_up, expected", [
    ("非煤矿山复工有什么要求", "那建筑工地呢", "p3.2.2"),
    ("建筑施工安全有什么要求", "那矿山呢", "p3.2.1"),
    ("党政领导责任怎么落实", "那部门呢", "p4.2"),
    ("部门监管责任怎么落实", "企业呢", "p4.3"),
    ("应急救援预案怎么完善", "值班呢", "p3.3"),
    ("两张清单是什么", "那黑名单呢", "p4.3"),
])
def test_that_x_asks_the_last_question_about_another_topic(matcher, first, follow_up, expected):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup == ELLIPTIC
    assert passage(turn) == gid(expected)


def test_elliptic_questions_chain_on_the_rewritten_question(matcher):
    turns = talk(matcher, "党政领导责任怎么落实", "那部门呢", "企业呢")
    assert [passage(t) for t in turns] == [gid("p4.1"), gid("p4.2"), gid("p4.3")]
    assert turns[1].question != "那部门呢"  # the question that stands alone is kept for logs and the next turn


def test_a_different_answer_is_preferred_to_repeating_the_last_one(matcher):
    first, turn = talk(matcher, "应急救援预案怎么完善", "值班呢")
    assert turn.result.best.sentence_ids != first.result.best.sentence_ids


# ----- more -----
@pytest.mark.parametrize("word", ["具体说说", "详细点", "展开讲讲", "那具体说说呢", "详细点，还有别的吗？", "还有呢",
                                  "还有别的要求吗", "能再具体一点吗", "说得详细些", "就这些吗"])
def test_more_after_one_sentence_quotes_it_in_its_passage_with_the_sentences_around_it(matcher, word):
    """建筑施工安全有什么要求 is answered by the passage's last sentence; 具体说说 / 还有呢 want it in context: the
    sentences before it (the accident, the projects starting after the holiday) and the sentence itself (people
    read a one-sentence answer as a part of what the speech says there, and often expect that part again)."""
    first, turn = talk(matcher, "建筑施工安全有什么要求", word)
    assert first.result.best.sentence_ids == (gid("p3.2.2.s4"),)
    assert turn.followup == MORE
    assert turn.result.best.sentence_ids == tuple(gid(f"p3.2.2.s{i}") for i in range(1, 5))
    assert "节后陆续开工" in turn.result.best.text and "严禁建筑施工赶工期" in turn.result.best.text
    assert_exact_quote(matcher, turn)


def test_details_quote_the_sentences_before_a_quote_too(matcher):
    """The sentence 具体说说 wants may come before the quote: 隐患排查 asked about, p3.1.s5 quoted; the whole
    sub-point (the failed inspections of last year, then what to do) fits, and is quoted."""
    first, turn = talk(matcher, "隐患排查整治有什么要求", "具体说说")
    assert first.result.best.sentence_ids == (gid("p3.1.s5"),)
    assert "多轮安全生产大检查活动" in turn.result.best.text and "决不准恢复生产" in turn.result.best.text
    assert_exact_quote(matcher, turn)


def test_details_of_a_long_passage_are_a_window_around_the_quote(matcher):
    first, turn = talk(matcher, "第一点里常讲的那句话是啥", "具体说说")
    assert first.result.best.sentence_ids[0] == gid("p1.s1")
    ids = turn.result.best.sentence_ids
    assert ids[0] == gid("p1.s1") and gid("p1.s3") in ids and len(turn.result.best.text) <= 360


@pytest.mark.parametrize("word", ["还有呢", "具体说说"])
def test_more_after_a_whole_passage_says_that_is_all_and_offers_the_next_passage(matcher, word):
    """非煤矿山方面 is one sentence, all of it quoted: 还有呢 quotes it again with a note that it is the whole
    passage, and offers the next passage (建筑安全方面) — it does not jump to the sub-point's opening."""
    first, turn = talk(matcher, "非煤矿山复工复产首先要干啥", word)
    assert first.result.best.sentence_ids == (gid("p3.2.1.s1"),)
    assert turn.followup == MORE and turn.note == "more_whole_passage"
    assert turn.result.best.sentence_ids == (gid("p3.2.1.s1"),)
    assert turn.drill == (("建筑安全方面", gid("p3.2.2")),)
    again = respond("还有呢", turn.context, matcher, 1030.0)
    assert again.note == "" and again.result.best.sentence_ids != (gid("p3.2.1.s1"),)


def test_the_offered_next_passage_can_be_picked_by_number(matcher):
    _, _, pick = talk(matcher, "非煤矿山复工复产首先要干啥", "还有呢", "1")
    assert pick.followup == PICK and passage(pick) == gid("p3.2.2")


def test_more_again_never_repeats_and_then_moves_on(matcher):
    turns = talk(matcher, "建筑施工安全有什么要求", "还有呢", "还有呢", "还有呢", "还有呢")
    quoted = [s for t in turns[1:] for s in t.result.best.sentence_ids]  # the first 还有呢 shows the passage whole
    assert len(quoted) == len(set(quoted))
    assert passage(turns[-1]) == gid("p3.3")  # the whole sub-point read: the next one


def test_more_after_one_sentence_reads_on_right_after_it_in_its_passage(matcher):
    first, turn = talk(matcher, "以往安全大检查存在什么问题", "还有呢")
    assert first.result.best.sentence_ids[-1] == gid("p3.1.s3")
    ids = turn.result.best.sentence_ids
    assert ids[ids.index(gid("p3.1.s3")) + 1] == gid("p3.1.s4")
    assert_exact_quote(matcher, turn)


def test_more_after_several_sentences_quotes_only_what_follows_them(matcher):
    first, turn = talk(matcher, "为什么说今年情况特殊", "还有呢")
    assert first.result.best.sentence_ids == (gid("p2.s1"), gid("p2.s2"))
    assert turn.result.best.sentence_ids[0] == gid("p2.s3")


def test_more_after_a_sub_point_reads_on_into_its_passages(matcher):
    turns = talk(matcher, "第三点讲了什么", "第二要呢", "具体说说", "还有呢")
    assert [passage(t) for t in turns[1:]] == [gid("p3.2"), gid("p3.2.1"), gid("p3.2.2")]


# ----- next -----
@pytest.mark.parametrize("first, expected", [
    ("非煤矿山复工有什么要求", "p3.2.2"),
    ("建筑施工安全有什么要求", "p3.3"),
])
def test_next_is_the_next_passage_in_outline_order(matcher, first, expected):
    _, turn = talk(matcher, first, "下一条")
    assert turn.followup == NEXT
    assert passage(turn) == gid(expected)
    assert_exact_quote(matcher, turn)


@pytest.mark.parametrize("first, point, heading", [
    ("怎样守住安全生产底线", "p2", "二、讲政治、讲大局,特殊之年必须格外重视安全生产工作。"),
    ("事故专报制度怎么规定", "p4", "四、负责任、勇担当,确保安全生产工作部署落实到位。"),
])
def test_next_across_a_point_boundary_shows_the_points_heading_then_its_first_sentences(matcher, first, point,
                                                                                       heading):
    _, turn = talk(matcher, first, "下一条")
    best = turn.result.best
    assert turn.followup == NEXT and best.passage_id == gid(point)
    assert best.text.startswith(heading)
    assert best.text[len(heading):] == "".join(matcher.kb.sentences[s].text for s in best.sentence_ids)
    assert best.sentence_ids[0] == gid(f"{point}.s1")


def test_next_after_a_point_opening_reached_by_a_step_is_its_first_sub_point(matcher):
    """事故专报 (the last sentence of 第三点) → 下一条: 第四点's heading and opening; 下一条 again: 一要…, not 第五点;
    还有呢 after a step reads on to 二要 (it is not a first look at a question's answer)."""
    _, opening, first_sub, more = talk(matcher, "事故专报制度怎么规定", "下一条", "下一条", "还有呢")
    assert first_sub.result.best.text.startswith("一要落实党政领导责任")
    assert more.note == "" and more.result.best.text.startswith("二要落实部门监管责任")


def test_next_after_a_sub_point_is_the_next_sub_point_then_the_next_point(matcher):
    turns = talk(matcher, "第四点讲了什么", "第二要呢", "下一个", "接着说")
    assert turns[2].result.best.passage_id == gid("p4.3")
    assert turns[3].result.best.id == gid("closing.s1")


def test_next_after_a_point_is_the_next_point(matcher):
    _, turn = talk(matcher, "第三点讲了什么", "下一条")
    assert turn.result.best.id == gid("p4") and turn.result.best.kind == "outline"


# ----- ordinals -----
@pytest.mark.parametrize("first, follow_up, expected", [
    ("党政领导责任怎么落实", "第二要呢", "p4.2"),
    ("隐患排查怎么开展", "第三要呢", "p3.3"),
    ("第三点讲了什么", "第二要呢", "p3.2"),
    ("第四点讲了什么", "第三个呢", "p4.3"),
])
def test_an_ordinal_sub_point_is_read_in_the_current_point(matcher, first, follow_up, expected):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup in (ORDINAL, PICK)
    assert passage(turn) == gid(expected)


def test_an_ordinal_point_is_that_point(matcher):
    _, turn = talk(matcher, "建筑施工安全有什么要求", "那第四点呢")
    assert turn.followup == ORDINAL and turn.result.best.id == gid("p4")


def assert_point_answer(matcher, turn: Turn, point: str) -> None:
    """A point opened by an ordinal, a step or a button is answered as 第N点讲了什么 is: its heading line (so the
    reader sees which point it is), then the point's exact sentences from its start."""
    best = turn.result.best
    kb = matcher.kb
    section = next(s for s in kb.documents[0].speech.sections if s.id == gid(point))
    assert best.kind == "outline" and best.id == gid(point)
    heading = f"{cn_numeral(section.ordinal)}、{section.heading}。"
    assert best.text.startswith(heading)
    assert best.text[len(heading):].startswith(kb.sentences[gid(f"{point}.s1")].text)
    assert turn.context.level == "point" and turn.context.point_id == gid(point)
    assert gid(f"{point}.s1") in turn.context.seen


def test_a_point_without_sub_points_is_answered_as_its_own_question(matcher):
    # Was: quoted from its first sentence, without the heading that says which point it is.
    _, turn = talk(matcher, "第三点讲了什么", "那第一点呢")
    assert_point_answer(matcher, turn, "p1")


def test_without_a_context_a_bare_sub_point_ordinal_asks_which_point(matcher):
    (turn,) = talk(matcher, "第二要呢")
    assert turn.result.status == CLARIFY


# ----- topicless -----
@pytest.mark.parametrize("first, follow_up, expected", [
    ("非煤矿山复工有什么要求", "谁来查", "p3.2.1"),
    ("非煤矿山复工有什么要求", "不合格的怎么办", "p3.2.1"),
    ("应急值守有什么要求", "要注意什么", "p3.3"),
    ("建筑施工安全有什么要求", "谁负责监督", "p3.2.2"),
    ("隐患排查怎么开展", "查出重大隐患的呢", "p3.1"),
])
def test_a_question_without_a_topic_is_answered_in_the_last_answers_passage(matcher, first, follow_up, expected):
    _, turn = talk(matcher, first, follow_up)
    assert passage(turn) == gid(expected)
    assert turn.followup in (TOPICLESS, ELLIPTIC, "")


@pytest.mark.parametrize("question, kind", [
    ("什么时候?", "time"), ("啥时候要特别注意", "time"), ("谁来查？", "agent"), ("哪个部门负责", "agent"),
    ("查出问题咋办", "handling"), ("失职了会怎样", "handling"), ("要注意什么", "caution"),
    ("今年要咋办", ""), ("要公开吗", ""), ("为啥这么说", ""),
])
def test_the_kind_of_thing_a_topicless_question_asks_for(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("sentence, kind, expected", [
    ("今年全县也有一大批重点工程在节后陆续开工。", "time", True),
    ("确保全国“两会”期间安全稳定。", "time", True),
    ("要切实加强应急值守。", "time", False),
    ("县政府安委会要对各乡镇进行综合监管。", "agent", True),
    ("各乡镇、各有关部门要认真查找问题不足。", "agent", True),
    ("推动各类企业严格履行法定义务。", "agent", False),
    ("查改发现存在重大隐患的,要一律停产整顿;", "handling", True),
    ("做到隐患排查不到位不放过。", "handling", False),
])
def test_a_sentence_carries_a_kind_by_its_features(sentence, kind, expected):
    assert carries(sentence, kind) is expected


@pytest.mark.parametrize("first, follow_up, expected", [
    ("隐患大排查大整治要做到什么", "查出问题咋办", "p3.1.s6"),  # another sentence says what then
    ("安全生产工作部署要形成什么样的工作格局", "谁来查", "p4.3.s4"),  # the answer's own sentence names who
    ("乡镇党委政府要负什么安全责任", "什么时候要特别注意", "p4.1.s3"),
    ("两张清单是什么", "失职了会怎样", "p4.2.s3"),  # not 那X呢 with X = 失职了会
])
def test_a_topicless_question_is_answered_by_the_sentence_that_carries_what_it_asks(matcher, first, follow_up,
                                                                                     expected):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup == TOPICLESS
    assert turn.result.best.sentence_ids[0] == gid(expected)
    assert_exact_quote(matcher, turn)


def test_a_topicless_question_after_an_off_topic_answer_is_asked_with_the_topic(matcher):
    """The passage of an answer that is not about its question's topic is no place to look for who or when."""
    first, turn = talk(matcher, "今年建筑工地为啥监管压力大", "要注意什么")
    if passage(first) != gid("p3.2.2"):
        assert passage(turn) == gid("p3.2.2")


def test_a_question_that_stands_alone_starts_a_new_context(matcher):
    _, turn = talk(matcher, "非煤矿山复工有什么要求", "两张清单是什么")
    assert turn.followup == "" and passage(turn) == gid("p4.2")
    assert turn.context.question == "两张清单是什么"


# ----- picks and drill-down -----
def test_a_number_after_suggestions_picks_that_suggestion(matcher):
    first, turn = talk(matcher, "安全", "2")
    assert first.result.status == CLARIFY
    assert turn.followup == PICK
    assert turn.question == first.result.suggestions[1].question
    assert turn.result.status == ANSWERED


def test_a_number_out_of_range_is_not_a_pick(matcher):
    _, turn = talk(matcher, "安全", "9")
    assert turn.followup != PICK


def test_structure_answers_offer_their_drill_down_targets(matcher):
    outline, point, sub = talk(matcher, "讲话分几点", "3", "2")
    assert [target for _, target in outline.drill] == [gid(p) for p in ("p1", "p2", "p3", "p4")]
    assert [target for _, target in point.drill] == [gid(p) for p in ("p3.1", "p3.2", "p3.3")]
    assert [target for _, target in sub.drill] == [gid("p3.2.1"), gid("p3.2.2")]
    assert all(label for label, _ in outline.drill + point.drill + sub.drill)


def test_a_quote_offers_no_drill_down(matcher):
    (turn,) = talk(matcher, "建筑施工安全有什么要求")
    assert turn.drill == ()


@pytest.mark.parametrize("node, expected", [("p3.2.2", "p3.2.2"), ("p4.1", "p4.1")])
def test_open_node_quotes_a_passage_or_sub_point_from_its_start(matcher, node, expected):
    turn = open_node(gid(node), None, matcher, 0.0)
    assert passage(turn) == gid(expected)
    assert turn.result.best.sentence_ids[0] == gid(f"{expected}.s1")
    assert_exact_quote(matcher, turn)


def test_open_node_answers_a_point_without_sub_points_with_its_heading_then_its_start(matcher):
    assert_point_answer(matcher, open_node(gid("p1"), None, matcher, 0.0), "p1")


def test_open_node_then_next_walks_the_same_level(matcher):
    opened = open_node(gid("p3.1"), None, matcher, 0.0)
    turn = respond("下一条", opened.context, matcher, 10.0)
    assert passage(turn) == gid("p3.2")


# ----- expiry and values -----
def test_an_expired_context_is_ignored(matcher):
    first = respond("非煤矿山复工有什么要求", None, matcher, 0.0)
    late = respond("下一条", first.context, matcher, DEFAULT_TTL + 1)
    fresh = respond("下一条", first.context, matcher, DEFAULT_TTL - 1)
    assert late.followup == "" and fresh.followup == NEXT


def test_the_context_is_a_frozen_value_with_the_place_in_the_outline(matcher):
    (turn,) = talk(matcher, "建筑施工安全有什么要求")
    ctx = turn.context
    assert isinstance(ctx, Context)
    assert (ctx.point_id, ctx.subpoint_id, ctx.passage_id) == (gid("p3"), gid("p3.2"), gid("p3.2.2"))
    assert ctx.at == 1000.0 and ctx.question == "建筑施工安全有什么要求"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.question = "x"  # type: ignore[misc]


def test_the_matcher_keeps_no_state_between_conversations(matcher):
    talk(matcher, "非煤矿山复工有什么要求")
    (turn,) = talk(matcher, "那建筑工地呢")
    assert turn.followup == ""


def test_an_ordinal_the_speech_does_not_have_is_left_to_the_matcher_and_its_list_can_be_picked(matcher):
    _, missing, pick = talk(matcher, "建筑施工安全有什么要求", "第五点", "1")
    assert missing.result.status == CLARIFY
    assert pick.followup == PICK and pick.result.best.id == gid("p1")


@pytest.mark.parametrize("message", ["今天晚饭吃什么", "医保怎么报销", "罚多少钱"])
def test_a_message_with_a_topic_of_its_own_is_not_read_as_a_follow_up(matcher, message):
    first = respond("建筑施工有什么要求", None, matcher, 0.0)
    second = respond(message, first.context, matcher, 1.0)
    assert second.followup == "" or second.result.status == "no_answer"
    assert second.result.status == matcher.ask(message).status == "no_answer"


# ----- the form of the last question carries over (issue 10, follow-ups round 2) -----
@pytest.mark.parametrize("question, form", [
    ("第一点意见的标题是什么", "heading"), ("第三大点的题目叫什么", "heading"), ("县长强调的第一点意见是啥", "heading"),
    ("第一点讲了什么", ""), ("第三点第一要讲啥", ""), ("建筑施工安全有什么要求", ""),
    ("为什么说今年情况特殊", "reason"), ("政府工作的“高线”指的是什么", "definition"),
])
def test_the_form_of_a_question_is_what_it_asks_of_its_target(question, form):
    assert form_of(question) == form


@pytest.mark.parametrize("first, follow_up, heading", [
    ("第一点意见的标题是什么", "那第二点呢", "特殊之年必须格外重视安全生产工作"),
    ("第一点意见的标题是什么", "接着说下一点", "特殊之年必须格外重视安全生产工作"),
    ("第三大点的题目叫什么", "那第二点呢", "特殊之年必须格外重视安全生产工作"),
    ("第四点意见的标题是什么", "那第一点呢", "坚决守住安全生产这条底线"),
    ("第三点第一要的标题是什么", "第二要呢", "二要扎实开展重点领域专项整治"),
])
def test_after_a_heading_question_an_ordinal_or_next_answers_with_the_heading(matcher, first, follow_up, heading):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup in (ORDINAL, NEXT)
    text = turn.result.best.text
    assert heading in text and len(text) < 40  # the heading, not the body's first sentences
    assert turn.context.form == "heading"


@pytest.mark.parametrize("follow_up", ["下一点呢", "接着说"])
def test_after_a_content_question_the_next_point_is_its_content(matcher, follow_up):
    # Was: p2 quoted without its heading line; now as 第二点讲了什么 answers it (heading, then content).
    _, turn = talk(matcher, "第一点讲了什么", follow_up)
    assert turn.followup == NEXT
    assert_point_answer(matcher, turn, "p2")


@pytest.mark.parametrize("first, follow_up, expected", [
    ("重点领域专项整治讲了啥", "下一个要呢", "p3.3"),
    ("守住安全生产底线那一点怎么说的", "再下一点", "p2"),
    ("第三点第二要主要说啥", "上一要", "p3.1"),
])
def test_a_step_names_the_level_it_steps_at(matcher, first, follow_up, expected):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup in (NEXT, "previous")
    assert turn.result.best.passage_id == gid(expected) or turn.result.best.id == gid(expected)


def test_next_aspect_after_a_question_naming_an_aspect_is_the_next_aspect_never_an_elliptic(matcher):
    first, turn = talk(matcher, "讲话说非煤矿山方面要注意什么", "下一个方面呢")
    assert turn.followup == NEXT and passage(turn) == gid("p3.2.2")


def test_the_next_sentence_reads_on_after_the_last_quote(matcher):
    first, turn = talk(matcher, "领导干部值班制度怎么规定的", "下一句讲的啥")
    assert first.result.best.sentence_ids[-1] == gid("p3.3.s3")
    assert turn.result.best.sentence_ids == (gid("p3.3.s4"),)


@pytest.mark.parametrize("word", ["接下来还说了啥", "后面呢", "然后呢"])
def test_read_on_after_the_opening_is_the_sentence_that_follows(matcher, word):
    first, turn = talk(matcher, "讲话开头县长对前面同志的发言怎么评价", word)
    assert first.result.best.sentence_ids == (gid("intro.s1"),)
    assert turn.result.best.sentence_ids[0] == gid("intro.s2")


def test_another_reason_is_the_next_sentence_of_the_reasons_passage(matcher):
    first, turn = talk(matcher, "为什么说今年情况特殊", "还有别的原因吗")
    assert turn.followup == MORE
    assert turn.result.best.sentence_ids[0] == gid("p2.s3")
    assert turn.context.form == "reason"


def test_more_after_a_point_answer_continues_after_the_sentences_it_showed(matcher):
    first, turn = talk(matcher, "第一点讲了什么", "还有呢")
    # (dialogue15: the answer shows the opening up to p1.s6, then …… and the closing p1.s9)
    assert first.context.seen[-2:] == (gid("p1.s6"), gid("p1.s9"))
    assert turn.result.best.sentence_ids == (gid("p1.s7"), gid("p1.s8"))


def test_details_after_a_sub_point_shown_whole_quote_its_content_not_the_next_point(matcher):
    first, turn = talk(matcher, "第三点的第三要讲的是什么", "具体说说")
    assert first.result.best.kind == "outline"
    assert passage(turn) == gid("p3.3") and turn.result.best.sentence_ids[0] == gid("p3.3.s2")
    assert_exact_quote(matcher, turn)


def test_why_a_headed_topic_is_stressed_is_answered_in_its_own_passage_and_more_stays_there(matcher):
    first, turn = talk(matcher, "建筑施工安全为啥要专门强调", "展开讲讲")
    assert passage(first) == gid("p3.2.2") and gid("p3.2.2.s2") in first.result.best.sentence_ids
    assert passage(turn) == gid("p3.2.2")


def test_more_goes_to_the_passage_of_the_sub_point_its_topic_stands_in(matcher):
    (first,) = talk(matcher, "县长这里着重强调了哪些问题")
    assert first.result.best.sentence_ids == (gid("p3.2.s3"),)
    on_topic = dataclasses.replace(first.context, topic="建筑施工")
    turn = respond("展开讲讲", on_topic, matcher, 1010.0)
    assert passage(turn) == gid("p3.2.2")  # not the sub-point's opening, nor 非煤矿山 that comes first
    plain = respond("展开讲讲", first.context, matcher, 1010.0)
    assert passage(plain) == gid("p3.2")


def test_that_x_after_a_definition_asks_for_the_definition_of_x(matcher):
    _, turn = talk(matcher, "政府工作的“高线”指的是什么", "那底线呢")
    assert turn.followup == ELLIPTIC and gid("p1.s5") in turn.result.best.sentence_ids


def test_that_x_naming_a_sibling_heading_asks_the_same_of_the_sibling(matcher):
    _, turn = talk(matcher, "部门监管责任有哪些要求", "那企业呢")
    assert turn.followup == ELLIPTIC and turn.result.best.sentence_ids[0] == gid("p4.3.s2")


# ----- a question about what a heading's node says stands at that node -----
@pytest.mark.parametrize("question, node", [
    ("企业主体责任讲了什么?", "p4.3"), ("重拳出击抓治理整顿这点讲了啥？", "p3"), ("讲政治讲大局那一点讲了什么", "p2"),
    ("第一点意见讲什么", ""), ("安全生产讲了什么", ""), ("企业主体责任怎么落实", ""),
])
def test_a_what_does_it_say_question_names_the_node_whose_heading_it_quotes(matcher, question, node):
    assert named_node(question, matcher.kb) == (gid(node) if node else "")


def test_go_on_after_a_sub_point_question_goes_to_what_follows_the_sub_point(matcher):
    first, turn = talk(matcher, "企业主体责任讲了什么?", "接着说")
    assert first.context.level == "subpoint" and first.context.node_id == gid("p4.3")
    assert passage(turn) == gid("closing")  # after the last sub-point of the last point


def test_read_on_after_a_fact_question_still_reads_the_next_sentences(matcher):
    first, turn = talk(matcher, "企业主体责任的核心是啥", "接着说")
    assert first.context.level == "passage"
    assert passage(turn) == gid("p4.3") and turn.result.best.sentence_ids[0] == gid("p4.3.s3")


@pytest.mark.parametrize("follow_up", ["底线呢?", "那底线呢"])
def test_after_a_definition_x_ne_is_answered_by_the_sentence_that_names_x(matcher, follow_up):
    """高线指什么 was answered with 两条线 (one sentence for each line); 底线呢 asks what 底线 means: the sentence
    that names it, not the whole list again nor a later sentence about holding it."""
    _, turn = talk(matcher, "政府工作的高线指什么?", follow_up)
    assert turn.followup == ELLIPTIC
    assert turn.result.best.sentence_ids == (gid("p1.s5"),)
    assert_exact_quote(matcher, turn)


def test_details_after_a_clarify_read_the_first_questions_topic(matcher):
    """应急这块有什么要求 got a clarify; 详细点 still asks about 应急: its best suggestion is answered."""
    first, turn = talk(matcher, "应急这块有什么要求?", "详细点")
    if first.result.status == ANSWERED:
        pytest.skip("the matcher now answers the first question")
    assert turn.followup == MORE and turn.result.status == ANSWERED
    assert passage(turn) == gid("p3.3")


def test_details_after_a_clarify_without_a_topic_take_its_best_suggestion(matcher):
    first, turn = talk(matcher, "安全", "具体说说")
    assert first.result.status == CLARIFY
    assert turn.followup == MORE and turn.result.status == ANSWERED
    assert turn.question == first.result.suggestions[0].question


def test_next_aspect_after_a_question_about_an_aspect_answered_from_the_sub_points_opening_is_the_aspect_after_it(
        matcher):
    """重点领域里非煤矿山是怎么提的 is answered by the sub-point's opening (it names 非煤矿山); the question was about
    the 非煤矿山 aspect, so the next aspect is 建筑安全方面, not 非煤矿山方面 itself."""
    first, turn = talk(matcher, "重点领域里非煤矿山是怎么提的", "下一个方面")
    assert passage(first) == gid("p3.2")
    assert turn.followup == NEXT and passage(turn) == gid("p3.2.2")
    assert "严禁建筑施工赶工期" in turn.result.best.text


# ----- which list an ordinal counts in, by what the last answer was (follow-ups round 4) -----
@pytest.mark.parametrize("first, follow_up, heading", [
    ("党政领导责任怎么落实", "第二点呢", "二要落实部门监管责任"),  # a sentence of 一要 → its sibling 二要
    ("隐患排查怎么开展", "第二点是什么", "二要扎实开展重点领域专项整治"),
    ("县政府安委会要做什么", "那第一点呢", "一要落实党政领导责任"),
])
def test_after_a_sentence_inside_a_numbered_sub_point_di_n_dian_is_that_sibling_sub_point(matcher, first, follow_up,
                                                                                         heading):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup == ORDINAL
    assert turn.result.best.text.startswith(heading)


def test_once_di_n_dian_counted_sub_points_it_keeps_counting_them(matcher):
    turns = talk(matcher, "党政领导责任怎么落实", "第二点呢", "第三点呢")
    assert turns[2].result.best.text.startswith("三要落实企业主体责任")


@pytest.mark.parametrize("first, follow_up, point", [
    ("第三点第一要讲啥", "第二点呢", "p2"),  # the question counted points itself
    ("从零开始向零奋斗是什么意思", "第二点呢", "p2"),  # a sentence of a point without sub-points
    ("建筑施工安全有什么要求", "那第四点呢", "p4"),  # no 四要 in 第三点: the speech's fourth point
])
def test_otherwise_di_n_dian_is_the_speechs_point(matcher, first, follow_up, point):
    _, turn = talk(matcher, first, follow_up)
    assert turn.followup == ORDINAL and turn.result.best.id == gid(point)


def test_the_second_aspect_is_the_second_marked_passage_of_the_sub_point(matcher):
    _, turn = talk(matcher, "非煤矿山复工有什么要求", "第二个方面呢")
    assert turn.followup == ORDINAL and passage(turn) == gid("p3.2.2")
    assert "严禁建筑施工赶工期" in turn.result.best.text


# ----- the items of an enumeration a question asked in -----
@pytest.mark.parametrize("text, items", [
    ("按照“管行业必须管安全,管业务必须管安全,管生产经营必须管安全”的要求", ["管行业必须管安全", "管业务必须管安全",
                                                                    "管生产经营必须管安全"]),
    ("要按照“党政同责、一岗双责、齐抓共管、失职追责”要求", ["党政同责", "一岗双责", "齐抓共管", "失职追责"]),
    ("一是稳增长、保态势,追求“高线”不动摇;二是做好安全生产、环境保护等工作,守住“底线”不懈怠。",
     ["一是稳增长、保态势", "二是做好安全生产、环境保护等工作"]),
    ("要切实加强应急值守,严禁擅离职守。", []),
])
def test_items_of_a_quote_are_its_longest_enumeration(text, items):
    assert items_of(text) == items


def test_next_after_a_question_for_the_first_item_of_a_list_is_the_sentence_with_the_second_item(matcher):
    """“三管三必须”的头一条 is 管行业必须管安全; 下一个 is 管业务必须管安全 — in the same sentence, quoted again —
    not the next sub-point."""
    first, turn = talk(matcher, "讲话里“三管三必须”的第一个是什么", "下一个")
    assert first.result.best.sentence_ids == (gid("p4.2.s2"),)
    assert turn.followup == NEXT and turn.result.best.sentence_ids == (gid("p4.2.s2"),)


def test_next_item_of_a_numbered_list_across_sentences_is_its_own_sentence(matcher):
    first, turn = talk(matcher, "两条线的第一条是什么", "下一条")
    assert gid("p1.s4") in first.result.best.sentence_ids
    assert turn.result.best.sentence_ids == (gid("p1.s5"),)
    assert "守住“底线”不懈怠" in turn.result.best.text


def test_past_the_last_item_next_is_the_next_sub_point_again(matcher):
    turns = talk(matcher, "讲话里“三管三必须”的第一个是什么", "下一个", "下一个", "下一个")
    assert turns[-1].result.best.text.startswith("三要落实企业主体责任")


def test_a_one_character_word_the_matcher_does_not_know_does_not_make_a_follow_up_a_new_question(matcher):
    """谁来报: 报 is read as a noun of its own (a newspaper); the follow-up still asks who reports the accident."""
    _, turn = talk(matcher, "事故专报制度怎么规定", "谁来报")
    assert turn.followup == TOPICLESS and passage(turn) == gid("p3.3")
    assert "事故专报制度" in turn.result.best.text


def test_a_topicless_question_after_a_question_without_topic_words_is_answered_in_the_last_passage(matcher):
    _, turn = talk(matcher, "为什么说今年情况特殊", "要怎么做")
    assert turn.followup == TOPICLESS and passage(turn) == gid("p2")


@pytest.mark.parametrize("message, kind", [
    ("能再具体一点吗", MORE), ("说得详细些", MORE), ("详细说明一下", MORE), ("具体是怎么要求的", MORE),
    ("完整的是什么", MORE), ("请详细解释", MORE), ("还有其他要求吗", MORE), ("就这些吗", MORE), ("具体说说还有呢", MORE),
    ("后面一条呢", NEXT), ("下面一条", NEXT), ("接下来讲的是什么", NEXT), ("继续往下说", NEXT), ("后面还有吗", NEXT),
    ("还有下一条吗", NEXT),
])
def test_the_usual_shapes_of_asking_for_more_or_the_next_are_recognised(matcher, message, kind):
    _, turn = talk(matcher, "应急救援预案怎么完善", message)
    assert turn.followup == kind
    assert turn.result.status == ANSWERED and turn.result.best.kind in ("quote", "outline")


@pytest.mark.parametrize("message, heading", [
    ("第二点是啥", "二要落实部门监管责任"), ("第三点讲的啥", "三要落实企业主体责任"), ("第二点怎么说", "二要落实部门监管责任"),
    ("第三条是什么内容", "三要落实企业主体责任"), ("第二项要求呢", "二要落实部门监管责任"),
    ("其中第二点呢", "二要落实部门监管责任"), ("第二点具体讲了什么", "二要落实部门监管责任"),
    ("第三个是啥", "三要落实企业主体责任"), ("第二条说的是什么", "二要落实部门监管责任"),
])
def test_an_ordinal_follow_up_is_recognised_with_the_usual_ways_of_asking_what_it_says(matcher, message, heading):
    """Was: 第二点是啥 / 第三条是什么内容 were read as questions without a topic and answered with the last quote."""
    _, turn = talk(matcher, "党政领导责任怎么落实", message)
    assert turn.followup == ORDINAL and turn.result.best.text.startswith(heading)


def test_who_after_a_passage_that_names_no_agent_with_a_duty_is_the_sentence_naming_one(matcher):
    """应急值守 (三要's passage) has no 'X要…' sentence; 谁负责 was answered alone, by 谁主管、谁负责 of another
    point. The passage's sentence naming who is on duty (领导干部到岗带班) answers it."""
    _, turn = talk(matcher, "应急值守有什么要求", "谁负责？")
    assert turn.followup == TOPICLESS and turn.result.best.sentence_ids == (gid("p3.3.s3"),)


def test_who_supervises_is_found_in_the_same_point_when_it_names_the_topic(matcher):
    """部门监管责任 → 谁来监督: its own passage names no supervisor; the point's sentence that does, and names
    the departments, is 县政府安委会要对各乡镇、各部门…综合监管、督查检查."""
    _, turn = talk(matcher, "部门监管责任怎么落实", "谁来监督？")
    assert turn.followup == TOPICLESS and turn.result.best.sentence_ids == (gid("p4.3.s4"),)


def test_more_after_the_closing_words_says_the_speech_has_ended(matcher):
    turns = talk(matcher, "企业主体责任的核心是啥", "详细点", "还有呢", "还有呢")
    assert passage(turns[2]) == gid("closing")
    assert turns[3].followup == MORE and turns[3].note == "more_end_of_speech"
    assert passage(turns[3]) == gid("closing")


@pytest.mark.parametrize("first, heading", [
    ("党政领导责任怎么落实", "二要落实部门监管责任"),
    ("建筑施工安全有什么要求", "三要切实加强安全防范和应急值守"),
])
def test_next_point_after_a_sentence_inside_a_numbered_sub_point_is_the_next_sub_point(matcher, first, heading):
    """下一点 counts in the same list as 第二点 (was: the next of the speech's points, or its closing words)."""
    _, turn = talk(matcher, first, "下一点")
    assert turn.followup == NEXT and turn.result.best.text.startswith(heading)
