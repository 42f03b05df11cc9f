"""Speech questions of branch speech13: each mechanism with its own small examples."""

from __future__ import annotations

from bot.qa.result import ANSWERED

HAZARD_SANCTIONS = "county-safety-2023/p3.1.s6"  # …对不开展隐患查改的,要一律依法处置;…一律停产整顿…


def test_two_words_written_out_stand_also_for_the_speechs_shortening_of_them(matcher):
    """The speech says 隐患查改; asked with the words written out (隐患排查整改), the sentence of the sanctions
    answers, not the long mining sentence sharing 排查, 整改 and 企业."""
    for question in ("没有开展隐患排查整改的单位，县长说要怎么处理？",
                     "我们村去年检查走了过场，今年再不做隐患排查整改会怎么样？",
                     "我们公司去年的安全检查都是糊弄的，要是今年仍旧不开展隐患排查整改，讲话说会怎样？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == HAZARD_SANCTIONS, question


def test_a_shortening_that_is_an_ordinary_word_is_not_read_into_two_words(matcher):
    """生命 财产 holds the characters of 生产, a word of its own (Cilin): no shortening of them."""
    q = matcher.index.parse("怎样保护群众的生命财产？")
    assert not any("生产" in c.alternatives for c in q.concepts)
    restart = matcher.index.parse("停工的矿山企业什么时候可以恢复生产？")
    assert any("复产" in c.alternatives for c in restart.concepts)


def test_what_follows_a_place_the_text_has_covered_is_the_next_unit(matcher):
    """讲完X以后，接着/紧接着/接下来…: the unit after the one headed by X, at its level, or the next point when what
    follows is asked as a point (那一大点, 哪一点)."""
    for question, expected in (("讲完隐患排查整治以后，接着讲的是什么？", "county-safety-2023/p3.2"),
                               ("说完落实部门监管责任之后，紧接着讲了哪项责任？", "county-safety-2023/p4.3"),
                               ("讲完重拳出击抓好治理整顿，接下来那一大点说的是啥？", "county-safety-2023/p4"),
                               ("讲完讲政治、讲大局以后，接下来讲的是哪一点？", "county-safety-2023/p3")):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == expected, question


def test_a_heading_named_inside_a_numbered_point_is_the_place_stepped_from(matcher):
    """第三点里讲完X，下一个小点: the sub-point after X's within that point, not the point after the third."""
    for question, expected in (("第四点里讲完落实党政领导责任，下一个小点是什么？", "county-safety-2023/p4.2"),
                               ("第三点中讲完隐患排查整治，下一条讲什么？", "county-safety-2023/p3.2")):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == expected, question
    r = matcher.ask("第三点的下一点讲什么？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p4"


POLITICAL_PROBLEM = "county-safety-2023/p2.s4"  # 安全生产问题既是经济问题、社会问题、民生问题,也是重大的政治问题


def test_a_verb_of_classing_the_speech_does_not_use_asks_what_the_thing_is(matcher):
    """定性为, 看作, 定位成 before the asking word: the question asks what safety problems are, which the speech
    says with 既是…也是…; the verb is no topic the speech lacks."""
    for question in ("安全生产问题被看作哪些问题？", "县长把安全生产这个问题定位成什么问题？",
                     "讲话中安全生产问题被定性为哪几种问题？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == POLITICAL_PROBLEM, question


def test_why_after_a_word_is_still_asked_as_why(matcher):
    """情况为什么特殊 asks why, not what the situation is made into."""
    q = matcher.index.parse("县长说今年的情况为什么十分特殊？")
    assert any(c.surface == "特殊" for c in q.concepts)
    r = matcher.ask("县长说今年的情况为什么十分特殊？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p2.s1"


# Branch speech13 (second round)

TOWNSHIP_DUTY = "county-safety-2023/p4.1.s2"  # …各乡镇党委、政府要对安全生产负总责，党政“一把手”要亲力亲为…


def test_a_character_and_word_the_speech_says_in_two_characters_ask_that_word(matcher):
    """总责任 written out is the speech's 总责 (负总责; Cilin files 总责 with 责任): the township's overall duty,
    not any sentence naming 乡镇 and 责任 (the responsibility letters the townships handed in)."""
    for question in ("乡镇的总责任归谁？", "安全生产在乡镇这一层的总责任落在谁身上？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == TOWNSHIP_DUTY, question


def test_the_written_out_word_reads_the_speechs_shorter_word_only_with_its_synonym(matcher):
    parsed = matcher.index.parse("乡镇的总责任归谁？")
    assert any(c.surface == "总责任" and "总责" in c.alternatives for c in parsed.concepts)
    plain = matcher.index.parse("企业的主体责任是什么？")  # 主体 is the speech's word: nothing is shortened
    assert not any("总责" in c.alternatives for c in plain.concepts)


def test_what_the_speech_hopes_frames_the_question_like_what_it_holds(matcher):
    """讲话希望… / 县长期望… is the speaker's wish framing what is asked, as 县长认为… is: the closing wish of the
    speech (希望大家再接再厉) does not answer for its word 希望; the noun 希望 asked on its own still counts."""
    parsed = matcher.index.parse("讲话希望全县的安全形势保持什么状态？")
    assert "希望" not in {c.surface for c in parsed.concepts}
    assert "希望" in {c.surface for c in matcher.index.parse("大会最后对大家寄予了什么希望？").concepts}
    r = matcher.ask("县长期望全县安全生产形势保持一个什么样的状态？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p1.s9"


def test_a_yes_or_no_verb_said_with_its_object_is_asked_once(matcher):
    """管不管安全 is cut 管 + 不 + 管安全: the verb is asked once, with its object, so the sentences of 管安全
    do not gain a second 管 over the township leaders' own duty (一把手)."""
    for question in ("镇里的一把手到底管不管安全？", "村里一把手管不管安全这块？"):
        words = [c.surface for c in matcher.index.parse(question).concepts]
        assert "管" not in words and "管安全" in words, question
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == TOWNSHIP_DUTY, question
