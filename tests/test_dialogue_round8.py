"""Follow-ups of the eighth dialogue round (examples of our own, about other parts of the speech than the
conversations that showed the shapes)."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import ELLIPTIC, NEXT, ORDINAL, PREVIOUS, TOPICLESS
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# A step said with words around it: a clause closing the last quote, its pronoun, 跟着, 来着, X之前那一段.

def test_the_next_sentence_asked_with_jinjiezhe_is_the_sentence_after_the_quote(matcher):
    first, turn = talk(matcher, "非煤矿山复工有什么要求", "紧接着下一句说的啥")
    assert "复工复产工作程序" in first.result.best.text
    assert turn.followup == NEXT
    assert "死亡人数最多的事故" in turn.result.best.text


def test_the_sentence_before_it_asked_with_its_pronoun_and_laizhe_is_the_sentence_before(matcher):
    first, turn = talk(matcher, "安全生产问题是什么问题", "它前面一句讲的是啥来着")
    assert "重大的政治问题" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "环境依然严峻" in turn.result.best.text


def test_the_sentence_before_this_one_named_as_this_sentence_is_the_sentence_before(matcher):
    first, turn = talk(matcher, "两张清单要向谁公布", "这句的上一句讲的啥来着")
    assert "两张清单" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "谁主管、谁负责" in turn.result.best.text


def test_the_passage_before_this_one_is_the_previous_passage(matcher):
    first, turn = talk(matcher, "应急值守有啥要求", "这段之前那一段是讲啥的")
    assert "应急值守" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "死亡人数最多的事故" in turn.result.best.text


def test_the_next_part_after_a_closing_clause_is_the_next_point(matcher):
    first, turn = talk(matcher, "第一部分讲了什么", "这部分讲完了,再往后一部分说的是啥")
    assert "真重视、不懈怠" in first.result.best.text
    assert turn.followup == NEXT
    assert "讲政治、讲大局" in turn.result.best.text


def test_go_on_then_what_follows_reads_on_after_the_quote(matcher):
    first, turn = talk(matcher, "高线指什么", "接着呢,后面跟着说的是啥")
    assert "高线" in first.result.best.text
    assert turn.followup == NEXT
    assert "才称得上是有作为" in turn.result.best.text


# 块 counts parts as 个 / 部分 do: 第N块, 最后一块, 头一块, 下一块.

def test_the_third_block_after_a_point_with_parts_is_its_third_part(matcher):
    first, turn = talk(matcher, "第三部分有哪几要", "第三块具体讲的啥")
    assert "盯重点、下狠劲" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "三要切实加强安全防范和应急值守" in turn.result.best.text


def test_the_last_block_after_a_point_with_parts_is_its_last_part(matcher):
    first, turn = talk(matcher, "第四部分讲了什么", "最后一块咋说的")
    assert "负责任、勇担当" in first.result.best.text
    assert "三要落实企业主体责任" in turn.result.best.text


def test_the_opening_of_the_first_block_is_the_first_part_opening(matcher):
    first, turn = talk(matcher, "第三点讲了哪几方面", "头一块开头咋说的")
    assert "盯重点、下狠劲" in first.result.best.text
    assert turn.result.best.text.startswith("一要持续加大隐患排查整治力度。“安全出于警惕")


def test_the_next_block_after_a_sub_point_is_the_next_sub_point(matcher):
    first, turn = talk(matcher, "部门监管责任怎么落实", "下一块呢")
    assert "谁主管、谁负责" in first.result.best.text
    assert turn.followup == NEXT
    assert "三要落实企业主体责任" in turn.result.best.text


# 要是 / 如果 / 万一 + something not done (不 / 没) + 呢, in the words of the last answer's passage: what then
# there, even when it names a topic word of that passage or a word the matcher does not know.

def test_if_the_site_check_fails_is_what_then_in_the_mines_passage(matcher):
    first, turn = talk(matcher, "非煤矿山复工有什么要求", "要是现场核查不合格呢")
    assert "复工复产工作程序" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "一律不准复工复产" in turn.result.best.text


def test_if_a_department_did_not_do_its_duty_is_the_accountability_sentence(matcher):
    first, turn = talk(matcher, "部门监管责任怎么落实", "要是部门没尽到责呢")
    assert "谁主管、谁负责" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "失职照单追责" in turn.result.best.text


def test_if_the_person_on_duty_is_not_at_the_post_is_the_duty_sentence(matcher):
    first, turn = talk(matcher, "应急值守有啥要求", "如果值班的人不在岗呢")
    assert turn.followup == TOPICLESS
    assert "严禁擅离职守" in turn.result.best.text


# 为啥 + a short predicate naming nothing (为啥罚这么重, 为啥要求这么高, 为啥卡这么死): a bare why of the last duty,
# answered by the reasons said right before it; a one-character word the matcher does not know (卡) is the verb.

def test_why_punish_so_hard_after_a_sanction_is_the_problem_said_before_it(matcher):
    first, turn = talk(matcher, "对不开展隐患查改的怎么处理", "为啥罚这么重")
    assert "一律依法处置" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "走过场" in turn.result.best.text


def test_why_ask_so_much_after_a_mindset_duty_is_the_red_line_said_before_it(matcher):
    first, turn = talk(matcher, "要克服什么心理", "为啥要求这么高")
    assert "麻痹、侥幸心理" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "底线的红线" in turn.result.best.text


def test_why_so_tight_with_an_unknown_one_character_verb_is_still_a_bare_why(matcher):
    first, turn = talk(matcher, "对不开展隐患查改的怎么处理", "为啥卡这么死")
    assert turn.followup == TOPICLESS
    assert "走过场" in turn.result.best.text


# 那X呢，Q: a new subject closed by 呢, then a question asked of it; X the speech does not name as such is
# asked by the noun it ends in.

def test_then_the_functional_departments_what_lists_is_the_two_lists(matcher):
    first, turn = talk(matcher, "企业主体责任怎么落实", "那各个职能部门呢,要公布啥清单?")
    assert "岗位安全生产责任清单" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "两张清单" in turn.result.best.text


def test_then_the_experts_sent_from_the_province_what_to_check_is_the_mines_check(matcher):
    first, turn = talk(matcher, "党政一把手有什么要求", "那省里派来的专家呢,要检查些啥?")
    assert "亲力亲为" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "全面安全生产条件检查" in turn.result.best.text


def test_then_the_countys_high_risk_firms_what_systems_is_the_systems_sentence(matcher):
    first, turn = talk(matcher, "隐患排查整治讲了哪两个不放过", "那县里的高危企业呢,要落实哪些制度?")
    assert "“黑名单”等制度落实" in turn.result.best.text


# What one means to do (打算 / 准备 咋整, 咋干) or what others are told to do (让… 具体咋弄), after a fact: the duty
# said after it, one in the question's own words first (a 部门要求 is no duty).

def test_what_we_mean_to_do_after_the_political_question_is_the_four_consciousnesses(matcher):
    first, turn = talk(matcher, "安全生产问题是什么问题", "那咱们打算咋整")
    assert "重大的政治问题" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "切实增强“四个意识”" in turn.result.best.text


def test_what_we_are_ready_to_do_after_the_difficult_situation_is_the_duty_after_it(matcher):
    first, turn = talk(matcher, "今年咱县发展面临啥环境", "那咱们准备咋干")
    assert "环境依然严峻" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "切实增强“四个意识”" in turn.result.best.text


def test_what_the_towns_are_told_to_do_after_the_deadly_accident_is_the_supervision_duty(matcher):
    first, turn = talk(matcher, "去年全国哪起事故死人最多", "那县里让各乡镇具体咋弄")
    assert "死亡人数最多的事故" in first.result.best.text
    assert "深刻吸取事故教训" in turn.result.best.text


# A question asked in it (在里头, 在这当中, 在里面) after a quote: the sentence of its passage about what it names.

def test_the_one_vote_veto_in_it_after_the_departments_duty_is_its_sentence(matcher):
    first, turn = talk(matcher, "部门监管责任怎么落实", "那一票否决在里头算啥")
    assert "谁主管、谁负责" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "严格执行“一票否决”" in turn.result.best.text


def test_leading_cadres_in_it_after_the_duty_watch_is_the_watch_sentence(matcher):
    first, turn = talk(matcher, "应急值守有啥要求", "那领导干部在这当中要干啥")
    assert turn.followup == TOPICLESS
    assert "领导干部到岗带班" in turn.result.best.text


def test_the_safety_committee_in_it_after_the_firms_duty_is_its_oversight(matcher):
    first, turn = talk(matcher, "企业主体责任怎么落实", "那安委会在里面起啥作用")
    assert "岗位安全生产责任清单" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "综合监管、督查检查" in turn.result.best.text
