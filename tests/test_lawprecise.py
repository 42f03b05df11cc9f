"""Precision of answers inside a named law (branch lawprecise): a sentence that merely shares the question's
words must not be quoted for it. On a real document of ../shared/corpus (tests/fixtures/documents/
beijing-smoking.md: its penalties cite the articles they enforce), asked questions no labelled set asks."""

from __future__ import annotations

import pytest

from bot.qa import slots
from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def smoking(tmp_path_factory):
    """Beijing's smoking-control law beside the speech."""
    return library_matcher(tmp_path_factory.mktemp("lawprecise"), "beijing-smoking.md")


def _article(r) -> str:
    """The local id of the article quoted (a14); "" when nothing is."""
    return r.answers[0].id.rsplit("/", 1)[-1].split(".")[0] if r.status == "answered" and r.answers else ""


def test_what_a_law_says_of_a_duty_is_quoted_from_the_article_the_penalty_cites_not_from_the_penalty(smoking):
    # 个人违反本条例第十四条规定，乱扔烟头的，…予以处罚 shares 个人 and 乱扔烟头 with the question; what is asked is
    # what the law says, which is the duty of 第十四条 (…不乱扔烟头)
    assert _article(smoking.ask("北京控制吸烟条例对个人乱扔烟头有什么规定？")) == "a14"


def test_asked_how_a_breach_is_punished_the_penalty_clause_still_answers(smoking):
    assert _article(smoking.ask("北京控制吸烟条例里乱扔烟头怎么处罚？")) == "a25"


@pytest.mark.parametrize("question", ["临时查封一个场所最长能封多久", "最少要隔多长时间"])
def test_how_long_at_most_or_at_least_is_a_limit_that_only_a_length_of_time_gives(question):
    # (sentences of 河南省消防条例 第六十五条: the first orders 立即 action, the fifth gives the limit)
    slot = slots.asked_slot(question)
    assert slot is not None and slot.kind == slots.DURATION
    assert not slots.fills(slot, "应当通知有关单位或者个人立即采取措施消除隐患。", list, lambda words: set())
    assert slots.fills(slot, "临时查封期限不得超过一个月。", list, lambda words: set())


def test_how_long_before_something_is_done_is_still_answered_by_at_once():
    assert slots.fills(slots.asked_slot("发现隐患多久要报告"), "应当立即报告。", list, lambda words: set())


@pytest.fixture(scope="module")
def three_laws(tmp_path_factory):
    """Beijing's smoking-control and fire laws and the compulsory traffic insurance regulation beside the speech."""
    return library_matcher(tmp_path_factory.mktemp("lawprecise3"), "beijing-smoking.md", "jiaoqiang.md",
                           "beijing-fire.md")


def test_a_sentence_covering_more_words_but_not_the_thing_asked_does_not_displace_the_article_naming_it(three_laws):
    # 第十三条 禁止吸烟场所的经营者、管理者负有下列责任 covers more of the question's words (设置, 标识 are in its
    # items), but not its 吸烟区, which 第十一条 (室外区域，可以划定吸烟区; 吸烟区的划定…设置明显的指示标志) names
    assert _article(three_laws.ask("北京控制吸烟条例里，室外吸烟区要不要设置标识？")) == "a11"
