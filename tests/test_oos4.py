"""Out-of-scope questions that got an answer (branch oos4): a word the speech never uses, cut by its segmenter
into a stray character of the speech, no longer lets that character answer. Invented examples only."""

from __future__ import annotations


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
