"""Out-of-scope questions that got an answer (branch oos4): a word the speech never uses, cut by its segmenter
into a stray character of the speech, no longer lets that character answer. Invented examples only."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers_core import KNOWLEDGE


def test_a_general_word_the_speech_lacks_is_not_read_as_its_stray_character(matcher):
    """年终奖 was cut 年 + 终奖 (a piece no dictionary lists), and 年 with 今年 answered with the passage on this
    year's special situation: the bonus is one unknown thing, so the speech does not cover the question."""
    assert matcher.ask("公司的年终奖今年什么时候到账").status == "no_answer"
    words = matcher.index.segmenter.cut("年终奖今年发")
    assert "年终奖" in matcher.index._rejoin_general_words([w for w in words if w.strip()])


def test_a_word_whose_root_is_the_speechs_keeps_its_root(matcher):
    """值班 + 员: the known piece is a word of two characters, so the person on duty still asks of 值班."""
    words = ["值班", "员", "要", "做", "什么"]
    assert matcher.index._rejoin_general_words(words) == words
    result = matcher.ask("今年的情况有什么特殊的地方")
    assert result.status == "answered" and "十分特殊" in result.answers[0].text


def test_an_abstract_word_of_the_speech_said_of_a_kind_it_never_names_is_not_covered(matcher):
    """心理 said of a nervous mind before a match is not the speech's 麻痹、侥幸心理; a kind named by a noun
    before it (学生心理) is one unknown thing as well."""
    assert matcher.ask("比赛前紧张的心理怎么克服").status == "no_answer"
    assert any(c.surface == "学生心理" and not c.known for c in matcher.index.parse("学生心理要怎么关注").concepts)


def test_the_speechs_own_kind_of_an_abstract_word_is_still_answered(matcher):
    result = matcher.ask("思想上要克服哪种心理")
    assert result.status == "answered" and "侥幸心理" in result.answers[0].text


def test_a_verb_before_an_abstract_noun_takes_it_as_object_and_does_not_name_a_kind(matcher):
    """满足条件, 拿出态度: the noun is what is done to, not a kind of it."""
    concepts = {c.surface for c in matcher.index.parse("矿山满足什么条件才能复工复产").concepts}
    assert "条件" in concepts or any("复工" in c for c in concepts)
    assert not any(c.startswith("满足") for c in concepts if len(c) > 2)


GANSU = """# 甘肃省燃气管理条例

2015年9月25日 甘肃省第十二届人民代表大会常务委员会第十八次会议通过
2019年5月30日 甘肃省第十三届人民代表大会常务委员会第十次会议批准的《甘肃省燃气管理条例》修正

<!-- INFO END -->

第一条 为了加强燃气管理，保障燃气供应和使用安全，制定本条例。

第十条 燃气经营者应当对用户的燃气设施每年至少进行一次入户安全检查。

第二十条 本条例自2016年1月1日起施行。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped knowledge with an invented provincial gas law (its history lines before the articles)."""
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    folder = tmp_path_factory.mktemp("oos4")
    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    law = folder / "gansu-gas.md"
    law.write_text(GANSU, encoding="utf-8")
    import_document(law, root, "gansu-gas")
    return Matcher(load_knowledge(root))


def test_a_line_of_a_laws_history_does_not_answer_by_the_laws_name_alone(library):
    """甘肃, 燃气, 条例 are words of the law's name, which its history lines quote: the dates there answer no
    question about how many years a gas pipe is used."""
    r = library.ask("甘肃家里的燃气管道按条例规定用满几年必须换")
    assert r.status != "answered" or not r.answers[0].id.split("/")[-1].startswith("intro")


def test_the_history_still_answers_when_it_is_asked(library):
    r = library.ask("甘肃燃气条例是哪一年修正的")
    assert r.status == "answered" and "修正" in r.answers[0].text


def test_how_much_of_a_pay_is_money_not_any_number():
    """年薪是多少, 补贴有多少: the amount paid (an amount in 元, or a passage on money paid), not any figure the
    quote holds (第二十一条, 每年一次); a count with its unit (扣多少分) stays a count."""
    from bot.qa import slots

    assert slots.asked_slot("项目经理的年薪是多少").kind == slots.MONEY
    assert slots.asked_slot("夜班补贴有多少").kind == slots.MONEY
    assert slots.asked_slot("考核扣多少分").kind == slots.NUMBER


def test_a_pay_asked_of_a_named_law_that_never_says_it_is_not_answered_by_another_figure(library):
    r = library.ask("甘肃燃气条例里入户安全检查员的工资是多少")
    assert r.status != "answered"


def test_a_quality_said_of_a_thing_the_speech_never_names_is_one_unknown_thing(matcher):
    """健康 in the speech is 持续健康发展; 牙齿健康 is the health of teeth, which it never speaks of."""
    concepts = matcher.index.parse("牙齿健康怎么保持").concepts
    assert any(c.surface == "牙齿健康" and not c.known for c in concepts)


def test_a_kind_is_read_only_as_written_not_across_a_question_word(matcher):
    """拿出什么样的态度: with 什么样 cut out 拿出 stands before 的态度, but the question never says 拿出的态度."""
    concepts = {c.surface for c in matcher.index.parse("讲话要求拿出什么样的态度").concepts}
    assert "拿出态度" not in concepts
