"""The speech parser: points, sub-points, passages and sentences derived from the text, and corrections
applied as declared (or refused when they no longer fit the text)."""

from __future__ import annotations

import pytest

from bot.errors import KnowledgeError
from bot.qa.source import Correction, cn_number, cn_numeral, parse_speech, split_sentences
from tests.helpers_core import DOC, SEED, raw_source

TINY = (
    "镇长在会上的讲话 开场白。我讲两点: "
    "一、第一件事 这是第一点的正文。还有一句! "
    "二、第二件事 一要做好甲工作。甲类方面:甲的内容;甲的补充。乙类方面:乙的内容。 二要做好丙工作。丙的内容? "
    "同志们,散会!"
)


def fix(cid, original, corrected, context=None, count=None):
    return Correction(cid, original, corrected, context, count, False, "test")


def test_the_shipped_source_is_the_seed_speech_verbatim():
    assert SEED.exists(), f"{SEED} is not beside the repository (CI always has ../shared)"
    body = (DOC / "source.txt").read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    assert body.strip(), "source.txt is empty"
    assert body.strip() in seed
    assert body.strip().startswith("县长在全县平安生产会议上的讲话"), "the source keeps the faulty 平安 of the page"


def test_points_sub_points_and_marked_passages_are_derived_with_stable_ids():
    speech = parse_speech(TINY, [])
    assert speech.title == "镇长在会上的讲话"
    assert [s.id for s in speech.sections] == ["intro", "p1", "p2", "closing"]
    p2 = speech.sections[2]
    assert (p2.label, p2.heading) == ("第二点", "第二件事")
    assert [(sp.id, sp.label, sp.heading) for sp in p2.subpoints] == [("p2.1", "一要", "做好甲工作"), ("p2.2", "二要", "做好丙工作")]
    assert p2.subpoints[0].passage_ids == ("p2.1", "p2.1.1", "p2.1.2")
    assert speech.passages["p2.1.2"].title == "乙类方面"
    assert speech.passages["p2.1.2"].path == ("第二点 第二件事", "一要 做好甲工作", "乙类方面")
    assert [speech.sentences[s].text for s in speech.passages["p2.1.1"].sentence_ids] == ["甲的内容;", "甲的补充。"]
    assert speech.sentences["p1.s2"].text == "还有一句!"
    assert speech.sentences["closing.s1"].text == "同志们,散会!"


def test_ids_do_not_change_when_a_correction_changes_the_wording():
    plain = parse_speech(TINY, [])
    fixed = parse_speech(TINY, [fix("jia", "甲", "A", count=4)])
    assert list(plain.sentences) == list(fixed.sentences)
    assert fixed.sentences["p2.1.1.s1"].text == "A的内容;"
    assert fixed.sentences["p2.1.1.s1"].original == "甲的内容;"
    assert fixed.applied == {"jia": 4}


def test_a_correction_inside_a_context_changes_only_that_place():
    speech = parse_speech(TINY, [fix("yi", "内容", "正文", context="乙的内容")])
    assert speech.sentences["p2.1.2.s1"].text == "乙的正文。"
    assert speech.sentences["p2.1.1.s1"].text == "甲的内容;"


@pytest.mark.parametrize(
    ("correction", "problem"),
    [
        (fix("gone", "不存在的词", "x"), "found 0 times"),
        (fix("twice", "内容", "x"), "found 3 times in the source, expected 1"),
        (fix("count", "甲", "A", count=2), "expected 2"),
        (fix("ctx", "甲", "A", context="乙的内容"), "does not contain"),
    ],
)
def test_a_stale_correction_is_refused_naming_the_file_and_the_correction(correction, problem):
    with pytest.raises(KnowledgeError) as info:
        parse_speech(TINY, [correction], "some/source.txt", "some/corrections.yaml")
    assert str(info.value).startswith("some/corrections.yaml: ")
    assert f"correction {correction.id}" in str(info.value)
    assert problem in str(info.value)


def test_overlapping_corrections_are_refused_naming_both():
    with pytest.raises(KnowledgeError) as info:
        parse_speech(TINY, [fix("a", "第一件", "首件"), fix("b", "一件事", "件事情")], "c.yaml")
    assert "a" in str(info.value) and "b" in str(info.value) and "overlap" in str(info.value)


def test_a_text_without_numbered_points_is_refused():
    with pytest.raises(KnowledgeError, match="no numbered points"):
        parse_speech("标题 只有一段话。", [], "x/source.txt")


def test_points_out_of_order_are_refused():
    with pytest.raises(KnowledgeError, match="out of order"):
        parse_speech("标题 一、甲 内容。 三、丙 内容。", [], "x/source.txt")


def test_sentences_split_after_end_punctuation_and_keep_a_closing_quote():
    assert split_sentences("他说:“好。”然后走了。最后") == ["他说:", "“好。”", "然后走了。", "最后"]


@pytest.mark.parametrize(("text", "n"), [("一", 1), ("四", 4), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23)])
def test_chinese_numerals_convert_both_ways(text, n):
    assert cn_number(text) == n
    assert cn_numeral(n) == text


def test_the_shipped_source_has_no_stray_edits_of_the_faulty_words():
    raw = raw_source()
    # The repairs live in corrections.yaml: the source itself still reads as received.
    assert raw.count("平安") == 63
    assert "〞" in raw and "原那么" in raw
