"""A law named the way people name it (branch lawname): the courts' interpretations named by their issuers'
count (两高), as 司法解释, and by their number (（二）, 二), on real documents of ../shared/corpus
(tests/fixtures/documents: the two interpretations on crimes endangering work safety, 2015 and （二） 2022, and
the one on environmental pollution, 2023), asked questions no labelled set asks."""

from __future__ import annotations

import pytest

from bot.qa import docnames
from bot.qa.importer import short_name
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def courts(tmp_path_factory):
    """Three interpretations of the two highest courts beside the speech: two of one title, the second
    numbered （二）, and one of another title."""
    return library_matcher(tmp_path_factory.mktemp("lawname"), "liang-gao-2015.md", "liang-gao-2022.md",
                           "liang-gao-env.md")


def _quoted(r) -> str:
    """The article (or passage) of the sentence quoted; "" when nothing is."""
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


@pytest.mark.parametrize("question", [
    "两高危害生产安全刑事案件解释（二）第二条讲的是什么",
    "危害生产安全刑事案件司法解释二第二条讲的是什么",
    "两高危害生产安全刑事解释第二第二条讲的是什么",
])
def test_the_second_interpretation_is_named_by_its_number_however_it_is_written(courts, question):
    assert _quoted(courts.ask(question)) == "liang-gao-2022/a2"


@pytest.mark.parametrize("question", [
    "两高危害生产安全刑事案件解释第二条讲的是什么",
    "危害生产安全刑事案件的司法解释第二条讲的是什么",
])
def test_the_interpretation_named_without_a_number_is_the_first_of_its_title(courts, question):
    assert _quoted(courts.ask(question)) == "liang-gao-2015/a2"


def test_two_high_courts_name_only_the_interpretation_whose_other_words_the_question_says(courts):
    assert _quoted(courts.ask("两高环境污染刑事案件解释第十三条讲的是什么")) == "liang-gao-env/a13"


def test_a_figure_after_a_name_is_no_number_of_the_document():
    names = [("law", ("城镇燃气管理条例",))]
    # 三日 is a time the law gives, not the third 城镇燃气管理条例
    found = docnames.named_documents("城镇燃气管理条例三日内要报告吗", names)
    assert found is not None and found.doc_ids == ("law",)
    # …while 条例二里 asks of a second one the library does not have
    assert docnames.named_documents("城镇燃气管理条例二里怎么说", names) is None


def test_a_title_issued_by_several_bodies_is_called_by_what_it_is_about_and_by_their_count():
    names = docnames.customary_names("最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释")
    assert "办理环境污染刑事案件适用法律若干问题的解释" in names
    assert "两高办理环境污染刑事案件适用法律若干问题的解释" in names
    # one issuer: no count to call it by
    assert docnames.customary_names("国务院关于预防煤矿生产安全事故的特别规定") == ("预防煤矿生产安全事故的特别规定",)


def test_an_imported_documents_short_name_keeps_the_number_of_its_title():
    assert short_name("最高人民法院关于审理劳动争议案件适用法律问题的解释（一）").endswith("的解释（一）")
    assert short_name("安全生产治本攻坚三年行动方案（2024-2026年）") == "安全生产治本攻坚三年行动方案"


@pytest.fixture(scope="module")
def fire(tmp_path_factory):
    """Beijing's fire and smoking laws beside the speech."""
    return library_matcher(tmp_path_factory.mktemp("lawname-fire"), "beijing-fire.md", "beijing-smoking.md")


def test_in_a_named_law_articles_near_alike_are_offered_rather_than_one_guessed(fire):
    r = fire.ask("北京消防条例里，老房子文物着火了谁管")
    assert r.status == "clarify"
    assert all(s.question.startswith("《北京市消防条例》") for s in r.suggestions)


def test_the_fine_for_what_a_named_law_forbids_is_quoted_from_the_article_citing_that_item(fire):
    # 第二十一条（四） forbids sponsorship; 第二十七条 fines its items 一至三 one way and 四 another
    r = fire.ask("北京控烟条例里，搞烟草冠名赞助活动罚多少钱")
    assert r.status == "answered"
    assert "第二十一条第四项" in r.best.text and "五万元以上十万元以下" in r.best.text


def test_asked_which_ones_a_named_law_quotes_of_articles_scored_alike_the_one_listing_them(fire):
    # 哪些行为: of sentences the ranking cannot tell apart, the one introducing a list (有下列行为之一的…)
    r = fire.ask("北京消防条例里，哪些行为会被罚款")
    assert r.status == "answered" and "下列" in r.best.text
