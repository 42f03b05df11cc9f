"""Which document a question names, when it names one the way people do: shortened.

People name a law or notice by its title with words left out — 宁波学校安全条例 for 宁波市学校安全条例,
大型活动安全条例 for 大型群众性活动安全管理条例, 新安全生产法 for (中华人民共和国)安全生产法, 危化品条例
for 危险化学品安全管理条例 — but they keep the order of what they keep and the last word that says what
kind of document it is (条例, 法, 办法, 规定, 通知 …). So a question names a document when, ending at
that last word, a run of the question's characters is a subsequence of the document's name (title or
short name) that keeps a large share of it.

A name's number after its kind word (解释（二）, the second interpretation of that title) is no omission: a
question names the document only with the same number after the kind word (解释二, 解释（二）, 解释第二), and
one without a number names the unnumbered one. The kind is sometimes said with the word for who makes such
documents (司法解释 for a 解释 of the courts: `KIND_SAID`). A title issued by several bodies (最高人民法院、
最高人民检察院关于…的解释) is also called by what follows its 关于, alone or after the count of its issuers
and a character all their names share (两高: `customary_names`).

Pure functions of strings: the matcher and the outline answers give the names and act on the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.qa import lazyre as re

# The word a document's name ends with that says what kind of document it is; a question keeps it.
KIND_WORDS = ("实施细则", "实施办法", "条例", "办法", "规定", "通知", "决定", "细则", "方案", "意见", "规则",
              "纲要", "解释", "法")
# A kind word as people say it with who makes documents of that kind before it (司法解释: a 解释 of the courts):
# the said words stand for the kind word, the qualifier is no word of the name.
KIND_SAID = {"司法解释": "解释"}
# The number of one of several documents of one title, after its kind word (解释（二）→ compact 解释二; 第二):
# not an article, chapter … number (条例第五条).
_ORDINAL = re.compile(r"第?([一二三四五六七八九十]{1,3})(?![一二三四五六七八九十百千万零〇两]|条|章|节|款|项|编|部分|点|个|种|类|次|年|日|天|月|周|小时|人|名|级|倍|岁|元|米)")
# What follows a document's number when it can be nothing else (解释二里, 解释二第五条, at the end): such a
# number keeps a question from naming the unnumbered document of the title.
_AFTER_NUMBER = re.compile(r"$|里|中|第|说|讲|对|规定|是")
_NAME_ORDINAL = re.compile(r"([一二三四五六七八九十]{1,3})$")
# Numbers people count a document's issuers with (两高 for 最高人民法院、最高人民检察院).
_COUNT = {2: "两", 3: "三", 4: "四", 5: "五"}
MIN_SHARE = 0.5  # of the name's characters the question keeps (宁波学校安全条例: 8 of 9; 危化品条例: 5 of 10)
MIN_BEFORE = 2  # characters before the kind word (本条例, 该法, 合法 name nothing)
# …or this share when the span also starts where the name starts (危化品条例: 5 of 11, both ends kept)
MIN_SHARE_ANCHORED = 0.4
# Words before a name that tell which version of it, not what it says: part of the naming (新安全生产法).
_VERSION = ("新修订的", "修订后的", "最新的", "最新", "现行的", "现行", "新版", "新")
_DROP = re.compile(r"[\s《》〈〉“”\"'（）()·、,，]")


@dataclass(frozen=True)
class Named:
    doc_ids: tuple[str, ...]  # the documents named (several when their names fit equally: two versions)
    start: int  # the span of the question (as given) that names them
    end: int


def compact(text: str) -> str:
    """A name or question without spaces, book-title marks, quotes and brackets."""
    return _DROP.sub("", text)


# A title of the measures a place makes to carry out a national law (北京市实施《中华人民共和国矿山安全法》办法):
# people call it by the law's name followed by the kind (北京矿山安全法实施办法), the 实施 moved before it.
_CARRYING_OUT = re.compile(r"^(.*?)实施《(?:中华人民共和国)?([^》]+)》(办法|细则)$")


# A title issued by one or several bodies, then 关于 and what it is about (最高人民法院、最高人民检察院关于办理…的解释).
_ISSUED = re.compile(r"^([\u4e00-\u9fff、]{2,40}?)关于(.{4,})$")


def customary_names(title: str) -> tuple[str, ...]:
    """The names a document is called by besides its title, built from the title's own structure: the
    measures carrying out a law (X实施《Y法》办法) are called X Y法 实施办法; a title issued by bodies (X关于Y)
    is called Y, and when several bodies issued it, by their count and a character each of their names
    has before Y (最高人民法院、最高人民检察院关于办理…的解释: 两高办理…的解释, also 两院…, as people say 两高 or
    两院). () for any other title."""
    t = re.sub(r"\s+", "", title)
    m = _CARRYING_OUT.match(t)
    if m:
        return (f"{m.group(1)}{m.group(2)}实施{m.group(3)}",)
    m = _ISSUED.match(t)
    if m is None or not kind_word(compact(m.group(2))):
        return ()
    rest = m.group(2)
    if rest.startswith("《") and rest.endswith("》"):
        return ()
    issuers = [x for x in m.group(1).split("、") if x]
    out = [rest]
    if len(issuers) in _COUNT:
        shared = set(issuers[0]).intersection(*issuers[1:]) if len(issuers) > 1 else set()
        out += [f"{_COUNT[len(issuers)]}{ch}{rest}" for ch in dict.fromkeys(issuers[0]) if ch in shared]
    return tuple(out)


def split_ordinal(name: str) -> tuple[str, str]:
    """A compact name and the number after its kind word (…的解释二 → (…的解释, 二)); (name, "") for none."""
    m = _NAME_ORDINAL.search(name)
    if m and any(name[: m.start()].endswith(w) for w in KIND_WORDS):
        return name[: m.start()], m.group(1)
    return name, ""


def kind_word(name: str) -> str:
    """The word a name ends with that says its kind (条例, 法 …; before its number: 解释（二）), or "" when it
    ends with none."""
    base = split_ordinal(name)[0]
    return next((w for w in KIND_WORDS if base.endswith(w)), "")


def ordinal_at(question: str, at: int) -> tuple[str, int]:
    """The number of a document said at `at` of a compact question, just after a kind word (解释二里, 解释第二),
    and where it ends; ("", at) when none is (条例第五条 says an article)."""
    m = _ORDINAL.match(question, at)
    return (m.group(1), m.end()) if m else ("", at)


def named_with_number(title: str, short: str) -> str:
    """A short name that left out its title's number (the second interpretation's short name the same as the
    first's) with the number put back after its kind word; the short name as it is otherwise."""
    number = split_ordinal(compact(title))[1]
    if not number or not short or split_ordinal(compact(short))[1]:
        return short
    return f"{short}（{number}）" if kind_word(compact(short)) else short


def span_naming(question: str, name: str, loose: bool = False, added: int = 0) -> tuple[int, int] | None:
    """The longest span of `question` (compact) that names `name` (compact) with omissions: it ends with
    the name's kind word, and its characters before that occur in the name in the same order. None when
    no span keeps at least `MIN_SHARE` of the name (`MIN_SHARE_ANCHORED` when it starts with the name's
    first character) and `MIN_BEFORE` characters before the kind word. `added`: how many characters of
    the span, each between two that are the name's, may be the question's own (住宅小区 for 住宅区)."""
    name, number = split_ordinal(name)
    kind = kind_word(name)
    if not kind:
        return None
    best: tuple[int, int] | None = None
    stem = name[: len(name) - len(kind)]
    said = [w for w, k in KIND_SAID.items() if k == kind and w not in name]
    at = question.find(kind)
    while at >= 0:
        said_number, end = ordinal_at(question, at + len(kind))
        if said_number != number and not number and (said_number == "一" or not _AFTER_NUMBER.match(question, end)):
            end = at + len(kind)  # (a figure after the name: 规定三日内 … is no number of it)
        elif said_number != number:
            at = question.find(kind, at + 1)
            continue
        # (司法解释: the qualifier said before the kind word is part of the naming, not of the name)
        head = next((at + len(kind) - len(w) for w in said if question.startswith(w, at + len(kind) - len(w))), at)
        k = len(stem)  # characters of the stem still available, from its end backwards
        j = head
        spare = added
        while j > 0 and k > 0:
            found = stem.rfind(question[j - 1], 0, k)
            if found < 0 and spare and j > 1 and j < head and stem.rfind(question[j - 2], 0, k) >= 0:
                spare -= 1  # a character of the question's own between two of the name's
                j -= 1
                continue
            if found < 0:
                break
            k = found
            j -= 1
        share = (head - j + len(kind) + len(number)) / (len(name) + len(number))
        anchored = j < head and question[j] == name[0]
        if head - j >= MIN_BEFORE and (loose or share >= MIN_SHARE or anchored and share >= MIN_SHARE_ANCHORED):
            if best is None or end - j > best[1] - best[0]:
                best = (j, end)
        at = question.find(kind, at + 1)
    return best


class NameIndex:
    """The documents' names ready for `named_documents`: compacted once and filed by their kind word and
    each character before it, so that a question is compared only with the names that could fit the
    character it has before a kind word (among a thousand laws: a handful per question)."""

    def __init__(self, names: Iterable[tuple[str, Iterable[str]]]):
        self.filed: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (kind word, char) → (doc id, name)
        for doc_id, doc_names in names:
            for name in dict.fromkeys(compact(n) for n in doc_names):
                base = split_ordinal(name)[0]
                kind = kind_word(base)
                for ch in set(base[: len(base) - len(kind)]) if kind else ():
                    self.filed.setdefault((kind, ch), []).append((doc_id, name))

    def candidates(self, question: str) -> list[tuple[str, str]]:
        """(doc id, name) pairs whose kind word the compact question has, after a character of the name."""
        out: dict[tuple[str, str], None] = {}
        for kind in KIND_WORDS:
            at = question.find(kind)
            while at > 0:
                out.update(dict.fromkeys(self.filed.get((kind, question[at - 1]), ())))
                for said in (w for w, k in KIND_SAID.items() if k == kind):  # (…司法解释: the character before 司法)
                    head = at + len(kind) - len(said)
                    if head > 0 and question.startswith(said, head):
                        out.update(dict.fromkeys(self.filed.get((kind, question[head - 1]), ())))
                at = question.find(kind, at + 1)
        return list(out)


def named_documents(question: str, names: NameIndex | Iterable[tuple[str, Iterable[str]]]) -> Named | None:
    """The document(s) the question names, by the names of each (doc id, its title and short name; or
    a `NameIndex` of them).

    The longest span wins (北京市大型群众性活动安全管理条例 names the Beijing one, not the national one
    inside it), then the largest share of a name kept (大型活动安全条例: 8 of 12 for the national one's
    name, 8 of 15 for the Beijing one's); documents that fit equally are named together."""
    index = names if isinstance(names, NameIndex) else NameIndex(names)
    kept = [i for i, ch in enumerate(question) if not _DROP.match(ch)]
    q = "".join(question[i] for i in kept)
    best_of: dict[str, tuple[tuple[int, float], tuple[int, int]]] = {}
    for doc_id, name in index.candidates(q):
        span = span_naming(q, name)
        if span is None:
            continue
        key = (span[1] - span[0], (span[1] - span[0]) / len(name))
        if doc_id not in best_of or key > best_of[doc_id][0]:
            best_of[doc_id] = (key, span)
    scored = [(key, doc_id, span) for doc_id, (key, span) in best_of.items()]
    if scored:
        scored = _led(q, index, max(key[0] for key, _, _ in scored)) or scored
    else:
        # (南阳那个住宅小区消防的条例: no span names a document by itself; one led by a place may)
        scored = _abbreviated(q, index) or _led(q, index, 0)
    if not scored:
        return None
    top = max(key for key, _, _ in scored)
    chosen = [(doc_id, span) for key, doc_id, span in scored if key == top]
    start, end = chosen[0][1]
    begin = kept[start]
    before = question[:begin].rstrip("《“\"")
    version = next((w for w in _VERSION if before.endswith(w)), "")
    if version:
        begin = len(before) - len(version)
    return Named(tuple(d for d, _ in chosen), begin, kept[end - 1] + 1)


def _abbreviated(q: str, index: NameIndex) -> list[tuple[tuple[int, float], str, tuple[int, int]]]:
    """A name shortened to a character of each of its words (民爆条例 for 民用爆炸物品安全管理条例, 交强险条例 for
    机动车交通事故责任强制保险条例) keeps too little of it for `MIN_SHARE`: it names a document when it is a
    subsequence of that document's name ending with its kind word, with `MIN_BEFORE` characters before it,
    and of no other document's name (安全条例 is in many: it names none)."""
    found: dict[str, tuple[tuple[int, float], tuple[int, int], str]] = {}
    for doc_id, name in index.candidates(q):
        span = span_naming(q, name, loose=True)
        if span is not None:
            key = (span[1] - span[0], (span[1] - span[0]) / len(name))
            if doc_id not in found or key > found[doc_id][0]:
                found[doc_id] = (key, span, name)
    if not found:
        return []
    longest = max(key[0] for key, _, _ in found.values())
    top = {doc_id: v for doc_id, v in found.items() if v[0][0] == longest}
    if len({name for _, _, name in top.values()}) != 1:  # the same words shorten several names: no name
        return []
    return [(key, doc_id, span) for doc_id, (key, span, _) in top.items()]


# Characters a name led by its place may add to the name's words (南阳住宅小区消防条例: 小 of 住宅小区 for 住宅区)
ADDED = 1

# Words people put between the place or the body a law is of and the rest of its name (上海的消防条例,
# 山东那个燃气条例): no part of the name.
_LINK = re.compile(r"的|那个|这个|那部|这部|那一部|这一部")


def _led(q: str, index: NameIndex, longest: int) -> list[tuple[tuple[int, float], str, tuple[int, int]]]:
    """A name shortened less where it starts than where it ends: the question's characters just before a
    span that names some documents (消防条例 of 北京市消防条例 and 上海市消防条例) begin another document's
    name and keep the order of its characters (南阳消防条例 for 南阳市居民住宅区消防安全管理条例; 上海的消防条例,
    山东那个燃气条例: with the linking words between left out). That document is named — its span is longer
    and starts where its name starts — when no other name is so shortened by as long a span (as
    `_abbreviated`). [] when none is."""
    spans = [(m.start(), m.end()) for m in _LINK.finditer(q)]
    back = [i for i in range(len(q)) if not any(a <= i < b for a, b in spans)]
    bare = "".join(q[i] for i in back)
    found: dict[str, tuple[tuple[int, float], tuple[int, int], str]] = {}
    for doc_id, name in index.candidates(bare):
        span = span_naming(bare, name, loose=True, added=ADDED)
        if span is None or bare[span[0]] != name[0]:
            continue
        length = span[1] - span[0]
        start, end = back[span[0]], back[span[1] - 1] + 1
        if length > longest and (doc_id not in found or length > found[doc_id][0][0]):
            found[doc_id] = ((length, length / len(name)), (start, end), name)
    if not found:
        return []
    top = max(key[0] for key, _, _ in found.values())
    chosen = {doc_id: v for doc_id, v in found.items() if v[0][0] == top}
    if len({name for _, _, name in chosen.values()}) != 1:
        return []
    return [(key, doc_id, span) for doc_id, (key, span, _) in chosen.items()]


def without_name(question: str, named: Named) -> str:
    """The question with the span naming the document taken out (安全生产法规定谁是… → 规定谁是…)."""
    return re.sub(r"《\s*》", "", question[: named.start] + question[named.end:])


# A shortened term (交强险, 维保) passes over at most this many words of the term it shortens (责任 of 交通事故
# 责任 强制保险).
ABBREVIATION_SLACK = 1


def abbreviated_spans(short: str, words: list[str]) -> list[tuple[int, int]]:
    """The spans (start, end) of `words` (a text cut into words) that `short` shortens the way people shorten
    a term of several words (交强险 for 交通事故 责任 强制保险, 维保 for 维护 保养): its first character begins the
    span's first word, each of the others begins a later word in order, except that the last one may instead
    end the word the span ends with (险 of 强制保险); at least two words give a character, and at most
    `ABBREVIATION_SLACK` words of the span give none."""
    if len(short) < 2:
        return []
    spans: list[tuple[int, int]] = []
    for i, first in enumerate(words):
        if first.startswith(short[0]):
            _place(short, words, i, 1, i + 1, 1, spans)
    return sorted(set(spans))


def _place(short: str, words: list[str], start: int, k: int, at: int, used: int, spans: list) -> None:
    """`abbreviated_spans` from `start`: short[k] is still to place, words[at - 1] holds short[k - 1] and
    `used` words gave characters."""
    last = k == len(short) - 1
    skipped = at - start - used
    if last and used >= 2 and len(words[at - 1]) > 1 and words[at - 1].endswith(short[k]):
        spans.append((start, at))
    for j in range(at, min(len(words), at + 1 + ABBREVIATION_SLACK - skipped)):
        if words[j].startswith(short[k]):
            if last:
                spans.append((start, j + 1))
            else:
                _place(short, words, start, k + 1, j + 1, used + 1, spans)
