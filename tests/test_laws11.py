"""Questions about laws beside the speech (branch laws11), on our own invented law (written here, asked by no
labelled set): a named law asked for a specific (几月份) that another article of it gives."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers_core import KNOWLEDGE

LAW = """# 云溪市消防条例

2024年3月1日 云溪市第五届人民代表大会常务委员会第九次会议通过

<!-- INFO END -->

第一条 为了做好消防工作，保障人民群众生命财产安全，结合本市实际，制定本条例。

第二条 本市行政区域内的消防及其管理活动，适用本条例。

第三条 市、区人民政府应当加强对消防工作的领导，将消防经费纳入本级财政预算。

第四条 每年5月为全市消防安全宣传月，5月12日为全市消防安全演练日。

第五条 消防重点单位应当建立消防值班制度，配备必要的消防物资。

第六条 消防安全宣传月期间，消防安全重点单位应当按照消防应急预案，组织一次综合性的消防演练，检查排水设施性能，\
提高所属人员应急处置能力；村民委员会、居民委员会应当组织居民开展消防安全宣传教育活动。

第七条 本条例自2024年5月1日起施行。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped knowledge with our invented city law imported beside it."""
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    folder = tmp_path_factory.mktemp("laws11")
    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    law = folder / "yunxi-fire.md"
    law.write_text(LAW, encoding="utf-8")
    import_document(law, root, "yunxi-fire")
    return Matcher(load_knowledge(root))


def _quoted(r) -> str:
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


def test_a_named_law_asked_which_month_is_answered_by_the_article_giving_the_month(library):
    # 第六条 says the most about the month's activities, but only 第四条 gives the month itself
    r = library.ask("云溪市消防条例规定的消防安全宣传月是几月份？")
    assert _quoted(r) == "yunxi-fire/a4"
    assert "5月" in r.best.text


def test_a_named_law_asked_when_it_takes_effect_quotes_the_day(library):
    r = library.ask("云溪消防条例是哪天开始施行的？")
    assert _quoted(r) == "yunxi-fire/a7"
