"""Questions about laws beside the speech, round 6 (sets 1–8 as development data): the mechanisms, each on
invented questions about real law files (tests/fixtures/documents) beside the shipped speech."""

from __future__ import annotations

import pytest

from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws6"), "beijing-smoking.md", "jiaoqiang.md", "beijing-fire.md")


def _alternatives(q) -> dict[str, tuple[str, ...]]:
    return {c.surface: c.alternatives for c in q.concepts}


def test_a_word_a_law_uses_as_asked_loses_the_speechs_curated_synonym_in_the_literal_reading(matcher):
    # 开工 is the fire law's word (施工单位在开工前…); synonyms.yaml reads it as the speech's 复工复产
    q = matcher.index.parse("开工前施工单位的保卫方案交给谁")
    assert "复工复产" in _alternatives(q)["开工"]
    assert _alternatives(matcher._literal(q))["开工"] == ("开工",)
    assert matcher._used_elsewhere("开工") and not matcher._used_elsewhere("复工复产")


def test_a_question_without_a_curated_synonym_is_its_own_literal_reading(matcher):
    q = matcher.index.parse("卖烟给未成年人会被罚吗")
    assert matcher._literal(q) is q


def test_the_speech_leading_only_through_its_curated_synonyms_does_not_answer_a_law_question(matcher):
    # 公司 and 单位 read as the speech's 企业 made its 企业主体责任 sentence lead; literally, the fire law's
    # articles on a unit's fire-safety manager lead, and the speech's sentence is not quoted
    r = matcher.ask("我是一家公司的安全员，单位的消防安全责任人情况要报给谁")
    assert r.status != "answered" or not r.best.id.startswith("county-safety")
    assert any(s.id == "beijing-fire/a20" for s in r.suggestions)


def test_a_speech_question_in_the_speechs_own_words_is_still_the_speechs(matcher):
    r = matcher.ask("企业复工复产要做哪些工作")
    assert r.status == "answered" and r.best.id.startswith("county-safety")


def _scores(matcher, question: str) -> dict[str, float]:
    a = matcher.analyse(matcher._in_library_words(matcher.index.parse(question)))
    return {c.key: c.score for c in (a.library or a.candidates)[:8]}


def test_an_item_of_a_penalty_list_is_a_penalty_condition_not_a_duty(matcher):
    # 第八十二条 …有下列行为之一的，责令改正，处警告或者…罚款：（一）在开工前未将…备案的
    assert matcher._penalty_item("beijing-fire/a82.s2")
    assert not matcher._penalty_item("beijing-fire/a27.s10") and not matcher._penalty_item("beijing-fire/a82.s1")


def test_a_question_asking_what_may_be_done_ranks_a_penalty_item_below_the_duty_it_shares_words_with(matcher):
    from bot.qa.matcher import PENALTY_ITEM

    may = _scores(matcher, "开工前没把保卫方案向消防机构备案可以吗")
    fined = _scores(matcher, "开工前没把保卫方案向消防机构备案会被罚多少")
    # the duty (施工单位在开工前应当将…备案) leads; the penalty's item is held back only when no sanction is asked
    assert may["beijing-fire/a27.s10"] - may["beijing-fire/a82.s2"] >= PENALTY_ITEM
    assert fined["beijing-fire/a27.s10"] - fined["beijing-fire/a82.s2"] < PENALTY_ITEM
    assert matcher.ask("开工前没把保卫方案向消防机构备案可以吗").best.id == "beijing-fire/a27.s10"
    assert matcher.ask("开工前没把保卫方案向消防机构备案会被罚多少").best.id == "beijing-fire/a82.s1"
