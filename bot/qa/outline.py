"""Questions about the speech's structure (讲话分几点? 第三点讲了什么? what is the second point?).

These are answered from the outline derived from the text, not from retrieval: "第一点" and "第三点"
differ by one character, which no fuzzy score separates reliably. A question is structural when,
besides an optional ordinal reference, it contains only structural words (点, 部分, 讲了什么 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qa.knowledge import Document, KnowledgeBase
from bot.qa.result import Answer
from bot.qa.source import CN_NUMERALS, Section, SubPoint, cn_number, cn_numeral
from bot.qa.text import normalise

_NUM = rf"[{CN_NUMERALS}]+|\d+"
_POINT_REF = re.compile(rf"第?({_NUM})(?:点|部分|个部分|条|项|方面|个方面|大点|点意见|大部分)")
_POINT_REF_BARE = re.compile(rf"^({_NUM})、")
_SUB_REF = re.compile(rf"第?({_NUM})(?:要|个要求|小点|个小点)")
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_EN_POINT = re.compile(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th)\s+(?:main\s+)?(?:point|part|section)\b"
                       r"|\b(?:point|part|section)\s+(\d+|one|two|three|four)\b")
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4}
# Words that carry no topic: what is left of a structural question once they are removed is empty.
_STRUCT_WORDS = (
    "讲话 这篇 这个 篇 县长 一共 总共 共 总 分为 分成 分 包括 包含 有 几 多少 哪几 哪些 个 点 部分 意见 内容 主要 讲了 讲的 讲 说了 说 "
    "什么 啥 是 的 呢 吗 了 提纲 大纲 结构 框架 要点 重点 主题 核心 概括 概要 总结 一下 请问 请 问 讲哪 都 分别 具体 里 中 其中 第 条 项 方面 "
    "要求 小点 要 大点 整体 全文 概述 目录 下 谈 谈了 提出 提了 我 想 知道 给 列 列出 哪 些"
).split()
_EN_STRUCT = re.compile(
    r"\b(outline|main points|key points|structure|summary|summar(?:ise|ize)|how many (?:points|parts|sections)|"
    r"what (?:is|does) the speech (?:about|say|cover)|what are the (?:points|parts|sections)|overview|topics)\b"
)


@dataclass(frozen=True)
class OutlineReply:
    answer: Answer | None  # None: ambiguous reference, see `choices`
    choices: tuple[tuple[str, str], ...] = ()  # (question, id) suggestions


_STRUCT_WORDS_RE = re.compile("|".join(map(re.escape, sorted(_STRUCT_WORDS, key=len, reverse=True))) + r"|\s+")


def _strip_struct_words(text: str) -> str:
    return _STRUCT_WORDS_RE.sub("", text)


def _num(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def _prefix(doc: Document, kb: KnowledgeBase) -> str:
    """With several speeches, a question names its speech: 《title》第一点讲了什么."""
    return f"《{doc.title}》" if len(kb.documents) > 1 else ""


def outline_question(doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}分几点" if len(kb.documents) > 1 else "讲话分几点"


def point_question(section: Section, doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}第{cn_numeral(section.ordinal)}点讲了什么"


def subpoint_question(section: Section, sub: SubPoint, doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}第{cn_numeral(section.ordinal)}点的{sub.label}是什么"


def _pick_document(q: str, kb: KnowledgeBase) -> tuple[Document | None, str]:
    """The document a question names by its title (and the question without it); None when several
    documents exist and the question names none of them."""
    for doc in kb.documents:
        title = normalise(doc.title).replace(" ", "")
        if title and title in q:
            return doc, q.replace(title, "")
    return (kb.documents[0], q) if len(kb.documents) == 1 else (None, q)


def outline_text(doc: Document) -> str:
    points = doc.points
    items = ";".join(f"{cn_numeral(p.ordinal)}、{p.heading}" for p in points)
    count = "两" if len(points) == 2 else cn_numeral(len(points))  # 两点, not 二点, as a count
    return f"讲话共{count}点意见:{items}。"


def point_text(section: Section, kb: KnowledgeBase, limit: int) -> str:
    head = f"{cn_numeral(section.ordinal)}、{section.heading}"
    if section.subpoints:
        subs = ";".join(f"{s.label}{s.heading}" for s in section.subpoints)
        return f"{head}。其中:{subs}。"
    # No sub-points: the heading and the opening sentences of the point, as far as they fit.
    text = head + "。"
    for pid in section.passage_ids:
        for sid in kb.passages[pid].sentence_ids:
            s = kb.sentences[sid].text
            if len(text) + len(s) > limit:
                return text
            text += s
    return text


def subpoint_text(sub: SubPoint, kb: KnowledgeBase, limit: int) -> str:
    text = ""
    for pid in sub.passage_ids:
        for sid in kb.passages[pid].sentence_ids:
            s = kb.sentences[sid].text
            if text and len(text) + len(s) > limit:
                return text
            text += s
    return text


def answer_structure(question_norm: str, english: bool, kb: KnowledgeBase, limit: int,
                     topic_words: bool = False) -> OutlineReply | None:
    """An outline answer when the question is purely about structure; None otherwise.

    `topic_words`: an English question also names a topic of the speech (two sessions, mines), so
    "what does the speech say about X" is about X, not about the outline.
    """
    doc, q = _pick_document(question_norm.replace(" ", ""), kb)
    point = sub = None
    if english:
        m = _EN_POINT.search(question_norm)
        if m:
            point = _EN_ORD.get(m.group(1) or "", 0) or _EN_NUM.get(m.group(2) or "", 0) or int(m.group(2) or 0)
        elif not _EN_STRUCT.search(question_norm) or topic_words:
            return None
    else:
        m = _POINT_REF.search(q) or _POINT_REF_BARE.search(q)
        rest = q
        if m:
            point = _num(m.group(1))
            rest = q[: m.start()] + " " + q[m.end():]
        ms = _SUB_REF.search(rest)
        if ms:
            sub = _num(ms.group(1))
            rest = rest[: ms.start()] + rest[ms.end():]
        if _strip_struct_words(rest):
            return None  # the question names a topic: leave it to retrieval
        if point is None and sub is None and not re.search(r"几|多少|哪些|哪几|提纲|大纲|结构|框架|要点|主要内容|讲了什么|说了什么|内容", q):
            return None
    if doc is None:  # several speeches and none named: ask which one
        choices = []
        for d in kb.documents:
            sections = {s.ordinal: s for s in d.points}
            if point in sections:
                choices.append((point_question(sections[point], d, kb), sections[point].id))
            else:
                choices.append((outline_question(d, kb), d.outline_id))
        return OutlineReply(None, tuple(choices))
    sections = {s.ordinal: s for s in doc.points}
    if point is None and sub is None:
        text = outline_text(doc)
        return OutlineReply(Answer(doc.outline_id, text, (doc.title,), 1.0, kind="outline"))
    if point is not None and point not in sections:
        return OutlineReply(None, tuple((point_question(s, doc, kb), s.id) for s in doc.points))
    if sub is None or (point is not None and not sections[point].subpoints):
        # A point without sub-points answers for itself (第一点的一要 → the first point).
        section = sections[point] if point is not None else None
        if section is not None:
            return OutlineReply(Answer(section.id, point_text(section, kb, limit),
                                       (section.title,), 1.0, kind="outline"))
    candidates = [(s, sp) for s in doc.points for sp in s.subpoints
                  if sp.ordinal == sub and (point is None or s.ordinal == point)]
    if len(candidates) == 1:
        section, sp = candidates[0]
        return OutlineReply(Answer(sp.id, subpoint_text(sp, kb, limit),
                                   kb.passages[sp.passage_ids[0]].path[:2], 1.0, kind="outline"))
    pool = candidates or [(s, sp) for s in doc.points for sp in s.subpoints if point is None or s.ordinal == point]
    return OutlineReply(None, tuple((subpoint_question(s, sp, doc, kb), sp.id) for s, sp in pool))
