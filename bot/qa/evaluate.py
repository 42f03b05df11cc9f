"""Score a question file (the format of shared/eval/questions.jsonl) per category.

A question counts as correct when the status is `answered` and the best answer's text, compared
without punctuation and with 平安 read as 安全, contains one of its `gold_any` phrases and is at most
360 characters; an `expect: no_answer` question counts when the status is `no_answer`.

The report gives, per kind (category), the accuracy and the share of in-scope questions that were told
"not covered" (`no_answer`): the costliest failure, since the user leaves believing the speech is silent.

A **conversation file** (objects with "first" and "second": a question, then a follow-up read against
it; "kind" groups them, "second_gold" lists the phrases the follow-up's answer must quote) is scored on
its follow-ups: the first message is answered, the second is answered with the context the first left
(`bot.qa.dialogue.respond`), and the second answer is judged by the same rules as a question's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import UserFacingError
from bot.qa.result import ANSWERED, NO_ANSWER, Result
from bot.qa.text import strip_punctuation

MAX_ANSWER_CHARS = 360


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    category: str
    question: str
    expect: str
    gold_any: tuple[str, ...]
    first: str = ""  # in a conversation: the message the question follows up ("" for a question of its own)


@dataclass
class Outcome:
    item: EvalQuestion
    result: Result
    correct: bool
    why: str = ""
    first_result: Result | None = None  # in a conversation: the answer to the first message


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(o.correct for o in self.outcomes)

    def by_category(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for o in self.outcomes:
            c = out.setdefault(o.item.category, [0, 0])
            c[0] += o.correct
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def not_covered(self) -> dict[str, tuple[int, int]]:
        """Per kind: in-scope questions answered `no_answer`, and in-scope questions asked."""
        out: dict[str, list[int]] = {}
        for o in self.outcomes:
            if o.item.expect == NO_ANSWER:
                continue
            c = out.setdefault(o.item.category, [0, 0])
            c[0] += o.result.status == NO_ANSWER
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def summary(self) -> dict[str, float]:
        answerable = [o for o in self.outcomes if o.item.expect != NO_ANSWER]
        rejectable = [o for o in self.outcomes if o.item.expect == NO_ANSWER]
        return {
            "total": len(self.outcomes),
            "accuracy": self.correct / len(self.outcomes) if self.outcomes else 0.0,
            "answerable_accuracy": sum(o.correct for o in answerable) / len(answerable) if answerable else 0.0,
            "no_answer_accuracy": sum(o.correct for o in rejectable) / len(rejectable) if rejectable else 0.0,
            "not_covered_share": (sum(o.result.status == NO_ANSWER for o in answerable) / len(answerable)
                                  if answerable else 0.0),
        }


def _compare(text: str) -> str:
    return strip_punctuation(text).replace("平安", "安全")


def _read_lines(p: Path) -> list[str]:
    try:
        return p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UserFacingError(f"{p}: file not found") from None
    except UnicodeDecodeError:
        raise UserFacingError(f"{p}: not UTF-8 text") from None
    except OSError as exc:
        raise UserFacingError(f"{p}: cannot read ({exc.strerror})") from None


def _item(d: dict, n: int) -> EvalQuestion:
    if "first" in d or "second" in d:  # a conversation: its follow-up is what is judged
        return EvalQuestion(str(d.get("id", n)), str(d.get("kind") or d.get("category") or "?"), str(d["second"]),
                            str(d.get("expect", "answer")), tuple(d.get("second_gold") or ()), str(d["first"]))
    return EvalQuestion(str(d.get("id", n)), str(d.get("category", "?")), str(d["question"]),
                        str(d.get("expect", "answer")), tuple(d.get("gold_any") or ()))


def load_questions(path: str | Path) -> list[EvalQuestion]:
    """A question file, or a conversation file (each line a question, or a first message and its follow-up)."""
    p = Path(path)
    out = []
    for n, line in enumerate(_read_lines(p), start=1):
        if not line.strip():
            continue
        try:
            out.append(_item(json.loads(line), n))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise UserFacingError(f"{p}: line {n}: not a question object ({exc.__class__.__name__})") from None
    return out


def judge(item: EvalQuestion, result: Result) -> Outcome:
    if item.expect == NO_ANSWER:
        ok = result.status == NO_ANSWER
        return Outcome(item, result, ok, "" if ok else f"expected no_answer, got {result.status}")
    if result.status != ANSWERED or not result.answers:
        return Outcome(item, result, False, f"expected an answer, got {result.status}")
    text = result.answers[0].text
    if len(text) > MAX_ANSWER_CHARS:
        return Outcome(item, result, False, f"answer is {len(text)} characters (limit {MAX_ANSWER_CHARS})")
    # A gold phrase copied from the source as it was scraped (its conversion errors kept: 原那么, 开展 for 发展)
    # is quoted by the answer's original text when the answer shows the corrected one.
    got = _compare(text) + "\n" + _compare(result.answers[0].original or "")
    if any(_compare(g) in got for g in item.gold_any):
        return Outcome(item, result, True)
    return Outcome(item, result, False, "answer does not quote any expected phrase")


def evaluate(questions: list[EvalQuestion], ask: Callable[[str], Result],
             converse: Callable[[str, str], tuple[Result, Result]] | None = None) -> Report:
    """Answer and judge every item: a question with `ask`; a conversation with `converse(first, second)`
    → (first result, second result), of which the second is judged."""
    outcomes = []
    for q in questions:
        if q.first and converse is not None:
            first, second = converse(q.first, q.question)
            outcome = judge(q, second)
            outcome.first_result = first
        else:
            outcome = judge(q, ask(q.question))
        outcomes.append(outcome)
    return Report(outcomes)


def conversation(matcher) -> Callable[[str, str], tuple[Result, Result]]:
    """Two turns of a chat with `matcher`: the first message alone, the second with the context it left."""
    from bot.qa.dialogue import respond

    def converse(first: str, second: str) -> tuple[Result, Result]:
        one = respond(first, None, matcher, 0.0)
        two = respond(second, one.context, matcher, 10.0)
        empty = Result(second, NO_ANSWER)
        return one.result or Result(first, NO_ANSWER), two.result or empty

    return converse


def format_report(report: Report) -> str:
    lines = []
    for o in report.outcomes:
        if o.correct:
            continue
        best = o.result.answers[0] if o.result.answers else None
        got = f"{best.id} {best.text[:60]}" if best else ", ".join(s.question for s in o.result.suggestions[:3])
        asked = f"{o.item.first} → {o.item.question}" if o.item.first else o.item.question
        lines.append(f"FAIL {o.item.id} [{o.item.category}] {asked} — {o.why}; got {o.result.status}: {got}")
    lines.append("")
    lines.append("category  correct/total  accuracy  not covered (in scope)")
    missed = report.not_covered()
    for cat, (ok, total) in report.by_category().items():
        nc = missed.get(cat)
        share = f"{nc[0]}/{nc[1]} = {nc[0] / nc[1]:.0%}" if nc else "-"
        lines.append(f"{cat:<9} {f'{ok}/{total}':<14} {ok / total:>7.1%}   {share}")
    s = report.summary()
    lines.append(
        f"overall   {report.correct}/{s['total']} = {s['accuracy']:.1%}  "
        f"(answerable {s['answerable_accuracy']:.1%}, out of scope rejected {s['no_answer_accuracy']:.1%}, "
        f"in scope told not covered {s['not_covered_share']:.1%})"
    )
    return "\n".join(lines)
