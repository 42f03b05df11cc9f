"""Questions naming a law (issue 12): what the law itself dates, penalises and says in its own words is
found in it. On real law files (tests/fixtures/documents) beside the shipped speech."""

from __future__ import annotations

import pytest

from bot.qa.matcher import _article_numeral
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws"), "beijing-fire.md", "beijing-smoking.md")


def test_when_a_law_takes_effect_is_its_own_article_not_the_date_it_was_passed(matcher):
    # the law was amended in 2021 (its date); it says itself 本条例自2015年6月1日起施行
    r = matcher.ask("北京市控制吸烟条例从哪天开始施行")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a30.s1" and "2015年6月1日" in r.best.text
    r = matcher.ask("北京市控制吸烟条例是哪一年发布的")  # the fact still answers what it says
    assert r.status == "answered" and r.best.id == "beijing-smoking/fact:date"


def test_the_penalty_for_breaking_an_article_is_found_through_its_citation(matcher):
    # the best sentence is the duty (第十三条); 第二十四条 penalises 违反本条例第十三条第一款
    r = matcher.ask("北京市控制吸烟条例对场所不设禁止吸烟标志怎么处罚")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a24.s1"


def test_a_question_about_something_the_named_law_never_mentions_is_not_covered(matcher):
    # only the law's name was left to match: its words are no evidence
    assert matcher.ask("北京市控制吸烟条例对养狗有什么规定").status == "no_answer"
    assert matcher.ask("北京消防条例对养狗有什么规定").status == "no_answer"


def test_a_word_stands_for_the_named_laws_own_form_of_it(matcher):
    terms = frozenset({"购买", "买卖", "受贿", "保险费", "职工代表大会", "处罚"})
    assert matcher._forms_in("买", terms) == ("购买",)  # one synonym group in the lexicon; 买卖 is not
    assert matcher._forms_in("受", terms) == ()
    assert matcher._forms_in("保费", terms) == ("保险费",)  # an abbreviation keeps first and last
    assert matcher._forms_in("职代会", terms) == ("职工代表大会",)
    assert matcher._forms_in("罚", terms) == ("处罚",)


def test_article_numbers_are_written_as_laws_cite_them():
    assert [_article_numeral(x) for x in ("a1", "a10", "a16", "a29", "a105", "a113", "p3.2")] == [
        "一", "十", "十六", "二十九", "一百零五", "一百一十三", ""]
