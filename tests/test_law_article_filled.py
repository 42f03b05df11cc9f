"""A question naming no law, answered by a law's sentence that does not give the specific asked: the
sentence of the same article that gives it is quoted (laws say the duty first, the time limit or the
sanction after). On a real law (tests/fixtures/documents/jiaoqiang.md) beside the shipped speech."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.qa.knowledge import load_knowledge
from bot.qa.matcher import Matcher
from tests.helpers_core import KNOWLEDGE, library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("filled"), "jiaoqiang.md")


def test_the_time_limit_is_quoted_from_the_article_whose_duty_is_asked_about(matcher):
    # 第十四条: 保险公司不得解除…合同；但是…除外 (s1), then the 5日内 of the exception (s2)
    r = matcher.ask("保险公司不得解除交强险合同有什么例外，多少天内要履行告知义务？")
    assert r.status == "answered" and r.best.id == "jiaoqiang/a14.s2" and "5日内" in r.best.text


def test_the_sentence_giving_the_specific_comes_first_and_the_evidence_stays(matcher):
    q = matcher.index.parse("投保人要在多少天内履行告知义务")
    a = matcher.analyse(q)
    duty = next(c for c in a.candidates if c.key == "jiaoqiang/a14.s1")
    a = replace(a, candidates=[duty, *(c for c in a.candidates if c is not duty)])
    filled = matcher._article_filled(a)
    assert filled is not None and filled.candidates[0].sentence_ids == ("jiaoqiang/a14.s2",)
    assert filled.probability == a.probability


def test_a_speech_sentence_is_not_refilled_from_its_passage():
    alone = Matcher(load_knowledge(KNOWLEDGE))
    q = alone.index.parse("隐患整改要在多少天内完成")
    a = alone.analyse(q)
    assert a.candidates and alone._article_filled(a) is None
