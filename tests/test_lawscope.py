"""Which document answers a question naming none, when a law and the speech both could (branch lawscope), on
excerpts of two real laws imported beside the shipped speech: a question set in a place the speech never names
is asked of that place's laws, and one whose things and people only a law names goes to that law; a question
saying 讲话 (or 县长) stays with the speech, and the speech's own questions keep their answers."""

from __future__ import annotations

import pytest

from tests.helpers_core import texts_library_matcher

# 上海市建设工程质量和安全管理条例 (2012), articles 1, 11-12 as published.
SHANGHAI = """# 上海市建设工程质量和安全管理条例

2011年12月22日 上海市第十三届人民代表大会常务委员会第三十二次会议通过

<!-- INFO END -->

第一条 为了加强本市建设工程质量和安全管理，保障人民群众生命和财产安全，根据《中华人民共和国建筑法》、《建设工程质量管理条例》、《建设工程安全生产管理条例》和其他有关法律、行政法规，结合本市实际，制定本条例。

第十一条 建设单位应当保证与建设需求相匹配的建设资金，并按照合同约定的价款和时间支付费用，不得随意压低勘察、设计、施工、监理、检测、监测等费用。

第十二条 建设工程发包前，建设单位应当根据建设工程可行性研究报告和建设工期定额，综合评估工程规模、施工工艺、地质和气候条件等因素，确定合理的勘察、设计和施工工期。在建设工程招标投标时，建设单位应当将合理的施工工期安排作为招标文件的实质性要求和条件。
勘察、设计和施工工期确定后，建设单位不得任意压缩；确需调整且具备技术可行性的，应当提出保证工程质量和安全的技术措施和方案，经专家论证后方可实施。调整勘察、设计和施工工期涉及增加费用的，建设单位应当予以保障。
"""

# 浙江省特种设备安全管理条例 (2016), articles 1, 9, 13-14 as published.
ZHEJIANG = """# 浙江省特种设备安全管理条例

2016年7月29日 浙江省第十二届人民代表大会常务委员会第三十一次会议修正

<!-- INFO END -->

第一条 为了加强特种设备的安全管理，防止和减少事故，保障人民群众生命和财产安全，促进经济社会发展，根据《中华人民共和国特种设备安全法》等法律、行政法规，结合本省实际，制定本条例。

第九条 特种设备的使用单位为管理责任人；使用单位委托其他管理人管理特种设备的，受托人为管理责任人。管理责任人依法履行特种设备的管理义务。
业主共有的电梯，由业主委托的物业服务企业或者其他管理人为管理责任人。

第十三条 电梯的日常维护保养，应当由电梯制造单位或者依法取得许可的安装、改造、修理单位按照安全技术规范和使用维护保养说明的要求进行。

第十四条 电梯主要部件严重损坏，危及公共安全的，可以按照设区的市规定的简易程序申请使用物业专项维修资金；未设立物业专项维修资金的，设区的市、县（市）人民政府应当明确电梯大修、改造、更新经费筹措方案。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped knowledge with the two law excerpts imported beside the speech."""
    laws = {"shanghai-construction": SHANGHAI, "zhejiang-equipment": ZHEJIANG}
    return texts_library_matcher(tmp_path_factory.mktemp("lawscope"), laws)


def _from(result) -> str:
    return result.answers[0].id.split("/", 1)[0] if result.answers else ""


def test_a_question_set_in_a_place_the_speech_never_names_is_not_answered_from_the_speech(library):
    # the speech alone quotes its 严禁建筑施工赶工期 sentence; the question is about Shanghai, where its law
    # (here without an article on rushing work) applies, so the Shanghai law is offered, not the speech
    result = library.ask("上海这边工地赶工期的话有啥规定")
    assert _from(result) != "county-safety-2023"
    assert result.suggestions and "上海市建设工程质量和安全管理条例" in result.suggestions[0].question


def test_the_same_question_without_the_place_is_still_answered_from_the_speech(library):
    result = library.ask("工地赶工期的话有啥规定")
    assert result.status == "answered"
    assert result.answers[0].id == "county-safety-2023/p3.2.2.s4"


def test_a_question_set_in_a_place_is_answered_from_that_places_law_when_it_says_so(library):
    result = library.ask("在上海盖楼，工期定好了建设单位还能随便压缩吗？")
    assert result.status == "answered"
    assert result.answers[0].id == "shanghai-construction/a12.s3"


def _leader(library, question: str) -> str:
    q = library.index.parse(question)
    a = library.analyse(q, None, alone_decides=True)
    return library._law_explains(q, a.candidates)[0].key.split("/", 1)[0]


def test_a_law_whose_own_things_carry_the_question_leads_before_the_speech(library):
    # 物业 公司 电梯 改造 are the lift law's words, the speech has only 开工 (of its mines resuming work)
    question = "物业公司的电梯要改造，开工前要办什么手续？"
    q = library.index.parse(question)
    assert library.analyse(q, None, alone_decides=True).candidates[0].key.startswith("county-safety-2023/")
    assert _leader(library, question) == "zhejiang-equipment"


def test_a_question_saying_it_asks_the_speech_or_its_speaker_keeps_the_speech_first(library):
    assert _leader(library, "物业公司的电梯要改造，开工前要办什么手续？讲话里怎么说") == "county-safety-2023"
    assert _leader(library, "物业公司的电梯要改造，开工前要办什么手续？县长怎么说的") == "county-safety-2023"


def test_the_speeches_own_question_keeps_the_speech_first(library):
    assert _leader(library, "节后开工前要办什么手续？") == "county-safety-2023"


def test_a_question_with_要点_inside_other_words_about_a_laws_topic_gets_no_outline(library):
    # 要点 of 确实要点维修资金 ("need some"), beside 电梯 大修 维修资金 that only the lift law says
    result = library.ask("小区电梯大修确实要点维修资金，找谁批？")
    assert result.answers and result.answers[0].id != "county-safety-2023/outline"
    assert _from(result) == "zhejiang-equipment"


def test_the_speechs_outline_is_still_asked_for_by_its_points_beside_laws(library):
    result = library.ask("讲话的要点是什么")
    assert result.status == "answered" and result.answers[0].id == "county-safety-2023/outline"


def test_a_share_asked_is_not_covered_by_an_article_without_one(library):
    # 第十一条 names 安全防护措施费 and says it is set apart, but gives no share of anything (百分之…, …%)
    result = library.ask("上海的建设单位，安全防护措施费要按多少比例列支？")
    assert result.status == "no_answer"


def test_a_share_is_given_by_a_percentage_not_by_any_numeral():
    from bot.qa import slots

    slot = slots.asked_slot("质量保证金按工程款的多少比例扣留")
    assert slot is not None and slot.unit == "ratio"
    words = lambda t: [t]  # noqa: E731
    assert slots.fills(slot, "按照工程价款结算总额的百分之三预留", words, lambda w: set())
    assert not slots.fills(slot, "应当在十五日内扣留并书面告知", words, lambda w: set())
