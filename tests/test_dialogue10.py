"""Follow-ups of branch dialogue10, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.helpers_core import short_ids as _ids
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# A point or sub-point pointed at by words of its heading and 这/那 (重拳出击那一点, 部门监管责任那条) is that
# node, as 第三点 / 第四点的二要 would be: 那一点 is "that point", not the first one.

def test_a_point_pointed_at_by_its_heading_words_lists_its_parts(matcher):
    result = matcher.ask("勇担当那一点有几个要")
    assert result.status == "answered"
    assert result.best.id.endswith("/p4")
    assert "三要落实企业主体责任" in result.best.text


def test_a_point_pointed_at_without_yi_is_that_point_too(matcher):
    result = matcher.ask("重拳出击那点分了几个要")
    assert result.best.id.endswith("/p3")


def test_a_sub_point_pointed_at_by_its_heading_words_is_quoted_from_its_start(matcher):
    result = matcher.ask("部门监管责任那条咋说")
    assert result.status == "answered"
    assert "二要落实部门监管责任" in result.best.text


def test_the_last_part_after_a_point_pointed_at_is_its_last_sub_point(matcher):
    _, turn = talk(matcher, "勇担当那一点有几个要", "最后一个呢")
    assert "落实企业主体责任" in turn.result.best.text


def test_reading_on_after_a_sub_point_pointed_at_goes_to_the_next_sub_point(matcher):
    _, turn = talk(matcher, "部门监管责任那条咋说", "再往后讲的啥")
    assert "落实企业主体责任" in turn.result.best.text


def test_which_points_asked_by_their_count_is_the_outline(matcher):
    result = matcher.ask("讲话有哪四点意见")
    assert result.status == "answered"
    assert result.best.id.endswith("/outline")


# 第N条 after a question for a list counted in 条 (哪两条, 哪几条) counts that list, as 第N个 does after 哪几个;
# an item the listing quote states in a sentence of its own (一是…; 二是…) is that sentence.

def test_the_nth_tiao_after_asking_which_tiao_is_that_item_of_the_list(matcher):
    first, turn = talk(matcher, "政府工作分哪两条线", "第一条具体讲啥")
    assert "两条线" in first.result.best.text
    assert turn.followup == "ordinal"
    assert _ids(turn.result)[0] == "p1.s4"


def test_the_second_of_two_items_stated_one_a_sentence_is_its_own_sentence(matcher):
    _, turn = talk(matcher, "政府工作的两条线分别是哪两条", "第二条讲了什么")
    assert "守住“底线”不懈怠" in turn.result.best.text
    assert "稳增长" not in turn.result.best.text


def test_the_nth_kind_after_asking_which_kinds_is_that_case(matcher):
    _, turn = talk(matcher, "隐患查改分哪几种情况", "第二种呢")
    assert "要一律停产整顿" in turn.result.best.text


# After the headings of a point's parts (几个要都是啥), a part asked how or in detail (具体咋做, 咋落实) is its
# content, not its heading line again.

def test_a_part_asked_how_after_the_headings_is_its_content(matcher):
    first, turn = talk(matcher, "第四点的几个要都是啥", "第二个具体咋做")
    assert "落实部门监管责任" in first.result.best.text
    assert "谁主管、谁负责" in turn.result.best.text


def test_a_part_asked_how_to_carry_out_after_the_headings_is_its_content(matcher):
    _, turn = talk(matcher, "第三点的三个要分别是什么", "第三个咋落实")
    assert "应急救援预案" in turn.result.best.text



# 那X呢 where X names a sibling sub-point, after an answer that was its own sub-point's opening duty (the general
# requirement of that part), is answered by the sibling's opening duty: sub-points of one point are built alike.

def test_a_sibling_asked_after_a_parts_opening_duty_gets_the_siblings_opening_duty(matcher):
    first, turn = talk(matcher, "党政一把手要怎么抓安全", "换成部门呢")
    assert _ids(first.result)[0] == "p4.1.s2"
    assert turn.followup == "elliptic"
    assert _ids(turn.result)[0] == "p4.2.s2"


def test_the_third_sibling_gets_its_opening_duty_too(matcher):
    _, turn = talk(matcher, "部门在安全上该咋做", "那企业呢")
    assert "强化企业主体责任落实这个核心" in turn.result.best.text



# 那X呢 after a why-question naming no topic word asks the same why in X's respect: the first sentence of the
# answer's passage not yet shown that names X.

def test_a_respect_asked_after_a_topicless_why_is_the_passages_sentence_naming_it(matcher):
    first, turn = talk(matcher, "为什么说今年很特殊", "那经济方面呢")
    assert "今年的情况十分特殊" in first.result.best.text
    assert turn.followup == "elliptic"
    assert "经济压力依然较大" in turn.result.best.text


def test_a_respect_said_with_shang_is_the_same_respect(matcher):
    _, turn = talk(matcher, "今年为啥说情况特殊", "政治上呢")
    assert "也是重大的政治问题" in turn.result.best.text


# A condition (万一…了呢) in words the last answer's passage does not say, but the passage found for it alone does,
# is a new question answered there, not "what then" in the last passage.

def test_a_condition_said_elsewhere_in_the_speech_is_answered_where_it_is_said(matcher):
    first, turn = talk(matcher, "党政领导责任怎么落实", "万一发生了险情呢")
    assert "党政同责" in first.result.best.text
    assert "第一时间赶赴现场" in turn.result.best.text


def test_a_condition_in_the_last_passages_words_is_still_what_then_there(matcher):
    _, turn = talk(matcher, "节后矿山复工有啥要求", "那要是现场核查不合格了呢")
    assert "一律不准复工复产" in turn.result.best.text


# A bare why after a duty, answered by a reason said earlier in its passage, quotes the reasons said in a row from
# there up to the duty (the accident, then why supervision is easily neglected this year).

def test_a_why_answered_by_an_earlier_reason_quotes_the_reasons_in_a_row_up_to_the_duty(matcher):
    first, turn = talk(matcher, "施工单位要按什么施工", "为啥呢")
    assert "操作规程" in first.result.best.text
    assert "教训惨痛" in turn.result.best.text
    assert "特别容易忽视" in turn.result.best.text


# An outline request (讲了什么, 从哪几个方面) whose other words name one point by its heading is about that point:
# its heading and parts, not the whole outline.

def test_what_a_point_named_by_its_heading_words_says_is_that_point(matcher):
    result = matcher.ask("重拳出击抓治理整顿讲了什么")
    assert result.best.id.endswith("/p3")


def test_the_aspects_of_a_point_named_by_its_heading_words_are_its_parts(matcher):
    result = matcher.ask("抓安全生产治理整顿,县长从哪几个方面提的要求?")
    assert result.best.id.endswith("/p3")
    assert "三要切实加强安全防范和应急值守" in result.best.text


def test_a_point_named_by_a_whole_phrase_of_its_heading_is_that_point(matcher):
    assert matcher.ask("讲政治讲大局讲了什么").best.id.endswith("/p2")


def test_words_every_heading_shares_name_no_point(matcher):
    assert matcher.ask("安全生产讲了哪几点").best.id.endswith("/outline")


def test_a_part_of_a_point_asked_in_detail_after_its_parts_is_opened(matcher):
    _, turn = talk(matcher, "第三点有几个要", "第三个展开说说")
    assert "应急救援预案" in turn.result.best.text


def test_which_aspects_of_a_point_without_parts_is_a_list_it_says_not_the_point(matcher):
    result = matcher.ask("讲政治讲大局要从哪几个方面做")
    assert not result.best.id.endswith("/p2")


# 四点意见里,头一点: the count of the set goes with it, before 头一点 as before 第一点.

def test_the_head_point_of_the_four_is_the_first_point(matcher):
    result = matcher.ask("讲话的四点意见里头一点讲的啥")
    assert result.best.id.endswith("/p1")


# A list asked by the noun every part of one point ends in (落实党政领导责任 / 部门监管责任 / 企业主体责任 → 哪几个
# 方面的责任) is that point's parts; naming one part's own words (企业) asks that part.

def test_a_list_asked_by_the_noun_all_parts_of_a_point_end_in_is_that_points_parts(matcher):
    result = matcher.ask("县长要求落实哪几个方面的责任")
    assert result.best.id.endswith("/p4")
    assert "二要落实部门监管责任" in result.best.text


def test_a_list_asked_by_that_noun_with_one_parts_words_is_that_part(matcher):
    result = matcher.ask("企业要落实哪些责任")
    assert "/p4.3" in result.best.id


def test_the_last_of_the_parts_listed_by_their_noun_is_the_last_part(matcher):
    _, turn = talk(matcher, "讲话里要落实哪些责任", "最后一个说说")
    assert "企业主体责任" in turn.result.best.text


# A list asked by its noun (哪些制度) and answered by a sentence naming only some of them is counted over the
# phrases ending in that noun in the answer's passage: the second 制度 is the one the next sentence names.

def test_the_nth_of_a_list_asked_by_its_noun_counts_the_whole_passage(matcher):
    first, turn = talk(matcher, "应急值守期间要执行哪些制度", "第二个咋弄")
    assert "24小时值班制度" in first.result.best.text
    assert turn.followup == "ordinal"
    assert "事故专报制度" in turn.result.best.text


# The opening words of a point or sub-point asked after its reference (第四点开头咋说的, 应急值守那一要开头说了啥)
# are its first sentence, and the next one when the first is only its heading sentence; 讲话开头 before a count of
# points is the speech's opening, not a point's.

def test_the_opening_of_a_point_is_its_own_first_sentence(matcher):
    result = matcher.ask("第四点开头咋说的")
    assert result.status == "answered"
    assert result.best.text.startswith("抓好安全生产,落实责任始终是最有力的武器")


def test_the_opening_of_a_sub_point_is_its_heading_sentence_and_the_next(matcher):
    result = matcher.ask("应急值守那一要开头说了啥")
    assert _ids(result)[:2] == ["p3.3.s1", "p3.3.s2"]


def test_reading_on_after_a_sub_points_opening_gives_the_sentence_after_it(matcher):
    _, turn = talk(matcher, "隐患排查整治那条开头说了啥", "接着讲了什么")
    assert "多轮安全生产大检查活动" in turn.result.best.text


# Reading on said with its subject (接下来他又说了啥, 然后县长讲了什么) or from the sentence just quoted (这句后头接着讲
# 的啥) is reading on.

def test_reading_on_with_a_subject_reads_on(matcher):
    _, turn = talk(matcher, "县长对X同志的通报是怎么评价的", "然后县长讲了什么")
    assert turn.followup == "next"
    assert "年度安全生产工作责任书" in turn.result.best.text


def test_reading_on_from_the_sentence_just_quoted_reads_on(matcher):
    _, turn = talk(matcher, "安全生产上常讲的一句话是什么", "这句后头接着讲的啥")
    assert turn.followup == "next"
    assert "新的一年又是一个新的起点" in turn.result.best.text


def test_which_aspects_named_by_two_characters_only_a_partless_points_heading_has_is_no_outline(matcher):
    result = matcher.ask("守住底线要抓哪几个方面")
    assert not result.answers or not result.best.id.endswith("/outline")


def test_the_first_aspect_said_in_so_many_words_is_the_first_of_the_list_the_point_says(matcher):
    _, turn = talk(matcher, "守底线要从哪几个方面着手", "头一个原话咋说的")
    assert "从最担忧的领域着想" in turn.result.best.text


# 二要 / 三要 without the point: the words of the heading said with it tell which point's part it is.

def test_a_numbered_part_said_with_its_heading_words_is_that_points_part(matcher):
    assert matcher.ask("二要扎实开展重点领域专项整治讲的什么").best.id.endswith("/p3.2")
    assert matcher.ask("三要落实企业主体责任讲了啥").best.id.endswith("/p4.3")


# 各 before what is asked (各是啥标题, 各讲了啥) is "each", as 分别 is: no topic of the speech.

def test_each_of_the_points_asked_with_ge_is_the_outline(matcher):
    assert matcher.ask("讲话分几点各讲了啥").best.id.endswith("/outline")
    assert matcher.ask("讲话一共有几大块,各叫什么").best.id.endswith("/outline")


# What to watch (要注意啥) after a fact is a duty of its passage (严禁…, 要…), not the fact again.

def test_what_to_watch_after_a_fact_is_the_duty_of_its_passage(matcher):
    first, turn = talk(matcher, "去年建筑施工出了什么事故", "那要注意啥")
    assert "特别重大事故" in first.result.best.text
    assert turn.followup == "topicless"
    assert "严禁建筑施工赶工期" in turn.result.best.text


# 啥线 / 什么线: a kind asked by a character the speech uses only inside its words asks one of those words
# (红线, 底线, 高线); a point's reference followed by what it says (第一点里说…是啥线) is a question for that point's
# text, not its outline; and 怎么守 after a duty answered by that duty again is the next duty its passage states.

def test_a_kind_asked_by_one_character_finds_the_words_ending_in_it(matcher):
    result = matcher.ask("安全生产工作算是什么线")
    assert result.status == "answered"
    assert "底线的红线" in result.best.text


def test_what_a_point_says_of_a_subject_is_found_in_that_point(matcher):
    result = matcher.ask("第二点里讲安全生产问题是啥问题")
    assert _ids(result)[0] == "p2.s4"


def test_how_after_a_duty_found_again_is_the_next_duty(matcher):
    first, turn = talk(matcher, "第一点里说安全生产工作是什么线", "那要怎么守")
    assert "底线的红线" in first.result.best.text
    assert "始终绷紧安全生产这根弦" in turn.result.best.text


# A word for a stretch of time (这阵子, 那阵子) in a follow-up is when things are asked, not a new topic.

def test_a_follow_up_asked_for_these_days_is_read_against_the_last_answer(matcher):
    first, turn = talk(matcher, "乡镇党委政府对安全生产负什么责任", "最近这阵子要注意些啥")
    assert "负总责" in first.result.best.text
    assert turn.followup == "topicless"
    assert "消除在萌芽状态" in turn.result.best.text


# Who (谁来…) after a duty naming no one is the sentence of its passage naming an agent with its duty (各乡镇、各
# 有关部门要…); 部门要求 is a requirement of a department, not a department's duty.

def test_who_after_a_duty_naming_no_one_is_the_agent_named_with_a_duty(matcher):
    first, turn = talk(matcher, "隐患大排查大整治要做到什么", "由谁负责")
    assert "不到位不放过" in first.result.best.text
    assert turn.followup == "topicless"
    assert "各乡镇、各有关部门要认真查找问题不足" in turn.result.best.text


# A question answered in the passage of the last answer, by a sentence no nearer to it than another sharing as
# many of its words, is answered by the nearer one: the conversation is there.

def test_a_question_in_the_last_passage_is_answered_by_the_nearest_sentence_that_fits(matcher):
    first, turn = talk(matcher, "安全生产问题是个什么问题", "我们该站在什么高度")
    assert _ids(first.result)[0] == "p2.s4"
    assert [a.sentence_ids[0].split("/")[-1] for a in turn.result.answers] == ["p2.s5"]


def test_a_question_the_last_quote_answers_itself_keeps_it(matcher):
    _, turn = talk(matcher, "今年为啥特殊", "要站在什么高度来看")
    assert _ids(turn.result)[0] == "p2.s1"


# A question of its own asked of a listed item (为什么不能被突破, not 具体说啥) is answered near the list, by the
# passage's sentence sharing most of its words, not by the item's own line again.

def test_a_why_asked_of_a_listed_item_is_answered_near_the_list(matcher):
    _, turn = talk(matcher, "政府工作分哪两条线", "第二条为什么不能被突破")
    assert turn.followup == "ordinal"
    assert "守好底线始终不被突破" in turn.result.best.text


def test_the_item_asked_in_detail_is_still_its_own_line(matcher):
    _, turn = talk(matcher, "政府工作分哪两条线", "第二条具体讲啥")
    assert _ids(turn.result)[0] == "p1.s5"
