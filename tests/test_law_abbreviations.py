"""A term of several words shortened the way people shorten it (交强险 for 机动车交通事故责任强制保险, 维保 for
维护保养) is read as the documents write it. On a real law (tests/fixtures/documents/jiaoqiang.md) beside the
shipped speech."""

from __future__ import annotations

import pytest

from bot.qa.docnames import abbreviated_spans
from bot.qa.knowledge import load_knowledge
from bot.qa.matcher import Matcher
from tests.helpers_core import KNOWLEDGE, library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("abbreviations"), "jiaoqiang.md")


def test_a_shortening_takes_a_character_from_each_of_several_words():
    words = ["机动车", "交通事故", "责任", "强制保险", "条例"]
    assert abbreviated_spans("交强险", words) == [(1, 4)]  # 险 ends 强制保险; 责任 gives none
    assert abbreviated_spans("维保", ["电梯", "维护", "保养", "单位"]) == [(1, 3)]
    assert abbreviated_spans("安监", ["安全生产", "监督管理"]) == [(0, 2)]
    assert abbreviated_spans("交强险", ["交通", "事故", "责任", "强制保险"]) == []  # two words give none
    assert abbreviated_spans("维保", ["维护保养"]) == []  # one word: not a term of several


def test_a_question_using_the_short_name_of_the_laws_term_is_answered_from_it(matcher):
    r = matcher.ask("交强险的保险期间是多久")
    assert r.status == "answered" and r.best.id == "jiaoqiang/a20.s1" and "保险期间为1年" in r.best.text


def test_only_a_term_the_law_keeps_repeating_is_written_out(matcher):
    # 医保 is not 医疗… of anything this law says: the question stays not covered
    assert matcher.ask("医保怎么报销").status == "no_answer"
    assert matcher._unabbreviated("交强险的保险期间", None) == "交通事故责任强制保险的保险期间"
    assert matcher._unabbreviated("医保怎么报销", None) == "医保怎么报销"


def test_the_speech_served_alone_reads_the_question_as_asked():
    alone = Matcher(load_knowledge(KNOWLEDGE))
    assert alone._unabbreviated("安监站怎么做", None) == "安监站怎么做"
