"""Question forms read in round 7 (issue 9): each test is an invented question of a shape the blind batches
showed, asked of the shipped speech."""

from __future__ import annotations


def test_a_set_named_by_its_count_and_common_word_is_found_where_its_parts_are_listed(matcher):
    """“三个最” is 从最…,从最…,从最…: three parallel parts holding 最 answer it even when a sentence
    sharing more of the question's words (抓好安全生产…最有力的武器) ranks above."""
    r = matcher.ask("抓安全要做到的“三个最”分别指哪三个方面")
    assert r.status == "answered"
    assert "从最担忧的领域着想,从最基础的工作着手,从最薄弱的环节着力" in r.answers[0].text


def test_where_in_the_speech_something_is_said_asks_for_the_passage_not_a_place_on_the_map(matcher):
    r = matcher.ask("讲话哪个地方讲了应急值守？")
    assert r.status == "answered" and "加强应急值守" in r.answers[0].text
    assert matcher.ask("去年那起事故发生在哪个地方？").status == "no_answer"  # a place the speech leaves out (……)


def test_what_a_set_named_by_a_parts_heading_holds_is_answered_from_that_part(matcher):
    """企业主体责任 heads 三要落实企业主体责任: the sentences under it say what it holds, though none of
    them lists it in so many words."""
    r = matcher.ask("讲话里的企业主体责任具体有哪些")
    assert r.status == "answered" and r.answers[0].id.startswith("county-safety-2023/p4.3.")


def test_what_the_speaker_said_last_is_the_closing_but_his_last_point_is_the_fourth(matcher):
    r = matcher.ask("县长最后鼓励大家干啥")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/closing.s1"
    last_point = matcher.ask("县长最后一点讲的啥")
    assert last_point.status == "answered" and last_point.answers[0].id.startswith("county-safety-2023/p4")


def test_what_comes_before_the_points_are_announced_is_answered_from_the_sentences_before_it(matcher):
    """讲四点意见之前… asks what the opening says before 下面,我再强调四点意见, not that sentence."""
    r = matcher.ask("讲四点意见之前县长要求各乡镇做什么")
    assert r.status == "answered" and r.answers[0].id == "county-safety-2023/intro.s2"


def test_asking_whether_something_is_allowed_is_answered_by_what_the_speech_forbids(matcher):
    """允许吗 / 行不行 / 这样对吗 ask for the rule: of the construction passage, the sentence with 严禁…,
    not the one telling last year's accident."""
    r = matcher.ask("我们是搞建筑的，老板想让大伙通宵赶活早点交房，讲话允许吗？")
    assert r.status == "answered" and "严禁建筑施工赶工期" in r.answers[0].text


def test_a_verb_ending_in_the_character_of_may_is_no_permission_asked():
    from bot.qa.intent import NEGATION, read_form

    assert NEGATION not in read_form("企业的法定义务一定要履行吗").kinds  # 履行吗 is not 行吗
    assert NEGATION in read_form("整改没过就先开工，这样行吗").kinds


def test_a_yes_or_no_verb_glued_by_the_segmenter_is_the_verb_not_an_unknown_word(matcher):
    """jieba keeps 归不归 whole; it asks whether 归 holds, so it weighs as that verb, not as a new word
    naming a topic the speech lacks."""
    q = matcher.index.parse("学校的安全归不归教育部门管")
    assert "归不归" not in {c.surface for c in q.concepts}
    r = matcher.ask("学校的安全归不归教育部门管")
    assert r.status == "answered" and "管行业必须管安全" in r.answers[0].text


def test_why_a_thing_matters_is_answered_by_the_risk_the_speech_gives_for_it(matcher):
    """容易忽视 (easily overlooked) is a reason as 因为 is: 为啥…更得上心 is answered by the sentence saying
    construction supervision is spread wide and easily overlooked."""
    r = matcher.ask("为啥今年建筑工地的安全监管更得上心？")
    assert r.status == "answered" and "特别容易忽视" in r.answers[0].text


def test_a_word_the_question_itself_says_is_no_reason_in_the_answer():
    """吸取教训 asked why: the sentence telling to draw the lesson (…要深刻吸取事故教训…) restates the question;
    教训 there is no reason given."""
    from bot.qa.intent import form_fits, read_form

    form = read_form("为什么要吸取事故的伤亡教训")
    assert form_fits(form, "要深刻吸取事故伤亡教训,切实抓好监管。", 0) == 0.0
    assert form_fits(form, "这是去年全国死亡人数最多的事故,教训惨痛。", 0) == 1.0


def test_a_set_counted_in_characters_is_recognised_when_the_question_quotes_part_of_it(matcher):
    """“党政同责、一岗双责”那十六个字: sixteen characters, so the four-word slogan answers, though the quote
    names only its first half."""
    from bot.qa.slots import asked_slot

    assert asked_slot("“党政同责、一岗双责”那十六个字都包括啥").chars
    r = matcher.ask("“党政同责、一岗双责”那十六个字都包括啥")
    assert r.status == "answered" and "齐抓共管、失职追责" in r.answers[0].text


def test_a_target_asked_is_answered_by_the_sentence_saying_what_is_to_be_achieved(matcher):
    """目标 is not a word of the goal sentence (努力减少一般事故、有效防范较大以上事故发生): what is to be
    achieved answers it, not the sentence that shares 今年全县."""
    r = matcher.ask("今年全县对事故的控制目标是怎样提的")
    assert r.status == "answered" and "努力减少一般事故" in r.answers[0].text


def test_a_target_asked_as_a_figure_stays_a_figure_the_speech_does_not_give(matcher):
    assert matcher.ask("今年全县事故死亡人数的控制指标是多少").status == "no_answer"
