"""Question forms and intent clauses (bot/qa/intent.py), and the matcher's use of them."""

from __future__ import annotations

from bot.qa import intent


def test_the_clause_that_asks_is_the_intent_and_the_clauses_before_it_the_situation():
    asked, situation = intent.split_intent("我是村委会主任,村里的采砂场年后想开工,要走什么手续?")
    assert asked == "要走什么手续" and situation == "我是村委会主任,村里的采砂场年后想开工".replace(",", "，")


def test_a_question_asked_first_keeps_everything_as_intent():
    assert intent.split_intent("安全检查有什么要求,我们村要做吗")[1] == ""


def test_forms_are_read_from_the_question():
    assert intent.DEFINITION in intent.read_form("两条线是指什么").kinds
    assert intent.read_form("两条线是指什么").term == "两条线"
    assert intent.REASON in intent.read_form("为什么要重拳出击").kinds
    assert intent.NEGATION in intent.read_form("隐患不整改会怎样").kinds
    assert intent.IMAGE in intent.read_form("讲话用了什么成语").kinds
    assert intent.SPECIFIC in intent.read_form("要罚款多少钱").kinds
    assert intent.read_form("“安全出于警惕”后面一句是什么").term == "安全出于警惕"


def test_a_compound_question_splits_into_one_question_per_part():
    assert intent.compound_parts("非煤矿山和建筑施工各有什么要求") == ("非煤矿山有什么要求", "建筑施工有什么要求")
    assert intent.compound_parts("建筑施工有什么要求") is None


def test_words_pointing_back_at_both_parts_are_neither_part():
    assert intent.compound_parts("企业和部门这两块,讲话各提了什么要求") == ("企业提了什么要求", "部门提了什么要求")


def test_a_reason_question_prefers_the_sentence_that_gives_a_reason():
    form = intent.read_form("为什么安全生产是政治问题")
    assert intent.form_fits(form, "安全生产问题既是经济问题、社会问题,也是重大的政治问题。", 0) == 1.0
    assert intent.form_fits(form, "要严格执行事故专报制度。", 0) == 0.0


def test_a_compound_question_gets_one_quote_per_part(matcher):
    r = matcher.ask("非煤矿山和建筑施工各有什么要求")
    assert r.status == "answered" and len(r.answers) == 2
    assert "非煤矿山" in r.answers[0].text and "建筑施工" in r.answers[1].text


def test_a_situated_question_is_answered_from_its_intent(matcher):
    r = matcher.ask("我是镇上的安监员,我们镇有个采石场年后准备开工,县里有什么要求?")
    assert r.status == "answered" and "复工复产" in r.answers[0].text


def test_policy_shorthand_reaches_the_sentence_that_lists_its_parts(matcher):
    r = matcher.ask("三管三必须指什么")
    assert r.status == "answered" and "管行业必须管安全" in r.answers[0].text


def test_a_function_word_is_not_read_as_a_misspelt_word_of_the_speech(matcher):
    # 这种 (zhe zhong) sounds like 着重 but is a pronoun typed on purpose; 排察 is a misspelt 排查.
    words = [c.alternatives[0] for c in matcher.index.parse("讲话里对这种情况怎么说").concepts]
    assert "着重" not in words
    assert "排查" in [c.alternatives[0] for c in matcher.index.parse("隐患排察怎么做").concepts]


def test_the_count_of_an_enumeration_is_its_form_not_an_unknown_topic(matcher):
    words = [c.surface for c in matcher.index.parse("领导责任的“十六字”要求是哪十六个字").concepts]
    assert words == ["领导责任"]
    r = matcher.ask("领导责任的“十六字”要求是哪十六个字")
    assert r.status == "answered" and "党政同责" in r.answers[0].text


def test_an_a_not_a_clause_asks_and_is_no_situation():
    assert intent.split_intent("乡镇一把手管不管安全，还是下面人忙活") == ("乡镇一把手管不管安全，还是下面人忙活", "")
    assert intent.split_intent("我是村主任，村里的路算不算重点") == ("村里的路算不算重点", "我是村主任")


def test_according_to_the_speech_is_no_term_asked_the_meaning_of():
    assert intent.DEFINITION not in intent.read_form("按讲话的意思我们企业该承担什么").kinds
    assert intent.DEFINITION in intent.read_form("红线意识的意思是什么").kinds
