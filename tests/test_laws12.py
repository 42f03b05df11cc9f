"""Questions about laws beside the speech (branch laws12): an ordinary word of the question (a verb, an adverb)
that the library knows but the answering law does not write weighs little against that law. Our own invented
questions over real laws (tests/fixtures/documents, copied from ../shared/corpus) beside the shipped speech."""

from __future__ import annotations

import pytest

from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws12"), "beijing-fire.md", "jiaoqiang.md",
                           "linyi-fireworks.md", "henan-road.md")


def test_a_law_asked_from_which_day_it_began_to_apply_gives_its_date_though_it_never_says_began(library):
    # the law says 本条例自2011年9月1日起施行: 开始 (began) is the asker's ordinary word, not another topic
    r = library.ask("北京消防条例是从哪天开始施行的")
    assert r.status == "answered"
    assert "2011年9月1日" in r.answers[0].text


def test_a_question_about_a_topic_no_law_covers_is_still_not_covered_beside_the_laws(library):
    # 提前 is an ordinary word, but 养老保险 is a topic none of the documents covers
    assert library.ask("单位提前多久要交养老保险").status == "no_answer"


def test_the_speech_is_still_answered_first_in_the_library(library):
    # 提前 is no word of the speech's passage either: the speech still answers, not a law
    r = library.ask("安全生产工作要提前做好哪些准备")
    assert r.status == "answered"
    assert r.answers[0].id.startswith("county-safety-2023/")


def test_an_article_named_by_its_number_is_no_count_of_items_the_answer_must_list(library):
    # 第六十五条 is the article's ordinal: its 五条 (or 十八条 of 第十八条) is not "five articles" to enumerate
    for question, article in (("北京消防条例第六十五条对专职消防队有什么要求", "beijing-fire/a65"),
                              ("交强险条例第二十二条对保险公司有什么规定", "jiaoqiang/a22"),
                              ("临沂烟花爆竹条例第十八条对婚庆公司有什么要求", "linyi-fireworks/a18")):
        r = library.ask(question)
        assert r.status == "answered", question
        assert r.answers[0].id.startswith(article + "."), question


def test_a_count_said_before_a_set_still_asks_for_its_members():
    from bot.qa import slots

    slot = slots.asked_slot("安全检查的三个环节分别是什么")
    assert slot is not None and slot.kind == slots.ENUMERATION and slot.unit == "3"


def test_a_law_stating_a_condition_by_then_only_answers_what_conditions_must_be_met(tmp_path):
    # 经考核合格取得操作资格证书的，方可上岗作业: 方可 (only then may) is how laws state a condition
    mines = library_matcher(tmp_path, "mine-law.md", "beijing-fire.md", "henan-road.md")
    r = mines.ask("矿上的特种作业人员要满足什么条件才能上岗")
    assert r.status == "answered"
    assert "方可上岗" in r.answers[0].text
