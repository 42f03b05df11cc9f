"""Precision of answers inside a named law (branch lawprecise): a sentence that merely shares the question's
words must not be quoted for it. On a real document of ../shared/corpus (tests/fixtures/documents/
beijing-smoking.md: its penalties cite the articles they enforce), asked questions no labelled set asks."""

from __future__ import annotations

import pytest

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
