"""The answer / "not covered" decision (branch decide10): questions the speech answers are quoted, questions about
its topics that ask what it never says are told "not covered". Every question here is an invented one asked of
the shipped speech."""

from __future__ import annotations

from bot.qa import intent, slots


def quoted(result) -> str:
    return result.answers[0].sentence_ids[0].split("/")[-1] if result.answers else ""


def test_a_last_clause_asking_whether_the_speech_says_it_asks_the_clause_before(matcher):
    """讲话里有没有讲 asks nothing of its own: the figure asked in the clause before is what the quote must give."""
    assert intent.split_intent("我在一家化工厂管设备，反应釜多久要检修一次？讲话里有没有讲")[0].startswith("反应釜多久")
    assert matcher.ask("我在一家化工厂管设备，反应釜多久要检修一次？讲话里有没有讲").status == "no_answer"


def test_a_question_naming_a_topic_and_asking_whether_the_speech_mentions_it_keeps_its_topic():
    assert intent.split_intent("企业那个黑名单制度，县长讲没讲")[0] == "企业那个黑名单制度，县长讲没讲"


def test_how_many_points_are_deducted_asks_a_count_in_points():
    assert slots.asked_slot("安全考核要扣多少分") == slots.Slot(slots.NUMBER, "分")
    assert slots.asked_slot("今年要少出多少事故").unit == ""  # 事故 is a word, no measure word


def test_points_deducted_are_not_covered_by_the_sentence_naming_the_veto(matcher):
    assert matcher.ask("一票否决的话年底考评要扣多少分").status == "no_answer"


def test_a_function_word_the_speech_does_not_use_weighs_less_than_a_content_word(matcher):
    q = matcher.index.parse("为什么要单独强调建筑施工的防汛")
    weight = {c.surface: c.weight for c in q.concepts}
    assert weight["单独"] < weight["防汛"]


def test_how_many_things_exist_in_the_county_is_not_covered_in_english(matcher):
    assert matcher.ask("How many chemical plants does the county have?").status == "no_answer"


def test_only_if_then_states_what_makes_the_work_count(matcher):
    result = matcher.ask("政府工作做到什么样才算不辱使命？")
    assert result.status == "answered" and quoted(result) == "p1.s6"


def test_a_saying_asked_for_in_words_the_speech_never_uses_is_quoted(matcher):
    result = matcher.ask("搞安全的人嘴边常念叨的那句话是什么")
    assert result.status == "answered" and quoted(result) == "p1.s1"


def test_the_effect_asked_for_is_the_kind_of_answer_not_a_topic(matcher):
    result = matcher.ask("安全形势要搞到什么效果才行")
    assert result.status == "answered" and quoted(result) == "p1.s9"


def test_an_object_named_in_the_condition_of_a_question_makes_it_not_covered(matcher):
    assert matcher.ask("厨房的液化气罐漏气了，怎么排查隐患？").status == "no_answer"
    # the asker telling who they are names their workplace, not what is asked
    assert matcher.ask("我是建筑工地的安全员，建筑施工有哪些严禁的做法？").status == "answered"


def test_a_choice_whose_second_option_is_a_verb_and_an_office_is_read_as_a_choice():
    slot = slots.asked_slot("应该先找村里还是找县国土局")
    assert slot is not None and slot.kind == slots.CHOICE and slot.named.endswith("找县国土局")


def test_an_elliptic_verb_asks_of_the_clause_it_abbreviates(matcher):
    assert intent.split_intent("培训费用能不能报销，怎么报")[0] == "培训费用能不能报销，怎么报"
    assert intent.split_intent("有的单位压根不搞隐患查改，咋整")[0] == "咋整"
    assert matcher.ask("企业请人做安全培训，这笔费用能不能报销，怎么报？").status == "no_answer"
