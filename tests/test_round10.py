"""Round 10's own examples (invented, not from the labelled sets): question words cut out of a question
without cutting a word in two."""

from __future__ import annotations

from tests.helpers_core import shipped_matcher


def _words(question: str) -> list[str]:
    return [c.surface for c in shipped_matcher().index.parse(question).concepts]


def test_a_question_ending_in_how_to_apply_keeps_the_verb_whole():
    # 怎么办 is a question word, but in 怎么办理 it is 怎么 + 办理 (to apply for): the verb stays a word
    assert "办理" in _words("施工许可证怎么办理")
    assert "理" not in _words("施工许可证怎么办理")


def test_what_to_do_is_still_cut_out_as_a_question_word():
    # 怎么办 followed by nothing that makes a word with 办 is the question word, not a topic
    assert _words("出了事故怎么办") == _words("出了事故")
