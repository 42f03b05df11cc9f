"""Questions about laws beside the speech (branch laws12): an ordinary word of the question (a verb, an adverb)
that the library knows but the answering law does not write weighs little against that law. Our own invented
questions over real laws (tests/fixtures/documents, copied from ../shared/corpus) beside the shipped speech."""

from __future__ import annotations

import pytest

from tests.helpers_core import library_matcher


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws12"), "beijing-fire.md", "jiaoqiang.md",
                           "linyi-fireworks.md", "henan-road.md")


def test_a_law_asked_from_which_day_it_began_to_apply_gives_its_date_though_it_never_says_began(library):
    # the law says 本条例自2011年9月1日起施行: 开始 (began) is the asker's ordinary word, not another topic
    r = library.ask("北京消防条例是从哪天开始施行的")
    assert r.status == "answered"
    assert "2011年9月1日" in r.answers[0].text


def test_a_question_about_a_topic_no_law_covers_is_still_not_covered_beside_the_laws(library):
    # 提前 is an ordinary word, but 养老保险 is a topic none of the documents covers
    assert library.ask("单位提前多久要交养老保险").status == "no_answer"


def test_the_speech_is_still_answered_first_in_the_library(library):
    r = library.ask("安全生产工作要提前做好哪些准备")
    assert r.status != "no_answer"
    assert r.answers == () or r.answers[0].id.startswith("county-safety-2023/")
