"""The answer / "not covered" decision for the speech's single questions (branch decide11): questions the speech
answers, asked in everyday words, are quoted rather than told "not covered". Every question here is an invented
one asked of the shipped speech."""

from __future__ import annotations

from bot.qa import slots


def quoted(result) -> str:
    return result.answers[0].sentence_ids[0].split("/")[-1] if result.answers else ""


def surfaces(matcher, question: str) -> list[str]:
    return [c.surface for c in matcher.index.parse(question).concepts]


def test_a_word_the_segmenter_glued_to_a_character_is_cut_as_general_chinese_cuts_it(matcher):
    """开会时 is 开会 + 时 (at the meeting), not a topic of its own that the speech lacks."""
    assert "开会时" not in surfaces(matcher, "开会时各乡镇要交什么材料")
    assert "心里头" not in surfaces(matcher, "干安全的心里头要绷紧哪根弦")


def test_a_glued_run_holding_a_noun_is_left_alone(matcher):
    """低保申 (a noun glued to the first character of 申请) stays one unknown word: a topic the speech lacks."""
    assert matcher.ask("低保申请条件").status == "no_answer"


def test_which_part_and_how_much_words_are_not_a_topic_the_speech_lacks(matcher):
    """这一块 and 点 say which part and how much: the asking clause is all the speech's words."""
    q = matcher.index.parse("安全检查这一块要注意点啥")
    assert matcher.analyse(q).signals["known_intent"] == 1.0


def test_a_condition_asked_without_what_it_classes_is_given_by_what_is_needed(matcher):
    assert slots.asked_slot("推动发展离不开什么条件").unit == "required"
    result = matcher.ask("推动发展离不开什么条件")
    assert result.status == "answered" and "稳定的安全生产环境" in result.answers[0].text


def test_a_standard_that_classes_something_still_needs_a_stated_condition():
    assert slots.asked_slot("什么样的企业会被列入黑名单").unit == ""
    assert slots.asked_slot("列入黑名单的标准是什么").unit == "items"
    assert not slots.fills(slots.asked_slot("什么样的企业会被列入黑名单"), "企业要加强管理。", str.split, lambda w: set())


def test_what_the_speech_requires_is_no_set_whose_members_are_asked():
    """讲话里有什么要求 asks what the speech requires; 清单里都有哪些 asks what a list holds."""
    assert slots.asked_slot("讲话里有什么要求") is None
    assert slots.asked_slot("清单里都有哪些内容").kind == slots.ENUMERATION


def test_how_to_do_something_then_what_the_speech_requires_is_answered(matcher):
    result = matcher.ask("如何做好物资储备？讲话中有什么要求？")
    assert result.status == "answered" and quoted(result) == "p3.3.s2"


def test_a_quoted_counted_set_asked_how_it_is_said_is_recognised_by_its_parts(matcher):
    """“三个最” has one word the speech knows (最): the sentence listing three parts with 最 answers it."""
    assert slots.named_set("那“三个最”啥意思").unit == "3"
    for question in ("“三个最”到底是怎么讲的", "那“三个最”啥意思"):
        result = matcher.ask(question)
        assert result.status == "answered" and quoted(result) == "p1.s9", question


def test_how_a_quoted_set_is_said_asks_no_specific_a_quote_must_give():
    """“三个一律” is said with a third part in other words: the question asks no list the quote must fill."""
    assert slots.asked_slot("“三个一律”讲话里是怎么说的") is None


def test_a_dialect_what_leaves_no_stray_character_behind(matcher):
    """啥子 (Sichuanese 什么) is one pronoun: its 子 is no word the speech lacks."""
    assert "子" not in surfaces(matcher, "春节那几天企业要注意啥子")
    assert "子" not in surfaces(matcher, "复工以前要检查啥子嘛")


def test_a_syllable_of_pinyin_typed_for_a_character_is_read_as_the_word(matcher):
    """The keyboard did not offer 禁 or 检: 严jin is 严禁, jian查 is 检查; English words stay as typed."""
    assert matcher.index.parse("危化品仓库严jin什么").cleaned.startswith("危化品仓库严禁")
    assert "检查" in surfaces(matcher, "jian查发现问题怎么办")
    assert "app" in surfaces(matcher, "APP怎么下载")


def test_a_slip_in_a_compound_the_speech_writes_as_two_words_is_read_as_them(matcher):
    """师工安权 sounds as 施工 安全; 党委政府, the two words as written, is no slip."""
    words = surfaces(matcher, "师工安权有哪些要求")
    assert "施工" in words and "安全" in words
    assert matcher.index._sounds_as_pair("党委政府") is None


def test_an_adverb_saying_how_the_speech_says_it_is_no_word_of_the_question(matcher):
    """讲话中明确…: 明确 says how the speech puts it, not what is asked."""
    assert "明确" not in surfaces(matcher, "讲话中明确要求企业做什么")
    assert matcher.ask("讲话中明确严禁哪些做法").status != "no_answer"


def test_a_time_pointed_at_with_that_is_no_topic_the_speech_lacks(matcher):
    """那阵子 (at that time) points at the time the question names (春节): no word the speech lacks."""
    assert "阵子" not in surfaces(matcher, "春节那阵子企业要注意什么")
    assert "阵子" not in surfaces(matcher, "春节那阵子企业要注意啥子")


def test_a_character_left_over_when_a_glued_run_is_cut_again_is_noise(matcher):
    """不同级 is cut as 不同 + 级; 不同 is a stop word and the stray 级 is no word the speech lacks."""
    assert "级" not in surfaces(matcher, "针对不同级别的隐患，讲话提了什么要求")
