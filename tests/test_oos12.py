"""Out-of-scope questions that asked for a specific the nearest passage cannot give (branch oos12): who pays,
asked as a choice between payers; the standard of a payment; whom to apply to; who a placeholder person is,
asked in a clause after the one naming them. Invented examples only."""

from __future__ import annotations

from bot.qa import slots


def test_who_pays_asked_as_a_choice_between_payers_is_not_answered_by_a_passage_without_money(matcher):
    """复工复产 p3.2.1.s1 names 企业 and 专家 but no money: it cannot say which of the two pays."""
    assert slots.asked_slot("检查费用由企业还是应急局承担").kind == slots.PAYER
    assert slots.asked_slot("聘请专家的费用是矿山出还是应急管理局出").kind == slots.PAYER
    assert matcher.ask("复工复产核查时聘请专家的费用是矿山出还是应急管理局出").status == "no_answer"


def test_a_choice_between_two_things_done_is_still_answered_by_the_passage_naming_one(matcher):
    result = matcher.ask("复工前的安全条件检查请专家还是请技术人员")
    assert slots.asked_slot("复工前的安全条件检查请专家还是请技术人员").kind == slots.CHOICE
    assert result.status == "answered" and "聘请专家" in result.answers[0].text


def test_the_standard_of_a_payment_asks_an_amount_not_a_requirement():
    """保险费按什么标准缴 (保险 + 费): how much is paid; 达到什么标准 of a mine: what it must meet."""
    assert slots.asked_slot("保险费按什么标准缴") == slots.Slot(slots.MONEY, "payment")
    assert slots.asked_slot("矿山企业复工要达到什么标准").kind == slots.CRITERIA


def test_a_compound_no_lexicon_lists_is_about_money_when_its_first_part_is():
    """jieba's 赔偿标准 is no Cilin word; its first part 赔偿 is money paid (its head 标准 is not)."""
    assert slots.names_payment("伤残赔偿标准是多少")
    assert not slots.names_payment("安全生产标准是什么")


def test_a_mine_that_meets_the_standard_after_rectification_is_still_answered(matcher):
    result = matcher.ask("矿山企业复工要达到什么标准")
    assert result.status == "answered" and "达到安全生产标准" in result.answers[0].text


def test_whom_to_apply_to_is_given_only_by_an_office_receiving_or_granting_it():
    slot = slots.asked_slot("要先找谁申请")
    assert slot == slots.Slot(slots.CONTACT, "where")
    cut = list  # (a contact's fill reads the text, not its words)
    assert slots.fills(slot, "公路管理机构应当自受理申请之日起20日内作出许可的决定", cut, lambda w: set())
    assert slots.fills(slot, "经县级人民政府林业主管部门批准，方可进行", cut, lambda w: set())
    assert not slots.fills(slot, "对排查出的隐患进行全面整改,一律不准复工复产", cut, lambda w: set())


def test_whom_to_report_a_hazard_to_is_not_answered_by_a_passage_on_dealing_with_hazards(matcher):
    assert matcher.ask("发现隐患找谁举报").status == "no_answer"


def test_who_a_placeholder_person_is_asked_after_naming_them_is_not_covered(matcher):
    """The speech says only X同志: 那位X同志，是谁 asks the name, which the opening sentence does not give."""
    assert matcher.ask("刚才作安排部署的X同志，是谁啊").status == "no_answer"
    assert matcher.ask("会上通报问题的那位X同志，是哪个单位的哪位").status == "no_answer"


def test_what_the_placeholder_person_did_is_still_answered(matcher):
    result = matcher.ask("X同志通报了什么")
    assert result.status == "answered" and "通报了2023年" in result.answers[0].text


def test_an_ordinal_is_no_compound_whose_last_character_names_money():
    """第二款 is a paragraph of an article, not 款 (a sum of money)."""
    assert not slots.names_payment("第八条第二款列的隐患都有哪些")
    assert slots.names_payment("保险费怎么交")


def test_any_specific_asked_of_a_payment_needs_a_quote_that_speaks_of_money(matcher):
    """补贴是乡镇发还是县应急局发 is a choice, and the resumption passage names 乡镇 and 县应急管理局, but no money."""
    assert slots.about_money(slots.asked_slot("复工核查的补贴是乡镇发还是县应急局发"), "复工核查的补贴是乡镇发还是县应急局发")
    assert matcher.ask("复工核查的补贴是乡镇发还是县应急局发").status == "no_answer"


def test_a_second_specific_asked_after_a_pause_mark_must_be_given_too(matcher):
    """会受到什么处分、考核扣几分: a passage naming 失职追责 and 一票否决 gives no points deducted; nor when the
    clause before the pause asks no specific of its own (会怎么处理)."""
    assert matcher.ask("被一票否决的乡镇，一把手受什么处分、扣几分").status == "no_answer"
    assert matcher.ask("一票否决以后党政一把手会怎么处理、年终考核扣几分").status == "no_answer"


def test_a_list_of_named_things_after_a_pause_mark_asks_nothing_more(matcher):
    result = matcher.ask("党政同责、一岗双责是什么要求")
    assert result.status == "answered" and "一岗双责" in result.answers[0].text


def test_whether_there_is_a_thing_the_speech_never_names_is_not_covered(matcher):
    """有奖励吗: the speech never speaks of a reward, so it cannot say there is one."""
    assert matcher.ask("村里有人在后山私挖滥采，怎么举报？举报有奖励吗").status == "no_answer"


def test_whether_there_is_a_thing_the_speech_names_is_still_answered(matcher):
    result = matcher.ask("值班有没有硬性规定")
    assert result.status == "answered" and "值班" in result.answers[0].text


def test_a_disease_named_in_the_situation_is_a_topic_the_speech_does_not_cover(matcher):
    """尘肺病 (Cilin Dl: diseases) is what the question is about; 查出 matching the speech's 查出隐患 is no answer."""
    assert matcher.ask("车间有工人查出尘肺病,该怎么办?").status == "no_answer"
    assert matcher.ask("工人得了职业病，讲话有什么要求").status == "no_answer"


def test_how_a_thing_leaves_a_category_asks_a_condition_the_naming_passage_lacks(matcher):
    """The passage naming the “黑名单” system says nothing of how a company gets out of it."""
    assert slots.asked_slot("企业怎样才能从黑名单里退出").kind == slots.CRITERIA
    assert slots.asked_slot("how do we get removed from the list").kind == slots.CRITERIA
    assert matcher.ask("被纳入黑名单的企业，怎么才能移除").status == "no_answer"


def test_a_passage_stating_the_condition_of_leaving_answers_how_to_leave():
    """整改后达到安全生产标准后,方可复工复产 states what lets a mine out; the 黑名单 passage states nothing."""
    slot = slots.asked_slot("停产整顿的企业怎么才能撤销停产")
    assert slot.kind == slots.CRITERIA
    assert slots.fills(slot, "整改后达到安全生产标准后,方可复工复产", list, lambda w: set())
    assert not slots.fills(slot, "强化高危行业企业安全诚信体系和“黑名单”等制度落实", list, lambda w: set())


def test_how_much_a_payment_is_asks_an_amount_not_a_passage_naming_funds():
    """工资待遇标准是多少: 所需工作经费纳入财政预算 speaks of money but gives no amount."""
    slot = slots.asked_slot("专职检查员的工资待遇标准是多少")
    assert slot == slots.Slot(slots.MONEY)
    assert not slots.fills(slot, "所需工作经费，纳入市、区人民政府财政预算予以保障。", list, lambda w: set())
    assert slots.fills(slot, "每人每月补助 500 元", str.split, lambda w: set())
