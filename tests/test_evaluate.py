"""The evaluation rules of issue 2: what counts as a correct answer to a question file."""

from __future__ import annotations

import json

import pytest

from bot.errors import UserFacingError
from bot.qa.evaluate import EvalQuestion, evaluate, format_report, judge, load_questions
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER, Answer, Result


def q(gold=("赶工期",), expect="answer", category="para"):
    return EvalQuestion("x-1", category, "施工可以追进度吗", expect, tuple(gold))


def answered(text: str) -> Result:
    return Result("问题", ANSWERED, (Answer("doc/p3.2.2.s4", text, ("第三点",), 0.9),))


def test_an_answer_quoting_a_gold_phrase_is_correct():
    assert judge(q(), answered("严禁建筑施工赶工期、追进度。")).correct


def test_an_answer_quoting_none_of_the_gold_phrases_is_wrong():
    o = judge(q(), answered("要严格执行事故专报制度。"))
    assert not o.correct and "expected phrase" in o.why


def test_any_one_of_several_gold_phrases_is_enough():
    assert judge(q(gold=("不存在", "时间服从质量")), answered("时间服从质量、服从安全。")).correct


def test_punctuation_and_spaces_are_ignored_when_comparing():
    assert judge(q(gold=("谁主管、谁负责",)), answered("“谁主管,谁负责”")).correct
    assert judge(q(gold=("谁主管谁负责",)), answered("谁主管、 谁负责。")).correct


def test_pingan_is_read_as_anquan_on_both_sides():
    assert judge(q(gold=("管行业必须管安全",)), answered("管行业必须管平安")).correct
    assert judge(q(gold=("平安生产底线",)), answered("切实守住安全生产底线")).correct


def test_a_gold_phrase_with_the_sources_conversion_errors_matches_the_quotes_original_text():
    """Gold phrases are copied from the source as scraped (开展 for 发展); the answer shows the corrected text
    and keeps the original beside it."""
    r = Result("问题", ANSWERED, (Answer("doc/p1.s3", "追求经济社会持续健康发展", ("第一点",), 0.9,
                                          original="追求经济社会持续健康开展"),))
    assert judge(q(gold=("经济社会持续健康开展",)), r).correct


def test_an_answer_longer_than_360_characters_is_wrong_even_if_it_quotes_the_gold():
    long = "赶工期" + "安" * 357
    assert len(long) == 360 and judge(q(), answered(long)).correct
    o = judge(q(), answered(long + "全"))
    assert not o.correct and "361" in o.why


def test_only_the_best_answer_counts():
    r = Result("问题", ANSWERED, (Answer("a", "无关的话。", (), 0.9), Answer("b", "严禁赶工期。", (), 0.8)))
    assert not judge(q(), r).correct


@pytest.mark.parametrize("status", [CLARIFY, NO_ANSWER])
def test_a_question_expecting_an_answer_is_wrong_when_not_answered(status):
    o = judge(q(), Result("问题", status))
    assert not o.correct and status in o.why


def test_a_no_answer_question_is_correct_only_when_declined():
    oos = q(gold=(), expect="no_answer", category="oos")
    assert judge(oos, Result("明天会下雨吗", NO_ANSWER)).correct
    assert not judge(oos, Result("明天会下雨吗", CLARIFY)).correct
    assert not judge(oos, answered("赶工期")).correct


def test_the_report_counts_per_category_and_lists_every_failure():
    items = [q(category="para"), q(category="para"), q(gold=(), expect="no_answer", category="oos")]
    replies = iter([answered("赶工期"), answered("别的"), Result("x", NO_ANSWER)])
    report = evaluate(items, lambda _question: next(replies))
    assert report.by_category() == {"oos": (1, 1), "para": (1, 2)}
    assert report.summary()["answerable_accuracy"] == 0.5
    assert report.summary()["no_answer_accuracy"] == 1.0
    text = format_report(report)
    assert text.count("FAIL ") == 1
    assert "para      1/2" in text and "oos       1/1" in text
    assert "overall   2/3" in text


def test_question_files_are_read_as_json_lines(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "category": "kw", "question": "停产整顿", "expect": "answer", "gold_any": ["一律停产整顿"]},
        {"id": "b", "category": "oos", "question": "医保怎么报销", "expect": "no_answer", "gold_any": []},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    loaded = load_questions(path)
    assert [(x.id, x.category, x.expect, x.gold_any) for x in loaded] == [
        ("a", "kw", "answer", ("一律停产整顿",)), ("b", "oos", "no_answer", ()),
    ]


@pytest.mark.parametrize("line", ['{"id": "a"', '{"id": "a", "category": "kw"}', "[1, 2]", '"just text"'])
def test_a_line_that_is_not_a_question_object_is_reported_with_its_number(tmp_path, line):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "停产整顿", "gold_any": ["停产"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(UserFacingError) as info:
        load_questions(path)
    assert str(path) in str(info.value) and "line 2" in str(info.value)


def test_a_missing_question_file_is_reported_with_its_path(tmp_path):
    with pytest.raises(UserFacingError, match="not found"):
        load_questions(tmp_path / "none.jsonl")


def test_the_report_gives_per_kind_the_share_of_in_scope_questions_told_not_covered():
    items = [q(category="para"), q(category="para"), q(category="oos", expect=NO_ANSWER)]
    results = [Result("问题", NO_ANSWER), answered("严禁建筑施工赶工期。"), Result("问题", NO_ANSWER)]
    answers = iter(results)
    report = evaluate(items, lambda _q: next(answers))
    assert report.not_covered() == {"para": (1, 2)}
    text = format_report(report)
    assert "1/2 = 50%" in text and "in scope told not covered 50.0%" in text


# ----- conversation files: a first message and a follow-up, the follow-up judged -----
def conversation_rows():
    return [
        {"id": "c-1", "kind": "elliptic", "first": "非煤矿山复工有什么要求", "first_gold": ["一律不准复工复产"],
         "second": "那建筑施工呢", "second_gold": ["赶工期"]},
        {"id": "c-2", "kind": "more", "first": "隐患排查整治有什么要求", "first_gold": ["隐患"],
         "second": "还有呢", "second_gold": ["这句话不在讲话里"]},
    ]


def test_conversation_files_are_read_with_the_follow_up_as_the_question(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in conversation_rows()), encoding="utf-8")
    loaded = load_questions(path)
    assert [(x.id, x.category, x.first, x.question, x.gold_any) for x in loaded] == [
        ("c-1", "elliptic", "非煤矿山复工有什么要求", "那建筑施工呢", ("赶工期",)),
        ("c-2", "more", "隐患排查整治有什么要求", "还有呢", ("这句话不在讲话里",)),
    ]


def test_a_conversation_line_without_its_first_message_is_reported_with_its_number(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "c", "second": "还有呢", "second_gold": ["x"]}\n', encoding="utf-8")
    with pytest.raises(UserFacingError, match="line 1"):
        load_questions(path)


def test_a_conversation_judges_the_second_answer_given_the_first_and_lists_both_messages_on_failure():
    items = [EvalQuestion("c-1", "elliptic", "那建筑施工呢", "answer", ("赶工期",), "非煤矿山复工有什么要求"),
             EvalQuestion("c-2", "more", "还有呢", "answer", ("两张清单",), "隐患排查整治有什么要求")]
    seen = []

    def converse(first, second):
        seen.append((first, second))
        return answered("一律不准复工复产。"), answered("严禁建筑施工赶工期。" if "建筑" in second else "别的。")

    report = evaluate(items, lambda _q: pytest.fail("a conversation is not asked alone"), converse)
    assert seen == [("非煤矿山复工有什么要求", "那建筑施工呢"), ("隐患排查整治有什么要求", "还有呢")]
    assert report.by_category() == {"elliptic": (1, 1), "more": (0, 1)}
    assert report.outcomes[0].first_result.best.text == "一律不准复工复产。"
    text = format_report(report)
    assert "FAIL c-2 [more] 隐患排查整治有什么要求 → 还有呢" in text and "c-1" not in text
    assert "overall   1/2" in text


def test_the_eval_command_runs_a_conversation_file_through_the_dialogue(tmp_path, capsys):
    from bot.cli import main
    from tests.helpers_core import ROOT

    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in conversation_rows()), encoding="utf-8")
    assert main(["--config", str(ROOT / "config.yaml"), "eval", str(path)]) == 0
    out = capsys.readouterr().out
    # 那建筑施工呢 is read against 非煤矿山复工: the construction passage; 还有呢 reads on and misses the gold.
    assert "FAIL c-2 [more] 隐患排查整治有什么要求 → 还有呢" in out and "c-1" not in out
    assert "elliptic  1/1" in out and "more      0/1" in out
