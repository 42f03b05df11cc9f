"""Messages over Telegram's 4,096-character limit are split at sentence boundaries.

The county speech has no passage that long, so this test builds a tiny speech whose one sub-point is
far longer than a message, and runs the real matcher and bot on it.
"""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.qa.knowledge import load_knowledge
from bot.qa.matcher import Matcher
from bot.telegram_app.messages import TELEGRAM_LIMIT, Block, pack, utf16_len
from tests.botharness import bot_running
from tests.fake_bot_api import User, parse_html
from tests.test_bot_private import ask, tap

ALICE = User(6001, "Alice", "zh-hans")


def long_speech(folder):
    doc = folder / "long-speech"
    doc.mkdir(parents=True)
    sentences = [f"第{n}条要求是把第{n}项工作落到实处,并且按时检查整改情况,确保万无一失。" for n in range(1, 141)]
    for n in range(9, 140, 10):  # text that grows when escaped must still fit
        sentences[n] = f"第{n + 1}条要求写作A&B<C>,标记“<b>不是粗体</b>”必须原样显示。"
    sentences[4] = "春季长跑比赛要由体育部门统一组织,各单位按时报名。"
    body = "".join(sentences)
    source = f"测试讲话\n各位同志:今天讲一件事。\n一、抓好各项要求落实\n一要逐条落实各项要求。{body}\n"
    (doc / "source.txt").write_text(source, encoding="utf-8")
    (doc / "qa.yaml").write_text(
        "- id: race\n  question: 长跑比赛由谁组织\n  answer: p1.1.s6\n", encoding="utf-8")
    return sentences


async def test_a_context_longer_than_a_message_is_split_at_sentence_boundaries(config, fake, tmp_path):
    sentences = long_speech(tmp_path)
    matcher = Matcher(load_knowledge(tmp_path), config.matcher)
    async with bot_running(config, matcher, fake):
        [answer] = await ask(fake, ALICE, "长跑比赛由谁组织")
        assert sentences[4] in answer.text
        parts = await tap(fake, answer, "查看上下文", ALICE, settle=0.2)
    assert len(parts) >= 2
    for part in parts:
        assert utf16_len(part.text) <= TELEGRAM_LIMIT
    for part in parts[:-1]:
        assert part.text.endswith("。")  # cut after a sentence, never inside one
    shown = "".join(p.text.replace("\n", "") for p in parts)
    assert "".join(sentences) in shown  # nothing lost, nothing interpreted as HTML
    assert not any("不是粗体" in b for p in parts for b in p.bold)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="安全生产。!?;<>&ab \n😀", min_size=0, max_size=900),
                          st.sampled_from(["", "b", "i", "blockquote"])), min_size=1, max_size=8),
       st.integers(min_value=60, max_value=600))
def test_packing_never_exceeds_the_limit_never_breaks_html_and_keeps_every_character(blocks, limit):
    parts = pack([Block(text, style) for text, style in blocks], limit)
    for part in parts:
        assert utf16_len(part) <= limit
        parse_html(part) if part else None  # balanced tags, everything escaped
    visible = "".join(parse_html(p)[0].replace("\n", "") for p in parts if p)
    expected = "".join(text.replace("\n", "") for text, _ in blocks)
    # A part that would hold only spaces is not sent (Telegram refuses a blank message); nothing else is lost.
    assert visible.replace(" ", "") == expected.replace(" ", "")
    assert visible == expected or not expected.strip() or len(parts) > 1


def test_escaping_covers_everything_from_users_and_knowledge():
    [part] = pack([Block("<script>&</script>", "b")])
    assert part == f"<b>{html.escape('<script>&</script>', quote=False)}</b>"


async def test_search_results_longer_than_a_message_are_split_between_sentences(config, fake, tmp_path):
    sentences = long_speech(tmp_path)
    matcher = Matcher(load_knowledge(tmp_path), config.matcher)
    async with bot_running(config, matcher, fake):
        parts = await ask(fake, ALICE, "/search 要求", settle=0.2)
    assert len(parts) >= 2
    for part in parts[:-1]:
        assert part.text.endswith("。")
    assert "".join(sentences) in "".join(p.text.replace("\n", "") for p in parts)
    assert all(set(p.bold) <= {"要求"} for p in parts) and any(p.bold for p in parts)
