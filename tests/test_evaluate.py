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
