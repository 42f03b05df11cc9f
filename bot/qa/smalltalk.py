"""Small talk: greetings, thanks, farewells, "who are you" and acknowledgements, recognised before matching.

A message is small talk only when ALL of it is small talk: after punctuation, emoji, spaces, a mention
(@bot) and particles (啊, 呀, 哈 …) are set aside, it must be made entirely of the words below,
repeats allowed (收到收到, 好的好的, 谢谢谢谢). Anything else in it makes it a question
(好的，那隐患排查怎么搞 is a question; 好的👌 is an acknowledgement). So the recogniser is
conservative: a real question is never swallowed, at worst a chatty phrase reaches the matcher.

`classify(text)` returns the kind or None. Kinds, in the order they win when a message mixes them
(收到，谢谢 is thanks; 你好，你是谁 is who):

* ``who``      你是谁, 你能干什么, 你会什么, what can you do …
* ``thanks``   谢谢, 多谢, 辛苦了, thanks …
* ``farewell`` 再见, 拜拜, bye …
* ``greeting`` 你好, 您好, 在吗, hi, hello …
* ``ack``      收到, 好的, 好, 已阅, 明白, 知道了, 👍, OK, 嗯, 1 …

What to say back is the front end's choice (private chat: a self-introduction for greeting/who, a
short reply for thanks/farewell; acknowledgements get nothing in groups); the core only says what it is.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from bot.qa import lazyre as re
from bot.qa.text import clean

SmallTalk = Literal["who", "thanks", "farewell", "greeting", "ack"]
WHO: SmallTalk = "who"
THANKS: SmallTalk = "thanks"
FAREWELL: SmallTalk = "farewell"
GREETING: SmallTalk = "greeting"
ACK: SmallTalk = "ack"
KINDS: tuple[SmallTalk, ...] = (WHO, THANKS, FAREWELL, GREETING, ACK)  # priority order

_WORDS: dict[SmallTalk, tuple[str, ...]] = {
    WHO: (
        "你是谁", "您是谁", "你是哪位", "你叫什么", "你叫什么名字", "你是什么", "你是机器人吗", "你是机器人", "你是人吗",
        "你是真人吗", "你能干什么", "你能做什么", "你会什么", "你会干什么", "你会做什么", "你可以做什么", "你可以干什么",
        "你能干啥", "你会啥", "你能做啥", "你是干什么的", "你是干啥的", "你有什么用", "你有什么功能", "有什么功能",
        "介绍一下你自己", "介绍下你自己", "介绍一下自己", "自我介绍", "你怎么用", "怎么用", "怎么用你", "怎么使用",
        "使用说明", "帮助", "help", "who are you", "what are you", "what can you do", "what do you do",
        "how do i use you", "how does this work",
    ),
    THANKS: (
        "谢谢", "谢谢你", "谢谢您", "谢谢啦", "谢了", "多谢", "感谢", "感谢你", "感谢您", "非常感谢", "十分感谢", "太感谢了",
        "辛苦了", "辛苦", "辛苦啦", "麻烦了", "麻烦你了", "有劳", "thanks", "thank you", "thank u", "thx", "ty",
        "many thanks", "谢", "🙏", "💐", "🌹",
    ),
    FAREWELL: (
        "再见", "拜拜", "拜", "回见", "回头见", "下次见", "明天见", "晚安", "先这样", "先这样吧", "bye", "bye bye",
        "goodbye", "see you", "good night", "👋",
    ),
    GREETING: (
        "你好", "您好", "你们好", "大家好", "各位好", "在吗", "在不在", "在么", "在嘛", "有人吗", "早", "早上好", "上午好",
        "中午好", "下午好", "晚上好", "早安", "午安", "哈喽", "嗨", "hi", "hello", "hey", "good morning",
        "good afternoon", "good evening", "老师好", "领导好",
    ),
    ACK: (
        "收到", "已收到", "收悉", "已收悉", "好的", "好", "好嘞", "好滴", "好哒", "好吧", "行", "行的", "可以", "没问题", "妥",
        "妥了", "已阅", "已读", "阅", "明白", "明白了", "了解", "了解了", "知道了", "知道", "懂了", "清楚了", "嗯", "恩", "噢",
        "哦", "对", "是的", "是", "ok", "okay", "k", "okk", "roger", "got it", "noted", "sure", "fine", "1",  # 1 (11, 111): "received" in Chinese work chats
        "👍", "👌", "✅", "✔", "☑", "💪", "👏", "🤝", "😊", "🙂", "😄", "😁", "🤗", "✌", "👍🏻",
    ),
}
# Set aside before the words are compared: particles, addressing the bot, punctuation.
_FILLER = ("啊", "呀", "哈", "啦", "哟", "喽", "嘞", "哇", "呐", "嘛", "呢", "哦", "噢", "喔", "呗", "吧", "了", "的", "您", "你", "我",
           "机器人", "小助手", "助手", "bot", "老师", "领导", "同志", "各位", "大家", "哈哈", "嘿嘿", "呵呵", "非常", "真", "太")
_MENTION = re.compile(r"@\w+")
_SPACE_OR_PUNCT = re.compile(r"[\s\W_]+")


def _is_symbol(ch: str) -> bool:
    """Emoji and other pictographs, variation selectors, skin tones, zero-width joiners."""
    cat = unicodedata.category(ch)
    return cat in ("So", "Sk", "Cf", "Mn", "Me") or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _tokens() -> list[tuple[str, SmallTalk | None]]:
    """Every word (without spaces) with its kind; fillers have kind None. Longest first."""
    out: dict[str, SmallTalk | None] = {f: None for f in _FILLER}
    for kind in reversed(KINDS):  # a word listed under two kinds keeps the higher-priority one
        for w in _WORDS[kind]:
            out[w.replace(" ", "")] = kind
    return sorted(out.items(), key=lambda kv: -len(kv[0]))


_TOKENS = _tokens()
_SYMBOL_KINDS = {w: k for k in KINDS for w in _WORDS[k] if all(_is_symbol(c) for c in w)}


def _symbols_kind(text: str) -> list[SmallTalk | None]:
    """The kinds of the emoji in a message (None for an emoji that is not listed, e.g. a flag)."""
    kinds: list[SmallTalk | None] = []
    for ch in text:
        if _is_symbol(ch) and ch not in "\u200d\ufe0f\ufe0e" and not 0x1F3FB <= ord(ch) <= 0x1F3FF:
            kinds.append(_SYMBOL_KINDS.get(ch, ACK if unicodedata.category(ch) == "So" else None))
    return kinds


def classify(text: str) -> SmallTalk | None:
    """The small-talk kind of a whole message, or None when it is (or contains) a real question."""
    if not isinstance(text, str) or not text.strip() or len(text) > 40:
        return None
    raw = _MENTION.sub(" ", text)
    kinds: list[SmallTalk | None] = _symbols_kind(raw)
    words = "".join(ch for ch in clean(raw) if not _is_symbol(ch))
    rest = _SPACE_OR_PUNCT.sub("", words)
    if any(k is None for k in kinds):
        return None
    found: list[SmallTalk] = [k for k in kinds if k is not None]
    while rest:
        for word, kind in _TOKENS:
            if rest.startswith(word):
                if kind is not None:
                    found.append(kind)
                rest = rest[len(word):]
                break
        else:
            return None
    if not found:
        return None
    return min(found, key=KINDS.index)
