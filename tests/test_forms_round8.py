"""Question forms of round 8 (session of 2026-12-01, third): each with its own small examples."""

from __future__ import annotations

from bot.qa.result import ANSWERED, NO_ANSWER


def test_a_little_is_no_reference_to_the_first_point(matcher):
    # 便宜一点 is "a bit cheaper": the speech's first point must not answer a question about phone plans
    assert matcher.ask("手机套餐能不能换个便宜一点的").status == NO_ANSWER
    first = matcher.ask("头一点讲的是什么")
    assert first.status == ANSWERED and "真重视" in first.answers[0].text
    assert "真重视" in matcher.ask("第一点讲了什么").answers[0].text


def test_a_loose_synonym_group_lends_only_words_built_like_the_speechs_word():
    """Cilin's large groups are loose (保险 ~ 确保, 电动 ~ 活动); a member sharing a character in the same
    place and a part of speech with the speech's word still says it (期望 ~ 希望)."""
    from bot.qa.lexicon import Lexicon

    synonyms = Lexicon().synonyms_for(["希望", "保险", "电动"], set())
    assert synonyms.get("期望") == ("希望",)
    assert "确保" not in synonyms and "活动" not in synonyms


def test_a_hope_asked_in_other_words_is_answered_by_the_closing_hope(matcher):
    r = matcher.ask("县长对与会同志的期望是什么")
    assert r.status == ANSWERED and "希望大家再接再厉" in r.answers[0].text


def test_what_is_stressed_about_one_announced_field_is_said_under_its_heading_not_in_the_announcement(matcher):
    """这里着重强调一下非煤矿山安全、建筑施工安全问题 announces the passages headed 非煤矿山方面 and 建筑安全方面:
    a question about one of them is answered from under its heading (its requirement, or its reason when a
    reason is asked); one asking which fields were stressed is answered by the announcement."""
    mines = matcher.ask("县长对非煤矿山安全着重强调了啥")
    assert mines.status == ANSWERED and mines.answers[0].id == "county-safety-2023/p3.2.1.s1"
    building = matcher.ask("建筑施工安全被着重强调了些什么")
    assert building.status == ANSWERED and "严禁建筑施工赶工期" in building.answers[0].text
    why = matcher.ask("为啥县长要着重强调建筑施工安全")
    assert why.status == ANSWERED and why.answers[0].id.startswith("county-safety-2023/p3.2.2.")
    which = matcher.ask("县长着重强调了哪两个领域的安全")
    assert which.status == ANSWERED and which.answers[0].id == "county-safety-2023/p3.2.s3"


def test_under_which_requirement_a_quoted_phrase_is_said_is_answered_by_that_requirements_heading(matcher):
    r = matcher.ask("“两张清单”是放在哪条要求下面讲的？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p4.2.s1"
    assert r.answers[0].text.startswith("二要落实部门监管责任")
    # asking what it means is no question about where it stands
    meaning = matcher.ask("“两张清单”是什么意思")
    assert meaning.status == ANSWERED and "两张清单" in meaning.answers[0].text


def test_a_set_asked_by_its_count_is_answered_by_the_sentence_naming_that_many_and_listing_them(matcher):
    """政府工作其实就是“两条线”: is followed by 一是… and 二是…: it answers 哪两个方面, not a sentence that merely
    holds two parts (各乡镇、各部门)."""
    r = matcher.ask("讲话里政府工作被概括为哪两个方面")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p1.s3"
    assert "稳增长、保态势" in r.answers[0].text and "守住“底线”不懈怠" in r.answers[0].text


def test_what_the_text_has_covered_on_the_way_to_an_ordinal_is_no_topic_asked(matcher):
    r = matcher.ask("第四点讲完党政领导责任，接下来的第二个要求是什么")
    assert r.status == ANSWERED and r.answers[0].id.startswith("county-safety-2023/p4.2")


def test_an_asking_clause_pointing_back_asks_about_the_clause_before_it(matcher):
    """我在工地…，老板天天催着赶进度，讲话对这个怎么要求: 这个 is the clause before it, so its words (进度)
    are what is asked, and a passage holding none of them must not lead on the situation's words alone."""
    from bot.qa.intent import read_form

    text = "我在工地当质检员，项目节后刚动工，老板天天催着赶进度，讲话对这个怎么要求？"
    q = matcher.index.parse(text)
    assert any("进度" in w for w in matcher._asked_words(q, read_form(q.cleaned)))
    plain = matcher.index.parse("我在工地当质检员，老板天天催着赶进度，讲话对应急值守怎么要求？")
    assert not any("进度" in w for w in matcher._asked_words(plain, read_form(plain.cleaned)))
