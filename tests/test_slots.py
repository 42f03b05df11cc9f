"""The asked-for slot: a question that wants a specific the quote cannot give is not covered."""

from __future__ import annotations

import pytest

from bot.qa import slots
from bot.qa.result import ANSWERED, NO_ANSWER
from tests.helpers_core import shipped_matcher


@pytest.fixture(scope="module")
def ask():
    return shipped_matcher().ask


@pytest.mark.parametrize("question, kind", [
    ("隐患整改要在几天内完成", slots.DURATION),
    ("罚款金额是多少", slots.MONEY),
    ("依据的是哪部法律", slots.LEGAL),
    ("值班室的电话", slots.CONTACT),
    ("会议是几月几号召开的", slots.DATE),
    ("那位X同志是谁", slots.NAME),
    ("事故发生在哪个省", slots.PLACE),
    ("一共有多少家企业", slots.NUMBER),
    ("申请的流程是什么", slots.PROCEDURE),
])
def test_the_slot_is_read_from_the_form_of_the_question(question, kind):
    assert slots.asked_slot(question).kind == kind


def test_a_time_unit_asked_is_given_in_any_of_its_written_forms():
    days = slots.asked_slot("受理后多少天内审查完")
    assert slots.fills(days, "应当自受理之日起7日内进行审查", _words, lambda w: set())
    assert slots.fills(days, "在自受理之日起三十日内完成调解", _words, lambda w: set())
    assert not slots.fills(days, "应当在二十四小时内报告", _words, lambda w: set())


@pytest.mark.parametrize("question", ["那几项制度是哪些", "第一点讲了什么", "为什么要重视安全", "学校有几千个学生,消防怎么抓",
                                      "几乎没出过事"])
def test_which_and_why_questions_ask_for_no_slot(question):
    assert slots.asked_slot(question) is None


@pytest.mark.parametrize("question, unit", [("考核要扣几分", "分"), ("组织了几轮检查", "轮"), ("分了几批", "批")])
def test_a_count_in_any_classifier_is_a_number_slot(question, unit):
    assert slots.asked_slot(question) == slots.Slot(slots.NUMBER, unit)


@pytest.mark.parametrize("question", ["县长对前面几位同志的通报是什么态度", "去年的几轮大检查是依据什么组织的",
                                      "隐患排查都搞了好几轮了,今年还得咋整", "十几家企业要怎么管"])
def test_a_count_that_another_question_word_asks_about_is_no_number_slot(question):
    """几 before a noun that the clause asks something else about is a determiner (several), not the
    question; 好几 and 十几 are never asked."""
    assert slots.asked_slot(question) is None


def test_a_count_asked_in_its_own_clause_stays_a_number_slot():
    assert slots.asked_slot("风险分为几级,每一级的标准是啥") is not None
    assert slots.asked_slot("组织了几轮检查,分别是哪些部门参加") == slots.Slot(slots.NUMBER, "轮")


def test_the_speech_answers_what_it_says_of_a_counted_noun(ask):
    assert ask("县长怎么评价前面几位同志的发言？").status == ANSWERED


@pytest.mark.parametrize("text, unit", [("组织了多轮安全生产大检查", "轮"), ("开展了一批专项行动", "批"),
                                        ("一些地方认为工作重", "个")])
def test_vague_quantifiers_are_no_figure(text, unit):
    assert not slots.fills(slots.Slot(slots.NUMBER, unit), text, _words, lambda w: set())


def test_the_name_behind_a_placeholder_is_not_given():
    slot = slots.asked_slot("那个X同志真名叫什么")
    assert slot.kind == slots.NAME
    assert not slots.fills(slot, "刚才,X同志通报了2023年全县安全生产工作情况", _words,
                           shipped_matcher()._tags)


@pytest.mark.parametrize("question, count, named", [
    ("从哪几个方面抓安全", "", ""),
    ("“四个意识”具体是哪四个", "4", "四个意识"),
    ("四不放过原则具体是哪四个", "4", "四不放过"),
    ("要增强的意识具体是哪四个意识", "4", "意识"),
    ("检查具体分哪几类", "", ""),
])
def test_which_parts_of_a_named_thing_is_an_enumeration(question, count, named):
    assert slots.asked_slot(question) == slots.Slot(slots.ENUMERATION, count, named)


@pytest.mark.parametrize("text, named, count, filled", [
    # The set is named but its parts are not listed beside it (中央、省委… lists something else).
    ("我们一定要切实增强“四个意识”,站在讲政治、顾大局的高度,认真贯彻精神,全面落实中央、省委、省政府和市委、市政府的部署要求",
     "四个意识", "4", False),
    ("要制定完善部门的权力、责任“两张清单”并向社会公布", "两张清单", "2", True),
    ("从最担忧的领域着想,从最基础的工作着手,从最薄弱的环节着力", "三个从最", "3", True),  # parallel clauses
    ("一是稳增长、保态势;二是做好安全生产", "", "2", True),
    ("对节前停工停产的企业要严格落实复工复产工作程序", "", "2", False),
])
def test_an_enumeration_is_filled_by_a_list_of_as_many_parts(text, named, count, filled):
    slot = slots.Slot(slots.ENUMERATION, count, named)
    assert slots.fills(slot, text, _words, lambda w: set()) is filled


def test_a_procedure_is_given_by_its_steps_not_its_name():
    slot = slots.asked_slot("复工复产具体分哪几个步骤")
    assert slot.kind == slots.PROCEDURE
    assert not slots.fills(slot, "要严格落实复工复产工作程序,督促企业制定工作方案", _words, lambda w: set())
    assert slots.fills(slot, "首先停产整顿,然后申请验收", _words, lambda w: set())


def test_a_procedure_named_and_then_walked_through_gives_its_steps():
    slot = slots.asked_slot("复工前要走哪些步骤")
    text = "要严格落实复工复产工作程序,督促企业制定工作方案,落实好保障措施,同时组织专家进行全面检查。"
    assert slots.fills(slot, text, _words, lambda w: set())


def _words(text):
    return shipped_matcher().index.segmenter.cut(text)


@pytest.mark.parametrize("text, unit, filled", [
    ("严格执行关键岗位24小时值班制度", "小时", True),
    ("制定权力、责任“两张清单”并向社会公布", "张", True),
    ("下面,我再强调四点意见", "点", True),
    ("要进一步完善应急救援预案", "", False),  # 进一步 is no figure
    ("要始终保持一种安全生产永远在路上的状态", "", False),  # 一种: an article, not a count
    ("强化高危行业企业安全风险等级管理", "级", False),
])
def test_a_number_is_a_numeral_with_the_asked_unit(text, unit, filled):
    assert slots.fills(slots.Slot(slots.NUMBER, unit), text, _words, lambda w: set()) is filled


def test_a_vague_how_long_is_answered_by_at_once_but_how_often_needs_a_figure():
    assert slots.asked_slot("出了险情多久要到现场").unit == "vague"
    assert slots.fills(slots.asked_slot("出了险情多久要到现场"), "能够第一时间赶赴现场", _words, lambda w: set())
    often = slots.asked_slot("预案多久演练一次")
    assert often.unit != "vague"
    assert not slots.fills(often, "能够第一时间赶赴现场", _words, lambda w: set())


@pytest.mark.parametrize("question", [
    "值班制度要求关键岗位几小时值班",  # 24小时
    "讲话说要制定几张清单",  # 两张
])
def test_figures_the_speech_gives_are_still_answered(ask, question):
    assert ask(question).status == ANSWERED


@pytest.mark.parametrize("question", [
    "事故专报要在几个小时之内报送",  # the speech says 及时, no hours
    "风险等级一共有几级",
    "给县长打电话的号码是多少",
    "部署工作的X县长姓什么",
])
def test_specifics_the_speech_does_not_give_are_not_covered(ask, question):
    r = ask(question)
    assert r.status == NO_ANSWER


@pytest.mark.parametrize("question, count, chars", [
    ("“十六字”要求是哪十六个字", "16", True),
    ("那十六个字是啥", "16", True),
    ("说的“三个责任”都是哪些", "3", False),
])
def test_a_counted_set_asks_for_its_members(question, count, chars):
    slot = slots.asked_slot(question)
    assert slot.kind == slots.ENUMERATION and slot.unit == count and slot.chars is chars


def test_a_set_is_recognised_by_its_count_of_parts_or_characters():
    sixteen = slots.Slot(slots.ENUMERATION, "16", "十六字", True)
    assert slots.enumerates(sixteen, "要按照“党政同责、一岗双责、齐抓共管、失职追责”要求,认真落实领导责任")
    assert not slots.enumerates(sixteen, "做好安全生产、环境保护、脱贫攻坚等工作")
    three = slots.Slot(slots.ENUMERATION, "3", "三个最")
    assert slots.enumerates(three, "始终坚持问题导向,从最担忧的领域着想,从最基础的工作着手,从最薄弱的环节着力,强化依法治理")
    assert not slots.enumerates(three, "抓好安全生产,落实责任始终是最有力的武器。")
    duties = slots.Slot(slots.ENUMERATION, "3", "三个责任")
    assert slots.enumerates(duties, "", ("一要落实党政领导责任。", "二要落实部门监管责任。", "三要落实企业主体责任。"))
    assert not slots.enumerates(slots.Slot(slots.ENUMERATION, "", ""), "权力、责任")  # no count: no set to recognise


@pytest.mark.parametrize("question, kind", [
    ("隐患整改的费用由谁负担", slots.PAYER),
    ("什么样的单位才会被列为重点监管对象", slots.CRITERIA),
    ("挂牌督办的认定标准是什么", slots.CRITERIA),
    ("瞒报事故的人会受到什么处分", slots.SANCTION),
    ("隐患清单最迟什么时候要上报", slots.DEADLINE),
    ("清单是在网上公布还是报纸公布", slots.CHOICE),
    ("应急预案里都包括哪些内容", slots.ENUMERATION),
])
def test_a_detail_of_a_named_thing_is_an_asked_slot(question, kind):
    assert slots.asked_slot(question).kind == kind


@pytest.mark.parametrize("question, text", [
    ("隐患整改的费用由谁负担", "要做好有关装备和物资储备,切实提高应急处置能力。"),
    ("什么样的企业会被挂牌督办", "强化隐患排查治理和挂牌督办等制度落实,夯实企业安全基础。"),
    ("瞒报的人会受到什么处分", "遇有重大突发事件,要及时报告,严禁迟报、漏报、瞒报。"),
    ("清单最迟什么时候公布", "要制定完善权力、责任两张清单并向社会公布。"),
    ("否决的是评优还是提拔", "严格执行“一票否决”,不断增强各部门的责任意识。"),
    ("清单是在网上公布还是报纸公布", "要制定完善两张清单并向社会公布。"),
])
def test_a_sentence_that_only_names_the_thing_does_not_give_the_detail(question, text):
    assert not slots.fills(slots.asked_slot(question), text, _words, shipped_matcher()._tags)


@pytest.mark.parametrize("question, text", [
    ("检查的经费由谁承担", "检查所需经费由县财政予以保障。"),
    ("什么样的企业会被挂牌督办", "凡是存在重大隐患的企业,一律挂牌督办。"),
    ("瞒报的人会受到什么处分", "对瞒报的,依法依规严肃追责问责。"),
    ("方案最迟什么时候报送", "各乡镇要在3月底之前报送方案。"),
    ("查出隐患是边干边改还是直接停", "对存在重大隐患的企业,要一律停产整顿。"),
])
def test_a_sentence_that_gives_the_detail_fills_it(question, text):
    assert slots.fills(slots.asked_slot(question), text, _words, shipped_matcher()._tags)


@pytest.mark.parametrize("question", ["复工检查请专家的钱由谁来出", "哪种情况会被列入安全生产黑名单",
                                      "一票否决到底否决的是评优还是提拔"])
def test_a_near_miss_about_a_thing_the_speech_only_names_is_not_covered(ask, question):
    assert ask(question).status == NO_ANSWER


@pytest.mark.parametrize("question", ["安全生产到底算底线还是红线", "工期紧的时候是时间要紧还是质量要紧"])
def test_a_choice_the_speech_makes_is_still_answered(ask, question):
    assert ask(question).status == ANSWERED


@pytest.mark.parametrize("text, filled", [
    ("矿山较为分散,人员密集场所较多、消防安全要求高,道路交通情况复杂,这些都是我县的重点领域,必须严防死守。", True),
    ("这里说的是重点领域,必须严防死守。", False),
])
def test_a_set_named_by_pointing_back_is_listed_before_its_name(text, filled):
    slot = slots.asked_slot("讲话里的“重点领域”具体指哪些")
    assert slots.fills(slot, text, _words, lambda w: set()) is filled


def test_how_often_is_given_as_laws_say_it():
    # 多久…一次 asks how often: 每半年, 每个季度, 每年至少…一次 give it; a figure of days alone does not
    often = slots.asked_slot("多久要进行一次安全技术检验")
    assert slots.fills(often, "校车应当每半年进行一次机动车安全技术检验", _words, lambda w: set())
    assert slots.fills(often, "应当每个季度至少召开一次工作会议", _words, lambda w: set())
    assert not slots.fills(often, "应当按照规定进行安全技术检验", _words, lambda w: set())


def test_a_count_of_working_days_gives_a_duration():
    slot = slots.asked_slot("要多久告诉使用单位")
    assert slots.fills(slot, "应当在发现后的三个工作日内书面告知电梯使用单位", _words, lambda w: set())


def test_how_long_ahead_is_given_by_a_time_before_something():
    ahead = slots.asked_slot("定期检验要提前多久申请")
    assert slots.fills(ahead, "在检验合格有效期届满前一个月向电梯检验机构提出定期检验要求", _words, lambda w: set())
    assert slots.fills(ahead, "应当在拆除工程施工15日前报送建设行政主管部门备案", _words, lambda w: set())
    assert not slots.fills(ahead, "检验机构应当在十个工作日内完成检验", _words, lambda w: set())


@pytest.mark.parametrize("question", ["去年几轮大检查当中，有些地方是怎么应付的", "还有几处没改完，这种情况能不能先开工"])
def test_a_count_inside_a_clause_that_goes_on_is_no_question_when_a_later_clause_asks(question):
    assert slots.asked_slot(question) is None


@pytest.mark.parametrize("question", ["复工验收的安全标准具体有哪些指标", "重大隐患的判定标准有哪些"])
def test_the_items_of_a_standard_are_not_given_by_naming_the_standard(question):
    slot = slots.asked_slot(question)
    assert slot == slots.Slot(slots.CRITERIA, "items")
    assert not slots.fills(slot, "整改后到达安全生产标准,方可复工复产。", _words, lambda w: set())
    assert slots.fills(slot, "验收标准包括:设备完好、人员持证、制度健全。", _words, lambda w: set())


def test_how_a_score_is_reckoned_asks_for_a_figure():
    assert slots.asked_slot("责任书的考核分值是怎么算的") == slots.Slot(slots.NUMBER)


@pytest.mark.parametrize("question, kind", [
    ("what is the fine for a company that rushes its schedule?", slots.MONEY),
    ("which article of the law says so?", slots.LEGAL),
    ("what is the real name of comrade x?", slots.NAME),
])
def test_an_english_question_asks_the_same_specifics(question, kind):
    assert slots.asked_slot(question) == slots.Slot(kind)


def test_an_english_question_for_a_fine_the_speech_does_not_give_is_not_covered(ask):
    assert ask("How much is the fine for a mine that reopens without approval?").status == NO_ANSWER
