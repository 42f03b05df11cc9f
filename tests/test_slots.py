"""The asked-for slot: a question that wants a specific the quote cannot give is not covered."""

from __future__ import annotations

import pytest

from bot.qa import slots
from bot.qa.result import ANSWERED, NO_ANSWER
from tests.helpers_core import shipped_matcher


@pytest.fixture(scope="module")
def ask():
    return shipped_matcher().ask


@pytest.mark.parametrize("question, kind", [
    ("隐患整改要在几天内完成", slots.DURATION),
    ("罚款金额是多少", slots.MONEY),
    ("依据的是哪部法律", slots.LEGAL),
    ("值班室的电话", slots.CONTACT),
    ("会议是几月几号召开的", slots.DATE),
    ("那位X同志是谁", slots.NAME),
    ("事故发生在哪个省", slots.PLACE),
    ("一共有多少家企业", slots.NUMBER),
    ("申请的流程是什么", slots.PROCEDURE),
])
def test_the_slot_is_read_from_the_form_of_the_question(question, kind):
    assert slots.asked_slot(question).kind == kind


@pytest.mark.parametrize("question", ["从哪几个方面抓安全", "那几项制度是哪些", "第一点讲了什么", "为什么要重视安全"])
def test_which_and_why_questions_ask_for_no_slot(question):
    assert slots.asked_slot(question) is None


def _words(text):
    return shipped_matcher().index.segmenter.cut(text)


@pytest.mark.parametrize("text, unit, filled", [
    ("严格执行关键岗位24小时值班制度", "小时", True),
    ("制定权力、责任“两张清单”并向社会公布", "张", True),
    ("下面,我再强调四点意见", "点", True),
    ("要进一步完善应急救援预案", "", False),  # 进一步 is no figure
    ("要始终保持一种安全生产永远在路上的状态", "", False),  # 一种: an article, not a count
    ("强化高危行业企业安全风险等级管理", "级", False),
])
def test_a_number_is_a_numeral_with_the_asked_unit(text, unit, filled):
    assert slots.fills(slots.Slot(slots.NUMBER, unit), text, _words, lambda w: set()) is filled


def test_a_vague_how_long_is_answered_by_at_once_but_how_often_needs_a_figure():
    assert slots.asked_slot("出了险情多久要到现场").unit == "vague"
    assert slots.fills(slots.asked_slot("出了险情多久要到现场"), "能够第一时间赶赴现场", _words, lambda w: set())
    often = slots.asked_slot("预案多久演练一次")
    assert often.unit != "vague"
    assert not slots.fills(often, "能够第一时间赶赴现场", _words, lambda w: set())


@pytest.mark.parametrize("question", [
    "值班制度要求关键岗位几小时值班",  # 24小时
    "讲话说要制定几张清单",  # 两张
])
def test_figures_the_speech_gives_are_still_answered(ask, question):
    assert ask(question).status == ANSWERED


@pytest.mark.parametrize("question", [
    "事故专报要在几个小时之内报送",  # the speech says 及时, no hours
    "风险等级一共有几级",
    "给县长打电话的号码是多少",
    "部署工作的X县长姓什么",
])
def test_specifics_the_speech_does_not_give_are_not_covered(ask, question):
    r = ask(question)
    assert r.status == NO_ANSWER
