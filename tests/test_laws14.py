"""Questions about laws beside the speech (branch laws14), on our own invented law of a real city (written
here, asked by no labelled set): a word the documents seldom use stands also for the word of its Cilin
synonym group the law uses throughout (过期 for the law's 逾期)."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers_core import KNOWLEDGE

YICHUN = """# 宜春市瓶装燃气经营管理办法

2024年3月1日 宜春市人民政府第十次常务会议通过

<!-- INFO END -->

第一条 为了加强瓶装燃气经营管理，保障用气安全，制定本办法。

第五条 燃气经营许可证有效期为三年。有效期届满需要延续的，经营者应当在有效期届满三十日前向发证部门提出申请。

第六条 燃气经营许可证逾期未延续的，经营者不得继续从事瓶装燃气经营活动，由发证部门予以注销。

第七条 用户逾期未缴纳气瓶检验费用的，检验机构可以暂停检验，并书面告知用户。

第八条 气瓶充装单位逾期未报送充装记录的，由燃气管理部门责令限期报送。

第九条 用户家中的过期灭火器应当及时更换。

第二十条 本办法自2024年6月1日起施行。
"""


def _build(folder, ratio=None):
    from bot.qa import index
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    law = folder / "yichun-gas.md"
    law.write_text(YICHUN, encoding="utf-8")
    import_document(law, root, "yichun-gas")
    kept = index.KNOWN_SYNONYM_RATIO
    if ratio is not None:
        index.KNOWN_SYNONYM_RATIO = ratio
    try:
        return Matcher(load_knowledge(root))
    finally:
        index.KNOWN_SYNONYM_RATIO = kept


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped knowledge with our invented city law imported beside it."""
    return _build(tmp_path_factory.mktemp("laws14"))


def _quoted(r) -> str:
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


def test_a_fee_left_unpaid_past_its_date_is_answered_by_the_article_the_law_says_overdue_in(library):
    r = library.ask("宜春这边气瓶检验费过期没交会怎样？")
    assert _quoted(r) == "yichun-gas/a7"


def test_without_the_synonym_the_same_question_is_not_covered(tmp_path):
    """The law uses 过期 once, of fire extinguishers: as a word of its own it finds nothing of fees."""
    r = _build(tmp_path, ratio=float("inf")).ask("宜春这边气瓶检验费过期没交会怎样？")
    assert r.status == "no_answer"


def test_the_askers_rarer_word_is_read_as_the_laws_commoner_synonym(library):
    q = library.index.parse("许可证过期了怎么办")
    expired = next(c for c in q.concepts if c.surface == "过期")
    assert "逾期" in expired.lexicon


def test_a_word_the_law_itself_uses_often_gains_no_synonym(library):
    q = library.index.parse("许可证逾期了怎么办")
    overdue = next(c for c in q.concepts if c.surface == "逾期")
    assert overdue.lexicon == ()
