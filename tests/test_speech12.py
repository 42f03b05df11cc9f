"""Speech questions of branch speech12: each mechanism with its own small examples."""

from __future__ import annotations

from bot.qa import intent
from bot.qa.result import ANSWERED

CONSTRUCTION_DUTY = "county-safety-2023/p3.2.2.s4"  # 全县各乡镇、各有关部门要深刻吸取事故教训，切实抓好建筑施工安全监管…


def test_a_situation_the_speech_only_restates_is_answered_by_the_requirement_after_it(matcher):
    """The asker's situation (移民搬迁工程节后开工) is what the speech describes in one sentence (今年全县也有一大批
    移民搬迁建设工程…在节后陆续开工); asked what to do there, the requirement that follows it answers."""
    for question in ("我是村里的干部，我们村有几处移民搬迁工程节后要开工，讲话要求我们做什么？",
                     "我是镇里管建筑工地的，节后工地陆续开工了，我该注意些什么？",
                     "我在乡里分管重点工程，好几个工程春节后陆续开工，县长对我们提了啥要求？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == CONSTRUCTION_DUTY, question


def test_a_situation_whose_sentence_names_a_demand_is_still_answered_by_a_requirement(matcher):
    # 按照上级部门要求组织了多轮…大检查 names a demand; it makes no requirement of the asker
    r = matcher.ask("我们单位去年搞安全检查走过场被批评了，今年应该怎么做？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p3.1.s6"


def test_asking_what_the_speech_says_of_the_situation_keeps_the_situations_own_sentence(matcher):
    """Asked whether the speech mentions the situation, or how it judges it, the sentence describing it
    answers (no requirement is asked)."""
    r = matcher.ask("我是县移民办的，今年有好几个搬迁安置点开工，讲话提到我们这类工程了吗？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p3.2.2.s3"
    judged = matcher.ask("我是镇上管安全的，去年检查就是走个过场，县长怎么评价这种做法？")
    assert judged.status == ANSWERED and judged.answers[0].id == "county-safety-2023/p3.1.s3"


def test_what_the_speaker_thinks_is_asked_by_what_follows_not_by_the_verb_of_thinking(matcher):
    """县长认为…, 讲话里认为…, 他认为…: the speaker holds the view asked; the speech's own 认为 is what some places
    think of the inspections (一些地方认为工作重、人手不足), no answer to what the speaker thinks."""
    for question in ("县长认为安全生产是个什么样的问题？", "讲话里认为安全生产属于什么问题？", "他认为安全生产属于哪些问题？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p2.s4", question


def test_what_others_think_in_the_speech_is_still_found_by_their_verb(matcher):
    r = matcher.ask("一些地方认为检查工作怎么样？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p3.1.s3"


# ----- round 10 of speech12: the single questions of blind batches AE–AL -----

def test_an_adverb_counts_only_where_the_word_it_modifies_is(matcher):
    """特别 of 特别重视 says how much of 重视, not what about: the speech's 特别容易忽视 (a construction sentence)
    shares the adverb but not what it modifies, so asked why this year's safety matters so much, the passage on
    this year's special situation answers."""
    concepts = {c.surface: c for c in matcher.index.parse("为啥今年得特别重视安全这件事").concepts}
    assert "重视" in concepts["特别"].head
    r = matcher.ask("今年咱们为啥得特别重视安全这件事？")
    assert r.status == ANSWERED and r.answers[0].id.split("/")[-1] in {"p2.s1", "p2.s3"}


def test_an_adverb_with_its_own_word_still_finds_its_sentence(matcher):
    r = matcher.ask("哪方面的监管特别容易被忽视？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.2.2.s3")


def test_a_quoted_character_asks_for_the_speechs_words_that_hold_it(matcher):
    """“零” is no word of the speech, but its slogan 从零开始，向零奋斗 holds it: quoted, the character asks for
    the speech's own words containing it."""
    concept = next(c for c in matcher.index.parse("带“零”字的那句口号").concepts if c.surface == "零")
    assert concept.known and set(concept.alternatives) == {"从零开始", "向零奋斗"}
    r = matcher.ask("讲话里带“零”字的那句口号怎么说的？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p1.s1")


def test_an_unquoted_character_is_not_read_as_the_words_that_hold_it(matcher):
    concepts = {c.surface: c for c in matcher.index.parse("零风险怎么做到").concepts}
    assert all("从零开始" not in c.alternatives for c in concepts.values())


def test_an_english_word_glossing_a_one_character_word_of_the_same_sense_reaches_it(matcher):
    """still → 依然, 还是 (CC-CEDICT) and the speech's own 仍 (仍达不到要求的), one Cilin group: the one-character
    word joins the gloss; one of another sense does not (be → 存在, not 作)."""
    bilingual = matcher.index.bilingual
    assert "仍" in bilingual.lookup("still") and "作" not in bilingual.lookup("be")
    r = matcher.ask("A plant was shut down for rectification but still fails, what then?")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.1.s6")


def test_the_asking_clause_not_the_situation_chooses_between_sentences_of_one_passage(matcher):
    """重点工程节后开工 is the asker's situation (the speech's sentence restating it leads on those words); 监管上
    该抓些啥 is what is asked, and the next sentence of the same passage holds both of its words (切实抓好…监管)."""
    r = matcher.ask("我们镇好几个重点工程节后开工了，镇里在监管上该抓些啥？")
    assert r.status == ANSWERED and r.answers[0].id == CONSTRUCTION_DUTY


def test_a_situation_asked_about_as_a_whole_keeps_its_own_sentence(matcher):
    """With no words of its own in the asking clause (讲话对这个怎么看), the situation's sentence still answers."""
    r = matcher.ask("我们村有移民搬迁工程节后开工，讲话对这个怎么看？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.2.2.s3")


def test_asking_whether_the_speech_has_anything_on_it_asks_the_clause_before(matcher):
    """讲话里有没有这方面的规定 / 相关说法 asks nothing of its own: the pressure told before it (追进度抢工期) is
    what is asked, and the requirement against it answers."""
    assert intent.split_intent("老板让赶工期，讲话里有没有相关说法")[0].startswith("老板让赶工期")
    r = matcher.ask("我是工地施工员，老板一直让我们追进度抢工期，讲话里有没有这方面的规定？")
    assert r.status == ANSWERED and r.answers[0].id == CONSTRUCTION_DUTY


def test_an_unknown_abstract_word_beginning_as_a_speech_word_of_its_category_stands_for_it(matcher):
    """心态 is no word of the speech; 心理 (克服麻痹、侥幸心理) begins alike and Cilin files both under Df 意识:
    asked what mindset to keep, the vigilance sentence answers."""
    index = matcher.index
    assert index._kin("心态") == ("心理",)
    r = matcher.ask("干安全这行，得保持个啥样的心态才对？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p1.s8")


def test_words_ending_alike_or_of_time_are_no_kin(matcher):
    """分量 ~ 质量 end alike (two different things of one kind); 今天 ~ 今年 are times, not abstract things."""
    index = matcher.index
    assert index._kin("分量") == () and index._kin("今天") == ()
    assert matcher.ask("今天星期几").status == "no_answer"


def test_what_the_speech_has_on_it_asks_its_requirement_not_a_list_of_parts(matcher):
    """讲话里有什么要求 asks what the speech requires (the speech is where, not a set whose parts are asked);
    清单里有哪些内容 still asks for a set's parts."""
    from bot.qa import slots

    assert slots.asked_slot("讲话里有什么要求") is None
    assert slots.asked_slot("清单里有哪些内容").kind == slots.ENUMERATION
    r = matcher.ask("物资储备怎么做？讲话里有什么要求？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.3.s2")


def test_a_pointer_after_the_topic_names_nothing(matcher):
    """值班这一块, 隐患那一项: 这/那 with a numeral and classifier points back at the topic; it is no word the
    speech lacks (which would make the question look out of scope)."""
    words = {c.surface for c in matcher.index.parse("值班这一块有啥硬规定").concepts}
    assert "一块" not in words and "这一块" not in words
    r = matcher.ask("值班这一块有啥硬规定？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.3.s3")
    assert matcher.ask("医保报销这一块怎么弄？").status == "no_answer"


def test_two_sound_slips_glued_into_one_word_are_both_fixed(matcher):
    """应吉值收 is 应吉 + 值收, neither a word: they sound as 应急 and 值守, words of the speech. (The merge of
    decide11 and speech12 kept decide11's rule for two slips in one run, not `_glued_typo`'s: what is checked is
    that the question reads 应急 and is answered by the duty-shift sentence.)"""
    assert "应急" in {a for c in matcher.index.parse("应吉值收有什么制度要求？").concepts for a in c.alternatives}
    r = matcher.ask("应吉值收有什么制度要求？")
    assert r.status == ANSWERED and r.answers[0].id.endswith("p3.3.s3")


def test_a_word_made_of_two_listed_words_is_not_read_as_slips(matcher):
    assert matcher.index._glued_typo("建筑安全") == ["建筑安全"]


def test_a_modal_particle_ending_the_question_is_how_it_is_said(matcher):
    """啥线来着: 来着 (Cilin Kd 语气词) ends the question; 啥线 then asks which of the speech's lines, and 来 is no
    word asked. A condition's 的话 before a comma stays as it was."""
    words = {c.surface for c in matcher.index.parse("讲话里说的政府工作是哪两条线来着").concepts}
    assert "来" not in words and "着" not in words
    assert matcher.index._without_modal("啥线来着") == "啥线"
    r = matcher.ask("安全生产在底线里头算个啥线来着？")
    assert r.status == ANSWERED and "红线" in r.answers[0].text
