"""Question forms of round 9 (session of 2026-12-02): each with its own small examples."""

from __future__ import annotations

import pytest

from bot.qa.result import ANSWERED
from tests.helpers_core import gid


@pytest.mark.parametrize("question, node", [
    ("讲完落实部门监管责任以后，下一条讲的是什么？", "p4.3"),  # after a sub-point named by its heading: the next one
    ("落实党政领导责任的下一条是啥", "p4.2"),
    ("企业主体责任的上一项是什么", "p4.2"),  # a step back
    ("应急值守后面一条讲啥", "p4"),  # after a point's last sub-point: the next point
    ("第三点的下一点讲什么", "p4"),  # from a point named by its ordinal
    ("隐患排查整治讲完了，下一个要求是啥", "p3.2"),
])
def test_a_step_from_a_named_heading_is_answered_by_the_unit_next_to_it(matcher, question, node):
    r = matcher.ask(question)
    assert r.status == ANSWERED and r.answers[0].id == gid(node), (question, r.answers[:1])


def test_the_next_one_is_not_read_as_the_first_point(matcher):
    # 下一条 holds 一条 but names no first unit: without a place to step from it is not point one's outline
    r = matcher.ask("下一条是什么")
    assert not (r.status == ANSWERED and r.answers[0].id == gid("p1"))


def test_a_definition_asked_of_a_quoted_word_is_answered_by_the_sentence_that_spells_it_out(matcher):
    # the quoted word is the term, not 县长说的…具体 around it: the list that says what the 高线 and 底线 are
    r = matcher.ask("县长口中的“底线”具体是指哪几项工作")
    assert r.status == ANSWERED and "环境保护、脱贫攻坚" in r.answers[0].text


def test_the_term_of_a_definition_leaves_out_who_said_it_and_how_exactly():
    from bot.qa.intent import read_form

    assert read_form("县长说的“红线”到底指什么").term == "红线"
    assert read_form("讲话里说的两张清单具体是指什么").term == "两张清单"


def test_which_blocks_worry_most_asks_which_areas_not_the_outline(matcher):
    # 块 counts the speech's parts only where something is divided or said in them (分几块, 讲了哪几块)
    r = matcher.ask("县里哪几块最让人操心")
    assert not (r.status == ANSWERED and r.answers[0].kind == "outline")
    assert matcher.ask("讲话分几块").answers[0].kind == "outline"
