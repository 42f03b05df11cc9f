"""Normalisation of what users type: width, script, control characters, the source's wrong words."""

from __future__ import annotations

import pytest

from bot.qa.text import clean, is_english, normalise, strip_punctuation, to_simplified
from tests.helpers_core import shipped_matcher


def test_full_width_letters_digits_and_spaces_become_ascii():
    assert clean("ＡＢＣ１２３　安全") == "abc123 安全"
    assert normalise("２４小时值班") == "24小时值班"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("礦山復工", "矿山复工"), ("應急值守", "应急值守"), ("隱患排查", "隐患排查"), ("建築施工安全監管", "建筑施工安全监管")],
)
def test_traditional_characters_become_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified
    assert normalise(traditional) == simplified


def test_text_without_chinese_is_left_to_itself():
    assert to_simplified("Safety first!") == "Safety first!"


def test_control_and_invisible_characters_are_dropped():
    assert clean("矿\x00山\x07复\u200b工\r\n").split() == ["矿", "山", "复", "工"]
    assert "\x1b" not in normalise("\x1b[31m停产整顿\x1b[0m")
    assert "停产整顿" in normalise("\x1b[31m停产整顿\x1b[0m")


def test_punctuation_and_runs_of_spaces_fold_to_single_spaces():
    assert normalise("  建筑,施工??!! 安全 ") == "建筑 施工 安全"
    assert normalise("“从零开始,向零奋斗”。") == "从零开始 向零奋斗"
    assert normalise("🙂🙂🙂") == ""


def test_strip_punctuation_keeps_only_words_for_comparing_quotes():
    assert strip_punctuation("“从零开始,向零奋斗”。") == "从零开始向零奋斗"
    assert strip_punctuation("谁主管、谁负责") == strip_punctuation("谁主管谁负责")


def test_the_sources_wrong_words_in_a_question_are_read_as_the_right_ones():
    index = shipped_matcher().index
    assert ("平安", "安全") in index.replacements
    assert index.parse("平安生产底线").normalized == "安全生产底线"
    assert index.parse("物资储藏").normalized == "物资储备"
    assert index.parse("坚持原那么").normalized == "坚持原则"


def test_only_corrections_marked_for_queries_touch_questions():
    index = shipped_matcher().index
    # 开展 → 发展 is repaired in five places of the speech only; a user's 开展 means 开展.
    assert index.parse("怎么开展隐患排查").normalized == "怎么开展隐患排查"


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("what is the second point", True),
        ("construction site safety", True),
        ("Safety 安全", True),
        ("建筑施工安全有什么要求", False),
        ("OK吗", False),
        ("24小时值班", False),
        ("", False),
        ("123", False),
        ("🙂", False),
    ],
)
def test_is_english_tells_english_questions_from_chinese_ones(text, english):
    assert is_english(text) is english


def test_words_typed_by_pinyin_get_the_same_sound_key():
    from bot.qa import pinyin

    # The table comes from pypinyin; without it every sound key is the word itself and typos go unanswered.
    assert pinyin.key("排察") == pinyin.key("排查") == "pai cha"
    assert pinyin.key("值手") == pinyin.key("值守")
    assert pinyin.key("晚上") != pinyin.key("完善")


def test_taiwan_phrasing_in_traditional_characters_becomes_mainland_wording():
    assert normalise("資訊報送有什麼要求").replace(" ", "") == "信息报送有什么要求"


@pytest.mark.parametrize("text, expected", [
    ("今年全县安全形势要达到什么目标", "今年全县安全形势要达到什么目标"),  # 全形 is Taiwan's 全角, but not here
    ("今年全縣安全形勢要達到什麼目標", "今年全县安全形势要达到什么目标"),
    ("企业主体责任的核心是什么", "企业主体责任的核心是什么"),  # tw2sp alone gave 内核 (a computer's kernel)
    ("縣長說要從哪些地方著手", "县长说要从哪些地方着手"),
])
def test_taiwan_phrasing_applies_only_where_the_text_is_written_in_traditional_characters(text, expected):
    assert normalise(text).replace(" ", "") == expected


def test_chinese_ordinals_past_ninety_nine_are_written_as_laws_write_them():
    from bot.qa.source import cn_numeral
    from bot.qa.structure import cn_int

    assert [cn_numeral(n) for n in (11, 21, 105, 110, 125)] == ["十一", "二十一", "一百零五", "一百一十", "一百二十五"]
    assert all(cn_int(cn_numeral(n)) == n for n in range(1, 400))
