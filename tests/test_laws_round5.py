"""Questions about laws beside the speech, round 5 (sets 5 and 6 as development data): the mechanisms, each
on invented questions about real law files (tests/fixtures/documents) beside the shipped speech."""

from __future__ import annotations

import jieba
import pytest

from bot.qa import slots
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws5"), "beijing-smoking.md", "jiaoqiang.md", "beijing-fire.md")


def _library_forms(matcher, question: str) -> dict[str, tuple[str, ...]]:
    q = matcher._in_library_words(matcher.index.parse(question))
    return {c.surface: c.alternatives for c in q.concepts if c.known}


def test_an_everyday_character_no_law_uses_stands_for_the_laws_word_of_one_sense(matcher):
    # 罚 is written 处罚 by the laws; the lexicon files both in one synonym group
    assert "处罚" in _library_forms(matcher, "卖烟给未成年人会被罚吗")["罚"]
    r = matcher.ask("卖烟给未成年人会被罚吗")  # named no law: the smoking law's penalty for sellers answers
    assert r.status == "answered" and r.best.id == "beijing-smoking/a26.s2"


def test_a_character_whose_forms_in_the_library_say_different_things_is_left_alone(matcher):
    # 完 is 完全/完好 in one sense and 完成 in another: the question does not say which
    forms = [t for t in matcher._library_pool("完") if t in ("完全", "完好", "完成")]
    assert len(matcher._senses("完", tuple(forms))) > 1
    assert "完" not in _library_forms(matcher, "事故处理完以后车主要交什么材料")


def test_a_word_the_library_uses_is_not_rewritten(matcher):
    q = matcher.index.parse("保险公司多久内赔偿")
    assert matcher._in_library_words(q) is q


def test_a_yes_or_no_question_mentioning_a_phone_asks_for_no_number():
    assert slots.asked_slot("维保单位是不是必须24小时有人值班接电话") is None
    assert slots.asked_slot("值班电话是多少").kind == slots.CONTACT
    assert slots.asked_slot("有没有举报电话").kind == slots.CONTACT


def test_a_figure_of_working_days_written_in_digits_answers_how_long():
    slot = slots.asked_slot("有关部门多久得处理")
    assert slots.fills(slot, "有关部门应当自收到投诉之日起15个工作日内予以处理。", jieba.lcut, lambda w: set())
    assert slots.fills(slot, "应当在三个工作日内报告", jieba.lcut, lambda w: set())
    assert not slots.fills(slot, "有关部门应当及时予以处理。", jieba.lcut, lambda w: set())


def test_when_a_named_law_takes_effect_asked_in_a_synonym_is_the_date_it_gives_itself(matcher):
    # the law says 本条例自2015年6月1日起施行; 实施 is 施行's synonym, and the law's own date is not its fact:date
    r = matcher.ask("北京市控制吸烟条例是哪天开始实施的")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a30.s1" and "2015年6月1日" in r.best.text
    assert matcher._dating_synonyms("beijing-smoking", "实施") == ("施行",)
    assert matcher._dating_synonyms("beijing-smoking", "吸烟") == ()


def test_a_law_named_in_english_is_found_by_the_dictionary_glosses_of_its_titles_words(matcher):
    # smoking → 吸烟 ("to smoke"), control → 控制, Beijing → 北京 by its pinyin
    q = matcher.index.parse("Under the Beijing Smoking Control Regulations, can people smoke in a hospital?")
    assert [d.id for d in matcher._named(q).documents] == ["beijing-smoking"]
    assert "吸烟" in matcher._title_glosses()["smoke"]


def test_of_two_titles_holding_most_of_an_english_name_the_one_holding_all_of_it_is_named(matcher):
    # "fire control" glosses 消防 too, so the fire law holds two of the three words; the smoking law all three
    q = matcher.index.parse("Does the Beijing Smoking Control Regulation ban smoking in offices?")
    assert [d.id for d in matcher._named(q).documents] == ["beijing-smoking"]
    q = matcher.index.parse("Under the Beijing Fire Regulations, who is responsible for fire safety?")
    assert [d.id for d in matcher._named(q).documents] == ["beijing-fire"]


def test_a_slip_jieba_glued_to_a_character_is_read_as_the_word_it_sounds_like(matcher):
    # 卖宝险: jieba keeps it one unknown word; 宝险 sounds as the law's 保险
    assert matcher.index._glued_typo("卖宝险") == ["卖", "保险"]
    # a listed word and a character were typed on purpose
    assert matcher.index._glued_typo("这事儿") == ["这事儿"]
    assert matcher.index._glued_typo("小孩上") == ["小孩上"]


def test_asking_what_the_fine_is_asks_for_a_sum_of_money():
    assert slots.asked_slot("没拿到许可证就经营的罚款是多少").kind == slots.MONEY
    assert slots.asked_slot("罚款为多少").kind == slots.MONEY


def test_a_figure_asked_may_come_from_another_law_that_says_as_much_of_the_question(matcher):
    from bot.qa.matcher import _Candidate

    def cand(sid: str, cov: float) -> _Candidate:
        return _Candidate(sid, 1.0, (sid,), 0, signals={"cov": cov})

    best = cand("beijing-fire/a37.s1", 0.41)
    assert matcher._as_covering(cand("jiaoqiang/a29.s1", 0.39), best)  # nearly as much: which law, the words do not say
    assert not matcher._as_covering(cand("jiaoqiang/a29.s1", 0.30), best)
    speech = next(iter(matcher.kb.document("county-safety-2023").speech.sentences))
    assert not matcher._as_covering(cand(speech, 0.41), best)  # the speech is decided as it alone decides
