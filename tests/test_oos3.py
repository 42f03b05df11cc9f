"""Out-of-scope near misses (branch oos3): questions about the speech's topics that ask for something the speech
never says are told "not covered". Each test is an invented question asked of the shipped speech, with an
in-scope question of the same shape beside it where one exists."""

from __future__ import annotations

from bot.qa import slots


def test_where_to_go_to_get_something_done_is_not_covered(matcher):
    """The speech says what is to be done, never at which office, window or system a person does it."""
    assert matcher.ask("安全生产责任书的样表去哪打印").status == "no_answer"
    assert matcher.ask("复工复产核查要到应急局哪个窗口登记?").status == "no_answer"
    assert matcher.ask("隐患台账在哪个平台上传").status == "no_answer"


def test_where_a_thing_stands_or_who_does_it_is_no_destination():
    assert slots.asked_slot("一票否决在哪里执行") is None
    assert slots.asked_slot("矿山现场核查由哪个部门开展") is None
    assert slots.asked_slot("要用什么去迎接哪些大事") is None
    assert slots.asked_slot("去年哪几轮检查走了过场") is None


def test_a_destination_is_given_by_a_phrase_naming_where_to_apply():
    slot = slots.asked_slot("电梯出了问题该去哪投诉")
    assert slot is not None and slot.kind == slots.CONTACT

    def cut(t):
        return [t]

    def tags(_):
        return set()

    assert slots.fills(slot, "任何单位和个人有权向负责特种设备安全监督管理的部门投诉。", cut, tags)
    assert not slots.fills(slot, "各有关部门要深刻吸取事故教训。", cut, tags)


def test_a_deadline_asked_as_a_calendar_date_needs_a_day_not_before_the_holiday(matcher):
    """The mining passage says 节前 and 之前, which tell by when in words but give no day of the month."""
    assert matcher.ask("矿山企业的复工方案最迟几月几号之前要交上去?").status == "no_answer"
    assert matcher.ask("What is the deadline for mining companies to finish their self-inspection?").status == "no_answer"


def test_a_deadline_mentioned_in_english_is_no_date_asked():
    assert slots.asked_slot("we must meet our deadline, what should come first") is None
    slot = slots.asked_slot("what is the deadline for the hazard rectification")
    assert slot is not None and slot.kind == slots.DATE


def test_money_paid_asked_of_is_not_covered_by_the_speech(matcher):
    """Pay, allowances, bonuses, compensation and reimbursement (Cilin's classes of money paid) are never
    spoken of in the speech: whatever is asked of them, the passage on the same duty does not answer."""
    assert matcher.ask("值班人员的夜班津贴一晚上给多少").status == "no_answer"
    assert matcher.ask("矿山停产整顿期间工人的薪资怎么发").status == "no_answer"
    assert matcher.ask("隐患整改完了能领奖金吗").status == "no_answer"


def test_a_payment_word_is_found_by_the_general_dictionary_not_by_the_speechs_segmenter():
    assert slots.names_payment("节假日值班的加班补贴怎么算")  # 加班 补贴, not 加班补 贴
    assert slots.names_payment("年终奖金发不发")  # 年终奖金: Cilin lists its head, 奖金
    assert not slots.names_payment("讲话号召大家用什么迎接两会")  # 大家 用, not 家用


def test_a_passage_on_the_payment_itself_answers_what_is_asked_of_it():
    slot = slots.asked_slot("救援人员有没有补贴")
    assert slot is not None and slot.kind == slots.MONEY

    def cut(t):
        return [t]

    assert slots.fills(slot, "参加救援的人员,由所在单位给予补贴。", cut, lambda _: set())
    assert not slots.fills(slot, "要切实加强应急值守,严禁擅离职守。", cut, lambda _: set())


def test_keywords_ending_in_a_name_or_a_count_ask_what_the_speech_leaves_as_a_placeholder(matcher):
    """X同志 and 造成…… are placeholders: a keyword question asking their name or count is not covered, while
    keywords naming a topic are answered."""
    assert matcher.ask("通报情况的同志 姓名").status == "no_answer"
    assert matcher.ask("去年特别重大事故 伤亡人数").status == "no_answer"
    assert matcher.ask("建筑施工 赶工期").status == "answered"


def test_who_a_placeholder_is_asked_in_english_or_lower_case_is_a_name(matcher):
    assert matcher.ask("Who was Comrade X who analysed the problems at the meeting?").status == "no_answer"
    slot = slots.asked_slot("讲话里的x同志是谁")
    assert slot is not None and slot.kind == slots.NAME
    assert slots.asked_slot("who is responsible for the safety of construction sites") is None


def test_a_concrete_object_the_speech_never_mentions_makes_the_question_off_topic(matcher):
    """Rain, fireworks and moulds are objects (Cilin class B) the speech never names: the construction or
    duty passage that shares the rest of the words does not answer a question about them."""
    assert matcher.ask("下冰雹的时候建筑工地还能施工吗?").status == "no_answer"
    assert matcher.ask("春节期间能不能在村里放鞭炮?").status == "no_answer"


def test_an_object_whose_safety_is_asked_or_a_word_that_is_more_than_an_object_keeps_the_answer(matcher):
    """The safety of anything is the speech's topic (乡镇党委、政府要对安全生产负总责), and 材料 is also
    a document: 交了什么材料 is answered by the 责任书 the townships handed in."""
    r = matcher.ask("乡镇交给县政府的是什么材料?")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/intro.s2"
    assert matcher.ask("我是分管农业的副乡长,拖拉机的安全也归我管吗?").status == "answered"


def test_a_sanction_named_with_a_modifier_needs_a_quote_naming_one(matcher):
    """哪些联合惩戒 asks which sanction; the sentence naming the blacklist among other systems names none."""
    assert matcher.ask("上了黑名单的企业会遭到哪些信用惩戒?").status == "no_answer"
    r = matcher.ask("对不开展隐患查改的单位怎么处理?")
    assert r.status == "answered" and "一律依法" in r.answers[0].text


def test_a_time_of_day_is_not_a_count_of_points(matcher):
    """The duty sentence gives 24小时, not from when to when; 几点意见 still counts the speech's points."""
    assert matcher.ask("关键岗位值班晚上几点开始交接?").status == "no_answer"
    assert matcher.ask("What time is the meeting over?").status == "no_answer"
    slot = slots.asked_slot("县长讲了几点意见")
    assert slot is not None and slot.kind == slots.NUMBER


def test_papers_to_hand_in_are_given_only_by_a_passage_naming_papers(matcher):
    """The mining passage says what is to be done before reopening, not which forms or certificates to
    submit; what the townships handed in (交了什么材料) is still the 责任书 the opening names."""
    assert matcher.ask("矿山复工复产核查需要提交哪些资料?").status == "no_answer"
    assert matcher.ask("隐患整改验收要准备什么证件?").status == "no_answer"
    r = matcher.ask("会上各乡镇向县政府交了什么材料?")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/intro.s2"


def test_a_second_specific_asked_in_a_clause_of_its_own_must_be_given_too(matcher):
    """The mining sentence walks through the reopening procedure (its steps fill 有哪些步骤), but no money
    is in it: asked in a second clause, the fee makes the question not covered."""
    steps = matcher.ask("矿山复工复产的工作程序有哪些步骤?")
    assert steps.status == "answered" and steps.answers[0].id == "county-safety-2023/p3.2.1.s1"
    assert matcher.ask("矿山复工复产的工作程序有哪些步骤,核查费用多少?").status == "no_answer"
