"""Whatever is typed, the matcher replies with exactly one of its three outcomes and never fails."""

from __future__ import annotations

import logging

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER
from tests.helpers_core import shipped_matcher

STATUSES = {ANSWERED, CLARIFY, NO_ANSWER}

# Pieces people (and phones) actually send, mixed with arbitrary unicode.
PIECES = st.sampled_from([
    "建筑施工", "安全", "第三点", "一要", "二要", "第", "点", "礦山", "平安生产", "隐患排察", "what", "point", "second",
    "🙂", "👷‍♂️", "\x00", "\x1b[0m", "\u200b", "\ufeff", "\r\n", "\t", " ", "、", "。", "?", "“", "〞", "……",
    "ＡＢＣ", "２４", "24", "100", "-1", "0", "ñ", "Ω", "한국어", "русский", "العربية", "\U0001f600" * 3,
])
QUESTIONS = (
    st.text(max_size=200)
    | st.lists(PIECES, max_size=12).map("".join)
    | st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So", "Mn"]), max_size=50)
)


class _Errors(logging.Handler):
    """Records the matcher's own error log: its safety net catching a bug counts as a failure here."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


@pytest.fixture(scope="module")
def errors():
    handler = _Errors()
    logger = logging.getLogger("bot.qa.matcher")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def check(matcher, errors, question: str) -> None:
    before = len(errors.records)
    r = matcher.ask(question)
    assert r.status in STATUSES
    assert len(errors.records) == before, f"the matcher failed internally on {question!r}"
    assert r.question == question
    if r.status == ANSWERED:
        assert 1 <= len(r.answers) <= 3
        assert all(a.text and len(a.text) <= 360 for a in r.answers)
    else:
        assert r.answers == ()
    if r.status == CLARIFY:
        assert r.suggestions
    if r.status == NO_ANSWER:
        assert r.suggestions, "a declined question lists what the speech covers"


@settings(deadline=None, max_examples=200)
@given(QUESTIONS)
@example("")
@example("   \n\t  ")
@example("🙂🙂🙂")
@example("\x00\x01\x02\x7f")
@example("建筑施工安全" * 1700)
@example("x" * 10_000)
@example("安全 safety 안전 безопасность أمان")
@example("第十一点讲了什么")
@example("第0点")
@example("第九十九要")
def test_any_text_gets_exactly_one_of_the_three_outcomes(matcher, errors, question):
    check(matcher, errors, question)


def test_a_non_string_question_is_treated_as_empty(matcher):
    assert matcher.ask(None).status == NO_ANSWER  # type: ignore[arg-type]
