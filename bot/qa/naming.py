"""Which document a question names, when several are served (issue 12 item 4).

A question names a document by its title or short name (安全生产治本攻坚三年行动方案的文号), by them
shortened as people do (宁波学校安全条例, 危化品条例: `bot.qa.docnames`), by words
of its title before its kind when no other title of that kind has them (泰安的通知, 治本攻坚方案), or by its
kind with a word that points at one: a demonstrative (这篇讲话, 那个通知, 该条例), a date (2023年的讲话,
今年的通知, 去年的讲话, 前年的讲话) or an order in time (最新的讲话, 最近的通知, 最早的讲话, 上一次的讲话).
Dates are meta.yaml's `date` (ISO), else its `year`; "this year" is the matcher's `today`.

`named(text, kb, today)` returns what was found: the documents (one, or several of the kind when a
demonstrative does not tell them apart and none of them is primary), and the words that named them. Nothing is named with one
document, or when the question names none: then the caller decides (the primary document, the newest).
Only the outline answers (`bot.qa.outline`) accept a kind word alone (讲话一共几个部分); retrieval needs
one of the forms above, since 通知 or 方案 inside a question about a topic is usually no document's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.qa import docnames
from bot.qa import lazyre as re
from bot.qa.knowledge import Document, KnowledgeBase

# The kinds of document a question names, each with the words people use for it; a document is of a
# kind when its title or short name ends with the kind's first word.
KINDS = {
    "讲话": ("讲话", "发言", "讲稿"),
    "通知": ("通知",),
    "方案": ("方案",),
    "条例": ("条例",),
    "办法": ("办法",),
    "决定": ("决定",),
    "规定": ("规定",),
    "意见": ("意见",),
    "细则": ("细则",),
    "法": ("法律", "法"),
}
_KIND_ALT = "|".join(sorted({w for ws in KINDS.values() for w in ws}, key=len, reverse=True))
_DEMONSTRATIVE = r"(?:这|那|该|此|本)(?:一)?(?:个|篇|份|部|次)?"
_NEWEST = r"最新(?:一次|一篇|一份|的一篇|的一次)?|最近(?:一次|一篇|一份|的一篇|的一次)?"
_OLDEST = r"最早(?:一次|一篇|一份|的一篇|的一次)?"
_PREVIOUS = r"上一?(?:次|篇|份)|前一(?:次|篇|份)"
_YEAR = r"(?:(?P<year>\d{4}|[〇零一二三四五六七八九]{4})年|(?P<rel>今年|去年|前年))(?:度)?"
_PHRASE = re.compile(
    rf"(?:(?P<when>{_YEAR}|{_NEWEST}|{_OLDEST}|{_PREVIOUS})(?:的|那个|那篇|这个|这篇)?|(?P<this>{_DEMONSTRATIVE}))"
    rf"(?P<kind>{_KIND_ALT})"
)
_CN_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}


@dataclass(frozen=True)
class Named:
    documents: tuple[Document, ...]  # newest first; empty when the words name no served document
    words: str  # the words of the question that named them ("" for none)
    kind: str = ""  # the kind word when named by kind (讲话 of 去年的讲话), "" when by title or short name
    dated: bool = False  # named by a date or an order in time (去年的讲话, 最新的讲话), not a demonstrative


def kind_of(kind: str, names: tuple[str, str, str]) -> bool:
    """Whether the document is of the kind: its title or short name ends with the kind's word (a law's
    short name ends with 法)."""
    title, short, _ = names
    return title.endswith(kind) or short.endswith(kind)


def year_of(doc: Document) -> int | None:
    m = re.match(r"(\d{4})", doc.date)
    return int(m.group(1)) if m else None


def named(text: str, kb: KnowledgeBase, today: dt.date | None = None) -> Named:
    """The documents the question (normalised, spaces removed) names; see the module's docstring.

    The last few answers are kept with the knowledge base: the outline (`bot.qa.outline`) and the
    matcher both ask it of every question, and at 1,000 documents each look-up costs a fraction of a
    millisecond."""
    if len(kb.documents) < 2:
        return Named((), "")
    key = (text, today or dt.date.today())  # 今年, 去年: the day is part of the question
    memo = kb.__dict__.setdefault("_naming_memo", {})
    found = memo.get(key)
    if found is None:
        if len(memo) >= MEMO:
            memo.clear()
        found = memo[key] = _named(text, kb, key[1])
    return found


MEMO = 32  # questions whose named documents are kept (`named`)


def _named(text: str, kb: KnowledgeBase, today: dt.date) -> Named:
    """`named` without the memo."""
    starts = kb.names_by_start
    found = {(i, k, name) for at in range(len(text) - 1) for i, k, name in starts.get(text[at:at + 2], ())
             if text.startswith(name, at)}
    shortened = docnames.named_documents(text, kb.name_index)  # 宁波学校安全条例, 新安全生产法, 危化品条例
    for k in (0, 1):  # by title, then by short name (a longer name first: 消防法 inside 北京市消防条例)
        hits = sorted(((name, i) for i, kk, name in found if kk == k), key=lambda t: (-len(t[0]), t[1]))
        if hits and not (shortened is not None and _inside(text, hits[0][0], shortened)):
            return Named((kb.documents[hits[0][1]],), hits[0][0])
    if shortened is not None:
        docs = _distinct(tuple(d for d in kb.documents if d.id in shortened.doc_ids))
        return Named(docs, text[shortened.start:shortened.end])
    for m in _PHRASE.finditer(text):
        word = m.group("kind")
        kind = next(k for k, ws in KINDS.items() if word in ws)
        docs = [d for d, _ in _of_kind(kb, kind)]
        if not docs:
            continue
        when = m.group("when") or ""
        if m.group("this"):  # 这篇讲话 among several speeches: the primary one, else any of them
            primary = [d for d in docs if d.primary]
            return Named(tuple(primary if len(primary) == 1 else docs), m.group(), word)
        dated = sorted((d for d in docs if d.date), key=lambda d: d.date, reverse=True)
        if re.fullmatch(_NEWEST, when):
            pick = dated[:1]
        elif re.fullmatch(_OLDEST, when):
            pick = dated[-1:]
        elif re.fullmatch(_PREVIOUS, when):
            pick = dated[1:2]
        else:
            year = _year(m, today)
            pick = [d for d in dated if year_of(d) == year]
        return Named(tuple(pick), m.group(), word, True)
    return _by_title_words(text, kb)


def _inside(text: str, name: str, shortened: docnames.Named) -> bool:
    """Whether a name said in full stands inside a longer span naming another document shortened: the
    national law's name inside its place's measures carrying it out (上海突发事件应对法实施办法)."""
    at = text.find(name)
    return shortened.start <= at and at + len(name) <= shortened.end and shortened.end - shortened.start > len(name)


def _distinct(docs: tuple[Document, ...]) -> tuple[Document, ...]:
    """The documents with a copy of one left out: one text imported twice (the same title, date and
    sentences) is one document to name (its article is not asked back as two), as a full title names one."""
    if len(docs) < 2:
        return docs
    kept: list[Document] = []
    for d in docs:
        if not any(_same(d, k) for k in kept):
            kept.append(d)
    return tuple(kept)


def _same(a: Document, b: Document) -> bool:
    if (a.title, a.date, len(a.speech.sentences)) != (b.title, b.date, len(b.speech.sentences)):
        return False
    return all(x.text == y.text for x, y in zip(a.speech.sentences.values(), b.speech.sentences.values(), strict=True))


_BEFORE_KIND = re.compile(rf"([\u4e00-\u9fff]{{2,8}}?)的?({_KIND_ALT})")


def _by_title_words(text: str, kb: KnowledgeBase) -> Named:
    """A kind word after words of exactly one title of that kind: 泰安的通知, 治本攻坚方案, 县长的讲话 (the
    longest run of 2-8 characters before the kind word that is in one such title, and in no other)."""
    for m in _BEFORE_KIND.finditer(text):
        word = m.group(2)
        kind = next(k for k, ws in KINDS.items() if word in ws)
        docs = _of_kind(kb, kind)
        before = m.group(1)
        for start in range(len(before) - 1):  # longest first
            words = before[start:]
            hits = [d for d, n in docs if words in n[0]]
            if len(hits) == 1:
                return Named((hits[0],), m.group(), "")
            if hits:
                break  # in several titles: longer words were in none, shorter ones tell no better
    return Named((), "")


def _of_kind(kb: KnowledgeBase, kind: str) -> tuple[tuple[Document, tuple[str, str, str]], ...]:
    """The documents of a kind with their names (`kind_of`), in the library's order: found once per
    knowledge base and kept with it (a thousand laws would be looked through for every question)."""
    cache = kb.__dict__.setdefault("_naming_of_kind", {})
    docs = cache.get(kind)
    if docs is None:
        docs = cache[kind] = tuple((d, n) for d, n in zip(kb.documents, kb.document_names, strict=True)
                                   if kind_of(kind, n))
    return docs


def sole_kind_words(kb: KnowledgeBase, doc_id: str) -> tuple[str, ...]:
    """The words of the kinds `doc_id` is the only served document of (讲话, 发言, 讲稿 for the one speech
    beside laws): a question saying one asks of that document, though only the outline takes it as its name."""
    return tuple(w for kind, words in KINDS.items()
                 if [d.id for d, _ in _of_kind(kb, kind)] == [doc_id] for w in words)


def _year(m: re.Match, today: dt.date) -> int:
    rel = m.group("rel")
    if rel:
        return today.year - {"今年": 0, "去年": 1, "前年": 2}[rel]
    digits = "".join(_CN_DIGITS.get(c, c) for c in m.group("year"))
    return int(digits)
