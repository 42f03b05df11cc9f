"""Questions about the speech's structure (讲话分几点? 第三点讲了什么? what is the second point?).

These are answered from the outline derived from the text, not from retrieval: "第一点" and "第三点"
differ by one character, which no fuzzy score separates reliably.

A question is structural when it refers to a point or sub-point by its number (第三点, 第二部分,
第四点里面第三个要求, “二要”) and its remaining words name no topic of the speech, or when it asks for
the outline (几点, 提纲, 主要内容) and names no topic. Whether the remaining words name a topic is the
matcher's call (`TopicTest`: the index's known words and their weights, jieba's dictionary for the
unknown ones), not a list of structural words: 标题, 叫啥, 里面, 下面 are not listed anywhere and need
not be. A question that asks how many points there are is answered with the sentence of the speech that
says so (下面,我再强调四点意见:) followed by the headings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from bot.qa import lazyre as re
from bot.qa import naming
from bot.qa.knowledge import Document, KnowledgeBase
from bot.qa.result import Answer
from bot.qa.source import CN_NUMERALS, Section, SubPoint, cn_numeral
from bot.qa.structure import cn_int
from bot.qa.text import normalise

_NUM = rf"[{CN_NUMERALS}百零]+|\d+"
# 一点 without 第 (or 头/这/那 before it) is "a little" (便宜一点, 注意一点), not the first point
# (下一条, 上一项, 后一个: a step from a place, not the first one: `_step`)
_POINT_REF = re.compile(rf"(?<![下上前后哪])第?(?!(?<=[^第头这那])一点(?!意见))({_NUM})(?:点|部分|个部分|条|项|方面|个方面|大点|点意见|大部分|章|编)")
_POINT_REF_BARE = re.compile(rf"^({_NUM})、")
_LAST_SUB = re.compile(r"最后(?:一)?(?:个|条|项)?(?:要求|小点|方面|条|项|要)")
_SUB_REF = re.compile(rf"第?({_NUM})(?:要|个要求|小点|个小点)")
# After a point reference, an ordinal with any counting word is a sub-point of that point: 第三点意见里的
# 第一条要求, 第四点里面的第三条, 第二部分的第二个.
_SUB_IN_POINT = re.compile(rf"第({_NUM})(?:个|条|项|点|要|小点|方面|部分|位)")
# …and asking how many or which parts it has asks for its sub-points: 下面分了哪几条, 有几个要求.
# (分几块, 有哪几个要: 块 counts parts as 个 does, and 要 ending the question is the speech's 一要, 二要 …)
_SUB_LIST = re.compile(r"(?:分(?:了|成|为)?|有|包括|包含)?(?:哪几|哪些|几|多少)(?:个|条|项|点|小点|方面)?"
                       r"(?:要求|小点|方面|条|项|点|部分|内容|块(?!钱)|(?<=个)要(?=[呢吗啊?？。,，\s]|$))?")
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_EN_POINT = re.compile(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th)\s+(?:main\s+)?(?:point|part|section)\b"
                       r"|\b(?:point|part|section)\s+(\d+|one|two|three|four)\b")
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4}
# Without an ordinal reference a question is about the outline when it asks for it in so many words:
# how many (or which) points or parts, the outline, the main content. Like an ordinal reference, the
# words matched are taken out before the rest is tested for a topic.
_OVERVIEW = re.compile(
    # (not after a verb of belonging: 安全生产问题属于哪些方面的问题 classes a thing, the speech is not divided)
    rf"(?<!属于)(?<!属)(?<!算)(?<!归)(?<!哪)(?:几|多少|哪几|哪些|哪(?:{_NUM}))(?:个|大)?(?:点|部分|方面|大点|大块|章|编)(?:意见|内容)?"
    # 块 counts parts only where something is divided or said in them (分几块, 分了哪几块, 讲了哪几块): 县里哪几块
    # 最让人操心 asks which areas, not the outline
    rf"|(?<=[分了成为讲说])(?:几|哪几|哪(?:{_NUM}))个?块(?!钱)|(?:几|哪几|哪(?:{_NUM}))个要(?=[呢吗啊?？。,，\s]|$)"
    r"|提纲|大纲|结构|框架|要点|主要内容|内容|(?:讲|说)(?:了|的)(?:是)?(?:什么|啥)"
)
_COUNT = re.compile(r"几|多少")
_EN_STRUCT = re.compile(
    r"\b(outline|main points|key points|structure|summary|summar(?:ise|ize)|how many (?:points|parts|sections)|"
    r"what (?:is|does) the speech (?:about|say|cover)|what are the (?:points|parts|sections)|overview|topics)\b"
)


@dataclass(frozen=True)
class OutlineReply:
    answer: Answer | None  # None: ambiguous reference, see `choices`
    choices: tuple[tuple[str, str], ...] = ()  # (question, id) suggestions
    absent: bool = False  # the document named has no such unit (a law's 第一百二十五条 past its last): not covered


# names_topic(rest, confirming, ordinal, doc) → whether the words of `rest` name a topic of their own; words
# found in `confirming` (the speech's title, the sentence announcing its points, the headings of the part
# referred to) only confirm the reference. `ordinal`: the question refers to a point by its number. `doc`:
# the id of the document asked about (its own words are the ones that can name a topic of it), or None.
TopicTest = Callable[[str, str, bool, "str | None"], bool]


def _num(text: str) -> int:
    return int(text) if text.isdigit() else cn_int(text)


def _prefix(doc: Document, kb: KnowledgeBase) -> str:
    """With several documents, a question names its document by its short name: 《short name》第一点讲了什么."""
    return f"《{doc.short_name}》" if len(kb.documents) > 1 else ""


def unit_name(section: Section) -> str:
    """How a question names a top-level unit in the document's own terms: 第一点 (the speech), 第三章,
    第二十一条; 第二部分 for 二、; the label otherwise."""
    if section.label.startswith("第") and not section.label.endswith("段"):
        return section.label
    if section.label.endswith(("、", ".", "．")):
        return f"第{cn_numeral(section.ordinal)}部分"
    return section.label


def outline_question(doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}分几点" if len(kb.documents) > 1 else "讲话分几点"


def point_question(section: Section, doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}{unit_name(section)}讲了什么"


def subpoint_question(section: Section, sub: SubPoint, doc: Document, kb: KnowledgeBase) -> str:
    return f"{_prefix(doc, kb)}第{cn_numeral(section.ordinal)}点的{sub.label}是什么"


def heading_question(kb: KnowledgeBase, sentence_id: str) -> tuple[str, str] | None:
    """A question the outline answers about the unit a sentence stands in, and that unit's id: a law's
    article (《北京市消防条例》第十条讲了什么), a sub-point by its heading (《…方案》开展全民安全素质提升行动),
    a point by its number (《…方案》第一部分讲了什么); None for an introduction or a closing. Suggestions
    and related questions of a document without curated Q&A are these (`bot.qa.matcher`)."""
    passage = kb.passage_of(sentence_id)
    doc = kb.document(sentence_id)
    if re.search(r"/a\d+$", passage.id) and passage.path and passage.path[-1].startswith("第"):
        return f"{_prefix(doc, kb)}{passage.path[-1]}讲了什么", passage.id
    section = next((s for s in doc.points if s.id == passage.section_id), None)
    if section is None:
        return None
    sub = next((sp for sp in section.subpoints if sp.id == passage.subpoint_id), None)
    if sub is not None and len(sub.heading) >= MIN_HEADING and len(kb.documents) > 1:
        return f"{_prefix(doc, kb)}{sub.heading}", sub.id
    return point_question(section, doc, kb), section.id


MIN_HEADING = 4  # characters of a heading that a question may quote to name its unit


def _point_reply(section: Section, kb: KnowledgeBase, limit: int, closing: bool = True) -> OutlineReply:
    """A point answered by the outline: its heading and parts (or opening sentences, and its closing one)."""
    return OutlineReply(Answer(section.id, point_text(section, kb, limit, closing), kb.cite(section.id, (section.title,)),
                               1.0, kind="outline"))


# 第二点展开说说, 第一点具体讲了啥: a point asked in detail is read from its opening, not summed up by its closing
_IN_DETAIL = re.compile(r"具体|详细|仔细|展开|完整|全文|原文|原话")


def _subpoint_reply(sp: SubPoint, kb: KnowledgeBase, limit: int) -> OutlineReply:
    """A sub-point answered by the outline: its sentences from its heading on, as far as they fit."""
    return OutlineReply(Answer(sp.id, subpoint_text(sp, kb, limit), kb.cite(sp.id, kb.passages[sp.passage_ids[0]].path[:2]),
                               1.0, kind="outline"))


def _by_heading(doc: Document, q: str, kb: KnowledgeBase, limit: int) -> OutlineReply | None:
    """A question that names its document and quotes one of its sub-points' headings as all it says
    (《…方案》开展全民安全素质提升行动, the suggestion `heading_question` makes): that sub-point."""
    rest = re.sub(r"(?:讲了|说了|是)?(?:什么|啥)|[《》]", "", q).removeprefix("的").removeprefix("里")
    for section in doc.points:
        for sp in section.subpoints:
            heading = normalise(sp.heading).replace(" ", "")
            if len(heading) >= MIN_HEADING and rest == heading:
                return _subpoint_reply(sp, kb, limit)
    return None


_KIND_WORDS = ("讲话", "通知", "方案", "条例", "办法", "决定", "规定", "意见", "细则", "法")
_UNIT_WORDS = {"点": ("speech",), "章": ("law",), "条": ("law",), "编": ("law",)}


def _pick_document(q: str, kb: KnowledgeBase, today: dt.date | None = None
                   ) -> tuple[Document | None, str, tuple[Document, ...]]:
    """The document a question names (and the question without the name); None when several documents
    exist and the question does not tell which, with the documents to choose from. Named by its title,
    its short name, its kind and date (最新的讲话, 去年的讲话: `bot.qa.naming`), or the kind of document
    when only one is of that kind (这篇讲话, 那个通知, 讲话); failing that, by the unit the question counts
    in when only one document has such units (第一点: the speech), else the primary document (meta.yaml
    `primary: true`) when it has such units."""
    if len(kb.documents) == 1:
        return kb.documents[0], q, kb.documents
    found = naming.named(q, kb, today)
    if len(found.documents) == 1:
        return found.documents[0], q.replace(found.words, "", 1), found.documents
    if found.words:  # several of that kind (这个通知 among two), or none of that date: ask which
        return None, q.replace(found.words, "", 1), found.documents or kb.documents
    for word in _KIND_WORDS:
        if word in q:
            docs = _ending_with(kb, word)
            if len(docs) == 1:
                return docs[0], q.replace(word, "", 1), kb.documents
    primary = kb.primary_documents
    for unit, kinds in _UNIT_WORDS.items():
        if re.search(rf"(?:{_NUM}|几|多少)(?:个|大)?{unit}", q):
            docs = _of_kinds(kb, kinds)
            if len(docs) == 1:
                return docs[0], q, kb.documents
            if len(primary) == 1 and primary[0] in docs:
                return primary[0], q, kb.documents
    if len(primary) == 1:  # a question that names no document is about the primary one
        return primary[0], q, (primary[0],)
    return None, q, kb.documents


def _ending_with(kb: KnowledgeBase, word: str) -> tuple[Document, ...]:
    """The documents whose kind name (the third of `document_names`) ends with a kind word: found once per
    knowledge base and kept with it, not looked for among a thousand documents in every question."""
    cache = kb.__dict__.setdefault("_outline_documents_ending_with", {})
    docs = cache.get(word)
    if docs is None:
        docs = cache[word] = tuple(d for d, names in zip(kb.documents, kb.document_names, strict=True)
                                   if names[2].endswith(word))
    return docs


def _of_kinds(kb: KnowledgeBase, kinds: tuple[str, ...]) -> tuple[Document, ...]:
    """The documents of those kinds (`_kind`), computed once per knowledge base (a thousand laws) and kept
    with it, as a cached property would be."""
    cache = kb.__dict__.setdefault("_outline_documents_of_kinds", {})
    docs = cache.get(kinds)
    if docs is None:
        docs = cache[kinds] = tuple(d for d in kb.documents if _kind(d) in kinds)
    return docs


# (四点意见里最后一点: the count before it goes with it, else 四点意见 reads as 第四点 and 第四点 as a sub-point)
_LAST_POINT = re.compile(rf"(?:(?:{_NUM})(?:点|个|大)?(?:意见|部分)(?:里面|里|中|当中)?的?)?最后(?:一)?(?:个)?(点|部分|大点|大部分|点意见)")
# What the text has already covered, said on the way to an ordinal (讲完隐患排查整治，紧接着…第二项是啥)
_LANDMARK = re.compile(r"(?:讲完|说完|讲过|说过)[^,，。？?\s]{1,16}?(?:之后|以后|后)?(?=[,，\s]|$)")
_WHICH_POINT = re.compile(r"(?:是)?哪一?(点|部分)")
# 四点意见里第一点: the count of the set before an ordinal goes with it, not read as 第四点
_SET_OF_POINTS = re.compile(rf"(?<!第)({_NUM})(?:点|个|大)?(?:意见|部分)(?:里面|里|中|当中)?的?(?=.*(?:第|头一))")
# 四点意见前面，开头说了啥 / 四点意见之前讲了啥: what comes before the set of points is the speech's own opening
_BEFORE_THE_POINTS = re.compile(rf"(?<!第)(?:{_NUM})(?:点|个|大)?(?:意见|部分)(?=(?:之|以)?前(?:面|边|头)?(?!一))")
_CLOSING_REF = re.compile(r"结尾|结束语|末尾|收尾|最后(?:县长|他)?(?:说|讲|提)|最后(?:一|那|这)?(?:段|句|几句)(?:话)?")


def _closing(doc: Document, q: str, kb: KnowledgeBase, names_topic: TopicTest | None, limit: int) -> OutlineReply | None:
    """讲话结尾说了什么, 结尾是怎么收的: the closing words, when the rest of the question names no topic of
    its own (the words of the closing passage, and 讲话/县长/同志们, only confirm it)."""
    m = _CLOSING_REF.search(q)
    if m is None:
        return None
    closing = next((sec for sec in doc.speech.sections if sec.kind == "closing" and sec.passage_ids), None)
    if closing is None:
        return None
    pid = closing.passage_ids[0]
    rest = q[: m.start()] + " " + q[m.end():]
    confirming = kb.passage_text(pid) + "讲话县长同志们"
    if names_topic is not None and names_topic(rest, confirming, True, doc.id if len(kb.documents) > 1 else None):
        return None
    passage = kb.passages[pid]
    ids = tuple(passage.sentence_ids)
    return OutlineReply(Answer(ids[0], kb.passage_text(pid)[: max(limit, 1)], kb.cite(pid, passage.path), 1.0,
                               original=kb.passage_text(pid, original=True)[: max(limit, 1)], passage_id=pid,
                               sentence_ids=ids))  # a quote of the closing passage, as retrieval would give it


# A step from a place the question names (讲完落实部门监管责任以后，下一条讲的是什么; 党政领导责任的上一项):
# the unit next to (or before) that place, at its level, or at the point level when the step says 点/部分.
_STEP = re.compile(r"(?P<dir>下|上|后|前)面?一(?P<unit>个|条|项|要|小点|方面|点|部分|大点)(?!意见里|点里)")
_STEP_POINT_UNITS = ("点", "部分", "大点")
# …or said as what follows the place the text has covered (讲完应急值守以后，接下来那一大点; 讲完党政领导责任之后，
# 紧接着讲的是哪项责任): a step forward, at the point level when what follows is asked as a point
_FOLLOWING = re.compile(r"(?P<place>(?:讲完|说完|讲过|说过)[^,，。？?\s]{1,16}?)(?:之后|以后|后)?[,，\s]*(?:接下来|紧接着|紧跟着|接着)")
_FOLLOWING_POINT = re.compile(r"大点|大部分|哪一?(?:点|部分)|那一?(?:点|部分)")
_MIN_LANDMARK = 4  # characters a heading must share, in a run, with the question to be the place it names


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters `a` and `b` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _step(doc: Document, q: str, kb: KnowledgeBase, limit: int) -> OutlineReply | None:
    """下一条/上一项 after a place named by its heading (or by its ordinal, 第三点的下一点): the unit
    next to that place, rendered as the outline renders it. None when the question names no step, or no
    heading stands out as the place (several equally, or none sharing `_MIN_LANDMARK` characters)."""
    m = _STEP.search(q)
    if not doc.points:
        return None
    if m is not None:
        before, forward, point_level = q[: m.start()], m.group("dir") in "下后", m.group("unit") in _STEP_POINT_UNITS
    else:
        follows = _FOLLOWING.search(q)
        if follows is None or "第" in q[follows.end():]:
            return None  # (讲完隐患排查整治，紧接着讲的第二项: an ordinal counted from there)
        before, forward = follows.group("place"), True
        point_level = _FOLLOWING_POINT.search(q, follows.end()) is not None
    ordinal = _POINT_REF.search(before)
    n = _num(ordinal.group(1)) if ordinal is not None else None
    # a heading the question names is the place; within the point its ordinal names, when it names one
    # (第三点里讲完重点领域专项整治，下一个小点: that sub-point's next, not the fourth point)
    place = _headed(doc, before, within=n, whole_phrases=False)
    if place is None and n is not None:
        place = next(((sec, None) for sec in doc.points if sec.ordinal == n), None)
    if place is None:
        return None
    section, sub = place
    step = 1 if forward else -1
    if sub is not None and not point_level:
        subs = list(section.subpoints)
        at = subs.index(sub) + step
        if 0 <= at < len(subs):
            return _subpoint_reply(subs[at], kb, limit)
        if at < 0:  # before the first sub-point: its point
            return _point_reply(section, kb, limit)
        # after the last: the next point
    points = list(doc.points)
    at = points.index(section) + step
    return _point_reply(points[at], kb, limit) if 0 <= at < len(points) else None


# 重拳出击那一点, 部门监管责任那条, 应急值守这一要: words of a heading, and 这/那 pointing at the node they head
_POINTED = re.compile(r"(?P<x>[^\s,，。？?、；;：:“”\"]{2,20}?)(?:这|那)一?(?P<unit>点意见|大点|点|部分|个要求|个要|要|条|项)"
                      r"(?![^\s,，。？?]*第)")


def _headed(doc: Document, x: str, points_only: bool = False, within: int | None = None,
            whole_phrases: bool = True) -> tuple[Section, SubPoint | None] | None:
    """The point or sub-point whose heading the words `x` name: the heading sharing the longest run of characters
    with them, `_MIN_LANDMARK` or more (with `whole_phrases`, a whole phrase of the heading, 勇担当 of 负责任、勇担当,
    counts as that much), and more than any other heading; None when no heading stands out. `within`: only the
    point of that number and its sub-points."""
    nodes: list[tuple[Section, SubPoint | None]] = []
    for sec in doc.points:
        if within is not None and sec.ordinal != within:
            continue
        nodes.append((sec, None))
        nodes += [] if points_only else [(sec, sp) for sp in sec.subpoints]

    def shared(heading: str) -> int:
        parts = normalise(heading).split()
        run = _common_run("".join(parts), x)
        whole = whole_phrases and any(len(part) >= 3 and part in x for part in parts)
        return max(run, _MIN_LANDMARK) if whole else run

    scored = sorted(((shared(sp.heading if sp else sec.heading), i) for i, (sec, sp) in enumerate(nodes)),
                    reverse=True)
    if not scored or scored[0][0] < _MIN_LANDMARK or len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    return nodes[scored[0][1]]


# 要落实哪几个方面的责任, 分哪些责任: a list asked by the noun its items end in
_LIST_BY_NOUN = re.compile(r"(?:哪几|哪些|几)(?:个|种|项|类|条|块)?(?:方面|层面|部分)?(?:的)?(?P<noun>[\u4e00-\u9fff]{2})"
                           r"(?:呢|吗|啊)?[\s?？。]*$")


# 落实安全生产责任分哪几个方面, 监管责任包括哪几块: the noun said before the list asked of it
_NOUN_THEN_LIST = re.compile(r"(?P<noun>[\u4e00-\u9fff]{2})(?:都|又|要|主要)?(?:分|分为|分成|包括|包含|有|涉及)(?:了)?"
                             r"(?:哪几|哪些|几)(?:个|种|项|类|条)?(?:方面|层面|部分|块)(?:呢|吗|啊)?[\s?？。]*$")


def _parts_by_noun(doc: Document, q: str) -> tuple[Section, tuple[int, int]] | None:
    """The one point whose parts' headings all end in the noun a list question asks by (落实党政领导责任,
    落实部门监管责任, 落实企业主体责任 → 哪几个方面的责任; 落实安全生产责任分哪几个方面), and where the list is asked
    in the question; None when no point, or several, or the question names one part's own words (企业要落实哪些责任
    asks that part)."""
    for m in (_LIST_BY_NOUN.search(q), _NOUN_THEN_LIST.search(q)):
        if m is None:
            continue
        noun = m.group("noun")
        found = []
        for section in doc.points:
            heads = [normalise(sp.heading).replace(" ", "") for sp in section.subpoints]
            if len(heads) >= 2 and all(h.endswith(noun) and len(h) > len(noun) for h in heads):
                found.append((section, heads))
        if found:
            break
    else:
        return None
    if len(found) != 1:
        return None
    section, heads = found[0]
    before = q[: m.start()].replace(" ", "")
    head, tail = len(os.path.commonprefix(heads)), len(os.path.commonprefix([h[::-1] for h in heads]))
    if any(_common_run(h[head: len(h) - tail], before) >= 2 for h in heads):
        return None
    return section, m.span()


def _named_without_parts(doc: Document, kb: KnowledgeBase, words: str) -> bool:
    """Whether the words of a list question name, by two characters or more in a row that no other heading (nor
    the title, nor the sentence announcing the points) has, one point without parts (守底线 → 坚决守住…这条底线):
    the list asked is one that point says, not the outline."""
    common = normalise(doc.title + lead_sentence(doc, kb)).replace(" ", "")
    found = set()
    for section in doc.points:
        heading = normalise(section.heading).replace(" ", "")
        others = "".join(normalise(p.heading).replace(" ", "") for p in doc.points if p is not section) + common
        if any(words[i:i + 2] in heading and words[i:i + 2] not in others for i in range(len(words) - 1)):
            found.add(section)
    return len(found) == 1 and not next(iter(found)).subpoints


def _pointed_at(doc: Document, q: str) -> str:
    """A point or sub-point pointed at by words of its heading (治理整顿那点分了几个要, 企业主体责任那条咋说) is
    named as its number would name it (第三点…, 第四点第三要…): the heading sharing the longest run of characters
    with the words before 这/那, `_MIN_LANDMARK` or more and more than any other heading. 那一点 is "that point"
    here, not the first one; without such a heading the question is left as it is."""
    m = _POINTED.search(q)
    if m is None or not doc.points:
        return q
    found = _headed(doc, m.group("x"))
    if found is None:
        return q
    section, sub = found
    ref = f"第{cn_numeral(section.ordinal)}点" + (f"第{cn_numeral(sub.ordinal)}要" if sub else "")
    return q[: m.start()] + ref + q[m.end():]


# 第一点里说安全生产是啥线: after a point's reference, what it says (说/讲/提到) is followed by a question of its
# own words (a subject, then what is asked of it), not by 了什么 / 的啥 / 些啥
_REPORTED = re.compile(r"(?:意见)?(?:里面|里头|里|中|当中)?(?:县长)?(?:说|讲|提到|提出|说到|讲到)(?![了的些过完]|什么|啥|哪)"
                       r"(?P<clause>(?:(?!第)[\u4e00-\u9fff]){2,}?(?:是|要|有|在|算)(?:(?!第)[\u4e00-\u9fff])*?(?:什么|啥|哪)(?:(?!第)[\u4e00-\u9fff])*)[?？。]*$")
_OPENING_REF = re.compile(r"开头|开篇|第一句|头一句|起头|一开始|开场")


def _opening_of(doc: Document, kb: KnowledgeBase, section: Section | None, sub: int | None,
                limit: int) -> OutlineReply | None:
    """第三点开头说了啥, 隐患排查那条开头引了句啥话: the opening words of a point or sub-point, quoted: its first
    sentence, and the one after it when the first is only a heading sentence (一要持续加大隐患排查整治力度。)."""
    if section is None:
        return None
    if sub is not None:
        sp = next((sp for sp in section.subpoints if sp.ordinal == sub), None)
        passages = sp.passage_ids if sp is not None else ()
    else:
        passages = section.passage_ids
    pid = passages[0] if passages else ""
    if pid not in kb.passages or not kb.passages[pid].sentence_ids:
        return None
    passage = kb.passages[pid]
    ids = list(passage.sentence_ids)
    ids = ids[:2] if len(kb.sentences[ids[0]].text) < 30 and len(ids) > 1 else ids[:1]
    text, original, kept = kb.quote_run(ids, max(limit, 1), within=passage)
    return OutlineReply(Answer(kept[0], text, kb.cite(kept[0], passage.path), 1.0, kind="quote", original=original,
                               passage_id=pid, sentence_ids=kept))


def _kind(doc: Document) -> str:
    """speech for the shipped speech's points (第一点 …), else the kind `bot.qa.structure` found."""
    if doc.points and doc.points[0].label.endswith("点"):
        return "speech"
    return doc.speech.kind


def _count(doc: Document) -> str:
    return "两" if len(doc.points) == 2 else cn_numeral(len(doc.points))  # 两点, not 二点, as a count


def outline_text(doc: Document) -> str:
    if _kind(doc) != "speech" or not doc.points[:1] or not doc.points[0].label.endswith("点"):
        items = ";".join(p.title for p in doc.points)
        return f"《{doc.short_name}》共{len(doc.points)}个部分:{items}。"
    items = ";".join(f"{cn_numeral(p.ordinal)}、{p.heading}" for p in doc.points)
    return f"讲话共{_count(doc)}点意见:{items}。"


def _article(doc: Document, n: int) -> str | None:
    """The id of a law's article 第n条."""
    for label, uid in doc.speech.units.items():
        m = re.fullmatch(r"第(.+)条", label)
        if m and cn_int(m.group(1)) == n:
            return uid
    return None


def lead_sentence(doc: Document, kb: KnowledgeBase) -> str:
    """The speech's own sentence that announces its points (下面,我再强调四点意见:), or "".

    The last sentence before the first point that names the number of points.
    """
    counts = {_count(doc), cn_numeral(len(doc.points)), str(len(doc.points))}
    found = ""
    for section in doc.speech.sections:
        if section.kind == "point":
            break
        for pid in section.passage_ids:
            for sid in kb.passages[pid].sentence_ids:
                text = kb.sentences[sid].text
                if any(f"{c}点" in text or f"{c}个方面" in text or f"{c}个问题" in text for c in counts):
                    found = text
    return found


def count_text(doc: Document, kb: KnowledgeBase, limit: int) -> str:
    """How many points: the speech's sentence that says so, then the headings when they fit."""
    lead = lead_sentence(doc, kb)
    if not lead:
        return outline_text(doc)
    items = ";".join(f"{cn_numeral(p.ordinal)}、{p.heading}" for p in doc.points)
    text = lead.rstrip(":：") + ":" + items + "。"
    return text if len(text) <= limit else lead


def point_text(section: Section, kb: KnowledgeBase, limit: int, closing: bool = True) -> str:
    """A point's outline answer: its heading line, then its parts; without parts, its sentences from the opening
    (with `closing`, its closing sentence kept when they do not all fit)."""
    head = f"{cn_numeral(section.ordinal)}、{section.heading}" if section.label.endswith("点") else section.title
    if section.subpoints:
        subs = ";".join(f"{s.label}{s.heading}" for s in section.subpoints[:30])
        return f"{head}。其中:{subs}。"
    # No sub-points: the heading and the opening sentences of the point, as far as they fit; when they do not
    # all fit, the point's closing sentence (where a speech's point sums up what it asks) after the opening ones
    # that fit with it, the sentences left out marked by ELIDED (read on by 还有呢).
    text = head + "。"
    sentences = [kb.sentences[sid].text for pid in section.passage_ids for sid in kb.passages[pid].sentence_ids]
    if len(text) + sum(map(len, sentences)) <= limit:
        return text + "".join(sentences)
    last = sentences[-1] if closing and len(sentences) > 1 \
        and len(text) + len(ELIDED) + len(sentences[-1]) <= limit else ""
    room = limit - (len(ELIDED) + len(last) if last else 0)
    for s in sentences[:-1] if last else sentences:
        if len(text) + len(s) > room:
            break
        text += s
    return text + ELIDED + last if last else text


ELIDED = "……"  # the sentences a point's outline answer leaves out between its opening and its closing


def subpoint_text(sub: SubPoint, kb: KnowledgeBase, limit: int) -> str:
    text = ""
    for pid in sub.passage_ids:
        for sid in kb.passages[pid].sentence_ids:
            s = kb.sentences[sid].text
            if text and len(text) + len(s) > limit:
                return text
            text += s
    return text


def _confirming(docs: list[Document], kb: KnowledgeBase, point: int | None, sub: int | None) -> str:
    """Words that only confirm a structural reference: the speeches' titles, the sentences announcing their
    points, and the heading of the part referred to (a sub-point's when one is; a point's; every point's
    when none is). A word of a sub-point's heading asked with only its point (第三点里关于隐患排查) is
    a topic: the passage answers it better than the point's outline."""
    parts = []
    for d in docs:
        parts += [normalise(d.title), lead_sentence(d, kb)]
        for p in d.points:
            if point is None or p.ordinal == point:
                if sub is None:
                    parts.append(p.heading)
                parts += [sp.heading for sp in p.subpoints if sp.ordinal == sub]
    return normalise(" ".join(parts)).replace(" ", "")


def _without(kb: KnowledgeBase, doc: Document) -> KnowledgeBase:
    """The knowledge base without one document's standing: its documents, none of them primary."""
    from dataclasses import replace

    return replace(kb, documents=tuple(d if d is not doc else replace(d, meta={**d.meta, "primary": False})
                                       for d in kb.documents))


def answer_structure(question_norm: str, english: bool, kb: KnowledgeBase, limit: int,
                     topic_words: bool = False, names_topic: TopicTest | None = None,
                     today: dt.date | None = None) -> OutlineReply | None:
    """An outline answer when the question is purely about structure; None otherwise.

    `topic_words`: an English question also names a topic of the speech (two sessions, mines), so
    "what does the speech say about X" is about X, not about the outline. `names_topic`: whether the
    words of a Chinese question besides its ordinal reference name a topic (see `TopicTest`); without
    it, any word left over does. `today`: the date 今年 and 去年 count from (None: the system's).
    """
    doc, q, among = _pick_document(question_norm.replace(" ", ""), kb, today)
    if doc is not None and len(kb.documents) > 1 and not english and q != question_norm.replace(" ", ""):
        reply = _by_heading(doc, q, kb, limit)
        if reply is not None:
            return reply
    if not english and doc is not None and doc.points:
        # 最后一点, 最后一部分: the document's last point, by its number (第四点).
        q = _LAST_POINT.sub(lambda m: f"第{cn_numeral(len(doc.points))}{m.group(1)}", q)
        # 排在第一的是哪一点: the ordinal's classifier is in the asking words (哪一点)
        asked = _WHICH_POINT.search(q)
        if asked:
            q = re.sub(rf"第({_NUM})(?:位|的)+", lambda m: f"第{m.group(1)}{asked.group(1)}", q, count=1)
        # 四点意见里第一点: the count of the set goes with it, not read as 第四点
        q = _BEFORE_THE_POINTS.sub("", _SET_OF_POINTS.sub("", q))
        if _kind(doc) == "speech":
            if _FOLLOWING.search(q) and not _STEP.search(q):
                # 讲完X，接下来那一大点: 那一大点 is the one following X, not X's own (`_pointed_at`)
                step = _step(doc, q, kb, limit)
                if step is not None:
                    return step
            q = _pointed_at(doc, q)
        closing = _closing(doc, q, kb, names_topic, limit)
        if closing is not None:
            return closing
        if _kind(doc) == "speech":
            step = _step(doc, q, kb, limit)
            if step is not None:
                return step
    point = sub = None
    count = opening = False
    if english:
        m = _EN_POINT.search(question_norm)
        if m and topic_words:
            return None  # accident targets in point two: a topic inside the point, for retrieval (scoped to it)
        if m:
            point = _EN_ORD.get(m.group(1) or "", 0) or _EN_NUM.get(m.group(2) or "", 0) or int(m.group(2) or 0)
        elif not _EN_STRUCT.search(question_norm) or topic_words:
            return None
        count = "how many" in question_norm
    else:
        m = _POINT_REF.search(q) or _POINT_REF_BARE.search(q)
        ms = None
        parts_listed = False
        rest = q
        if m:
            point = _num(m.group(1))
            rest = q[: m.start()] + " " + q[m.end():]
            after = m.start() + 1  # where the rest continues after the point reference
            ms = _SUB_IN_POINT.search(rest, after)
            last = _LAST_SUB.search(rest, after)
            subs = {s.ordinal: len(s.subpoints) for s in doc.points} if doc is not None else {}
            if ms is None and last is not None and subs.get(point):
                # 第四点最后一个小点: its last sub-point (一 of 最后一个 is no ordinal)
                sub = subs[point]
                rest = rest[: last.start()] + " " + rest[last.end():]
            elif ms:
                sub = _num(ms.group(1))
                rest = rest[: ms.start()] + " " + rest[ms.end():]
            else:
                ml = _SUB_LIST.search(rest, after)
                if ml and ml.group():
                    rest = rest[: ml.start()] + " " + rest[ml.end():]
                    parts_listed = True
        if sub is None:
            ms = _SUB_REF.search(rest)
            if ms:
                sub = _num(ms.group(1))
                rest = rest[: ms.start()] + " " + rest[ms.end():]
        ordinal = point is not None or sub is not None
        overview = _OVERVIEW.search(rest)
        by_noun = None
        if not ordinal and doc is not None and _kind(doc) == "speech":
            by_noun = _parts_by_noun(doc, rest)
            if by_noun is not None:
                section, noun_span = by_noun
                point, ordinal, overview = section.ordinal, True, None
                rest = rest[: noun_span[0]] + " " + rest[noun_span[1]:]
        if not ordinal and not overview:
            return None
        rest = _OVERVIEW.sub(" ", rest)
        if not ordinal and doc is not None and _kind(doc) == "speech":
            # 重拳出击抓治理整顿讲了什么, 抓治理整顿从哪几个方面提的要求: the outline request of one point named by
            # its heading's words is that point's
            words = "".join(rest.split())
            headed = _headed(doc, words, points_only=True)
            listed = bool(re.search(r"几|多少|哪些", overview.group()))
            if listed and (headed is not None and not headed[0].subpoints or _named_without_parts(doc, kb, words)):
                return None  # 守底线要从哪几个方面下手: a point without parts; the list asked is one it says
            if headed is not None:
                point, ordinal = headed[0].ordinal, True
        # 第三点开头说了啥: the opening words of that part (said after the reference: 讲话开头…四点意见 is the speech's)
        said = m.start() if m else ms.start() if ordinal and ms else -1
        if m and _REPORTED.match(q[m.end():]):
            return None  # 第一点里说安全生产是啥线: a question about what the point says, for retrieval there
        opening = said >= 0 and doc is not None and _kind(doc) == "speech" and bool(_OPENING_REF.search(rest, said))
        if opening:
            rest = rest[:said] + _OPENING_REF.sub(" ", rest[said:])
        if ordinal and len(re.findall(rf"第(?:{_NUM})(?:点|部分|个部分|大点|大部分)", q)) <= 1:
            rest = _LANDMARK.sub(" ", rest)  # 讲完隐患排查整治，紧接着讲的第二项: where the asker is, not what is asked
        rest = re.sub(r"各(?=是|讲|说|叫|为|自|\s|$)", " ", rest)  # 各是啥标题, 各讲了啥: "each", as 分别 is, no topic
        confirming = _confirming([doc] if doc else list(among), kb, point, sub)
        if by_noun is not None:  # the words of the point's parts and of its opening confirm it (层层压实责任)
            section = by_noun[0]
            confirming += normalise("".join([sp.heading for sp in section.subpoints] + [
                kb.passage_text(pid) for pid in section.passage_ids])).replace(" ", "")
        elif parts_listed and doc is not None and _kind(doc) == "speech":
            # 第四点层层压实责任分了哪几块: the parts of a point asked by its number, named with words of its own
            # opening (the sentences before its parts), are that point's parts, as its heading's words confirm it
            section = next((s for s in doc.points if s.ordinal == point and s.subpoints), None)
            if section is not None:
                confirming += normalise("".join(kb.passage_text(pid) for pid in section.passage_ids)).replace(" ", "")
        if names_topic is None:
            if rest.strip():
                return None
        elif names_topic(rest, confirming, ordinal, doc.id if doc is not None and len(kb.documents) > 1 else None):
            return None  # the question names a topic: leave it to retrieval
        count = not ordinal and bool(overview and _COUNT.search(overview.group()))
    if doc is not None and m is not None and not english and m.group(0).endswith("条") and _kind(doc) == "law":
        article = _article(doc, point or 0)
        if article is not None and article in kb.passages:
            passage = kb.passages[article]
            return OutlineReply(Answer(article, kb.passage_text(article)[: max(limit, 1)],
                                       kb.cite(article, passage.path), 1.0, kind="outline"))
        if article is None and sub is None:
            return OutlineReply(None, absent=True)  # the law has no such article
    if doc is None:  # several documents and none named: ask which one
        choices = []
        for d in among:
            sections = {s.ordinal: s for s in d.points}
            if point in sections:
                choices.append((point_question(sections[point], d, kb), sections[point].id))
            else:
                choices.append((outline_question(d, kb), d.outline_id))
        return OutlineReply(None, tuple(choices))
    sections = {s.ordinal: s for s in doc.points}
    if not english and opening:
        reply = _opening_of(doc, kb, sections.get(point) if point is not None else None, sub, limit)
        if reply is not None:
            return reply
    if point is None and sub is None:
        text = count_text(doc, kb, limit) if count else outline_text(doc)
        return OutlineReply(Answer(doc.outline_id, text, kb.cite(doc.id, (doc.title,)), 1.0, kind="outline"))
    if point is not None and point not in sections:
        if among == (doc,) and doc.primary and len(kb.documents) > 1:  # not named: 第十条 is another's
            return answer_structure(question_norm, english, _without(kb, doc), limit, topic_words, names_topic,
                                    today)
        return OutlineReply(None, tuple((point_question(s, doc, kb), s.id) for s in doc.points))
    if sub is None or (point is not None and not sections[point].subpoints):
        # A point without sub-points answers for itself (第一点的一要 → the first point).
        section = sections[point] if point is not None else None
        if section is not None:
            return _point_reply(section, kb, limit, closing=not _IN_DETAIL.search(q))
    candidates = [(s, sp) for s in doc.points for sp in s.subpoints
                  if sp.ordinal == sub and (point is None or s.ordinal == point)]
    if len(candidates) > 1 and not english and _kind(doc) == "speech":
        # 三要加强安全防范和应急值守: the heading's words tell which point's 三要
        headed = _headed(doc, q)
        if headed is not None and headed[1] is not None and headed in candidates:
            candidates = [headed]
    if len(candidates) == 1:
        section, sp = candidates[0]
        return _subpoint_reply(sp, kb, limit)
    pool = candidates or [(s, sp) for s in doc.points for sp in s.subpoints if point is None or s.ordinal == point]
    return OutlineReply(None, tuple((subpoint_question(s, sp, doc, kb), sp.id) for s, sp in pool))
