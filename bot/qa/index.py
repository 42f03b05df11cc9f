"""The lexical index: the knowledge base segmented once, and the query turned into weighted concepts.

A question becomes a list of *concepts*: each word the user typed, together with the words that can
stand for it in the speech (synonyms from synonyms.yaml, the English glossary, and a word of the
speech that sounds the same when the user's word is unknown: a pinyin typo; and, credited lower, the
words of the speech that share a synonym group of the general lexicon with it, `bot.qa.lexicon`). A
unit of text (a sentence, a Q&A phrasing) covers a concept when it contains any of them. Coverage is
the share of the weight (inverse document frequency) of the question's *known* concepts that a unit
covers. Words the speech never uses (医保, 采砂场, password) are kept apart, each with its kind
(`bot.qa.signals.word_kind`) and whether it stands in the asking clause or in a clause describing the
asker's situation (`bot.qa.intent`): whether they make the question out of scope is the fitted decision
model's call, not the coverage's.
"""

from __future__ import annotations

import copy
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from bot.qa import lazyre as re
from bot.qa import pinyin
from bot.qa.bilingual import Bilingual
from bot.qa.intent import DEGREE_ASKED, FORM_WORDS, POINT_NUMBER, form_words, split_intent
from bot.qa.knowledge import KnowledgeBase
from bot.qa.lexicon import Lexicon
from bot.qa.segment import Segmenter
from bot.qa.slots import ENUMERATION, asked_slot
from bot.qa.text import _replacer, clean, fold, is_english, latin_words, normalise

_STEMS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", ""), ("ly", ""))
EN_STOPWORDS = frozenset(
    """a an the of for to in on at by with about from into after before during and or but is are was were be been
    being do does did doing have has had i me my we our you your he she it its they them their this that these those
    what which who whom whose when where why how can could should would will shall may might must need needs
    there here any some all each every no not than then so very just also please tell say says said said
    much many more most other such only own same too as if because while up down out over under again further once
    mention mentions mentioned speech county head talk talks about regarding according requirement requirements
    rules rule say what's whats does do happen happens happened happening thing things explain explains describe
    meaning mean means define definition one two three four tell know want like get got make made give given
    allowed allow allows done required require requires supposed while whether able ok okay let lets asked ask asks
    us problem issue question matter aspect content kind sort type stuff his her hers him himself herself its
    itself ours themselves yours besides apart except else otherwise call calls called""".split()
)
# (The last line mirrors the Chinese stop words 问题, 方面, 内容, 事, 东西, 什么样 of knowledge/stopwords.txt:
# what a question is about, not which topic.)
_DIGITS_RE = re.compile(r"^\d+$")
# the speech or its speaker as the subject of a question's verb (县长认为, 讲话里指出), and the Cilin classes of a
# verb that then only frames the question: thinking or believing (Gb02), stating (Hi14)
_SPEAKER = r"(?:县长|讲话|领导|文件|原文|他)(?:里|中|里面|当中|上)?"
_FRAME_CODES = ("Gb02", "Hi14")
_WISH_CODES = ("Gb04A",)
_BEING_CODES = ("Ja01A", "Ja06")  # verbs of being (是 为 系 属) and of belonging (属于) in Cilin
# A point of the speech named by its number, and where in it (第二部分最后, 第三点里面): where to look, not
# what about (`Matcher._point_scope` looks there); 第三条 / 第五章 of a law are left alone.
_POINT_REF = re.compile(POINT_NUMBER + r"(?:的?(?:最后|末尾|结尾|开头|一开始)(?:一句|一段|那句|那段)?(?:话)?)?(?:里面|里|中|当中)?")
# A reference to a part of the speech (the third section, point four) says where to look, not what about:
# "section" is no 部门 and "part" no topic the speech lacks.
_EN_PART_REF = re.compile(r"\b(?:the\s+)?(?:first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th)\s+(?:main\s+)?"
                          r"(?:point|part|section)s?\b|\b(?:point|part|section)\s+(?:one|two|three|four|five|\d)\b")
# The speech's own opening or closing asked in English (how does the speech close, at the beginning of the
# speech, the closing remarks): where to look (`Matcher._point_scope`), not what about: "close" is no 停产整顿.
_EN_SPEECH_VERB = r"(?:speech|talk|remarks|address)"
EN_OPENING = re.compile(rf"\b(?:open|opens|opening|begin|begins|beginning|start|starts)\s+(?:(?:the|his|her|its)\s+)?{_EN_SPEECH_VERB}\b"
                        rf"|\b{_EN_SPEECH_VERB}\s+(?:open|opens|begin|begins|start|starts)\b"
                        rf"|\b(?:at|in)\s+the\s+(?:very\s+)?(?:beginning|start|opening)\s+of\s+(?:the|his|her)\s+{_EN_SPEECH_VERB}\b"
                        r"|\bopening\s+(?:words|remarks|lines|sentences?)\b")
EN_CLOSING = re.compile(rf"\b(?:close|closes|closing|conclude|concludes|concluding|end|ends|ending|finish|finishes|wrap|wraps)"
                        rf"(?:\s+up)?\s+(?:(?:the|his|her|its)\s+)?{_EN_SPEECH_VERB}\b"
                        rf"|\b{_EN_SPEECH_VERB}\s+(?:close|closes|conclude|concludes|end|ends|finish|finishes)\b"
                        rf"|\b(?:at|in)\s+the\s+(?:very\s+)?(?:end|close|conclusion)\s+of\s+(?:the|his|her)\s+{_EN_SPEECH_VERB}\b"
                        r"|\b(?:closing|concluding|final)\s+(?:words|remarks|lines|sentences?)\b")
_CONTRACTION = re.compile(r"(?:n't|'(?:s|m|re|ve|ll|d)|')$")


_EN_SENTENCE = re.compile(r"[^.?!;]+[.?!;]*")
_EN_SELF = re.compile(r"^\s*(?:hello|hi|dear)?[\s,]*(?:i|i'm|i've|my|we|we're|our|as an?)\b")


def english_scene(text: str) -> str:
    """The leading sentences of an English question that tell who the asker is (I'm a journalist…, As a
    foreign investor…, We run a quarry…) before the sentence that asks: the asker's situation, like the
    Chinese 我是…, clauses (`bot.qa.intent.split_intent`). "" when the question starts by asking."""
    sentences = _EN_SENTENCE.findall(text)
    end = 0
    for sentence in sentences[:-1]:
        if "?" in sentence or not _EN_SELF.match(sentence):
            break
        end += len(sentence)
    return text[:end]


def _en_place_refs(text: str) -> str:
    """An English question without its references to a place in the speech (the third section, the end of
    the speech), which say where to look, not what about."""
    return EN_CLOSING.sub(" ", EN_OPENING.sub(" ", _EN_PART_REF.sub(" ", text)))


def english_tokens(words: list[str]) -> list[str]:
    """English words as the glossary and the dictionary list them: a possessive or contraction cut off
    (county's → county, i'm → i, hasn't → has, lists' → lists) and a hyphenated compound split into its
    words (hidden-hazard → hidden hazard, which the glossary's phrases then match)."""
    out: list[str] = []
    for w in words:
        w = _CONTRACTION.sub("", w)
        out.extend(p for p in w.split("-") if p)
    return out
_COUNT_WORD = re.compile(r"[两二三四五六七八九十百]*[个字项条大种类样件点]?")
SYNONYM_CREDIT = 0.9
# A known word stands also for a Cilin synonym the documents use at least this many times as often (`Index.rarer_synonyms`).
KNOWN_SYNONYM_RATIO = 2.0
KNOWN_SYNONYM_RARE = 6  # …when the documents use it in at most this many sentences
# jieba tags of function words: pronouns, adverbs, prepositions, conjunctions, particles, numerals,
# classifiers, times and directions.
COMMON_FREQUENCY = 1000
# A pinyin slip is read into a question only when it explains it better than the characters as typed
# (`Index._slip_explains`): the log-odds a slipped character costs, the margin the evidence must clear, and
# how many characters either side of the span the general-language reading takes in.
SLIP_COST = 6.0
SLIP_MARGIN = 2.5
SLIP_WINDOW = 3
SUPPORT_RARE = 0.05
SUPPORT_LIFT = 3.0
# A directional complement (拿出来, 抓起来, 坚持下去: 来/去 after a direction): the closed class of words that
# finish the verb before them; alone it names nothing (`_chinese_concepts`).
_DIRECTIONAL = re.compile(r"[上下进出回过起开]?[来去]")
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1([\u4e00-\u9fff]?)")
ORDINARY_FIRST = frozenset("a ad d v vd m t r p c u f q".split())  # see Index._glued_ordinary
NOUN_SUFFIXES = frozenset("险费税证卡金")  # see Index._glue_noun_suffixes
_NOUN_TAGS = frozenset({"n", "nz"})  # see Index._kinds_unnamed
_CONTENT_TAGS = frozenset({"n", "nz", "v", "vn", "a", "an"})  # see Index._kinds_unnamed
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")  # see Index._common_word
FUNCTION_TAGS = frozenset("r d p c u ul uj y e o m q mq t f".split())

PARSED_KEPT = 256  # questions whose parse `Index.parse` keeps
# An unknown word Cilin files only as a function word (class K 助语: 单独, 优先, 反倒) weighs this share of an
# unknown word: +1 −0 on the labelled questions with the shipped models (0.1 and 0.0 the same). Refitting the
# models with it gives 5-fold CV 2,776 against 2,773 for a refit without it, but either refit, run, answers
# 4–5 fewer right than the shipped weights (out of scope rejected 491 against 498), so they were not shipped.
FUNCTION_WORD_SHARE = 0.3
UNKNOWN_ENGLISH_WEIGHT = 0.6  # times the rarest word's weight (an unknown Chinese word: 1.25)
# A quoted fragment (“零”, of one to four characters) asked as the speech's words holding it, when they are at
# most `QUOTED_FRAGMENT_WORDS` (`Index._quoted_fragments`)
_QUOTED_FRAGMENT = re.compile(r"[“\"'「『‘]([^”\"'」』’]{1,4})[”\"'」』’]")
QUOTED_FRAGMENT_WORDS = 4


_RESULT_CHAR = re.compile(r"[为成作了]")
# A syllable of pinyin between Chinese characters (严jin, jian查): see `Index._typed_pinyin`
_PINYIN_TYPED = re.compile(r"(?P<before>[\u4e00-\u9fff]{0,3})(?<![a-z])(?P<syllable>[a-z]{1,6})(?![a-z])(?P<after>[\u4e00-\u9fff]{0,3})")
_COUNT_ASKED = re.compile(r"几([\u4e00-\u9fff])")  # 几种, 几项: a count asked (`Index._measure_word`)
_NUMERAL_CHAR = re.compile(r"[一二三四五六七八九十百千万两几]")


def _question_word_pattern(words: list[str], stopwords: Iterable[str]):
    """The pattern of one question word, not matching where a longer reading overlaps it: another question word
    that starts inside it, after stop words that can stand alone, and goes on past its end (定性为什么样的 is
    为 + 什么样, not 为什么 + 样; 主要注意什么 stays 主要 + 注意什么, 主 being no word of its own)."""
    alone = frozenset(stopwords)

    def pattern(w: str) -> str:
        tails = sorted({q[len(w) - k:] for k in range(1, len(w)) if all(ch in alone for ch in w[:k])
                        for q in words if len(q) > len(w) - k and q.startswith(w[k:])}, key=len, reverse=True)
        return re.escape(w) + (f"(?!{'|'.join(map(re.escape, tails))})" if tails else "")
    return pattern


# 啥线, 什么线, 哪种线: a kind asked by one character, at the end of the question or before a particle
_KIND_ASKED = re.compile(r"(?:什么|啥|哪种|哪条|哪一种)([\u4e00-\u9fff])(?=$|[^\u4e00-\u9fff]|[呢吗啊呀])")


@dataclass(frozen=True)
class Concept:
    """One thing the user asked about, with every word that can stand for it in the speech."""

    surface: str
    alternatives: tuple[str, ...]  # index terms that fully stand for it, the user's own word first
    weight: float
    known: bool  # some alternative occurs in the knowledge base
    parts: tuple[str, ...] = ()  # known words inside an unknown long word: partial evidence
    lexicon: tuple[str, ...] = ()  # words of the speech in a synonym group of the general lexicon with it
    situation: bool = False  # stands in a clause describing the asker's situation, not in the asking one
    bridged: bool = False  # an English word known only through the bilingual dictionary (`bot.qa.bilingual`)
    # an adverb's (特别 of 特别重视): the words of what it modifies, one of which a unit must have for the
    # adverb to count there (`Index._modifiers`)
    head: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A segmented text: a sentence of the speech, or one phrasing of a Q&A entry or fact."""

    key: str
    terms: frozenset[str]
    context: frozenset[str] = frozenset()  # words of the title path the sentence stands under


@dataclass
class Query:
    text: str
    normalized: str
    language: str
    concepts: list[Concept] = field(default_factory=list)
    unknown_english: list[str] = field(default_factory=list)
    cleaned: str = ""  # the question after `clean` (punctuation kept: clauses, quotes)
    # an English question in the speech's words, word by word in its own order (economic issue → 经济,
    # 问题): what the speech's wording is compared with, as a Chinese question's own characters are
    rendered: list[str] = field(default_factory=list)

    @property
    def total_weight(self) -> float:
        """The weight coverage is a share of: the concepts the knowledge base knows."""
        return sum(c.weight for c in self.concepts if c.known)

    @property
    def all_weight(self) -> float:
        return sum(c.weight for c in self.concepts)

    @property
    def substantive(self) -> bool:
        """Some known word of two or more characters was asked about (not just 好 or 人)."""
        return any(c.known and any(len(a) > 1 for a in c.alternatives + c.parts) for c in self.concepts)


_LIST_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]")


def list_lead(kb: KnowledgeBase, gid: str) -> str:
    """The text of the sentence introducing the list a list item belongs to (`list_lead_id`), or ""."""
    lead = list_lead_id(kb, gid)
    return kb.sentences[lead].text if lead else ""


def is_list_item(text: str) -> bool:
    """A sentence that is an item of a list: （一）…, (五)…"""
    return bool(_LIST_ITEM.match(text))


def list_lead_id(kb: KnowledgeBase, gid: str) -> str | None:
    """The sentence introducing the list a list item (（五）…) belongs to: the nearest sentence before it in
    its passage that ends with a colon (…有下列情形之一的:); None for a sentence that is no list item."""
    if not is_list_item(kb.sentences[gid].text):
        return None
    ids = kb.passage_of(gid).sentence_ids
    for sid in reversed(ids[: ids.index(gid)]):
        if kb.sentences[sid].text.rstrip().endswith((":", "：")):
            return sid
    return None


class Index:
    """Everything that is computed once per knowledge base, before the first question."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        # The source's wrong words in a question: a pasted context of a local repair (人手缺乏 → 人手不足)
        # first, then the repairs marked `queries: true` everywhere (平安 → 安全).
        corrections = [c for d in kb.documents for c in d.corrections]
        self.replacements = tuple(
            [(c.context, c.context.replace(c.original, c.corrected)) for c in corrections if c.context]
            + [(c.original, c.corrected) for c in corrections if c.queries]
        )
        self.replacements += _own_words(kb)
        self.stopwords = kb.stopwords
        self.synonyms = kb.synonyms
        # Policy shorthand (三管三必须) read as the parts the speech lists (knowledge/shorthand.yaml).
        self.shorthand = _load_shorthand(kb.root / "shorthand.yaml")
        self.glossary = kb.glossary
        self._glossary_max_words = max((len(k.split()) for k in kb.glossary), default=1)
        self._glossary_words = {w for k in kb.glossary for w in k.split()}

        sentence_texts = {gid: normalise(s.text) for gid, s in kb.sentences.items()}
        heading_texts = [normalise(t) for p in kb.passages.values() for t in p.path]
        qa_texts = [normalise(t) for q in kb.qa for t in (q.question, *q.alternates)]
        fact_texts = [normalise(t) for f in kb.facts for t in (f.question, *f.alternates)]
        extra_terms = set(kb.synonyms) | {t for ts in kb.synonyms.values() for t in ts}
        extra_terms |= {t for ts in kb.glossary.values() for t in ts}
        extra_terms |= set(kb.stopwords)
        corpus = [*sentence_texts.values(), *heading_texts, *qa_texts, *fact_texts, *extra_terms]
        words = [(w, f, t) for w, f, t in kb.userdict]
        words += [(w, None, None) for w in sorted(extra_terms) if len(w) > 1 and w not in {u[0] for u in kb.userdict}]
        self.segmenter = Segmenter(corpus, words)
        # Stop words of two or more characters that the speech never uses are question words
        # (什么, 怎么, 有没有); they can be cut out of a question before segmentation.
        speech = "".join(sentence_texts.values())
        question_words = sorted((w for w in kb.stopwords if len(w) > 1 and w not in speech), key=len, reverse=True)
        self._question_words = re.compile("|".join(map(_question_word_pattern(question_words, kb.stopwords),
                                                        question_words))) if question_words else None
        self._question_word_set = frozenset(question_words)

        # Sentences: each with its words and the words of its title path (kept as a `TermIndex` below); a
        # list item (（五）…的;) also stands under the sentence that introduces the list (因下列情形之一…学校不
        # 承担赔偿责任:).
        units: list[Unit] = []
        paths: dict[tuple[str, ...], frozenset[str]] = {}
        for gid, text in sentence_texts.items():
            path = kb.passage_of(gid).path
            lead = list_lead(kb, gid)
            key = (*path, lead)
            ctx = paths.get(key)
            if ctx is None:
                ctx = paths[key] = frozenset(self.terms_of(" ".join([*(normalise(p) for p in path), normalise(lead)])))
            units.append(Unit(gid, frozenset(self.terms_of(text)), ctx))
        df: Counter[str] = Counter()
        for u in units:
            df.update(u.terms | u.context)
        n = len(units)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.max_idf = math.log(1 + (n - 0.5) / 1.5)
        # Words of Q&A phrasings and synonyms count as known vocabulary too (weight of a rare word).
        self.vocabulary = set(df)
        for t in qa_texts + fact_texts:
            self.vocabulary.update(self.terms_of(t))
        self._sound_map: dict[str, list[str]] | None = None  # built on the first unknown word
        # A law's own definition names the everyday things its term covers (本条例所称轨道交通是指地铁、轻轨等…):
        # a question's 地铁 stands also for 轨道交通, in the words that law uses throughout.
        self.defined = _defined_instances((s.text for s in kb.sentences.values()), self.vocabulary,
                                          lambda w: 0 < df.get(w, 0) <= KNOWN_SYNONYM_RARE)
        self._sentences = TermIndex(units, self.weight)
        self.sentence_units = SentenceUnits(self._sentences, [u.key for u in units], kb.sentences.positions)
        del units
        # General-language lexicon: synonyms of the speech's own words (sentences only), credited below
        # a curated synonym; the words are added to the tokenizer so a question's 动工 stays one word.
        self.lexicon = Lexicon()
        speech_terms = sorted(df)
        # Words of curated phrasings only (下手, 目标 asked but not said) get the lexicon's help too: they
        # name no sentence of the speech by themselves.
        exclude = set(df) | set(self.synonyms) | set(self.stopwords)
        self.lexicon_synonyms = self.lexicon.synonyms_for(speech_terms, exclude)
        # A word the documents seldom use stands also for a word of its Cilin synonym group they use far
        # more (过期 → 逾期, 扑火 → 扑救): the documents' own word for what the asker names.
        self.rarer_synonyms = self.lexicon.rarer_synonyms(df, KNOWN_SYNONYM_RATIO, KNOWN_SYNONYM_RARE)
        for w in self.lexicon_synonyms:
            info = self.lexicon.info(w)
            self.segmenter.add_word(w, info.freq or None, info.tag or None)
        # English words nobody put in the glossary (principle, weapon, overcome): CC-CEDICT's glosses of
        # the speech's own words (`bot.qa.bilingual`), credited like a lexicon synonym.
        # The words saying what kind of answer is wanted (成语, 原因, 意思) are bridged too: "idiom" or
        # "reason" in English is the question's form, not a topic the speech lacks.
        self.bilingual = Bilingual([*(t for t in speech_terms if t not in self.stopwords), *FORM_WORDS],
                                   same_sense=self.lexicon.same_group)
        self._bilingual_words = {w for g in self.bilingual.table for w in g.split()}

    # ----- segmentation -----
    def terms_of(self, normalized: str) -> list[str]:
        """Index terms of a normalised text: jieba words without stop words, plus the known words inside long words."""
        out = []
        for w in self.segmenter.cut(normalized):
            if w in self.stopwords or not w.strip():
                continue
            out.append(w)
            if len(w) > 2:
                out.extend(self._subwords(w))
        return out

    def _subwords(self, word: str) -> list[str]:
        vocab = self.segmenter.vocabulary
        subs = []
        for k in range(2, len(word)):
            for i in range(len(word) - k + 1):
                s = word[i:i + k]
                if s in vocab and s not in self.stopwords:
                    subs.append(s)
        return subs

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.max_idf)

    # ----- queries -----
    def parse(self, question: str) -> Query:
        """The question as weighted concepts (`_parse`). The last `PARSED_KEPT` questions' are kept: a turn
        parses its question more than once (the dialogue's follow-up check, the library and the primary
        document alone, a named document's rewording), and a question is often asked again (a suggestion
        tapped, the same question from many users). Each call gets its own copy of the lists."""
        kept = getattr(self, "_parsed", None)
        if kept is None:
            kept = self._parsed = {}
        q = kept.get(question)
        if q is None:
            q = self._parse(question)
            if len(kept) >= PARSED_KEPT:
                kept.clear()
            kept[question] = q
        return replace(q, concepts=list(q.concepts), unknown_english=list(q.unknown_english))

    def _parse(self, question: str) -> Query:
        cleaned = clean(question)
        if self.shorthand:
            cleaned = _replacer(self.shorthand)(cleaned)
        if _PINYIN_TYPED.search(cleaned):
            cleaned = _PINYIN_TYPED.sub(self._typed_pinyin, cleaned)
        english = english_tokens(latin_words(_en_place_refs(cleaned)))
        scene = english_scene(cleaned) if english else ""
        cjk_part = fold(cleaned, self.replacements)
        q = Query(question, cjk_part, "en" if is_english(cleaned) else "zh", cleaned=cleaned)
        if english and scene:  # I'm a journalist… / I run a small company…: the asker's situation, then the question
            told = english_tokens(latin_words(_en_place_refs(scene)))
            q.concepts.extend(self._english_concepts(told, q, situation=True))
            english = english_tokens(latin_words(_en_place_refs(cleaned[len(scene):])))
        if english:
            q.concepts.extend(self._english_concepts(english, q))
        intent, situation = split_intent(cleaned) if q.language == "zh" else (cleaned, "")
        for part, is_situation in ((intent, False), (situation, True)):
            chinese = re.sub(r"[a-z']+", " ", fold(DEGREE_ASKED.sub(" ", _POINT_REF.sub(" ", part)), self.replacements)).strip()
            if chinese:
                q.concepts.extend(self._chinese_concepts(chinese, is_situation))
        # Words of the question's form (原因, 程度, 说法) that the speech does not use are no evidence of
        # a topic it lacks.
        framing = form_words(cleaned) if q.language == "zh" else set()
        if framing:
            q.concepts = [c for c in q.concepts if c.known or c.surface not in framing]
        # The count in an enumeration question (“十六字”是哪十六个字, 三个X是哪三个) is its form, not a topic.
        if q.language == "zh":
            slot = asked_slot(intent)
            if slot is not None and slot.kind == ENUMERATION:
                q.concepts = [c for c in q.concepts if c.known or not _COUNT_WORD.fullmatch(c.surface)]
        q.concepts = self._quoted_fragments(cleaned, q.concepts)
        # The same word twice is one concept (the asking clause's, when both have it).
        seen: dict[str, Concept] = {}
        for c in q.concepts:
            seen.setdefault(c.alternatives[0], c)
        q.concepts = list(seen.values())
        return q

    def _pointing(self, joined: str) -> bool:
        """A word general Chinese lists that a stop word begins, and which is a pronoun (jieba r: 啥子, 咋个) or
        which Cilin files only under time and space (class C: 那阵子, 这会儿): what it points at is the
        question's own time or thing, named elsewhere in it (两会那阵子), no topic the speech lacks."""
        if len(joined) > 4 or not _CJK_WORD.fullmatch(joined):
            return False
        info = self.lexicon.info(joined)
        if info.tag == "r" or bool(info.codes) and all(c.startswith("C") for c in info.codes):
            return True
        # 这 or 那 and a word Cilin files with a stop word's nouns (这玩意儿: 玩意儿 beside 东西): "this thing"
        rest = joined[1:]
        return joined[0] in "这那" and any(w in self.stopwords for c in self.lexicon.info(rest).codes
                                           for w in self.lexicon.group(c) if len(w) > 1)

    def _typed_pinyin(self, m: re.Match) -> str:
        """A syllable of pinyin typed for a character the keyboard did not offer, beside the characters of
        the same word (严jin → 严禁, jian查 → 检查): the word of the speech whose sound is those characters'
        and the syllable's, holding the typed characters as they are. Otherwise the text as typed."""
        before, syllable, after = m.group("before"), m.group("syllable"), m.group("after")
        if not before and not after:
            return m.group()
        sounds = self._sounds()
        for k in range(min(3, len(before)), 0, -1):
            typed = before[-k:]
            for w in sounds.get(pinyin.key(typed) + " " + syllable, ()):
                if w.startswith(typed):
                    return before[:-k] + w + after
        for k in range(min(3, len(after)), 0, -1):
            typed = after[:k]
            for w in sounds.get(syllable + " " + pinyin.key(typed), ()):
                if w.endswith(typed):
                    return before + w + after[k:]
        return m.group()

    def _quoted_fragments(self, cleaned: str, concepts: list[Concept]) -> list[Concept]:
        """A short fragment the question quotes (跟“零”有关的那句话, 带“严”字的要求) that is no word of the speech
        but stands inside a few of its words (从零开始, 向零奋斗) is asked as those words: quoting marks it as the
        speech's own text, not as a word of the asker's."""
        quoted = [f for f in _QUOTED_FRAGMENT.findall(cleaned) if _CJK_WORD.fullmatch(f)]
        if not quoted:
            return concepts
        out = []
        for c in concepts:
            if not c.known and not c.parts and any(c.surface in f for f in quoted):
                holding = sorted((t for t in self._holding(c.surface[0]) if c.surface in t and t != c.surface),
                                 key=lambda t: (-self.weight(t), t))
                if 0 < len(holding) <= QUOTED_FRAGMENT_WORDS:
                    c = replace(c, alternatives=tuple(holding), weight=max(self.weight(t) for t in holding)
                                * (0.5 if len(c.surface) == 1 else 1.0), known=True)
            out.append(c)
        return out

    def _holding(self, char: str) -> list[str]:
        """The speech's words (of two characters or more) holding a character, by a table built on first use."""
        table = getattr(self, "_char_words", None)
        if table is None:
            table = self._char_words = {}
            for t in self.idf:
                if len(t) > 1:
                    for ch in set(t):
                        table.setdefault(ch, []).append(t)
        return table.get(char, [])

    def _concept(self, surface: str, alternatives: Iterable[str], situation: bool = False) -> Concept:
        alts = list(dict.fromkeys(a for a in alternatives if a and a not in self.stopwords))
        lexicon: tuple[str, ...] = ()
        known = [a for a in alts if a in self.vocabulary]
        if not any(a in self.idf for a in alts):
            lexicon = tuple(t for a in alts for t in self.lexicon_synonyms.get(a, ()) if t not in alts)
            if not lexicon and not known:  # 鞭炮 the documents never say: their 爆竹, 烟花 (`Lexicon.cluster_kin`)
                lexicon = tuple(t for t in self.lexicon.cluster_kin(surface) if t in self.idf)
            if not lexicon and not known and not situation:  # (the asker's own words: 村委 is no 市委)
                lexicon = self._kin(surface)
            if not lexicon and not known:
                lexicon = self._verb_said_whole(surface)
            known = known or list(lexicon)
        else:
            lexicon = tuple(dict.fromkeys(t for a in alts for t in self.rarer_synonyms.get(a, ()) if t not in alts))
        parts: list[str] = []
        for a in alts if not self._suffixed_noun(surface) else ():  # known words inside a long word give
            # partial credit (安全检查 → 安全, 检查); not those of a noun made by a suffix (责任险 is no 责任)
            parts.extend(p for p in self._subwords(a) if p in self.vocabulary and p not in parts and p not in alts)
        # A concept weighs as much as its most specific known word; unknown words weigh as the rarest.
        if known:
            weight = max(self.weight(a) for a in known)
            if len(surface) == 1:
                weight *= 0.5  # a single character says less than a word, however rare
        elif len(surface) == 1:
            weight = self.max_idf * 0.5  # a stray unknown character is weak evidence either way
        else:
            weight = self.max_idf * 1.25 * self._ordinary_share(surface)
        return Concept(surface, tuple(alts) or (surface,), weight, bool(known or parts), tuple(parts), lexicon,
                       situation)

    def _kin(self, word: str) -> tuple[str, ...]:
        """The speech's words of two characters that begin as an unknown one does and that Cilin files, as it,
        under one second-level category of abstract things (心态 Df05 ~ 心理 Df01, both 意识: 心 + a state of
        mind), when no synonym group links them: the asker's word for what the speech words differently. Not
        a word ending alike (村委 ~ 市委, 分量 ~ 质量: the same kind of thing, a different one)."""
        if len(word) != 2 or not _CJK_WORD.fullmatch(word):
            return ()
        classes = {c[:2] for c in self.lexicon.info(word).codes}
        if not classes or any(c[0] != "D" for c in classes):
            return ()  # an abstract thing only (class D: 心态, 分量), not a time, place, act or quality
        table = getattr(self, "_kin_table", None)
        if table is None:
            table = self._kin_table = {}
            for t in self.idf:
                if len(t) == 2 and t not in self.stopwords:
                    for c in {c[:2] for c in self.lexicon.info(t).codes}:
                        table.setdefault((t[0], c), []).append(t)
        found = {t for c in classes for t in table.get((word[0], c), ()) if t != word}
        return tuple(sorted(found))

    def _verb_said_whole(self, char: str) -> tuple[str, ...]:
        """The one verb of the documents made of an unknown verb of one character and an adjective saying its
        result (绷 → 绷紧, 压 → 压实), by jieba's tags: the asker's bare verb for the documents' verb with its
        complement. Not a verb of two verbs (砍 → 砍伐, 买 → 买卖: another act, or a noun), and none when several
        fit (搞 → 搞好, 搞活: which one is not said)."""
        if len(char) != 1 or self.lexicon.info(char).tag != "v":
            return ()
        found = [t for t in self._holding(char) if len(t) == 2 and t[0] == char and t not in self.stopwords
                 and self.lexicon.info(t).tag == "v" and self.lexicon.info(t[1]).tag.startswith("a")]
        return tuple(found) if len(found) == 1 else ()

    def _ordinary_share(self, word: str) -> float:
        """The share of an unknown word's weight it carries: `FUNCTION_WORD_SHARE` for a word Cilin files only
        under class K 助语 (adverbs, conjunctions, prepositions: 单独, 优先, 反倒, 使劲), which says how something
        is asked, not about what; 1 for any other word."""
        codes = self.lexicon.info(word).codes
        return FUNCTION_WORD_SHARE if codes and all(c.startswith("K") for c in codes) else 1.0

    def _measure_word(self, char: str) -> bool:
        """Whether Cilin files a character as a measure word (Dn08: 种 类 项 条 个 块 件 样)."""
        return any(c.startswith("Dn08") for c in self.lexicon.info(char).codes)

    def _cut_question_word(self, m: re.Match) -> str:
        """What replaces a question word cut out of a question: a space, except for the last character of a
        longer question word whose shorter head is one too and which makes a word with the character after
        it (怎么办理 is 怎么 + 办理, not 怎么办 + 理)."""
        word, after = m.group(), m.string[m.end():m.end() + 1]
        if len(word) > 2 and word[:-1] in self._question_word_set and after:
            joined = word[-1] + after
            if joined in self.segmenter.vocabulary or self.lexicon.info(joined).codes:
                return " " + word[-1]
        return " "

    def _chinese_concepts(self, text: str, situation: bool = False) -> list[Concept]:
        last = next(reversed(list(_CJK_WORD.finditer(text))), None) if not situation else None
        if last is not None:  # (only the question's end: …拍卖的话，… is a condition)
            text = text[:last.start()] + self._without_modal(last.group()) + text[last.end():]
        kinds = set(_KIND_ASKED.findall(text))
        asked = text
        if self._question_words:  # 什么, 怎么 …: cut out first so jieba's HMM cannot glue them to neighbours
            text = self._question_words.sub(self._cut_question_word, text)
        # 分几种情况, 有几类, 包括几项: 几 and a measure word (Cilin Dn08) count what is asked; they are the
        # question's shape, cut out as its question words are (jieba's HMM glued 分几种 into an unknown "topic")
        text = _COUNT_ASKED.sub(lambda m: " " if self._measure_word(m.group(1)) else m.group(), text)
        words = [w for w in self.segmenter.cut(text) if w.strip()]
        words = self._fix_sound_typos(words, situation)
        words = self._glue_noun_suffixes(words)
        words = self._rejoin_general_words(words)
        words = self._recut_guesses(words)
        concepts = []
        at: list[int] = []  # the word each concept was read from
        skip_result = False
        written_out: dict[int, list[str]] = {}  # 总 责任 → 责任 also 总责 (`_written_out_word`)
        for i in range(len(words) - 1):
            found = self._written_out_word(words[i], words[i + 1])
            if found:
                written_out[i + 1] = found
        for i, w in enumerate(words):
            if i + 1 in written_out:
                continue  # the character the speech's shorter word begins with: read with the word after it
            if i and _DIRECTIONAL.fullmatch(w) and w not in self.vocabulary and w not in self.synonyms:
                continue  # 单独拎出来: the verb's complement, not a word of its own
            if w not in self.vocabulary and w not in self.synonyms and self._pointer(w, words[i - 1] if i else ""):
                continue  # 应急这一块, 那一条: a numeral and classifier after 这/那 point at something, name nothing
            if i + 2 < len(words) and words[i + 1] == "不" and len(words[i + 2]) > len(w) and words[i + 2].startswith(w):
                continue  # 管 不 管安全: the yes-or-no form of the verb said with its object (管安全), asked once
            asks = _A_NOT_A.fullmatch(w)
            if asks:  # 归不归, 允不允许: the question's yes-or-no form of the verb (归, 允许), not a new word
                w = asks.group(1) + asks.group(2)
            if self._speaker_frame(asked, w):
                continue  # 县长认为…, 讲话指出…: who holds or says it, not what about
            if self._classing_frame(asked, w):
                skip_result = True  # 被定性为哪几类, 界定为什么: the question's 是, not what about
                continue
            if skip_result and _RESULT_CHAR.fullmatch(w):
                skip_result = False
                continue  # (定性 成 哪几类: the 成 of the frame)
            skip_result = False
            if w not in self.vocabulary and w not in self.synonyms and (
                    i and words[i - 1] in self.stopwords and self._pointing(words[i - 1] + w)
                    or len(w) > 1 and w[0] in self.stopwords and self._pointing(w)):
                continue  # 啥子, 那阵子: begun by a stop word, a pronoun or a time or place pointed at
            if w in self.stopwords:
                continue  # 我们 is dropped whole: peeling the stopword 我 off it would leave 们, a "word" of the speech
            if w not in self.vocabulary and w not in self.synonyms and w not in self.lexicon_synonyms:
                # jieba's HMM glues particles to unknown words (上要, 事要): peel them off; a lone
                # unknown character left over is noise.
                peeled = self._peel(w)
                keep = peeled == w or len(peeled) > 1 or peeled in self.vocabulary or peeled in self.synonyms
                w = peeled if keep else ""
            if not w or w in self.stopwords or _DIGITS_RE.match(w) and w not in self.vocabulary:
                continue
            if self._glued_ordinary(w):
                continue
            alts = [w]
            for canonical in self.synonyms.get(w, ()):
                alts.append(canonical)
            alts += [t for t in self.defined.get(w, ()) if t not in alts]
            if w in kinds and w not in self.vocabulary and w not in self.synonyms:
                alts += self._kinds_of(w)
            if i and concepts and concepts[-1].surface == words[i - 1]:
                alts += self._shortened(words[i - 1], w, words)
            if i in written_out:  # 总责任 asks the speech's 总责; a sentence with 责任 alone covers it in part
                c = self._concept(words[i - 1] + w, written_out[i], situation)
                concepts.append(replace(c, known=True, parts=tuple(dict.fromkeys((*c.parts, *alts)))))
                at.append(i)
                continue
            concepts.append(self._concept(w, alts, situation))
            at.append(i)
        concepts, at = self._kinds_unnamed(concepts, at, words, asked)
        return self._modifiers(concepts, at)

    def _kinds_unnamed(self, concepts: list[Concept], at: list[int], words: list[str],
                       asked: str) -> tuple[list[Concept], list[int]]:
        """An abstract noun of the speech (Cilin class D only: 心理, 底线) right after an unknown word of content
        that says which one (职工心理: a noun; 紧张的心理, 谈恋爱的底线: a noun, verb or adjective before 的) is a
        kind the speech never names: the two are one unknown thing, not the speech's 心理 (its 麻痹、侥幸心理)
        found by the head alone."""
        out: list[Concept] = []
        where: list[int] = []
        for k, c in enumerate(concepts):
            prev = out[-1] if out else None
            gap = at[k] - where[-1] if where else 0
            if (prev is not None and c.known and not c.situation and not prev.known and not prev.lexicon
                    and not prev.parts and len(prev.surface) >= 2
                    and (gap == 1 and self._content_word(prev.surface, _NOUN_TAGS)
                         and prev.surface + c.surface in asked
                         or gap == 2 and words[at[k] - 1] == "的" and self._content_word(prev.surface, _CONTENT_TAGS)
                         and prev.surface + "的" + c.surface in asked)  # (as written: not 拿出什么样的态度)
                    and self._abstract_noun(c.alternatives[0])):
                out[-1] = Concept(prev.surface + c.surface, (prev.surface + c.surface,),
                                  max(prev.weight, c.weight), False, situation=prev.situation)
                where[-1] = at[k]
                continue
            out.append(c)
            where.append(at[k])
        return out, where

    def _abstract_noun(self, word: str) -> bool:
        """A noun Cilin files only under abstract things (class D), not under bodies and institutions (Di, Dm:
        单位, 公司 are who, not a notion of which there are kinds); or an adjective filed only under qualities
        (class E: 健康)."""
        info = self.lexicon.info(word)
        if info.tag == "a" and info.codes and all(code.startswith("E") for code in info.codes):
            return True  # a quality (Cilin class E) said of an unknown noun is one too (身体健康)
        return info.tag == "n" and bool(info.codes) and all(
            code.startswith("D") and not code.startswith(("Di", "Dm")) for code in info.codes)

    def _content_word(self, word: str, tags: frozenset[str]) -> bool:
        """A word general Chinese lists with one of `tags` and a Cilin category, none a function word or a
        time (class K, C). Right before a noun only a noun says which one (a verb there takes it as its object:
        满足条件, 拿出态度); before 的 a verb or adjective does too (紧张的心理)."""
        info = self.lexicon.info(word)
        return (info.tag in tags and bool(info.codes)
                and not any(code.startswith(("K", "C")) for code in info.codes))

    def _modifiers(self, concepts: list[Concept], at: list[int]) -> list[Concept]:
        """An adverb of the speech's words (jieba tag d, Cilin class Ka: 特别, 格外, 始终) says how much or how
        of the word right after it (特别重视), not what about: it counts only in a unit that has that word too
        (the speech's 特别容易忽视 is no answer to 为啥要特别重视), and else nowhere."""
        out = list(concepts)
        for k in range(len(concepts) - 1):
            c, nxt = concepts[k], concepts[k + 1]
            if at[k + 1] != at[k] + 1 or not c.known or not nxt.known or len(c.alternatives) != 1:
                continue
            info = self.lexicon.info(c.alternatives[0])
            if info.tag != "d" or not any(code.startswith("Ka") for code in info.codes):
                continue
            out[k] = replace(c, head=tuple(dict.fromkeys((*nxt.alternatives, *nxt.lexicon, *nxt.parts))))
        return out

    def _shortened(self, first: str, second: str, words: list[str]) -> list[str]:
        """The speech's word of two characters that shortens two words the question writes out one after the
        other, a character of each in order (排查 整改 → 查改, 恢复 生产 → 复产): the question's second word stands
        also for it. Both words are the speech's own, of two characters or more; the shortening is none of the
        question's words, no run of the characters as written (安全 生产 holds 全生), no word of the general
        lexicon (Cilin: 生命 财产 holds 生产, 现场 不合格 场合, which mean something else) and no function or
        number character (不能 放松 → 不放, 一个 重大 → 一大)."""
        if len(first) < 2 or len(second) < 2 or first not in self.vocabulary or second not in self.vocabulary:
            return []
        found = []
        for a in dict.fromkeys(first):
            for b in dict.fromkeys(second):
                v = a + b
                if (v in self.vocabulary and v not in words and v not in self.stopwords
                        and v not in first + second and re.fullmatch(r"[\u4e00-\u9fff]{2}", v)
                        and not self.lexicon.info(v).codes and a not in self.stopwords
                        and b not in self.stopwords and not _NUMERAL_CHAR.search(v)):
                    found.append(v)
        return found

    def _written_out_word(self, char: str, word: str) -> list[str]:
        """The speech's words of two characters that say a character and a word of the question in short
        (总 + 责任 → 总责, as in 负总责): the character is no word of the speech, the word is, and the shorter
        word begins with the character and is filed by Cilin in a synonym group of the word's (总责 and 责任
        are both Di22A01=): the question writes out what the speech says in two characters."""
        if (len(char) != 1 or not _CJK_WORD.fullmatch(char) or char in self.vocabulary or char in self.synonyms
                or char in self.stopwords or word not in self.vocabulary or len(word) < 2):
            return []
        groups = {c for c in self.lexicon.info(word).codes if c.endswith("=")}
        if not groups:
            return []
        return [t for t in self._holding(char) if len(t) == 2 and t[0] == char and t not in self.stopwords
                and groups & set(self.lexicon.info(t).codes)]

    def _without_modal(self, run: str) -> str:
        """The question's last run of characters without the modal particle ending it that Cilin files only
        under Kd 语气词 (啥线来着, 而已): how the question is said, not what about."""
        for k in (3, 2):
            if len(run) > k:
                codes = self.lexicon.info(run[-k:]).codes
                if codes and all(c.startswith("Kd") for c in codes):
                    return run[:-k]
        return run

    def _pointer(self, word: str, before: str) -> bool:
        """A numeral and classifier after 这/那 (这一块, 那 一条, 这两项: jieba tag m), which points at what the
        question names, not a word of its own."""
        if before in ("这", "那"):
            rest = word
        elif len(word) > 2 and word[0] in "这那":
            rest = word[1:]
        else:
            return False
        return self.lexicon.info(rest).tag == "m"

    def _speaker_frame(self, text: str, word: str) -> bool:
        """A verb of thinking or stating (Cilin Gb02 认为 觉得 主张, Hi14 指出 表示) whose subject is the speech or
        its speaker (县长认为, 讲话里指出, 领导觉得) frames what is asked: the speech's own 认为 is another's view
        (一些地方认为…), which the question does not ask about."""
        info = self.lexicon.info(word)
        codes = info.codes
        # (an adverb the speech does not use, right after it: 讲话中明确严禁, 县长反复强调 say how it is said)
        manner = info.tag in ("d", "ad") and word not in self.vocabulary and word not in self.synonyms
        # (a verb of wishing, Gb04A 希望 期望, whose other senses are only its noun's, Df08 hope: 讲话希望…)
        wish = (info.tag == "v" and any(c.startswith(_WISH_CODES) for c in codes)
                and all(c.startswith((*_FRAME_CODES, *_WISH_CODES, "D")) for c in codes))
        if not manner and not wish and (not codes or not all(c.startswith(_FRAME_CODES) for c in codes)):
            return False
        return re.search(_SPEAKER + re.escape(word), text) is not None

    def _classing_frame(self, text: str, word: str) -> bool:
        """A word the speech does not use, saying what something is made or counted as, right before the asking
        word (定性为哪几类, 界定为什么样的, 看作哪些, 定位成什么): the question asks what the thing is, and the
        verb of classing is its form (the speech says 既是…也是…), no topic it lacks. 为什么 asks why (情况为什么特殊),
        unless a kind follows it (定性为什么样的, 为什么问题)."""
        if word in self.vocabulary or word in self.synonyms or word in self.lexicon_synonyms or word in self.stopwords:
            return False
        # a verb of being or belonging (Cilin Ja01 是 为 属, Ja06 属于) right before it: 它属于哪些方面, 属于什么问题
        if (self.lexicon.info(word).tag == "v" and any(c.startswith(_BEING_CODES) for c in self.lexicon.info(word).codes)
                and re.search(re.escape(word) + r"于?(?:哪|什么|啥)", text)):
            return True
        if len(word) < 2:
            return False
        # how the speech classes a thing, asked with the thing put before the verb (讲话是怎么给安全生产问题定性的)
        if re.search(_SPEAKER + r"(?:是|又是)?(?:怎么|怎样|如何|咋)(?:给|把|对|将)[^，,。；;？?\s]{1,12}?" + re.escape(word)
                     + r"的?(?:[\s，,。；;？?]|$)", text):
            return True
        result = "" if word[-1] in "为成作" else "[为成作]了?"
        return re.search(re.escape(word) + result + r"(?:是)?(?:哪|什么|啥|何)(?<!为何)(?:(?<!为什么)|(?=样|类|性质|问题))", text) is not None

    def _kinds_of(self, char: str) -> list[str]:
        """啥线, 什么线: a kind asked by a character the speech uses only inside its words asks one of the words
        ending in it (红线, 底线, 高线), when two or more do."""
        kinds = [v for v in self.vocabulary if len(v) == 2 and v.endswith(char) and not _DIGITS_RE.match(v)]
        return sorted(kinds) if len(kinds) >= 2 else []

    def _glued_ordinary(self, word: str) -> bool:
        """Two characters jieba's HMM glued that no dictionary lists as a word, the first an adverb, verb,
        adjective, numeral or other function character (老出 = 老 always + 出, 整法, 少出, 来防): spoken
        filler, not a topic the speech lacks. A first character that names a thing (酒驾: 酒) keeps it."""
        if len(word) != 2 or word in self.vocabulary or word in self.synonyms:
            return False
        lexicon = self.lexicon
        if lexicon.info(word).listed or not all(lexicon.info(ch).listed for ch in word):
            return False
        return lexicon.info(word[0]).tag in ORDINARY_FIRST

    def _recut_guesses(self, words: list[str]) -> list[str]:
        """A run of characters jieba's HMM glued into a word no dictionary lists (真正落, 开会时, 人忙活: the
        segmenter knows only the speech's words and guesses the rest) is cut again as general Chinese cuts
        it (`Lexicon.cut`: 真正 + 落, 开会 + 时), when that finds a word Cilin lists, no noun, of two characters
        in it: that word is then judged as a word of its own (known, a stop word, an ordinary word), and the
        character glued to it only if the speech uses it (a stray unknown character is noise, as one left
        when stop words are peeled off a word: 不同级 → 不同, not 级)."""
        out: list[str] = []
        lexicon = self.lexicon
        for w in words:
            if (len(w) >= 3 and _CJK_WORD.fullmatch(w) and w not in self.vocabulary and w not in self.synonyms
                    and w not in self.lexicon_synonyms and not lexicon.info(w).listed
                    and not self._pointer(w, out[-1] if out else "")):  # (这一块 points back: `_pointer`)
                pieces = lexicon.cut(w)
                long = [p for p in pieces if len(p) >= 2]
                if (len(w) == 3 and len(long) == 1 and lexicon.info(long[0]).codes
                        and not lexicon.info(long[0]).tag.startswith("n")):
                    out.extend(p for p in pieces if len(p) >= 2 or p in self.vocabulary)
                    continue
            out.append(w)
        return out

    def _rejoin_general_words(self, words: list[str]) -> list[str]:
        """A word general Chinese lists (`Lexicon.cut`: 年终奖) that the speech never uses, which its segmenter,
        knowing only the speech's words, cut into single characters of the speech and a piece no dictionary
        lists (年 + 终奖), is one noun again: the asker's unknown thing,
        not the speech's 年 (the stray piece is noise, and the character alone would answer a question the
        speech never touches). Not when a known piece is a word of two characters or more (值班 + 员: the
        word's root is the speech's), nor through a stop word (那 + 句话), nor when every piece is a word
        of its own (带 + 狗, which general Chinese also lists as one)."""
        if len(words) < 2:
            return words
        joined = "".join(words)
        if not _CJK_WORD.fullmatch(joined):
            spans = [m.span() for m in _CJK_WORD.finditer(joined)]
        else:
            spans = [(0, len(joined))]
        cuts: dict[int, int] = {}  # start → end of each general word of two or more characters
        for a, b in spans:
            i = a
            for g in self.lexicon.cut(joined[a:b]):
                if len(g) >= 2:
                    cuts[i] = i + len(g)
                i += len(g)
        out: list[str] = []
        i, k = 0, 0
        while k < len(words):
            end = cuts.get(i)
            if end is not None and end - i > len(words[k]):
                j, at = k, i
                while j < len(words) and at < end:
                    at += len(words[j])
                    j += 1
                general = joined[i:end]
                pieces = words[k:j]
                known = [p for p in pieces if p in self.vocabulary or p in self.synonyms]
                if (at == end and j - k >= 2 and general not in self.vocabulary and general not in self.synonyms
                        and general not in self.lexicon_synonyms and self.lexicon.info(general).tag.startswith("n")
                        and known and all(len(p) == 1 for p in known)
                        and not any(p in self.stopwords for p in pieces)
                        and any(p not in known and len(p) >= 2 and not self.lexicon.info(p).listed
                                for p in pieces)):
                    out.append(general)
                    i, k = end, j
                    continue
            out.append(words[k])
            i += len(words[k])
            k += 1
        return out

    def _suffixed_noun(self, word: str) -> bool:
        return (len(word) >= 3 and word[-1] in NOUN_SUFFIXES and word not in self.vocabulary
                and word[:-1] in self.vocabulary)

    def _glue_noun_suffixes(self, words: list[str]) -> list[str]:
        """A word followed by a lone character that makes nouns of words (险 insurance, 费 fee, 税 tax, 证
        certificate, 卡 card, 金 fund) is one new noun: 责任险 is a kind of insurance, not 责任 (jieba leaves
        the character alone when it does not know the compound)."""
        out: list[str] = []
        for w in words:
            if (out and len(w) == 1 and w in NOUN_SUFFIXES and w not in self.vocabulary and len(out[-1]) >= 2
                    and _CJK_WORD.fullmatch(out[-1])):
                out[-1] += w
            else:
                out.append(w)
        return out

    def _peel(self, word: str) -> str:
        start, end = 0, len(word)
        while start < end and word[start] in self.stopwords:
            start += 1
        while end > start and word[end - 1] in self.stopwords:
            end -= 1
        return word[start:end]

    def _sounds(self) -> dict[str, list[str]]:
        """Words of the speech by their pinyin key; built when a question first has an unknown word,
        so start-up does not pay for reading the pinyin table."""
        if self._sound_map is None:
            sounds: dict[str, list[str]] = {}
            for w in sorted(self.vocabulary):
                if len(w) >= 2 and not _DIGITS_RE.match(w):
                    sounds.setdefault(pinyin.key(w), []).append(w)
            self._sound_map = sounds
        return self._sound_map

    def _function_word(self, word: str) -> bool:
        """A pronoun, adverb, preposition, numeral … by jieba's dictionary (这种, 这样, 一直): an ordinary word
        typed on purpose, never a misspelt word of the speech (这种 sounds like 着重, but is not one)."""
        return len(word) >= 2 and self.lexicon.info(word).tag in FUNCTION_TAGS

    def _common_word(self, word: str) -> bool:
        """A word general Chinese uses often (jieba's dictionary frequency ≥ `COMMON_FREQUENCY`: 主题, 整体)
        was typed on purpose: a pinyin slip that lands on such a word is rarer than the word itself (主题
        is not 主体 misspelt)."""
        return len(word) >= 2 and self.lexicon.info(word).freq >= COMMON_FREQUENCY

    def _likelier(self, fix: str, typed: str) -> bool:
        """Whether general Chinese says the word of the documents more readily than the characters as typed
        (`Lexicon.likelihood`): 排察 (排 + 察) is 排查 misspelt, but 罐装 is a word as likely as 灌装, 混在 (混 +
        在) likelier than 混载, which general Chinese does not list; a word is repaired only when its typed
        reading is the worse evidence, not merely because a document says a word that sounds the same."""
        return self.lexicon.likelihood(fix) > self.lexicon.likelihood(typed)

    def _fix_sound_typos(self, words: list[str], situation: bool = False) -> list[str]:
        """Replace a run of unknown words by a word of the speech that sounds the same (排察 → 排查); of
        several, the one sharing most characters with the typed word (整知 → 整治, not 政治); only when the
        slip explains the question better than the words as typed (`_slip_explains`: 寄回老家 is not 集会
        老家 misspelt). In a clause describing the asker's situation, a word general Chinese lists is their
        own word, not a slip: 我在山里… is not 擅离, 老板不服 is not 不负."""
        out: list[str] = []
        starts = [0]
        for w in words:
            starts.append(starts[-1] + len(w))
        text = "".join(words)
        i = 0
        while i < len(words):
            w = words[i]
            if (w in self.vocabulary or w in self.stopwords or w in self.synonyms or w in self.lexicon_synonyms
                    or self._function_word(w) or self._common_word(w)
                    or situation and len(w) >= 2 and self.lexicon.info(w).listed):
                out.append(w)
                i += 1
                continue
            # Try the unknown word alone, then joined with its neighbours (jieba may have split the typo).
            fixed = None
            for span in (1, 2, 3):
                chunk = "".join(words[i:i + span])
                if span > 1 and any(x in self.vocabulary and len(x) > 1 for x in words[i + 1:i + span]):
                    break
                candidates = self._sounds().get(pinyin.key(chunk), []) if 2 <= len(chunk) <= 6 else []
                if candidates:
                    fix = self._closest(candidates, chunk)
                    if self._likelier(fix, chunk) and self._slip_explains(
                            [fix], text, starts[i], starts[i + span], words, (i, i + span)):
                        fixed = (fix, span)
                    break
            if fixed is None:
                pair = self._sounds_as_pair(w)
                if pair and self._slip_explains(pair, text, starts[i], starts[i + 1], words, (i, i + 1)):
                    fixed = (pair, 1)
            if fixed:
                out.extend(fixed[0] if isinstance(fixed[0], list) else [fixed[0]])
                i += fixed[1]
            else:
                out.extend(self._glued_typo(w, (text, starts[i], words, i)))
                i += 1
        return out

    def _slip_explains(self, fix: list[str], text: str, start: int, end: int, words: list[str],
                       span: tuple[int, int]) -> bool:
        """Whether reading `text[start:end]` as the documents' words `fix` (typed with a slip of the pinyin
        keyboard) explains the question better than the characters as typed, by the odds of the two readings:

        - general Chinese (jieba's dictionary, `Lexicon.likelihood`) over the span and the characters around
          it, so that characters belonging to a neighbour's word count as typed (设计师想 is 设计师 + 想, not
          时向; 寄回老家 is 寄 + 回老家, not 集会);
        - the documents' own use of the word: a question put to them names their words more often than
          general Chinese does (值守 is rare in general Chinese, frequent in a speech about duty rosters),
          which weighs most for a short document and little for a word a large library uses seldom;
        - the rest of the question: how much likelier than chance the word shares a sentence with another
          word the question names (电梯 with 保养, 值守 with 应急); a word few of the documents' sentences use
          (at most `SUPPORT_RARE` of them) is no slip at all when the question names two or more of their
          words and none shares its sentences `SUPPORT_LIFT` times as often as chance: the asker is talking
          about something else (交强险条例…保险公司 is not 交 + 抢险);
        - against them, the slip itself: each character typed other than the documents' word costs
          `SLIP_COST` (a pinyin slip picks one wrong character; 钱谁 for 潜水 would be two).

        The slip explains the question when the evidence for it exceeds the cost by `SLIP_MARGIN` (fitted on
        the labelled questions' rewrites, benchmarks/README.md, branch typo12)."""
        typed = text[start:end]
        joined = "".join(fix)
        lo, hi = max(0, start - SLIP_WINDOW), min(len(text), end + SLIP_WINDOW)
        gain = (self.lexicon.likelihood(text[lo:start] + joined + text[end:hi])
                - self.lexicon.likelihood(text[lo:hi]))
        units = self._sentences
        tokens = max(1, len(units.unit_terms))  # the documents' words, each once per sentence
        named = {w for k, w in enumerate(words)
                 if not span[0] <= k < span[1] and w in self.vocabulary and w not in self.stopwords and len(w) > 1}
        others = set(named)
        for w in named:
            if len(w) > 2:
                others.update(self._subwords(w))
        best_lift, rare = 1.0, False
        for f in fix:
            if len(f) < 2:
                continue
            bits = units._bits(f)
            n = bits.bit_count()
            if not n:
                continue
            rare = rare or n <= SUPPORT_RARE * units.size
            gain += max(0.0, math.log(n / tokens) - self.lexicon.likelihood(f))
            for t in others - set(fix):
                tbits = units._bits(t)
                shared = (bits & tbits).bit_count()
                if shared:
                    best_lift = max(best_lift, shared * units.size / (n * tbits.bit_count()))
        if rare and len(named - set(fix)) >= 2 and best_lift < SUPPORT_LIFT:
            return False  # the question names the documents' words, and none goes with this one (交强险 ≠ 交 + 抢险)
        gain += math.log(best_lift)
        slips = sum(a != b for a, b in zip(typed, joined, strict=False)) + abs(len(typed) - len(joined))
        return gain - SLIP_COST * slips >= SLIP_MARGIN

    def _closest(self, candidates: list[str], typed: str) -> str:
        """Of the words sounding as `typed`, the one sharing most characters with it (整知 → 整治, not 政治), then
        the rarer (the heavier), then the first in order."""
        return min(candidates, key=lambda c: (-len(set(c) & set(typed)), -self.weight(c), c))

    def _sounds_as_pair(self, chunk: str) -> list[str] | None:
        """An unknown run of four to six characters that sounds as two words of the speech one after the other
        (师工安权 → 施工 安全), sharing at least half its characters with them: a slip in a compound the speech
        writes as two words. None otherwise."""
        if not 4 <= len(chunk) <= 6 or not _CJK_WORD.fullmatch(chunk):
            return None
        sounds = self._sounds()
        for k in range(2, len(chunk) - 1):
            first = sounds.get(pinyin.key(chunk[:k]), [])
            second = sounds.get(pinyin.key(chunk[k:]), [])
            if first and second:
                a, b = self._closest(first, chunk[:k]), self._closest(second, chunk[k:])
                shared = sum(x == y for x, y in zip(a + b, chunk, strict=False))
                if 2 * shared >= len(chunk) and a + b != chunk:  # (党委政府 is no slip: its parts are its words)
                    return [a, b]
        return None

    def _glued_typo(self, word: str, context: tuple[str, int, list[str], int] | None = None) -> list[str]:
        """An unknown word of three or more characters that jieba glued from a character and a slip (卖然气 =
        卖 + 然气, which sounds as 燃气): the character and the word of the speech the rest sounds as — the
        piece left one character that is no stop word, or a word general Chinese lists; the slip one it does
        not list. Four characters may also be two such slips (师工安权 = 施工 + 安全). The word as it is otherwise."""
        if len(word) < 3 or not _CJK_WORD.fullmatch(word):
            return [word]
        if any(self.lexicon.info(p).listed for p in (word[:-1], word[1:])):
            return [word]  # a listed word and a character (小孩 + 上, 这事 + 儿): nothing was mistyped
        text, offset, words, i = context or (word, 0, [word], 0)
        for k in (1, len(word) - 1):
            head, tail = word[:k], word[k:]
            rest, slip = (head, tail) if k == 1 else (tail, head)
            if (len(slip) < 2 or self.lexicon.info(slip).listed or rest in self.stopwords
                    or not (len(rest) == 1 or self.lexicon.info(rest).listed)):
                continue  # (a word general Chinese lists is typed on purpose: 这事儿 is not 这是 + 儿)
            candidates = self._sounds().get(pinyin.key(slip), [])
            if candidates:
                fix = self._closest(candidates, slip)
                at = k if k == 1 else 0
                if self._likelier(fix, slip) and self._slip_explains(
                        [fix], text, offset + at, offset + at + len(slip), words, (i, i + 1)):
                    return [rest, fix] if k == 1 else [fix, rest]
        if len(word) == 4:  # two slips glued (师工安权 = 师工 + 安权, which sound as 施工, 安全), neither a listed word
            fixes = []
            for half in (word[:2], word[2:]):
                candidates = [] if self.lexicon.info(half).listed else self._sounds().get(pinyin.key(half), [])
                if not candidates:
                    return [word]
                fixes.append(self._closest(candidates, half))
            if self._slip_explains(fixes, text, offset, offset + len(word), words, (i, i + 1)):
                return fixes
        return [word]

    def _english_concepts(self, words: list[str], q: Query, situation: bool = False) -> list[Concept]:
        stems = [self._stem(w) for w in words]
        concepts = []
        i = 0
        while i < len(words):
            match = self._phrase(words, stems, i, self.glossary, self._glossary_max_words)
            if self._longer_bridge(words, stems, i, match):
                match = None  # starting point → 起点, on the road → 路上: the longer phrase is the sense
            if match:
                phrase, n = match
                alts = [t for zh in self.glossary[phrase] for t in [normalise(zh)]]
                expanded = []
                for a in alts:
                    expanded.append(a)
                    expanded.extend(self.synonyms.get(a, ()))
                q.rendered.extend(alts[:1])
                if all(a in self.stopwords for a in expanded):
                    i += n  # "speech", "say": words about the speech itself name no topic
                    continue
                concepts.append(self._concept(phrase, expanded, situation))
                i += n
                continue
            w = words[i]
            bridge = self._phrase(words, stems, i, self.bilingual, self.bilingual.max_words)
            if (w in EN_STOPWORDS or stems[i] in EN_STOPWORDS or len(w) < 2) and not self._set_phrase(bridge):
                i += 1
                continue
            # Below the glossary: the bilingual dictionary's glosses of the speech's words (a phrase of
            # content words first: "stock up", "bear responsibility for"). Frame words stay neutral above.
            match = bridge
            if match:
                phrase, n = match
                targets = tuple(t for t in self.bilingual.lookup(phrase) if t not in self.stopwords)
                if targets and all(t in FORM_WORDS and t not in self.idf for t in targets):
                    i += n  # "idioms", "reason": the form of the question
                    continue
                q.rendered.extend(targets[:1])
                if targets and n > 1:  # a set phrase (starting point → 起点) is as sure as the glossary's word,
                    # but the pieces of its word are not what it means (front passenger seat → 副驾驶 is no 驾驶证)
                    concepts.append(replace(self._concept(phrase, targets, situation), bridged=True, parts=()))
                elif targets:
                    weight = max(self.weight(t) for t in targets)
                    concepts.append(Concept(phrase, (phrase,), weight, True, (), targets, situation, bridged=True))
                i += n
                continue
            q.unknown_english.append(w)
            # English has more words than the glossary can list: an unknown one weighs less than an
            # unknown Chinese word, so a question still needs mostly glossary words to be answered.
            concepts.append(Concept(w, (w,), self.max_idf * UNKNOWN_ENGLISH_WEIGHT, False, situation=situation))
            i += 1
        return concepts

    @staticmethod
    def _set_phrase(bridge: tuple[str, int] | None) -> bool:
        """A dictionary phrase led by a stop word that still names something (on the road → 路上), unlike
        one of stop words only (according to → 按照: the question's frame)."""
        return bridge is not None and bridge[1] > 1 and any(w not in EN_STOPWORDS for w in bridge[0].split())

    def _longer_bridge(self, words: list[str], stems: list[str], i: int, match: tuple[str, int] | None) -> bool:
        """Whether the bilingual dictionary knows a longer phrase at word i than the glossary's match: a
        set phrase (starting point, on the road) means other than its first word alone (starting → 开工)."""
        if match is None:
            return False
        bridge = self._phrase(words, stems, i, self.bilingual, self.bilingual.max_words)
        return bridge is not None and bridge[1] > match[1]

    @staticmethod
    def _phrase(words: list[str], stems: list[str], i: int, table, longest: int) -> tuple[str, int] | None:
        """The longest phrase of `table` starting at word i, as typed or in plain forms."""
        for n in range(min(longest, len(words) - i), 0, -1):
            for cand in (" ".join(words[i:i + n]), " ".join(stems[i:i + n])):
                if cand in table:
                    return cand, n
        return None

    def _stem(self, word: str) -> str:
        """The first of the word's plain forms (enterprises → enterprise, shifts → shift) that the glossary
        or the bilingual dictionary knows."""
        forms = [word[: -len(suffix)] + rep for suffix, rep in _STEMS
                 if word.endswith(suffix) and len(word) - len(suffix) >= 3]
        forms += [f + "e" for f in forms]
        # a doubled consonant before -ed / -ing (planned, stopped → plan, stop)
        forms += [f[:-1] for f in forms if len(f) >= 4 and f[-1] == f[-2] and f[-1] not in "aeiouls"]
        # the noun of a verb in -ize (emphasis → emphasize, analysis → analyze), when the dictionary glosses
        # the verb and not the noun
        verbs = [word[:-2] + "ize", word[:-3] + "ze"] if word.endswith("sis") and len(word) >= 6 else []
        # the curated glossary first, also over a form the dictionary knows as typed (plans → plan: 方案,
        # 预案, not the dictionary's 安排 for "plans")
        known = next((f for f in [word, *forms] if f in self._glossary_words), None)
        known = known or next((f for f in verbs if f in self.bilingual and word not in self.bilingual), None)
        known = known or next((f for f in [word, *forms] if f in self._bilingual_words), None)
        return known or (forms[0] if forms else word)

    # ----- scoring -----
    def term_index(self, units: list[Unit], lexicon_credit: float = 0.6) -> TermIndex:
        return TermIndex(units, self.weight, lexicon_credit)

    def sentence_index(self, lexicon_credit: float = 0.6) -> TermIndex:
        """The sentences' `TermIndex` (unit i: the i-th of `sentence_units`), crediting lexicon synonyms so."""
        ti = copy.copy(self._sentences)
        ti.lexicon_credit = lexicon_credit
        return ti


def _own_words(kb: KnowledgeBase) -> tuple[tuple[str, str], ...]:
    """A question repair belongs to its document (issue 12): where another document says the repaired word
    literally (a notice's 平安工程 beside the speech's 平安 → 安全), that phrase (the word and the two
    characters after or before it) stays as asked, an identity pair that wins over the shorter repair."""
    out: dict[str, str] = {}
    for d in kb.documents:
        own = {(c.original, c.corrected) for c in d.corrections if c.queries}
        foreign = {(c.original, c.corrected) for o in kb.documents if o is not d for c in o.corrections
                   if c.queries} - own
        for original, _ in foreign:
            for sentence in d.speech.sentences.values():
                text, start = sentence.text, 0
                while (i := text.find(original, start)) >= 0:
                    start = i + 1
                    for phrase in (text[i:i + len(original) + 2], text[max(0, i - 2):i + len(original)]):
                        if len(phrase) == len(original) + 2 and re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                            out[phrase] = phrase
    return tuple(out.items())


def _load_shorthand(path) -> tuple[tuple[str, str], ...]:
    """shorthand.yaml: shorthand → the speech's words for its parts; as (shorthand, parts joined) pairs."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return ()
    return tuple((clean(str(k)), " " + " ".join(clean(str(v)) for v in vs) + " ") for k, vs in data.items())


class SentenceUnits(Mapping):
    """Sentence id → its `Unit`, built on demand from the sentences' `TermIndex` (the index keeps term ids,
    not a set of words per sentence: at 100,000 sentences that was most of a prepared index's memory)."""

    def __init__(self, index: TermIndex, keys: list[str], positions: dict[str, int]):
        self._index = index
        self._keys = keys
        self._at = positions  # the sentence's place among all: the knowledge base's own table, not a copy

    def __getitem__(self, key: str) -> Unit:
        return self._index.unit(self._at[key], key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key) -> bool:
        return key in self._at


class TermIndex:
    """Units with postings lists, so a question touches only the units that share a word with it.

    Scoring every unit in a Python loop cost about 1 ms a question; walking the postings of the
    question's few words costs a tenth of that (benchmarks/README.md). Stored compactly, for a library
    of 100,000 sentences kept in a prepared index (`bot.qa.prepared`): terms as integer ids, each
    term's postings as one slice of a flat array of unit numbers (ascending), each unit's own terms and
    title-path terms as slices of flat arrays of term ids; no Python object per unit.
    """

    def __init__(self, units: list[Unit], weight, lexicon_credit: float = 0.6):
        self.weight = weight
        self.lexicon_credit = lexicon_credit
        self.size = len(units)
        ids: dict[str, int] = {}
        own: list[list[int]] = []
        ctx: list[list[int]] = []
        self.unit_terms, self.unit_offsets = array("I"), array("L", [0])
        self.unit_context, self.context_offsets = array("I"), array("L", [0])
        totals = array("d")
        for i, u in enumerate(units):
            for terms, store, offsets, lists in ((u.terms, self.unit_terms, self.unit_offsets, own),
                                                 (u.context, self.unit_context, self.context_offsets, ctx)):
                tids = []
                for t in terms:
                    tid = ids.setdefault(t, len(ids))
                    if tid == len(own):
                        own.append([])
                        ctx.append([])
                    lists[tid].append(i)
                    tids.append(tid)
                store.extend(sorted(tids))
                offsets.append(len(store))
            totals.append(sum(weight(t) for t in sorted(u.terms)))  # sorted: the same sum in every process
        self.totals = totals
        self.ids = ids
        self.terms = sorted(ids, key=ids.__getitem__)  # term id → term
        self._postings, self._postings_at = _flatten(own)
        self._context, self._context_at = _flatten(ctx)
        # The units of a common word as one bitmap (an int, bit i: unit i): set operations on a whole list
        # at C speed, without turning its numbers into Python ints first. Rare words' are made when needed.
        self._bitmaps = {tid: _bitmap(xs) for tid, xs in enumerate(own) if len(xs) >= BITMAP_MIN}
        self._context_bitmaps = {tid: _bitmap(xs) for tid, xs in enumerate(ctx) if len(xs) >= BITMAP_MIN}
        self._masks: dict[int, tuple] = {}  # sets of units turned into bitmaps (`_mask`)

    def postings(self, term: str):
        """The units (ascending numbers) whose own words include `term`."""
        tid = self.ids.get(term)
        if tid is None:
            return ()
        return self._postings[self._postings_at[tid]:self._postings_at[tid + 1]]

    def context(self, term: str):
        """The units whose title path includes `term`."""
        tid = self.ids.get(term)
        if tid is None:
            return ()
        return self._context[self._context_at[tid]:self._context_at[tid + 1]]

    def has(self, term: str, start: int, stop: int) -> bool:
        """Whether some unit numbered start ≤ i < stop has `term` among its own words or in its title path
        (a document's words, its sentences being consecutive units, without gathering them)."""
        tid = self.ids.get(term)
        if tid is None or start >= stop:
            return False
        for flat, at in ((self._postings, self._postings_at), (self._context, self._context_at)):
            end = at[tid + 1]
            k = bisect_left(flat, start, at[tid], end)
            if k < end and flat[k] < stop:
                return True
        return False

    def unit(self, i: int, key: str) -> Unit:
        """Unit number `i` as a `Unit` (built on demand: the index keeps only term ids)."""
        terms = self.terms
        own = self.unit_terms[self.unit_offsets[i]:self.unit_offsets[i + 1]]
        ctx = self.unit_context[self.context_offsets[i]:self.context_offsets[i + 1]]
        return Unit(key, frozenset(terms[t] for t in own), frozenset(terms[t] for t in ctx))

    def _degrees(self, c: Concept) -> dict[int, float]:
        """Per unit sharing a word with the concept, how fully it covers it (see `coverage`). The same words
        come back question after question (安全, 生产, 责任): the last `DEGREES_KEPT` concepts' are kept (by
        their words and the lexicon credit, all a concept's degrees depend on; read-only to callers)."""
        key = (c.alternatives, c.parts, c.lexicon, c.head, self.lexicon_credit)
        kept = getattr(self, "_degrees_kept", None)
        if kept is None:
            kept = self._degrees_kept = {}
        degree = kept.get(key)
        if degree is None:
            if len(kept) >= DEGREES_KEPT:
                kept.clear()
            degree = kept[key] = self._degrees_of(c)
        return degree

    def _degrees_of(self, c: Concept) -> dict[int, float]:
        degree: dict[int, float] = {}
        if c.parts:
            part_total = sum(self.weight(p) for p in c.parts)
            got: dict[int, float] = {}
            for p in c.parts:
                w = self.weight(p)
                for i in {*self.postings(p), *self.context(p)}:
                    got[i] = got.get(i, 0.0) + w
            degree = {i: 0.7 * g / part_total for i, g in got.items()}
        for a in c.alternatives:
            for i in self.context(a):
                if degree.get(i, 0.0) < 0.6:
                    degree[i] = 0.6
        for a in c.lexicon:  # (in a unit's title path or list lead as the asker's word there: 0.6 of its credit)
            for i in self.context(a):
                if degree.get(i, 0.0) < 0.6 * self.lexicon_credit:
                    degree[i] = 0.6 * self.lexicon_credit
            for i in self.postings(a):
                if degree.get(i, 0.0) < self.lexicon_credit:
                    degree[i] = self.lexicon_credit
        for a in c.alternatives[1:]:
            for i in self.postings(a):
                if degree.get(i, 0.0) < SYNONYM_CREDIT:
                    degree[i] = SYNONYM_CREDIT  # the user's own word is better evidence
        for i in self.postings(c.alternatives[0]):
            degree[i] = 1.0
        if c.head:
            having = {i for h in c.head for i in (*self.postings(h), *self.context(h))}
            degree = {i: d for i, d in degree.items() if i in having}
        return degree

    def _bits(self, term: str, context: bool = False) -> int:
        """The units whose own words (or title path) include `term`, as a bitmap."""
        tid = self.ids.get(term)
        if tid is None:
            return 0
        made = (self._context_bitmaps if context else self._bitmaps).get(tid)
        if made is not None:
            return made
        return _bitmap(self.context(term) if context else self.postings(term))

    def _mask(self, units) -> int:
        """A set of unit numbers as a bitmap, kept for the few sets the matcher asks with every time."""
        kept = self._masks.get(id(units))
        if kept is not None and kept[0] is units:
            return kept[1]
        bits = _bitmap(units)
        if len(self._masks) >= 4:
            self._masks.clear()
        self._masks[id(units)] = (units, bits)
        return bits

    def _groups(self, c: Concept) -> list[tuple[float, int]]:
        """`_degrees(c)` as disjoint groups of units sharing one degree: (degree, bitmap of the units)."""
        candidates: list[tuple[float, int]] = []
        if c.parts:  # the known parts a unit has (in its words or title path) give 0.7 × their share
            part_total = sum(self.weight(p) for p in c.parts)
            having: dict[tuple[bool, ...], int] = {}
            seen = 0
            for n, p in enumerate(c.parts):
                units = self._bits(p) | self._bits(p, context=True)
                refined: dict[tuple[bool, ...], int] = {}
                for key, members in having.items():
                    both = members & units
                    if both:
                        refined[(*key, True)] = both
                        members ^= both
                    if members:
                        refined[(*key, False)] = members
                fresh = units & ~seen
                if fresh:
                    refined[(False,) * n + (True,)] = fresh
                    seen |= fresh
                having = refined
            for key, members in having.items():
                g = 0.0
                for p, present in zip(c.parts, key, strict=True):
                    if present:
                        g = g + self.weight(p)  # in the parts' order, as `_degrees` adds them
                candidates.append((0.7 * g / part_total, members))
        candidates.append((SYNONYM_CREDIT, _union(self._bits(a) for a in c.alternatives[1:])))
        candidates.append((self.lexicon_credit, _union(self._bits(a) for a in c.lexicon)))
        candidates.append((0.6, _union(self._bits(a, context=True) for a in c.alternatives)))
        candidates.append((0.6 * self.lexicon_credit, _union(self._bits(a, context=True) for a in c.lexicon)))
        candidates.sort(key=lambda x: -x[0])
        first = self._bits(c.alternatives[0])  # the user's own word: 1.0, whatever else
        out: dict[float, int] = {1.0: first} if first else {}
        taken = first
        for value, units in candidates:  # otherwise the highest degree a unit has (`_degrees` raises, never lowers)
            units &= ~taken
            if units:
                out[value] = out.get(value, 0) | units  # one group per degree
                taken |= units
        if c.head:  # an adverb counts only where what it modifies is
            having = _union(self._bits(h) | self._bits(h, context=True) for h in c.head)
            return [(v, units & having) for v, units in out.items() if units & having]
        return list(out.items())

    def coverage(self, q: Query) -> dict[int, float]:
        """Per unit, the share of the question's weight it covers.

        A concept counts fully when the unit has the user's own word, SYNONYM_CREDIT for a word that
        stands for it, 0.6 when the word is only in the unit's title path, and up to 0.7 for the
        known parts of a compound word (安全检查 → 安全, 检查), `lexicon_credit` (fitted) for a word of
        the general lexicon's synonym group. Only known concepts count: unknown words are the decision
        model's evidence.
        """
        total = q.total_weight
        if total <= 0:
            return {}
        acc: dict[int, float] = {}
        for c in q.concepts:
            for i, d in self._degrees(c).items():
                acc[i] = acc.get(i, 0.0) + c.weight * d
        return {i: v / total for i, v in acc.items()}

    def best(self, q: Query, top: int, exclude=frozenset(), tail: int | None = None, drop=None) -> Coverage:
        """`coverage(q)` of the units that can be among the `top` best (all that tie with the last; units in
        `exclude` left out), each exactly as `coverage` gives it; any other unit's on demand
        (`Coverage.of`, `Coverage.within`). With `tail`: when more than `tail` units tie with the last,
        they are not listed but kept as one bitmap (`Coverage.tail`; a 安全生产 question ties 2,000
        sentences at 1,000 documents, and the matcher may need only a few of them). With `drop`: a
        function of the bitmap of the units touched giving a bitmap of units left out as `exclude`'s are.

        A unit's coverage depends only on its degree for each concept, and each concept gives a handful of
        degrees: the units touched are split into classes of the same degrees by operations on bitmaps
        (in C, a machine word for 64 units, not a Python step per posting), each class scored once, and
        only the units of the best classes are listed.
        """
        total = q.total_weight
        if total <= 0:
            return Coverage(self, q.concepts, total, [], {})
        if self.size <= SMALL_INDEX:  # a few documents: walking every posting is cheaper than the classes
            return Coverage(self, q.concepts, total, None, self.coverage(q))
        groups = [self._groups(c) for c in q.concepts]
        classes: dict[tuple[float, ...], int] = {}  # degree per concept (0.0: none) → bitmap of units
        seen = 0
        for k, concept_groups in enumerate(groups):
            refined: dict[tuple[float, ...], int] = {}
            for signature, units in classes.items():
                for value, group in concept_groups:
                    part = units & group
                    if part:
                        refined[(*signature, value)] = part  # groups are disjoint, one per degree
                        units ^= part
                if units:
                    refined[(*signature, 0.0)] = units
            for value, group in concept_groups:
                fresh = group & ~seen
                if fresh:
                    refined[(0.0,) * k + (value,)] = fresh
                    seen |= fresh
            classes = refined
        scored = sorted(((_score(q.concepts, signature, total), units) for signature, units in classes.items()),
                        key=lambda x: -x[0])
        outside = ~self._mask(exclude) if exclude else -1
        if drop is not None:
            outside &= ~drop(seen)
        picked: list[tuple[float, int]] = []  # the classes down to the last one's score
        count, floor = 0, None
        for score, units in scored:
            if floor is not None and score < floor:
                break
            units &= outside
            if units:
                picked.append((score, units))
                count += units.bit_count()
            if count >= top and floor is None:
                floor = score
        tied = _union(units for score, units in picked if score == floor) if tail is not None and floor is not None else 0
        if tied.bit_count() <= (tail or 0):
            tied = 0
        values: dict[int, float] = {}
        for score, units in picked:
            if not (tied and score == floor):
                values.update(dict.fromkeys(_members(units), score))
        cov = Coverage(self, q.concepts, total, groups, values, scored)
        cov.tail = (floor, tied) if tied else None
        return cov

    def reverse_coverage(self, q: Query, indices) -> dict[int, float]:
        """Per unit, the share of its own weight that the question asks about (how much of a phrasing was asked)."""
        asked = {a for c in q.concepts for a in (*c.alternatives, *c.lexicon)}
        got: dict[int, float] = {}
        wanted = set(indices)
        for a in asked:
            w = self.weight(a)
            for i in self.postings(a):
                if i in wanted:
                    got[i] = got.get(i, 0.0) + w
        return {i: (got.get(i, 0.0) / self.totals[i] if self.totals[i] else 0.0) for i in wanted}


def _flatten(lists: list[list[int]]) -> tuple[array, array]:
    """Lists of unit numbers as one flat array and the offsets of each list in it."""
    flat, at = array("I"), array("L", [0])
    for xs in lists:
        flat.extend(xs)
        at.append(len(flat))
    return flat, at


DEGREES_KEPT = 512  # concepts whose degrees a `TermIndex` keeps (`_degrees`)
SMALL_INDEX = 2000  # units up to which `TermIndex.best` walks every posting of the question's words
BITMAP_MIN = 256  # postings from which a word's units are kept as a bitmap in the index


def _bitmap(units) -> int:
    """Unit numbers (ascending or not) as an int with those bits set."""
    if not units:
        return 0
    data = bytearray(max(units) // 8 + 1)
    for i in units:
        data[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(data, "little")


bitmap = _bitmap  # the same, for the matcher's own sets of sentences


def _members(bits: int) -> list[int]:
    """The unit numbers of a bitmap, ascending (its binary digits read by `str.find`, in C)."""
    digits = bin(bits)
    top = len(digits) - 1
    out: list[int] = []
    find = digits.find
    i = find("1", 2)
    while i >= 0:
        out.append(top - i)
        i = find("1", i + 1)
    out.reverse()
    return out


def ascending(bits: int, chunk: int = 4096):
    """The unit numbers of a bitmap, ascending, a chunk of bits at a time (a caller that stops after the
    first few does not pay for the rest)."""
    offset = 0
    while bits:
        part = bits & ((1 << chunk) - 1)
        if part:
            for i in _members(part):
                yield offset + i
        bits >>= chunk
        offset += chunk


def _has(bits: int, i: int) -> bool:
    """Whether bit i is set, reading only the low end of the int for a low i (a shift by i copies all of
    it above i: the curated entries' sentences come first in reading order, in a 116,000-bit bitmap)."""
    if i < 4096:
        return bool(bits & (1 << i))
    return bool(bits >> i & 1)


def _union(bitmaps) -> int:
    out = 0
    for b in bitmaps:
        out |= b
    return out

def _score(concepts: list[Concept], degrees: tuple[float, ...], total: float) -> float:
    """A unit's coverage from its degree per concept: the same additions, in the same order, as `coverage`."""
    acc = 0.0
    for c, d in zip(concepts, degrees, strict=True):
        if d:
            acc = acc + c.weight * d
    return acc / total


class Coverage(dict):
    """`TermIndex.best`: unit → coverage, for the units that can be among the best; `of(i)` gives any
    unit's and `within(units)` those of a set of units (only the ones that share a word with the question)."""

    def __init__(self, index: TermIndex, concepts: list[Concept], total: float, groups: list | None, values: dict,
                 classes: list | None = None):
        super().__init__(values)
        self._index, self._concepts, self._total = index, concepts, total
        self._groups, self._classes = groups, classes or []
        self.tail: tuple[float, int] | None = None  # (coverage, bitmap) of tied units not listed (`TermIndex.best`)

    def of(self, i: int) -> float:
        if i in self:
            return self[i]
        if self._total <= 0 or self._groups is None:  # None: every unit with a value is listed
            return 0.0
        degrees = tuple(next((v for v, units in g if _has(units, i)), 0.0) for g in self._groups)
        return _score(self._concepts, degrees, self._total) if any(degrees) else 0.0

    def within(self, units) -> dict[int, float]:
        if self._groups is None:
            return {i: v for i, v in self.items() if i in units}
        mask = self._index._mask(units)
        out: dict[int, float] = {}
        for score, members in self._classes:
            both = members & mask
            if both:
                out.update(dict.fromkeys(_members(both), score))
        return out


class Characters:
    """Many short texts (the curated phrasings: 9,700 at 1,000 documents, most of them the laws' facts) by
    the characters they have, to find those whose rapidfuzz ratio with a question can reach a floor
    without comparing every one (a millisecond a question at 1,000 documents).

    The ratio of texts of lengths n and p is 200 × their longest common subsequence / (n + p), and that
    subsequence is at most the characters they share (each counted as often as both have it): a text
    sharing too few of the question's characters, or of a length too far from it, cannot reach the
    floor. Per character c and count k, the texts with at least k of c are a bitmap (as in `TermIndex`);
    a question's shared-character count per text is added up on bit planes, 64 texts per machine word.
    """

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self._joined = "\0".join(texts)  # a character's texts are read from it when first asked (`_having`)
        self._starts = [0]
        by_length: dict[int, list[int]] = {}
        for i, text in enumerate(texts):
            self._starts.append(self._starts[-1] + len(text) + 1)
            by_length.setdefault(len(text), []).append(i)
        self._by_char: dict[str, list[int]] = {}  # character → [texts with ≥ 1 of it, ≥ 2, …] as bitmaps
        self._up_to: list[int] = []  # length l → bitmap of the texts of length ≤ l
        bits = 0
        for length in range(max(by_length, default=0) + 1):
            bits |= _bitmap(by_length.get(length, ()))
            self._up_to.append(bits)

    def _having(self, ch: str) -> list[int]:
        """The texts with at least 1, 2, … of a character, as bitmaps (found on first need and kept: a
        character is looked for in every text at once, by `str.find`)."""
        found = self._by_char.get(ch)
        if found is None:
            counts: dict[int, int] = {}
            joined, starts = self._joined, self._starts
            at = joined.find(ch)
            while at >= 0:
                n = bisect_right(starts, at) - 1
                counts[n] = counts.get(n, 0) + 1
                at = joined.find(ch, at + 1)
            lists: list[list[int]] = []
            for n, count in counts.items():
                for k in range(count):
                    if len(lists) == k:
                        lists.append([])
                    lists[k].append(n)
            found = self._by_char[ch] = [_bitmap(xs) for xs in lists]
        return found

    def _length_window(self, low: int, high: int) -> int:
        """The texts of length low ≤ l ≤ high, as a bitmap."""
        top = len(self._up_to) - 1
        if high < max(low, 0) or low > top:
            return 0
        return self._up_to[min(high, top)] & ~(self._up_to[low - 1] if low > 0 else 0)

    def candidates(self, text: str, cutoff: float) -> list[int]:
        """The numbers (ascending) of the texts whose ratio with `text` can be at least `cutoff` (0–100)."""
        n, c = len(text), cutoff / 200.0
        if n == 0 or c <= 0 or c >= 0.5:
            return list(range(self.size))
        # a common subsequence of s is at most both lengths: c·(n + p) ≤ s ≤ min(n, p); one character of slack
        low = math.floor(c * n / (1 - c)) - 1
        window = self._length_window(low, math.ceil(n * (1 - c) / c) + 1)
        need = math.floor(c * (n + max(low, 0))) - 1  # characters a text of the window must share
        if need <= 0 or not window:
            return _members(window)
        planes: list[int] = []  # bit j of a text's count of shared characters
        for ch in set(text):
            for bits in self._having(ch)[:text.count(ch)] if ch != "\0" else ():
                carry = bits & window
                for j in range(len(planes)):
                    if not carry:
                        break
                    planes[j], carry = planes[j] ^ carry, planes[j] & carry
                if carry:
                    planes.append(carry)
        if need >= 1 << len(planes):
            return []
        more, same = 0, window  # texts whose count, read from the top plane down, is above / equal to need so far
        for j in reversed(range(len(planes))):
            if need >> j & 1:
                same &= planes[j]
            else:
                more |= same & planes[j]
                same &= ~planes[j]
        return _members(more | same)


# 本条例所称轨道交通是指地铁、轻轨等…; 本条例所称燃气，是指…包括天然气、液化石油气和人工煤气等: the defined term, then
# the words of the definition up to the 等 closing the run of things it names
_DEFINITION = re.compile(r"所称的?(?P<term>[\u4e00-\u9fff]{2,10}?)[，,]?(?:是指|包括)(?P<body>[^。；;：:]*?)等(?!的)")
_ITEM_SPLIT = re.compile(r"和|或者|及")


def _defined_instances(texts: Iterable[str], vocabulary: set[str], rare=lambda w: False) -> dict[str, tuple[str, ...]]:
    """Word → the terms whose definitions name it among the things they cover (地铁 → 轨道交通): the run of
    items right before the definition's 等 (not 等的, which qualifies what follows: 种植业、林业等的初级产品),
    split at 、, each item's last words after any 的 (具有载人功能的乘客电梯 → 乘客电梯), then at 和, 或者, 及; two
    to six characters, a word of the documents and not the term itself. An item that is no word of the documents
    stands by its head, the word it ends with (a compound ends in what it is: 人工煤气 → 煤气), when the documents
    seldom use that word (`rare`): the everyday name (煤气) of what the law calls by its term (燃气)."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for m in _DEFINITION.finditer(text.replace(" ", "")):
            term = m.group("term")
            if term not in vocabulary:
                continue
            run = re.split(r"[，,]|包括", m.group("body"))[-1]
            heads = (re.sub(r"[（(][^）)]*[）)]", "", item).rsplit("的", 1)[-1] for item in run.split("、"))
            for item in (part for head in heads for part in _ITEM_SPLIT.split(head)):
                if (len(item) >= 3 and item not in vocabulary and re.fullmatch(r"[\u4e00-\u9fff]+", item)
                        and term not in item):
                    item = next((item[-k:] for k in (3, 2) if item[-k:] in vocabulary), item)
                    if item not in vocabulary or not rare(item) or item == term or item in term:
                        continue
                if 2 <= len(item) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", item) and item != term \
                        and item in vocabulary and term not in item:
                    found.setdefault(item, [])
                    if term not in found[item]:
                        found[item].append(term)
    return {k: tuple(v) for k, v in found.items()}

