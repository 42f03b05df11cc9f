"""ask(question) → Result: the one entry point of the question-answering core.

Two kinds of evidence are scored for every question and fused:

* **Sentences of the speech**, by weighted coverage: the share of the question's concepts (IDF
  weights) that the sentence or its title path contains. Keyword questions (停产整顿, 党政同责) and
  paraphrases that reuse the speech's words land here.
* **Curated phrasings** (Q&A questions and alternates, facts about the document), by the harmonic
  mean of coverage both ways (how much of the question the phrasing covers, and how much of the
  phrasing the question asks), or rapidfuzz's ratio on the whole strings when that is higher, which
  catches small edits of a known question.

Fusion, chosen by measurement (`benchmarks/fusion.py`, figures in benchmarks/README.md): a Q&A
entry's score is the higher of its phrasing score and its sentences' score, plus a bonus of 0.08 times
the lower one when both agree. On the development questions this answers 48/48 where the plain
maximum, the mean, 70/30 weighted sums either way, or either kind of evidence alone answer 47/48
(before the phrase bonus below: 44/48; the team's own questions score the same under every rule).
Sentences also stand as candidates of their own, so a question no curated phrasing anticipates is
still answered from the text.

Last, the leading candidates get a small bonus (PHRASE_WEIGHT times rapidfuzz's partial_ratio of the
question against the candidate's own text): among passages that share the question's words, the one
that has them in the question's order wins (对不开展隐患查改的单位 → the sentence saying exactly that).
On the team's questions this turned two wrong answers right and none right wrong (0.05, 0.10 and 0.15
measured the same; the smallest is kept).

Ties break deterministically: higher score, then earlier position in the speech.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.config import Config, MatcherConfig
from bot.qa.index import Index, Query, Unit
from bot.qa.knowledge import KnowledgeBase, load_knowledge
from bot.qa.outline import answer_structure, point_question
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER, Answer, Result, Suggestion
from bot.qa.text import normalise

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 300  # longer input is cut before matching: nobody's question is longer
AGREEMENT_BONUS = 0.08
PHRASE_WEIGHT = 0.05
PHRASE_CANDIDATES = 8
FUZZY_FLOOR = 80.0
EXACT_RATIO = 95.0
GENERIC_TERMS = frozenset({"安全", "安全生产", "会议", "全县", "工作"})  # name no topic of the speech
UNKNOWN_SHARE_LIMIT = 0.45
TIE_MARGIN = 0.05  # candidates this close to the best count as equally good
VAGUE_PASSAGES = 3  # …and when they stand in this many passages, the question is too vague to answer


def fuse(phrasing: float, content: float) -> float:
    """One score for a Q&A entry from its best phrasing's score and its quoted sentences' score.

    The higher of the two plus a bonus for agreement (measured against the alternatives in
    benchmarks/fusion.py; results in benchmarks/README.md).
    """
    return max(phrasing, content) + AGREEMENT_BONUS * min(phrasing, content)


@dataclass(frozen=True)
class _Phrasing:
    owner: str  # QA entry or fact id
    text: str  # normalised, without spaces
    unit: Unit


@dataclass
class _Candidate:
    key: str  # first sentence id, or fact id
    score: float
    sentence_ids: tuple[str, ...]
    position: int
    entry_id: str | None = None  # QA entry or fact that produced it


class Matcher:
    """Answers questions from a knowledge base. Build once (segments everything), then call `ask`."""

    def __init__(self, kb: KnowledgeBase, cfg: MatcherConfig | None = None):
        self.kb = kb
        self.cfg = cfg or MatcherConfig()
        self.index = Index(kb)
        self._phrasings: list[_Phrasing] = []
        for entry in kb.qa:
            for text in (entry.question, *entry.alternates):
                self._add_phrasing(entry.id, text)
        for fact in kb.facts:
            for text in (fact.question, *fact.alternates):
                self._add_phrasing(fact.id, text)
        self._phrasing_texts = [p.text for p in self._phrasings]
        self._phrasing_index = self.index.term_index([p.unit for p in self._phrasings])
        self._sentence_keys = list(self.index.sentence_units)
        self._sentence_index = self.index.term_index(list(self.index.sentence_units.values()))
        self._facts = {f.id: f for f in kb.facts}
        self._entries = {e.id: e for e in kb.qa}
        self._order = {gid: i for i, gid in enumerate(kb.sentences)}
        self._sentence_texts = {gid: normalise(s.text).replace(" ", "") for gid, s in kb.sentences.items()}
        self._fact_texts: dict[str, str] = {}
        for p in self._phrasings:
            if p.owner in self._facts:
                self._fact_texts[p.owner] = self._fact_texts.get(p.owner, "") + "|" + p.text
        self._headings = {
            kb.passages[sp.passage_ids[0]].sentence_ids[0]
            for d in kb.documents for sec in d.speech.sections for sp in sec.subpoints
        }

    def _add_phrasing(self, owner: str, text: str) -> None:
        norm = normalise(text, self.index.replacements)
        unit = Unit(owner, frozenset(self.index.terms_of(norm)))
        self._phrasings.append(_Phrasing(owner, norm.replace(" ", ""), unit))

    @classmethod
    def from_config(cls, cfg: Config) -> Matcher:
        return cls(load_knowledge(cfg.knowledge_path), cfg.matcher)

    # ----- public -----
    def ask(self, question: str) -> Result:
        """Never raises: any input gets one of the three outcomes."""
        question = question if isinstance(question, str) else ""
        try:
            return self._ask(question)
        except Exception:  # pragma: no cover - a bug must not take the bot down
            log.exception("matcher failed on a question of %d characters", len(question))
            return self._no_answer(question, "", "zh")

    def topics(self) -> tuple[Suggestion, ...]:
        """One suggestion per point of every document: what the speech covers."""
        return tuple(
            Suggestion(point_question(p, d, self.kb), p.id, 0.0) for d in self.kb.documents for p in d.points
        )

    # ----- steps -----
    def _ask(self, question: str) -> Result:
        q = self.index.parse(question[:MAX_QUESTION_CHARS])
        if not q.normalized:
            return self._no_answer(question, "", q.language)
        topic = any(c.known and c.alternatives[0] not in GENERIC_TERMS for c in q.concepts)
        reply = answer_structure(q.normalized, q.language == "en", self.kb, self.cfg.max_answer_chars, topic)
        if reply is not None:
            if reply.answer is not None:
                return Result(question, ANSWERED, (reply.answer,), (), q.language, q.normalized)
            suggestions = tuple(Suggestion(text, sid, 0.5) for text, sid in reply.choices)
            return Result(question, CLARIFY, (), suggestions[: max(self.cfg.max_suggestions, 4)], q.language, q.normalized)
        if not q.substantive:
            # Nothing but particles or single characters (你好, 嗯嗯): only a known question asked verbatim counts.
            exact = self._verbatim(q)
            if exact is None:
                return self._no_answer(question, q.normalized, q.language)
            return Result(question, ANSWERED, (self._render(exact),), (), q.language, q.normalized)
        candidates = self._rank(q)
        nearest = next(iter(self._suggest(candidates[:1], q)), None)
        unknown = sum(c.weight for c in q.concepts if not c.known)
        if unknown >= UNKNOWN_SHARE_LIMIT * q.total_weight:
            # Most of what was asked is about words the speech never uses (酒驾, 医保, password):
            # whatever the rest matches, the question is about something else.
            return self._no_answer(question, q.normalized, q.language, nearest)
        if not candidates or candidates[0].score < self.cfg.clarify_threshold:
            return self._no_answer(question, q.normalized, q.language, nearest)
        best = candidates[0]
        if best.score >= self.cfg.answer_threshold and not self._vague(candidates):
            answers = tuple(self._render(c) for c in candidates[: self.cfg.max_answers]
                            if c is best or c.score >= self.cfg.clarify_threshold)
            return Result(question, ANSWERED, answers, self._related(best, candidates[1:], q), q.language,
                          q.normalized, nearest)
        return Result(question, CLARIFY, (), self._suggest(candidates, q), q.language, q.normalized, nearest)

    def _vague(self, candidates: list[_Candidate]) -> bool:
        """The question does not pick a passage: as many passages as VAGUE_PASSAGES match it about equally
        (安全, 责任 alone). Better to offer the candidates than to quote one at random."""
        best = candidates[0].score
        tied = {self._passage_of(c) for c in candidates if c.score >= best - TIE_MARGIN}
        return len(tied) >= VAGUE_PASSAGES

    def _passage_of(self, c: _Candidate) -> str:
        # The local id (p3.2, not county-safety-2023/p3.2), as when sentences carried local ids: with two
        # speeches, passages at the same place of each count as one here. Kept so that no outcome changes
        # with global ids; whether they should count as two is a scoring question.
        return self.kb.local_id(self.kb.sentences[c.key].passage_id) if c.key in self.kb.sentences else c.key

    def _verbatim(self, q: Query) -> _Candidate | None:
        """The curated entry or fact whose phrasing is the question itself, give or take a character."""
        compact = q.normalized.replace(" ", "")
        hit = process.extractOne(compact, self._phrasing_texts, scorer=fuzz.ratio, processor=None,
                                 score_cutoff=EXACT_RATIO) if compact else None
        if hit is None:
            return None
        owner = self._phrasings[hit[2]].owner
        if owner in self._facts:
            return _Candidate(owner, hit[1] / 100.0, (), -1, owner)
        entry = self._entries[owner]
        return _Candidate(entry.targets[0], hit[1] / 100.0, entry.targets, self._order[entry.targets[0]], owner)

    def _rank(self, q: Query) -> list[_Candidate]:
        by_key: dict[str, _Candidate] = {}
        # Sentences.
        sentence_scores: dict[str, float] = {}
        for i, score in self._sentence_index.coverage(q).items():
            gid = self._sentence_keys[i]
            if gid not in self._headings:  # 一要…: its words count in the title path of every sentence under it
                sentence_scores[gid] = score
        # Curated phrasings: best per owner.
        owner_scores: dict[str, float] = {}
        compact = q.normalized.replace(" ", "")
        forward = self._phrasing_index.coverage(q)
        reverse = self._phrasing_index.reverse_coverage(q, forward)
        for i, fwd in forward.items():
            rev = reverse[i]
            score = 2 * fwd * rev / (fwd + rev) if fwd + rev else 0.0
            owner = self._phrasings[i].owner
            owner_scores[owner] = max(owner_scores.get(owner, 0.0), score)
        if compact:
            for _text, ratio, i in process.extract(compact, self._phrasing_texts, scorer=fuzz.ratio,
                                                   processor=None, score_cutoff=FUZZY_FLOOR, limit=5):
                owner = self._phrasings[i].owner
                score = ratio / 100.0
                if ratio >= EXACT_RATIO:  # the known question itself, give or take a character
                    score += AGREEMENT_BONUS
                owner_scores[owner] = max(owner_scores.get(owner, 0.0), score)

        for gid, score in sentence_scores.items():
            by_key[gid] = _Candidate(gid, score, (gid,), self._order[gid])
        for owner, score in owner_scores.items():
            if owner in self._facts:
                by_key[owner] = _Candidate(owner, score, (), -1, owner)
                continue
            entry = self._entries[owner]
            first = entry.targets[0]
            content = max((sentence_scores.get(t, 0.0) for t in entry.targets), default=0.0)
            fused = fuse(score, content)
            existing = by_key.get(first)
            if existing is None or fused > existing.score or existing.entry_id is None and fused >= existing.score:
                by_key[first] = _Candidate(first, fused, entry.targets, self._order[first], owner)
            # A sentence inside the entry's answer is the same answer: keep only the entry.
            for t in entry.targets[1:]:
                if t in by_key and by_key[t].entry_id is None and by_key[t].score <= by_key[first].score:
                    del by_key[t]
        ranked = sorted(by_key.values(), key=lambda c: (-round(c.score, 6), c.position, c.key))
        if compact and PHRASE_WEIGHT:
            # The words in the speech's own order: rapidfuzz's best-aligned substring of each leading
            # candidate's text against the question breaks near-ties between passages that share its words.
            for c in ranked[:PHRASE_CANDIDATES]:
                text = self._compact_text(c)
                if text:
                    c.score += PHRASE_WEIGHT * fuzz.partial_ratio(compact, text, processor=None) / 100.0
            ranked.sort(key=lambda c: (-round(c.score, 6), c.position, c.key))
        return self._distinct(ranked)

    def _compact_text(self, c: _Candidate) -> str:
        """What a candidate's wording is: its sentences, or for a fact its phrasings."""
        if c.sentence_ids:
            return "".join(self._sentence_texts[i] for i in c.sentence_ids)
        return self._fact_texts.get(c.key, "")

    @staticmethod
    def _distinct(ranked: list[_Candidate]) -> list[_Candidate]:
        """Drop candidates whose sentences are already part of a better one."""
        seen: set[str] = set()
        out = []
        for c in ranked:
            ids = set(c.sentence_ids) or {c.key}
            if ids & seen:
                continue
            seen |= ids
            out.append(c)
        return out

    def _render(self, c: _Candidate) -> Answer:
        if c.key in self._facts:
            fact = self._facts[c.key]
            title = self.kb.document(fact.id).title
            return Answer(fact.id, fact.answer, (title, "关于本讲话"), min(c.score, 1.0), kind="fact")
        ids = list(c.sentence_ids)
        kb, limit = self.kb, self.cfg.max_answer_chars
        if len(ids) == 1:
            ids = self._widen(ids[0])
        texts, originals, kept = [], [], []
        for sid in ids:
            s = kb.sentences[sid]
            if kept and sum(map(len, texts)) + len(s.text) > limit:
                break
            texts.append(s.text)
            originals.append(s.original)
            kept.append(sid)
        text = "".join(texts)
        if len(text) > limit:  # a single sentence longer than the limit: cut at a clause
            cut = max(text.rfind(p, 0, limit - 1) for p in ",;:,;")
            text = text[: cut + 1 if cut > 0 else limit - 1] + "…"
        passage = kb.passage_of(kept[0])
        return Answer(kept[0], text, passage.path, min(c.score, 1.0), kind="quote", original="".join(originals),
                      passage_id=passage.id, sentence_ids=tuple(kept))

    def _widen(self, sid: str) -> list[str]:
        """A very short sentence (a heading, a slogan) is quoted with the sentence that follows it."""
        kb = self.kb
        s = kb.sentences[sid]
        if len(s.text) >= 30:
            return [sid]
        ids = list(kb.passage_of(sid).sentence_ids)
        i = ids.index(s.id)
        if i + 1 < len(ids):
            return [sid, ids[i + 1]]
        return [sid]

    def _related(self, best: _Candidate, rest: list[_Candidate], q: Query) -> tuple[Suggestion, ...]:
        """Follow-up questions: the entry's declared `related` ones first, then the next candidates."""
        entry = self._entries.get(best.entry_id or "")
        declared = [self._entries[r] for r in entry.related] if entry else []
        out = [Suggestion(e.question, e.id, 0.0) for e in declared][: self.cfg.max_suggestions]
        used = {s.id for s in out} | {best.entry_id}
        for s in self._suggest(rest, q):
            if len(out) >= self.cfg.max_suggestions:
                break
            if s.id not in used:
                out.append(s)
                used.add(s.id)
        return tuple(out)

    def _suggest(self, candidates: list[_Candidate], q: Query) -> tuple[Suggestion, ...]:
        out: list[Suggestion] = []
        used: set[str] = set()
        for c in candidates:
            if len(out) >= self.cfg.max_suggestions:
                break
            if c.entry_id and c.entry_id in self._facts:
                entry_id, question = c.entry_id, self._facts[c.entry_id].question
            elif c.entry_id:
                entry_id, question = c.entry_id, self._entries[c.entry_id].question
            else:
                entries = self.kb.entries_for(c.key)
                if not entries:
                    continue
                entry_id, question = entries[0].id, entries[0].question
            if entry_id in used or question == q.text:
                continue
            used.add(entry_id)
            out.append(Suggestion(question, entry_id, round(min(c.score, 1.0), 4)))
        return tuple(out)

    def _no_answer(self, question: str, normalized: str, language: str, nearest: Suggestion | None = None) -> Result:
        return Result(question, NO_ANSWER, (), self.topics(), language, normalized, nearest)
