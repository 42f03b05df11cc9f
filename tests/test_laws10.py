"""Questions about laws beside the speech (branch laws10): a law named the way people call it, on our own invented
questions about real law files (tests/fixtures/documents) no labelled set asks about: Henan's measures carrying out
the mine safety law beside that national law, Beijing's fire and smoking laws, Linyi's fireworks law."""

from __future__ import annotations

import pytest

from bot.qa import docnames
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def laws(tmp_path_factory):
    """A national law and a province's measures carrying it out, and laws of two cities, beside the speech."""
    return library_matcher(tmp_path_factory.mktemp("laws10"), "mine-law.md", "henan-mine.md", "beijing-fire.md",
                           "beijing-smoking.md", "linyi-fireworks.md")


def _quoted(r) -> str:
    """The article (or passage) of the sentence quoted; "" when nothing is."""
    return r.best.id.rsplit(".", 1)[0] if r.status == "answered" and r.answers else ""


def test_measures_carrying_out_a_law_are_named_as_the_laws_implementing_measures(laws):
    # 河南省实施《矿山安全法》办法 is called 河南矿山安全法实施办法: its own article answers, not the national law's
    r = laws.ask("河南矿山安全法实施办法规定矿山出了事故最迟多长时间内要报告")
    assert _quoted(r) == "henan-mine/a36"
    assert "24小时" in r.best.text


def test_the_national_law_named_inside_its_measures_names_the_measures_only_when_they_are_named(laws):
    assert _quoted(laws.ask("河南省矿山安全法实施办法第三十六条讲的是什么")) == "henan-mine/a36"
    assert _quoted(laws.ask("矿山安全法第二十六条讲的是什么")) == "mine-law/a26"


def test_a_name_with_a_word_of_the_askers_own_inside_still_names_its_law():
    names = [("chongqing", ("重庆市消防条例",)), ("shanghai", ("上海市消防条例",)), ("shandong", ("山东省消防条例",))]
    # 城市 for 市: one character of the asker's own between characters of the name, led by its place
    found = docnames.named_documents("重庆城市消防条例对高层建筑有什么要求", names)
    assert found is not None and found.doc_ids == ("chongqing",)
    # two characters of the asker's own are no longer that name
    assert docnames.named_documents("重庆直辖市消防条例对高层建筑有什么要求", names).doc_ids != ("chongqing",)


def test_measures_carrying_out_a_law_have_a_customary_name_and_other_titles_none():
    assert docnames.customary_names("北京市实施《中华人民共和国水法》办法") == ("北京市水法实施办法",)
    assert docnames.customary_names("临沂市烟花爆竹燃放管理条例") == ()
