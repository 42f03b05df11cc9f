"""The English bridge: CC-CEDICT's glosses of the speech's own words, below the curated glossary."""

from __future__ import annotations

import gzip

from bot.qa.bilingual import Bilingual, dictionary_path, glosses
from tests.helpers_core import shipped_matcher

SAMPLE = """# CC-CEDICT sample
原則 原则 [yuan2 ze2] /principle; doctrine; CL:個|个[ge4]/
武器 武器 [wu3 qi4] /weapon; arms; CL:種|种[zhong3]/
克服 克服 [ke4 fu2] /(try to) overcome (hardships etc)/to conquer/to put up with/
儲備 储备 [chu3 bei4] /reserves/to store up/
工作 工作 [gong1 zuo4] /to work/(of a machine) to operate/job/work/
作業 作业 [zuo4 ye4] /work/
勞動 劳动 [lao2 dong4] /work/
做事 做事 [zuo4 shi4] /work/
幹活 干活 [gan4 huo2] /work/
雞蛋 鸡蛋 [ji1 dan4] /(chicken) egg/
"""


def _dictionary(tmp_path):
    path = tmp_path / "cedict.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(SAMPLE)
    return str(path)


def test_glosses_drop_notes_and_leading_to():
    assert glosses("(try to) overcome (hardships etc)/to conquer/CL:個|个[ge4]") == ["overcome", "conquer"]
    assert glosses("principle; doctrine") == ["principle", "doctrine"]


def test_only_words_of_the_speech_and_few_targets(tmp_path):
    speech = ["原则", "武器", "克服", "储备", "工作", "作业", "劳动", "做事", "干活"]
    b = Bilingual(speech, cache_dir=str(tmp_path), path=_dictionary(tmp_path))
    assert b.lookup("principle") == ("原则",)
    assert b.lookup("overcome") == ("克服",)
    assert b.lookup("store up") == ("储备",)
    assert b.max_words == 3  # put up with
    assert "egg" not in b  # 鸡蛋 is not a word of the speech
    assert "work" not in b  # five words of the speech share the gloss: it says too little
    # Built once, then read from the cache.
    again = Bilingual(speech, cache_dir=str(tmp_path), path=_dictionary(tmp_path))
    assert again.table == b.table


def test_no_dictionary_no_bridge(tmp_path):
    assert Bilingual(["原则"], cache_dir=str(tmp_path), path="").table == {}


def test_ordinary_english_words_reach_the_speech():
    if dictionary_path() is None:  # pragma: no cover - the dependency is declared
        return
    ix = shipped_matcher().index
    q = ix.parse("What principle is used for assigning responsibility?")
    bridged = {c.surface: c.lexicon for c in q.concepts if c.bridged}
    assert "原则" in bridged.get("principle", ())
    assert "principle" not in q.unknown_english
    # Frame words stay neutral, content words nobody knows stay unknown.
    q = ix.parse("What is the price of a blorptastic widget?")
    assert "blorptastic" in q.unknown_english
    assert not any(c.surface in ("what", "is", "the") for c in q.concepts)


def test_english_possessives_contractions_and_hyphenated_compounds_are_read_as_their_words():
    from bot.qa.index import english_tokens

    assert english_tokens(["county's", "i'm", "hasn't", "lists'", "hidden-hazard"]) == [
        "county", "i", "has", "lists", "hidden", "hazard"]


def test_a_hyphenated_english_term_reaches_its_passage(matcher):
    r = matcher.ask("What does the speech demand about hidden-hazard investigation this year?")
    assert r.status == "answered"
    assert "隐患排查" in r.answers[0].text


def test_a_reference_to_a_part_of_the_speech_and_its_speaker_name_no_topic(matcher):
    """"the third section" says where to look (section is no 部门, department), and the county head is the
    speaker (county is no 全县)."""
    q = matcher.index.parse("According to the third section, why did the county head say key industries matter?")
    targets = {t for c in q.concepts for t in (*c.alternatives, *c.lexicon)}
    assert "部门" not in targets and "全县" not in targets
    assert not {"section", "third"} & set(q.unknown_english)


def test_the_sentences_telling_who_the_asker_is_are_the_situation_not_the_question():
    from bot.qa.index import english_scene

    text = "hello, i'm a journalist from abroad. as a newcomer i wonder. what must officials overcome?"
    assert english_scene(text) == "hello, i'm a journalist from abroad. as a newcomer i wonder."
    assert english_scene("what must officials overcome? i'm asking for a report.") == ""


def test_words_of_the_askers_situation_in_english_are_marked_as_situation(matcher):
    q = matcher.index.parse("I'm a journalist from abroad. What does the speech say about duty shifts?")
    journalist = next(c for c in q.concepts if c.surface == "journalist")
    assert journalist.situation and not journalist.known


def test_an_english_question_about_a_topic_inside_a_point_is_answered_from_that_point(matcher):
    r = matcher.ask("What does the second point say about accident control?")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/p2.s5"
    outline = matcher.ask("What is the second point about?")
    assert outline.status == "answered" and outline.answers[0].id == "county-safety-2023/p2"


def test_an_english_question_is_compared_with_the_speech_in_the_speechs_words_in_its_own_order(matcher):
    """"economic issue" is 经济 then 问题: the sentence that says 经济问题 beats one that only has 经济 (in
    经济社会); the word 问题 alone names no topic, but in the order of the words it tells the sentences apart."""
    q = matcher.index.parse("Would you call work safety an economic issue?")
    assert q.rendered[-2:] == ["经济", "问题"]
    r = matcher.ask("Would you call work safety an economic issue?")
    assert r.status == "answered" and "经济问题" in r.answers[0].text


def test_one_english_word_in_the_speechs_terms_is_no_wording_to_compare():
    """A single rendered word would match any sentence that has it in full, so "Who won the football match?"
    stays out of scope."""
    r = shipped_matcher().ask("Who won the football match?")
    assert r.status == "no_answer"


def test_an_english_word_for_the_kind_of_answer_wanted_names_no_topic(matcher):
    """"slogan" is 口号, a word saying what kind of answer is wanted (as 口号 is in Chinese): the
    question's form, not a topic the speech lacks."""
    q = matcher.index.parse("Which slogan does the speech quote about zero?")
    assert "slogan" not in q.unknown_english and all(c.surface != "slogan" for c in q.concepts)
    r = matcher.ask("Which slogan does the speech quote about zero?")
    assert r.status == "answered" and "从零开始,向零奋斗" in r.answers[0].text


def test_english_questions_have_the_forms_chinese_ones_have(matcher):
    """An English question asks for an idiom, a reason or what is forbidden as a Chinese one does: the
    form is read from its words (idioms, why, don't, allowed), and the sentence with 如履薄冰… fits."""
    from bot.qa.intent import IMAGE, NEGATION, REASON, read_form

    assert IMAGE in read_form("what idioms does the county head use about staying alert?").kinds
    assert NEGATION in read_form("what happens to units that don't check hazards?").kinds
    assert REASON in read_form("why must officials stay alert?").kinds
    r = matcher.ask("What idioms does the county head use about staying alert?")
    assert r.status == "answered" and "如履薄冰" in r.answers[0].text


def test_besides_and_call_in_english_are_function_words_not_unknown_topics(matcher):
    r = matcher.ask("Apart from an economic issue, what else does the speech call work safety?")
    assert r.status == "answered" and "政治问题" in r.answers[0].text


def test_an_english_question_for_where_and_how_many_died_is_not_answered_with_placeholders(matcher):
    """The speech leaves last year's accident as 去年……发生了……: where and how many died are specifics it
    does not give, in English as in Chinese."""
    r = matcher.ask("How many workers were killed in last year's big accident, and where did it happen?")
    assert r.status == "no_answer"
