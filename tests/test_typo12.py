"""Branch typo12: the sound-typo fixer reads a pinyin slip into a question only when the slip explains the
question better than the characters as typed (`Index._slip_explains`), so everyday words typed right are no
longer rewritten into the documents' words that sound alike (省里 → 胜利, 护士 → 忽视), while the slips users
do make in the documents' terms (值手 → 值守, 消仿 → 消防) are still read."""

from __future__ import annotations

import pytest

from tests.helpers_core import library_matcher, shipped_matcher


@pytest.fixture(scope="module")
def speech():
    return shipped_matcher()


@pytest.fixture(scope="module")
def laws(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("typo12"), "linyi-fireworks.md", "beijing-fire.md",
                           "henan-road.md")


def _read(matcher, question: str) -> list[str]:
    return [c.surface for c in matcher.index.parse(question).concepts]


@pytest.mark.parametrize("question, typed, not_read_as", [
    ("山火烧到什么程度要报到省里", "省", "胜利"),      # 省里 is a word general Chinese uses often enough
    ("护士在医院里能不能吸烟", "护士", "忽视"),
    ("设计师想把燃气管道包进墙里", "设计", "事项"),    # 想 belongs after 设计师, not in 时向 / 事项
])
def test_an_everyday_word_typed_right_is_not_rewritten_into_a_law_word_that_sounds_alike(laws, question, typed,
                                                                                         not_read_as):
    words = _read(laws, question)
    assert not_read_as not in words
    assert typed in words


@pytest.mark.parametrize("question, read_as", [
    ("燃放烟花爆竹要注意哪些安权事项", "安全"),
    ("烟花爆竹零售点要有什么消仿设施", "消防"),
])
def test_a_pinyin_slip_in_a_law_word_is_still_read_as_the_word(laws, question, read_as):
    assert read_as in _read(laws, question)


@pytest.mark.parametrize("question, not_read_as", [
    ("我们村在河边，讲话提没提防汛", "存在"),     # 村 + 在, not 存在
    ("车子出险以后多久要报告", "出现"),           # 出险 is a word of its own
    ("活儿干不完能不能加班", "干部"),             # 干 + 不: two ordinary words
    ("领导中是谁负责", "重视"),                   # 中 + 是, not 重视
])
def test_ordinary_speech_is_not_read_as_a_slip_of_the_speechs_words(speech, question, not_read_as):
    assert not_read_as not in _read(speech, question)


@pytest.mark.parametrize("question, read_as", [
    ("应急值手期间能离岗吗", ["值守"]),            # 值守 is rare in general Chinese but the speech's own word
    ("隐换排查要查哪些地方", ["隐患"]),
    ("一票否绝是啥意思", ["否决"]),
    ("讲话里的安全生产地线是什么意思", ["底线"]),   # jieba lists 地线, but 底线 is the speech's and fits 安全生产
    ("建筑师工安权有什么要求", ["施工", "安全"]),    # 建筑师 is a word, yet 建筑施工安全 explains it far better
    ("乡镇要守住哪条洪线", ["红线"]),
])
def test_pinyin_slips_in_the_speechs_terms_are_still_read_as_its_terms(speech, question, read_as):
    words = _read(speech, question)
    assert all(w in words for w in read_as), words


def test_a_slip_of_two_characters_needs_more_evidence_than_a_slip_of_one(speech):
    index = speech.index
    # 期是 → 其实 changes both characters: the speech's word is not worth two slips here
    assert not index._slip_explains(["其实"], "汛期是几月", 1, 3, ["汛", "期是", "几", "月"], (1, 2))
    # 值手 → 值守 changes one, and 应急 beside it shares the speech's sentences with 值守
    assert index._slip_explains(["值守"], "应急值手期间", 2, 4, ["应急", "值手", "期间"], (1, 2))


def test_a_rare_law_word_the_rest_of_the_question_does_not_go_with_is_no_slip(tmp_path_factory):
    # 交强险 glued by jieba sounds as 交 + 抢险; but 条例, 保险公司, 承保 never share a sentence with 抢险
    matcher = library_matcher(tmp_path_factory.mktemp("typo12b"), "linyi-fireworks.md", "beijing-fire.md",
                              "jiaoqiang.md")
    words = _read(matcher, "交强险条例规定保险公司能不能拒绝承保")
    assert "抢险" not in words and "交强险" in words
