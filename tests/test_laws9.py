"""Questions about laws beside the speech (branch laws9): each mechanism on our own invented questions, about real
law files (tests/fixtures/documents) beside the shipped speech. The Linyi fireworks law is one no labelled set
asks about."""

from __future__ import annotations

import pytest

from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """Laws of three places (Beijing twice, Henan, Linyi) beside the speech."""
    return library_matcher(tmp_path_factory.mktemp("laws9"), "beijing-fire.md", "beijing-smoking.md",
                           "henan-road.md", "linyi-fireworks.md")


def _quoted(r) -> str:
    """The article (or passage) of the sentence quoted; "" when nothing is."""
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


def test_a_question_set_in_a_city_is_answered_from_that_citys_law_without_naming_it(places):
    r = places.ask("临沂学校要不要给学生讲放鞭炮的安全知识")
    assert _quoted(r) == "linyi-fireworks/a12"


def test_a_question_set_in_a_province_is_answered_from_that_provinces_law(places):
    r = places.ask("在河南，高速公路上最高车速多少")
    assert _quoted(r) == "henan-road/a25"
    assert "八十公里" in r.best.text


def test_another_citys_law_does_not_answer_a_question_set_in_a_city_it_does_not_govern(places):
    # the Beijing smoking law answers it asked anywhere, or in Beijing; not asked about Linyi
    assert _quoted(places.ask("公共场所室内能吸烟吗")) == "beijing-smoking/a9"
    assert _quoted(places.ask("在北京，公共场所室内能吸烟吗")) == "beijing-smoking/a9"
    assert places.ask("在临沂，公共场所室内能吸烟吗").status == "no_answer"


def test_a_named_law_asked_plainly_when_it_takes_effect_quotes_its_commencement_article(places):
    assert _quoted(places.ask("北京市控制吸烟条例是什么时候开始施行的")) == "beijing-smoking/a30"
    assert _quoted(places.ask("北京市消防条例是从什么时候开始施行的")) == "beijing-fire/a92"
    assert _quoted(places.ask("临沂市烟花爆竹燃放管理条例何时施行")) == "linyi-fireworks/a20"


def test_a_laws_own_definition_of_a_term_fits_a_question_asking_what_the_term_includes():
    from bot.qa import intent

    form = intent.read_form("条例里说的高危作业单位都包括哪些")
    assert intent.form_fits(form, "本条例所称高危作业单位，包括：（一）矿山、建筑施工单位；", 0) == 1.0
    # a sentence that only uses the term does not spell it out
    assert intent.form_fits(form, "高危作业单位应当每年开展两次应急演练。", 0) == 0.0
