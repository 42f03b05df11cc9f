"""Speech questions of branch speech14: each mechanism with its own small examples."""

from __future__ import annotations

from bot.qa.result import ANSWERED

PROJECTS = "county-safety-2023/p3.2.2.s3"  # 今年全县也有一大批移民搬迁建设工程…特别容易忽视。
SUPERVISION = "county-safety-2023/p3.2.2.s4"  # …监督施工单位严格按照操作规程进行施工,严禁建筑施工赶工期…


def test_a_situation_then_what_to_do_is_answered_by_the_requirement_not_by_the_restated_situation(matcher):
    """我…，工程一下开了好多，要我们怎么盯 / 最后要确保什么: the asking clause asks what is to be done, put as 要
    and a question word; the sentence that restates the situation gives no requirement, the next one does."""
    for question in ("我在乡里管城建，节后搬迁安置工程一下子开了一大批，上面要我们怎么盯施工单位？",
                     "我是镇里的干部，辖区有好几个重点工程节后开工，我们要重点盯什么？",
                     "节后县里新开了一批搬迁安置工程，建筑安全到头来要确保什么？"):
        r = matcher.ask(question)
        assert r.status == ANSWERED and r.answers[0].id == SUPERVISION, question


def test_a_situation_that_is_nobodys_own_stays_with_its_sentence_when_the_requirement_says_no_more(matcher):
    """节后开工的工程多，要注意哪些工程: the situation may be what is asked about; the requirement holds no more of
    the asking clause than the situation's sentence, so the sentence naming the projects answers."""
    r = matcher.ask("今年节后开工的项目不少，监管上要留意哪几个工程？")
    assert r.status == ANSWERED and r.answers[0].id == PROJECTS


def test_this_and_a_word_for_thing_points_back_at_what_the_question_named(matcher):
    """这玩意儿 (Cilin files 玩意儿 with 东西, a stop word): "this thing", the 一票否决 said before it, no topic the
    speech lacks; a thing named without a demonstrative is still a word of its own."""
    r = matcher.ask("干部安全没抓好会不会被一票否决？这玩意儿县长怎么讲的")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p4.2.s3"
    assert any(c.surface == "玩意儿" and not c.known for c in matcher.index.parse("玩意儿有什么安全要求").concepts)


POLITICAL = "county-safety-2023/p2.s4"  # 安全生产问题既是经济问题、社会问题、民生问题,也是重大的政治问题。


def test_how_the_speech_classes_a_thing_asks_what_it_says_the_thing_is(matcher):
    """讲话是怎么给X归类的: the speech's act on X, asked by its manner, is the question's frame (what the speech says
    X is), not a topic it lacks; the same verb with another subject (我们怎么给隐患归类) stays a word asked about."""
    framed = matcher.index.parse("讲话是怎么给安全生产问题归类的？")
    assert not any(c.surface == "归类" for c in framed.concepts)
    own = matcher.index.parse("我们要怎么给隐患归类？")
    assert any(c.surface == "归类" for c in own.concepts)


def test_a_thing_said_to_belong_to_some_aspects_is_not_the_outline_asked(matcher):
    """X属于哪几个方面的问题 classes X; 讲话分哪几个方面 still asks for the speech's points."""
    r = matcher.ask("县长说安全生产问题属于哪几个方面的问题？")
    assert r.status == ANSWERED and r.answers[0].id == POLITICAL
    outline = matcher.ask("讲话分哪几个方面？")
    assert outline.status == ANSWERED and outline.answers[0].kind == "outline"


def test_english_modal_and_participle_words_name_nothing_and_earlier_is_the_speechs_just_now(matcher):
    """'are we supposed to' frames the question as 'required to' does, 'given' is give's participle (give is a
    stop word); 'earlier' in the meeting is the speech's 刚才."""
    q = matcher.index.parse("What reports were given earlier, and what are we supposed to do?")
    surfaces = {c.surface for c in q.concepts}
    assert "supposed" not in surfaces and "given" not in surfaces
    assert any("刚才" in c.alternatives for c in q.concepts if c.surface == "earlier")


def test_a_situation_asked_about_as_a_whole_is_answered_by_the_requirement_on_what_happens_in_it(matcher):
    """我…搬迁工程…，老板想赶进度，讲话怎么说: the asking clause names nothing, so it asks about the situation's last
    clause, what happens (赶进度); the requirement (严禁…赶工期、追进度) says it, the situation's sentence does not. When
    the situation's sentence itself says what happens (应付…走过场), it answers."""
    r = matcher.ask("我是镇上搬迁安置工程的施工队长，老板让我们加班赶进度，县长讲话怎么说的？")
    assert r.status == ANSWERED and r.answers[0].id == SUPERVISION
    r = matcher.ask("我是乡里的干部，以前大检查我们都是应付了事走过场，讲话怎么看？")
    assert r.status == ANSWERED and r.answers[0].id == "county-safety-2023/p3.1.s3"
