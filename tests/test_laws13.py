"""Questions about laws beside the speech (branch laws13), on our own invented laws of two real provinces
(written here, asked by no labelled set): a question asking what an offender gets is answered by the penalty
clause, not the duty it restates; a question set in a city with no laws of its own is asked of its province's."""

from __future__ import annotations

import pytest

from tests.helpers_core import texts_library_matcher

JIANGXI = """# 江西省电动自行车安全管理条例

2024年3月1日 江西省第十四届人民代表大会常务委员会第八次会议通过

<!-- INFO END -->

第一条 为了加强电动自行车安全管理，预防火灾事故，制定本条例。

第二条 本省行政区域内电动自行车的销售、登记、通行、停放和充电，适用本条例。

第三条 本条例所称蓄电池，包括锂电池、铅酸电池等为电动自行车提供动力的电池。

第八条 电动自行车所有人应当自购车之日起十日内申请登记，取得号牌后方可上道路行驶。

第九条 禁止在住宅楼的楼梯间、楼道内停放电动自行车或者为电动自行车充电。

第十条 电动自行车安全宣传月期间，消防救援机构、街道办事处应当组织电动自行车安全宣传活动，普及充电安全知识。

第十一条 每年3月为全省电动自行车安全宣传月。

第十二条 废旧蓄电池应当交由有资质的单位回收，不得随意丢弃，不得与其他货物混载运输。

第二十条 违反本条例规定，在住宅楼的楼梯间、楼道内停放电动自行车或者为电动自行车充电的，由消防救援机构责令改正；\
拒不改正的，对个人处五十元以上二百元以下罚款。

第二十一条 本条例自2024年6月1日起施行。
"""

HUNAN = """# 湖南省电动自行车安全管理条例

2024年3月1日 湖南省第十四届人民代表大会常务委员会第八次会议通过

<!-- INFO END -->

第一条 为了加强电动自行车安全管理，制定本条例。

第八条 电动自行车所有人应当自购车之日起三十日内申请登记，取得号牌后方可上道路行驶。

第九条 禁止在住宅楼的楼梯间、楼道内停放电动自行车。

第二十一条 本条例自2024年6月1日起施行。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped knowledge with our two invented provincial laws imported beside it."""
    return texts_library_matcher(tmp_path_factory.mktemp("laws13"), {"jiangxi-ebike": JIANGXI, "hunan-ebike": HUNAN})


def _quoted(r) -> str:
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


def test_asked_how_an_offence_is_dealt_with_the_penalty_clause_answers(library):
    r = library.ask("江西电动自行车条例里，在楼道给电动车充电会被怎么处理？")
    assert _quoted(r) == "jiangxi-ebike/a20"


def test_asked_whether_something_is_allowed_the_ban_itself_still_answers(library):
    r = library.ask("江西电动自行车条例规定楼道里能充电吗？")
    assert _quoted(r) == "jiangxi-ebike/a9"


def test_a_question_set_in_a_city_is_answered_by_its_provinces_law(library):
    # 赣州 is in Jiangxi: Jiangxi's ten days, not Hunan's thirty
    r = library.ask("我住在赣州，新买的电动车要几天内去登记？")
    assert _quoted(r) == "jiangxi-ebike/a8"
    assert "十日" in r.best.text


def test_a_city_of_the_other_province_gets_that_provinces_law(library):
    r = library.ask("我在长沙买了辆电动车，多少天内要登记？")
    assert _quoted(r) == "hunan-ebike/a8"


def test_a_penalty_asked_in_a_city_comes_from_its_provinces_law(library):
    r = library.ask("南昌有人在楼道里给电动车充电，会被怎么处理？")
    assert _quoted(r) == "jiangxi-ebike/a20"


def test_a_named_law_asked_which_months_is_answered_by_the_article_giving_the_month(library):
    # 哪几个月 asks a date, as 哪个月 does (not a list of 几个 things): 第十条 speaks most of the month, only
    # 第十一条 gives it
    r = library.ask("江西电动自行车条例里安全宣传月是哪几个月？")
    assert _quoted(r) == "jiangxi-ebike/a11"


def test_an_everyday_word_is_not_rewritten_into_a_laws_word_that_only_sounds_the_same(library):
    # 混在 (mixed in) sounds as the law's 混载 (carried together), but general Chinese says 混 + 在 more
    # readily than 混载: the asker's words stay
    surfaces = [c.surface for c in library.index.parse("废电池和生活垃圾混在一块扔行吗").concepts]
    assert "混载" not in surfaces and "混" in surfaces


def test_a_misspelt_word_is_still_read_as_the_word_meant(library):
    # 冲电 is no word general Chinese lists: 充电 (chōng diàn, the law's word) is far likelier
    alternatives = [a for c in library.index.parse("冲电桩在哪").concepts for a in c.alternatives]
    assert "充电" in alternatives


def test_a_thing_a_laws_definition_names_stands_for_the_laws_term(library):
    # 本条例所称蓄电池，包括锂电池、铅酸电池等…: the asker's 锂电池 is also the 蓄电池 the law's articles speak of
    concepts = library.index.parse("锂电池坏了能随便扔吗").concepts
    assert "蓄电池" in next(c for c in concepts if c.surface == "锂电池").alternatives
    r = library.ask("废旧锂电池应该交给谁回收？")
    assert _quoted(r) == "jiangxi-ebike/a12"


def test_only_the_things_a_definition_lists_before_its_closing_deng_are_read_as_its_term():
    from bot.qa.index import _defined_instances

    vocabulary = {"轨道交通", "地铁", "轻轨", "农产品", "林业", "渔业", "学校", "国家", "高等学校"}
    found = _defined_instances([
        "本条例所称轨道交通是指地铁、轻轨等采用专用轨道导向运行的城市公共客运系统。",
        "本法所称农产品，是指来源于种植业、林业、畜牧业和渔业等的初级产品。",  # 等的 qualifies what follows
        # 国家 is who runs one; 高等学校 holds the term itself already
        "本条例所称的学校，是指国家或者社会力量举办的全日制中小学校、高等学校等。",
    ], vocabulary)
    assert found == {"地铁": ("轨道交通",), "轻轨": ("轨道交通",)}
