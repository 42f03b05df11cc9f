"""The speech's single questions (branch speech11). Every question here is an invented one asked of the shipped
speech, in wordings of our own."""

from __future__ import annotations

import pytest

from bot.qa import intent


def quoted(result) -> str:
    return result.answers[0].sentence_ids[0].split("/")[-1] if result.answers else ""


def test_a_degree_asked_with_its_yardstick_is_the_questions_form_not_its_topic(matcher):
    """到啥份上 / 到什么地步 / 到哪一步 ask a degree as 到啥程度 does; 才算过关 / 才算合格 only says the degree is
    enough: neither names what the question is about."""
    words = {c.surface for c in matcher.index.parse("隐患排查得弄到啥份上才算过关").concepts}
    assert "隐患排查" in words and not words & {"过关", "份", "到"}
    assert intent.DEGREE_ASKED.search("到啥程度才能开工").group() == "到啥程度"  # 开工 is what is asked


@pytest.mark.parametrize("question, sid", [
    ("隐患排查要搞到啥份上才算过关？", "p3.1.s5"),
    ("排查隐患究竟得做到哪一步才算完成任务啊", "p3.1.s5"),
    ("抢险救援得做到什么地步才算合格？", "p3.3.s2"),
    ("事故信息报送要做到啥程度才算到位？", "p3.3.s4"),
])
def test_a_degree_asked_is_answered_by_what_the_speech_requires(matcher, question, sid):
    result = matcher.ask(question)
    assert result.status == "answered" and quoted(result) == sid


def test_a_degree_asked_of_a_condition_keeps_what_it_is_a_condition_for(matcher):
    result = matcher.ask("停产整顿的矿山要整改到啥程度才能复工？")
    assert result.status == "answered" and quoted(result) == "p3.2.1.s1"


def test_a_directional_complement_finishes_its_verb_and_names_nothing(matcher):
    """拿出来, 拎出来, 坚持下去: 出来 and 下去 are no words the question is about."""
    words = {c.surface for c in matcher.index.parse("应急值守为什么被单独拿出来讲").concepts}
    assert "应急值守" in words and "出来" not in words
    words = {c.surface for c in matcher.index.parse("隐患排查要一直坚持下去吗").concepts}
    assert "下去" not in words


@pytest.mark.parametrize("question, sids", [
    ("县长为什么把应急值守专门拿出来讲？", {"p3.3.s3"}),
    ("建筑施工安全为啥要专门提出来强调？", {"p3.2.2.s1", "p3.2.2.s2", "p3.2.2.s3"}),
])
def test_why_something_is_singled_out_is_answered(matcher, question, sids):
    result = matcher.ask(question)
    assert result.status == "answered" and quoted(result) in sids


@pytest.mark.parametrize("question", [
    "邻县去年发生的矿山事故讲话怎么评价的？",
    "别的县是怎么落实党政同责的？",
    "其他县的应急值守制度跟我们一样吗？",
])
def test_a_question_about_another_county_than_the_speakers_is_not_covered(matcher, question):
    """The speech speaks for 我县: what a neighbouring county does is not in it."""
    assert matcher.ask(question).status == "no_answer"


@pytest.mark.parametrize("question, sid", [
    ("我县非煤矿山有什么特点？", "p3.2.s2"),
    ("另外县里对值班有啥要求？", "p3.3.s3"),
])
def test_the_speakers_own_county_is_still_answered(matcher, question, sid):
    result = matcher.ask(question)
    assert result.status == "answered" and quoted(result) == sid


@pytest.mark.parametrize("question", [
    "刚才通报工作的X同志，叫什么名字，在哪个部门？",
    "开头作安排部署的那个X同志，全名是什么，在哪个单位上班？",
])
def test_a_name_asked_in_a_clause_before_the_last_question_must_be_given(matcher, question):
    """A run of asking clauses: the name asked before 在哪个部门 is asked too, and the speech never gives it."""
    assert matcher.ask(question).status == "no_answer"


def test_a_few_things_told_in_a_situation_ask_no_count(matcher):
    result = matcher.ask("我是村里的安全员，村里有几家小作坊，讲话对隐患排查有什么要求？")
    assert result.status == "answered" and quoted(result) == "p3.1.s5"


@pytest.mark.parametrize("question", ["节后矿山复工请专家核查，评审费由谁承担？", "复工前请专家来检查，检查费谁出？"])
def test_who_pays_a_fee_named_by_its_suffix_is_not_covered(matcher, question):
    """评审费, 检查费: a word ending in 费 is money, as 费用 is; the speech never says who pays."""
    assert matcher.ask(question).status == "no_answer"


def test_an_english_noun_of_a_verb_in_ize_reads_as_the_verb_the_dictionary_glosses(matcher):
    """emphasis → emphasize → 强调 (CC-CEDICT glosses the verb only); planned → plan."""
    assert matcher.index._stem("emphasis") == "emphasize"
    assert matcher.index._stem("planned") == "plan"


@pytest.mark.parametrize("question", ["Which areas got special emphasis in the speech?",
                                      "What did the county head give special emphasis to?"])
def test_what_the_speech_puts_emphasis_on_is_the_sentence_stressing_it(matcher, question):
    result = matcher.ask(question)
    assert result.status == "answered" and quoted(result) == "p3.2.s3"
