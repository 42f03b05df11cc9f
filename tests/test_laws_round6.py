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
