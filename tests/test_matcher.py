"""The matcher as a user meets it: one of three outcomes, exact quotes with where they stand, and the
same answer every time."""

from __future__ import annotations

import pytest

from bot.config import MatcherConfig
from bot.qa.matcher import Matcher
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER
from bot.qa.text import strip_punctuation
from tests.helpers_core import (
    SHARED_EVAL,
    TEAM_EVAL,
    corrected_source,
    gid,
    partly_confident,
    raw_source,
    read_jsonl,
    shipped_matcher,
)

CONSTRUCTION = "建筑施工安全有什么要求"
OUT_OF_SCOPE = "明天会下雨吗"
# Questions that touch the speech without matching one passage well; the first that the matcher
# answers with suggestions is the example (the lead keeps tuning, so one fixed question would be brittle).
AMBIGUOUS_CANDIDATES = ["道路交通事故处理", "责任追究程序", "县里对安全生产形势的目标是什么"]


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


@pytest.fixture(scope="module")
def kb(matcher):
    return matcher.kb


def all_questions() -> list[str]:
    items = read_jsonl(TEAM_EVAL)
    if SHARED_EVAL.exists():
        items += read_jsonl(SHARED_EVAL)
    return [d["question"] for d in items]


# ----- the three outcomes -----
def test_a_construction_safety_question_is_answered_from_the_construction_passage(matcher):
    r = matcher.ask(CONSTRUCTION)
    assert r.status == ANSWERED
    best = r.answers[0]
    assert best.kind == "quote"
    assert best.passage_id == gid("p3.2.2")
    assert best.id == gid("p3.2.2.s4")
    assert best.source[0].startswith("第三点 盯重点、下狠劲")
    assert best.source[1] == "二要 扎实开展重点领域专项整治"
    assert best.source[2] == "建筑安全方面"
    assert "严禁建筑施工赶工期、追进度" in best.text


def test_an_out_of_scope_question_gets_no_answer_and_the_topics_of_the_speech(matcher):
    r = matcher.ask(OUT_OF_SCOPE)
    assert r.status == NO_ANSWER
    assert r.answers == ()
    assert [s.id for s in r.suggestions] == [gid("p1"), gid("p2"), gid("p3"), gid("p4")]
    assert all(s.question.startswith("第") for s in r.suggestions)


@pytest.fixture(scope="module")
def ambiguous(matcher) -> str:
    for q in AMBIGUOUS_CANDIDATES:
        if matcher.ask(q).status == CLARIFY:
            return q
    raise AssertionError(f"none of {AMBIGUOUS_CANDIDATES} gets suggestions: no question is ambiguous any more?")


def test_an_ambiguous_question_gets_at_most_three_suggestions_each_of_which_is_answered(matcher, kb, ambiguous):
    r = matcher.ask(ambiguous)
    assert r.status == CLARIFY
    assert r.answers == ()
    assert 1 <= len(r.suggestions) <= 3
    assert len({s.id for s in r.suggestions}) == len(r.suggestions)
    for s in r.suggestions:
        entry = kb.qa_entry(s.id)
        assert entry is not None, s.id
        again = matcher.ask(s.question)
        assert again.status == ANSWERED, s.question
        assert again.answers[0].id == entry.targets[0], s.question


@pytest.mark.parametrize("question", ["烟花爆竹", "How do I reset my password?", "推荐一部电影", "嗯嗯"])
def test_more_out_of_scope_questions_are_declined(matcher, question):
    assert matcher.ask(question).status == NO_ANSWER


def test_a_higher_answer_threshold_turns_a_partial_match_into_suggestions(kb, matcher):
    question, score = partly_confident(matcher)
    strict = Matcher(kb, MatcherConfig(answer_threshold=min(1.0, score + 0.01), clarify_threshold=score - 0.01))
    r = strict.ask(question)
    assert r.status == CLARIFY
    assert 1 <= len(r.suggestions) <= 3
    declined = Matcher(kb, MatcherConfig(answer_threshold=min(1.0, score + 0.02), clarify_threshold=score + 0.01))
    assert declined.ask(question).status == NO_ANSWER


def test_a_lower_answer_threshold_answers_what_was_ambiguous(kb, matcher, ambiguous):
    # The thresholds apply to the decision model's probability (suggestion scores rank candidates); a
    # vague question (several passages cover it fully, none clearly ahead) is asked back whatever they are.
    a = matcher.analyse(matcher.index.parse(ambiguous))
    lenient = Matcher(kb, MatcherConfig(answer_threshold=max(0.0, a.probability - 0.001), clarify_threshold=0.0))
    assert lenient.ask(ambiguous).status == (CLARIFY if Matcher._vague(a.signals) else ANSWERED)
    assert Matcher(kb, MatcherConfig(answer_threshold=0.0, clarify_threshold=0.0)).ask("隐患排查整治").status == ANSWERED


def test_max_answers_and_max_suggestions_of_the_config_are_honoured(kb, ambiguous):
    small = Matcher(kb, MatcherConfig(max_answers=1, max_suggestions=1))
    r = small.ask(CONSTRUCTION)
    assert len(r.answers) == 1 and len(r.suggestions) <= 1
    assert len(small.ask(ambiguous).suggestions) == 1


# ----- quotes, not paraphrase -----
def test_the_answer_is_an_exact_quote_of_the_corrected_speech_with_the_original_beside_it(matcher):
    best = matcher.ask(CONSTRUCTION).answers[0]
    assert len(best.text) <= 360
    assert best.text in corrected_source()
    assert best.original in raw_source()
    assert "建筑施工平安监管" in best.original and "建筑施工安全监管" in best.text
    assert strip_punctuation(best.original).replace("平安", "安全") == strip_punctuation(best.text)


def test_every_quoted_answer_to_the_question_sets_is_short_exact_and_at_most_three(matcher):
    corrected, raw = corrected_source(), raw_source()
    problems = []
    for q in all_questions():
        r = matcher.ask(q)
        if len(r.answers) > 3:
            problems.append(f"{q}: {len(r.answers)} answers")
        for a in r.answers:
            if a.kind != "quote":
                continue
            text = a.text[:-1] if a.text.endswith("…") else a.text
            if len(a.text) > 360 or text not in corrected or a.original not in raw:
                problems.append(f"{q}: {a.id} {a.text[:30]}")
        if r.status == ANSWERED and len({a.id for a in r.answers}) != len(r.answers):
            problems.append(f"{q}: the same answer twice")
    assert not problems, "\n".join(problems)


def test_answers_come_best_first_with_scores_between_zero_and_one(matcher):
    r = matcher.ask(CONSTRUCTION)
    scores = [a.score for a in r.answers]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_the_answer_to_a_suggestion_is_not_suggested_again(matcher):
    r = matcher.ask(CONSTRUCTION)
    assert r.suggestions
    assert all(s.question != CONSTRUCTION for s in r.suggestions)
    assert len(r.suggestions) <= 3


# ----- deterministic -----
def test_the_same_question_twice_gives_the_identical_result(matcher):
    for q in (CONSTRUCTION, "安全", "责任", *AMBIGUOUS_CANDIDATES, OUT_OF_SCOPE, "第二要"):
        assert matcher.ask(q) == matcher.ask(q)


def _same(r):
    """A result with its scores to 9 places: sums over sets of words may differ in the last bit between
    processes (string hashing), and the session's matcher may be a prepared index built by another one."""
    return (r.status, r.question, r.normalized, r.language,
            [(a.id, a.text, a.source, round(a.score, 9)) for a in r.answers],
            [(s.id, s.question, round(s.score, 9)) for s in r.suggestions])


def test_a_matcher_built_again_answers_exactly_the_same(kb, matcher):
    other = Matcher(kb)
    for q in all_questions()[:40] + ["安全", "责任", "检查", "事故"]:
        assert _same(other.ask(q)) == _same(matcher.ask(q)), q


def test_a_one_word_question_with_many_equal_matches_is_asked_back_the_same_way_every_time(kb):
    results = [Matcher(kb).ask(word) for word in ("安全", "安全", "责任", "事故")]
    assert results[0] == results[1]
    for r in results:
        assert r.status == "clarify", f"{r.question} matches many passages equally: it should not pick one"
        assert 1 <= len(r.suggestions) <= 3


# ----- how people ask -----
@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("礦山復工要求", "p3.2.1"),
        ("建築施工安全有什麼要求", "p3.2.2"),
        ("黨政同責", "p4.1"),
        ("construction site safety", "p3.2.2"),
        ("What should leaders do about 24-hour duty?", "p3.3"),
        ("blacklist", "p4.3"),
        ("平安生产底线", "p1"),
        ("管行业必须管平安", "p4.2"),
        ("物资储藏", "p3.3"),
        ("应急值手制度", "p3.3"),
        ("非媒矿山复工", "p3.2.1"),
        ("工地能赶进度不", "p3.2.2"),
        ("矿上过完年啥时候能开工", "p3.2.1"),
    ],
)
def test_traditional_english_typo_pasted_and_colloquial_questions_reach_the_right_passage(matcher, question, passage):
    r = matcher.ask(question)
    assert r.status == ANSWERED, (question, r.status, [s.question for s in r.suggestions])
    assert r.answers[0].passage_id == gid(passage), (question, r.answers[0].id)


@pytest.mark.parametrize("question", ["隐患排察整治", "隐患排察"])
def test_the_pinyin_typo_paicha_reaches_the_inspection_passage(matcher, question):
    r = matcher.ask(question)
    assert r.status == ANSWERED, (question, r.status)
    assert r.answers[0].passage_id.startswith(gid("p3.1")), r.answers[0].id


def test_a_common_word_is_not_read_as_a_pinyin_typo_of_a_word_of_the_speech(matcher):
    """主题 (theme) sounds like 主体 (the speech's 企业主体责任): a word general Chinese uses this often
    was typed on purpose, so the question about a point's theme gets that point."""
    r = matcher.ask("第二部分的主题是啥")
    assert r.status == ANSWERED
    assert r.answers[0].text.startswith("二、")


def test_a_confident_quote_sharing_only_weak_words_is_still_answered(matcher):
    """永远 is an adverb (a weak word), but the quote holds the question's every known word and the model
    is sure: 安全生产永远在路上 answers whether work safety ever ends."""
    r = matcher.ask("安全生产是不是永远没有尽头")
    assert r.status == ANSWERED
    assert "永远在路上" in r.answers[0].text


def test_an_unsure_quote_sharing_only_weak_words_is_not_covered(matcher):
    assert matcher.ask("孩子明年高考，志愿该怎么填比较好").status == NO_ANSWER


def test_an_english_question_is_answered_with_the_chinese_quote(matcher):
    r = matcher.ask("construction site safety")
    assert r.language == "en"
    assert "建筑施工" in r.answers[0].text


# ----- curated questions -----
def test_every_curated_question_is_answered_with_its_own_entry(matcher, kb):
    wrong = []
    for entry in kb.qa:
        r = matcher.ask(entry.question)
        if r.status != ANSWERED or r.answers[0].id != entry.targets[0]:
            got = r.answers[0].id if r.answers else r.status
            wrong.append(f"{entry.id}: {entry.question} → {got}")
    assert not wrong, "\n".join(wrong)


def test_every_alternate_phrasing_is_answered_with_its_entry(matcher, kb):
    wrong = []
    for entry in kb.qa:
        for alt in entry.alternates:
            r = matcher.ask(alt)
            if r.status != ANSWERED or r.answers[0].id != entry.targets[0]:
                wrong.append(f"{entry.id}: {alt} → {r.answers[0].id if r.answers else r.status}")
    assert not wrong, "\n".join(wrong)


def test_an_entry_answer_quotes_all_of_its_target_sentences_when_they_fit(matcher, kb):
    entry = kb.qa_entry(gid("inspection-penalties"))
    best = matcher.ask(entry.question).answers[0]
    assert best.sentence_ids == entry.targets
    assert best.text == "".join(kb.sentences[t].text for t in entry.targets)


def test_questions_about_the_document_are_answered_from_its_facts(matcher, kb):
    wrong = []
    for fact in kb.facts:
        for question in (fact.question, *fact.alternates):
            r = matcher.ask(question)
            if r.status != ANSWERED or r.answers[0].id != fact.id:
                wrong.append(f"{fact.id}: {question} → {r.answers[0].id if r.answers else r.status}")
            elif r.answers[0].kind != "fact" or r.answers[0].text != fact.answer:
                wrong.append(f"{fact.id}: {question} → not the fact's answer")
    assert not wrong, "\n".join(wrong)


def test_a_very_long_question_is_cut_and_still_answered(matcher):
    r = matcher.ask(CONSTRUCTION + "。" + "请详细说明。" * 2000)
    assert r.status in (ANSWERED, CLARIFY, NO_ANSWER)
    assert r.question.startswith(CONSTRUCTION)


def test_the_result_keeps_the_question_as_asked_and_its_normalised_form(matcher):
    r = matcher.ask("  建築施工安全有什麼要求?? ")
    assert r.question == "  建築施工安全有什麼要求?? "
    assert r.normalized == "建筑施工安全有什么要求"


def test_the_shared_development_questions_meet_the_acceptance_bar():
    """Issue 2: every no_answer question rejected and at least 95% of the others correct."""
    assert SHARED_EVAL.exists(), f"{SHARED_EVAL} is not beside the repository (CI always has ../shared)"
    from bot.qa.evaluate import evaluate, load_questions

    report = evaluate(load_questions(SHARED_EVAL), shipped_matcher().ask)
    summary = report.summary()
    failures = [f"{o.item.id} {o.item.question}: {o.why}" for o in report.outcomes if not o.correct]
    assert summary["no_answer_accuracy"] == 1.0, failures
    assert summary["answerable_accuracy"] >= 0.95, failures


def test_a_quote_sharing_only_adverbs_and_times_with_an_unknown_topic_is_not_an_answer(matcher):
    # 比较, 今年 are in a sentence of the speech; 高考, 升学 are not: no topic is shared.
    r = matcher.ask("家里老人今年退休,养老金比较少怎么办?")
    assert r.status == NO_ANSWER
    # A question whose shared word names a topic is still answered.
    assert matcher.ask("今年隐患排查差距还比较大吗").status != NO_ANSWER


def test_a_topic_question_naming_the_speech_is_not_answered_with_a_fact_about_it(matcher):
    # 这篇讲话 is one of the speaker fact's phrasings; the question asks about 建筑施工, not the speaker
    r = matcher.ask("这篇讲话对建筑施工有什么要求")
    assert r.status == "answered" and "fact:" not in r.best.id and "建筑施工" in r.best.text
    r = matcher.ask("这篇讲话是谁讲的")
    assert r.status == "answered" and r.best.id.endswith("fact:speaker")


def test_a_stopword_is_dropped_whole_not_peeled_into_a_character_of_the_speech(matcher):
    """我们 is a stopword; peeling its 我 off left 们 (in the speech's 我们, 同志们) as a known concept of
    every 我们厂… question, pulling it towards sentences that say 我们."""
    q = matcher.index.parse("我们厂是一家化工企业,讲话对企业有什么要求")
    assert "们" not in [c.surface for c in q.concepts]


def test_a_quoted_phrase_of_the_speech_is_asked_about_whatever_the_other_words(matcher):
    """形容, 心态 are no words of the speech, but “如履薄冰” is, word for word: the question is about it."""
    r = matcher.ask("讲话里说的“如履薄冰”是在形容什么心态？")
    assert r.status == ANSWERED
    assert "如履薄冰" in r.answers[0].text


def test_a_listed_word_of_the_askers_situation_is_not_read_as_a_pinyin_typo(matcher):
    """山里 sounds like the speech's 擅离 (擅离职守): in 我在山里… it is where the asker works."""
    q = matcher.index.parse("我在山里一家采石场当安全员，老板想开工，讲话有什么要求？")
    assert "擅离" not in [a for c in q.concepts for a in c.alternatives]


def test_of_two_words_that_sound_alike_the_typo_is_read_as_the_one_sharing_its_characters(matcher):
    """整知 sounds like both 整治 and 政治; it shares 整 with 整治."""
    q = matcher.index.parse("隐患大排查大整知行动是怎么安排的")
    alternatives = [a for c in q.concepts for a in c.alternatives]
    assert any("整治" in a for a in alternatives) and "政治" not in alternatives


def test_a_noun_made_by_a_suffix_is_a_thing_of_its_own(matcher):
    """责任险 (liability insurance) is insurance, not 责任: the speech does not know it."""
    q = matcher.index.parse("企业的安全生产责任险怎么投保")
    insurance = next(c for c in q.concepts if c.surface == "责任险")
    assert not insurance.known


def test_spoken_filler_glued_by_jieba_is_no_topic_but_a_glued_noun_is(matcher):
    """老出 (always + happen) and 整法 are two characters jieba's HMM glued, no word of any dictionary: spoken
    filler. 酒驾 (drunk driving) starts with a noun: a topic the speech does not cover."""
    q = matcher.index.parse("重点行业老出大事，那到底得咋个整法")
    assert [c.surface for c in q.concepts] == ["重点行业", "大事"]
    assert "酒驾" in [c.surface for c in matcher.index.parse("酒驾怎么处罚").concepts]


def test_a_question_naming_a_point_is_answered_from_that_point(matcher):
    """第二点里…: the responsibilities of point two (四个意识…严格履行安全责任), not point four's 落实责任."""
    r = matcher.ask("第二点里讲的责任要怎么落实")
    assert r.status == ANSWERED and r.answers[0].id == gid("p2.s5")


def test_a_point_without_the_topic_asked_does_not_hide_the_answer(matcher):
    """Point one says nothing of duty shifts: the user misremembered the point; the answer is still given."""
    r = matcher.ask("第一点里对值班有什么要求")
    assert r.status == ANSWERED and r.answers[0].passage_id == gid("p3.3")


@pytest.mark.parametrize("question, sentence", [
    ("讲话结尾号召大家用啥去迎接那些大事", "closing.s1"),
    ("讲话一开始县长让大家抓好啥", "intro.s2"),
])
def test_the_opening_or_the_closing_named_is_where_the_answer_comes_from(matcher, question, sentence):
    r = matcher.ask(question)
    assert r.status == ANSWERED and r.answers[0].id == gid(sentence)
