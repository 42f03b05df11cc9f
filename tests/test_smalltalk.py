"""Small talk is recognised before matching, and only when the whole message is small talk."""

from __future__ import annotations

import pytest

from bot.qa.smalltalk import classify


@pytest.mark.parametrize("text", ["你好", "您好！", "在吗？", "hi", "Hello!", "大家好", "早上好", "你好机器人"])
def test_greetings_are_greetings(text):
    assert classify(text) == "greeting"


@pytest.mark.parametrize("text", ["谢谢", "多谢多谢", "辛苦了🙏", "thanks!", "Thank you", "感谢", "收到，谢谢", "好的谢谢"])
def test_thanks_are_thanks_even_after_an_acknowledgement(text):
    assert classify(text) == "thanks"


@pytest.mark.parametrize("text", ["再见", "拜拜~", "bye", "回头见"])
def test_farewells_are_farewells(text):
    assert classify(text) == "farewell"


@pytest.mark.parametrize("text", ["你是谁", "你能干什么？", "你会什么", "What can you do?", "你是干什么的", "你好，你是谁"])
def test_who_are_you_questions_ask_what_the_bot_is(text):
    assert classify(text) == "who"


@pytest.mark.parametrize("text", ["收到", "收到！", "收到收到", "好的👌", "好", "已阅", "明白", "知道了", "👍", "👍🏻👍🏻",
                                  "OK", "ok", "嗯", "嗯嗯", "1", "111", "@safety_bot 收到", "好的好的", "明白了！", "太好了"])
def test_acknowledgements_with_punctuation_emoji_and_repeats_are_acknowledgements(text):
    assert classify(text) == "ack"


@pytest.mark.parametrize("text", ["好的，那隐患排查怎么搞", "你好，建筑工地有什么要求", "收到，值班怎么安排", "谢谢，那企业呢",
                                  "谁来查", "隐患", "2", "12", "第二个", "可以吗", "好的吗", "", "   ", "OK 那下一条"])
def test_anything_with_a_real_question_in_it_is_not_small_talk(text):
    assert classify(text) is None


def test_a_long_message_is_never_small_talk():
    assert classify("收到" * 30) is None
