"""What users asked that the bot could not answer, grouped; and the admins' stats chart.

* `group_misses(misses, terms)`: greedy clustering of the stored questions with rapidfuzz, most frequent
  group first. Each question is reduced to its words without stop words (the matcher's segmentation),
  sorted, and compared with `fuzz.token_sort_ratio`: 矿山什么时候复工 / 矿山啥时候能复工 / 什么时候矿山复工
  land together. `token_set_ratio` was not used: it scores a short question 100 against every question
  containing its words, so one frequent "安全" would swallow everything.
* `nearest_entry(matcher, question)`: the existing Q&A entry (or fact) closest to a group, so the
  maintainer knows whether to add an alternate there or a new entry.
* `misses_report(...)` / `main(cfg, as_json)`: the same report for /misses and `python -m bot misses`.
* `stats_chart(days)` → PNG bytes or None, `stats_text(...)`, `build_stats(...)`: /stats. The chart
  (`bot.maintenance.chart`) needs the optional `charts` extra (matplotlib), imported on the first
  chart only, never by `python -m bot ask` or the matcher; without it `StatsReport.png` is None and
  the text carries the same figures.

All of these are plain synchronous functions over the store and a Matcher: a Telegram handler calls
them directly (grouping and text take milliseconds) or `await asyncio.to_thread(build_stats, …)` for the
chart (the first matplotlib import takes about a second).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz, process

from bot.maintenance.store import DayStat, FeedbackStore, Miss
from bot.texts import t

GROUP_CUTOFF = 70.0  # token_sort_ratio at or above which two questions are the same question
MAX_EXAMPLES = 3
KIND_LABELS = {"no_answer": "没有答案", "clarify": "不确定", "disliked": "👎"}


@dataclass(frozen=True)
class Nearest:
    id: str  # global QA entry or fact id, or a sentence id when no entry covers it
    question: str  # the entry's question ("" for a bare sentence)
    status: str  # what the matcher does with the group's question today
    score: float


@dataclass
class MissGroup:
    representative: str  # the most frequent wording
    count: int = 0
    kinds: Counter = field(default_factory=Counter)  # no_answer / clarify / disliked → count
    examples: list[str] = field(default_factory=list)  # other wordings, most frequent first
    last_at: dt.datetime | None = None
    candidates: Counter = field(default_factory=Counter)  # best candidate / disliked answer ids seen
    nearest: Nearest | None = None

    def to_json_dict(self) -> dict:
        return {
            "question": self.representative,
            "count": self.count,
            "kinds": dict(self.kinds),
            "examples": self.examples,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "candidates": dict(self.candidates.most_common()),
            "nearest": asdict(self.nearest) if self.nearest else None,
        }


def _key(question: str, terms: Callable[[str], Sequence[str]] | None) -> str:
    compact = question.replace(" ", "")
    if terms is None:
        return " ".join(compact)  # characters as tokens
    words = sorted(set(terms(question)))
    return " ".join(words) if words else " ".join(compact)


def group_misses(misses: Sequence[Miss], terms: Callable[[str], Sequence[str]] | None = None,
                 cutoff: float = GROUP_CUTOFF) -> list[MissGroup]:
    """Group similar questions; most frequent group first (ties: most recent first).

    `terms` segments a normalised question into index words (pass `matcher.index.terms_of`); without
    it, questions are compared character by character.
    """
    by_text: dict[str, list[Miss]] = {}
    for m in misses:
        by_text.setdefault(m.question, []).append(m)
    # Most frequent wording first, so it becomes its group's representative.
    order = sorted(by_text, key=lambda q: (-len(by_text[q]), -max(m.at.timestamp() for m in by_text[q]), q))
    groups: list[MissGroup] = []
    keys: list[str] = []
    for text in order:
        key = _key(text, terms)
        hit = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=cutoff)
        if hit is None:
            group = MissGroup(text)
            groups.append(group)
            keys.append(key)
        else:
            group = groups[hit[2]]
            group.examples.append(text)
        for m in by_text[text]:
            group.count += 1
            group.kinds[m.kind] += 1
            if m.best_id:
                group.candidates[m.best_id] += 1
            if group.last_at is None or m.at > group.last_at:
                group.last_at = m.at
    for g in groups:
        g.examples = g.examples[:MAX_EXAMPLES]
    groups.sort(key=lambda g: (-g.count, -(g.last_at.timestamp() if g.last_at else 0), g.representative))
    return groups


def nearest_entry(matcher, question: str) -> Nearest | None:
    """The Q&A entry or fact the matcher finds closest to `question`: its answer, else `Result.nearest`."""
    from bot.qa.result import ANSWERED

    r = matcher.ask(question)
    kb = matcher.kb
    if r.status == ANSWERED and r.best is not None:
        best = r.best
        if best.kind == "fact" or not best.sentence_ids:
            fact = next((f for f in kb.facts if f.id == best.id), None)
            return Nearest(best.id, fact.question if fact else "", r.status, best.score)
        first = best.sentence_ids[0]
        entries = [e for e in kb.qa if e.targets[0] == first] or kb.entries_for(first)
        if entries:
            return Nearest(entries[0].id, entries[0].question, r.status, best.score)
        return Nearest(first, "", r.status, best.score)
    if r.nearest is None:
        return None
    return Nearest(r.nearest.id, r.nearest.question, r.status, r.nearest.score)


def collect(store: FeedbackStore | None, matcher=None, since: dt.datetime | None = None) -> list[MissGroup]:
    """Grouped misses with their nearest entries (no matcher: no nearest entries, grouping by characters)."""
    if store is None:
        return []
    misses = store.misses(since)
    if not misses:
        return []
    groups = group_misses(misses, matcher.index.terms_of if matcher is not None else None)
    if matcher is not None:
        for g in groups:
            g.nearest = nearest_entry(matcher, g.representative)
    return groups


def format_groups(groups: Sequence[MissGroup], limit: int | None = None, lang: str = "zh") -> str:
    """The readable report, in Chinese or English: one block per group."""
    if not groups:
        return t(lang, "keep_misses_none")
    total = sum(g.count for g in groups)
    shown = groups[:limit] if limit else groups
    lines = [t(lang, "keep_misses_head", total=total, groups=len(groups))]
    for i, g in enumerate(shown, start=1):
        sep = "，" if lang == "zh" else ", "
        kinds = sep.join(f"{t(lang, 'keep_kind_' + k) if k in KIND_LABELS else k} {n}" for k, n in g.kinds.most_common())
        lines.append("")
        lines.append(t(lang, "keep_misses_group", i=i, count=g.count, question=g.representative, kinds=kinds))
        if g.examples:
            lines.append(t(lang, "keep_misses_also", examples=" / ".join(g.examples)))
        if g.nearest:
            n = g.nearest
            what = f"{n.id} «{n.question}»" if n.question else n.id
            status = t(lang, "keep_kind_" + n.status) if n.status in KIND_LABELS else t(lang, "keep_answered")
            lines.append(t(lang, "keep_misses_nearest", what=what, status=status, score=f"{n.score:.2f}"))
        else:
            lines.append(t(lang, "keep_misses_no_nearest"))
        if g.kinds.get("disliked") and g.candidates:
            lines.append(t(lang, "keep_misses_disliked", answers=", ".join(c for c, _ in g.candidates.most_common(3))))
    if limit and len(groups) > limit:
        lines.append("")
        lines.append(t(lang, "keep_misses_more", n=len(groups) - limit))
    return "\n".join(lines)


def misses_report(store: FeedbackStore | None, matcher=None, since: dt.datetime | None = None,
                  limit: int | None = 10, lang: str = "zh") -> str:
    """/misses: the grouped report as text (at most `limit` groups, to fit one Telegram message)."""
    return format_groups(collect(store, matcher, since), limit, lang)


def main(cfg, as_json: bool = False, lang: str = "zh") -> int:
    """`python -m bot misses [--json]`. Works on a missing or empty database (does not create it)."""
    from bot.errors import UserFacingError

    store = FeedbackStore.open_existing(cfg.database_path)
    matcher = None
    note = None
    if store is not None and store.misses():
        from bot.qa.matcher import Matcher

        try:
            matcher = Matcher.from_config(cfg)
        except UserFacingError as exc:
            note = f"nearest entries unavailable: {exc}"
    groups = collect(store, matcher)
    if as_json:
        print(json.dumps({"database": str(cfg.database_path), "total": sum(g.count for g in groups),
                          "groups": [g.to_json_dict() for g in groups]}, ensure_ascii=False, indent=2))
    else:
        if note:
            print(note, file=sys.stderr)
        print(format_groups(groups, lang=lang))
    return 0


# ----- /stats -----
@dataclass(frozen=True)
class StatsReport:
    png: bytes | None  # None without matplotlib: send `text` alone
    text: str


def stats_chart(days: Sequence[DayStat]) -> bytes | None:
    """PNG bytes of questions per day (per week past 60 days) with the share answered, or None when
    matplotlib (the `charts` extra) is not installed. See `bot.maintenance.chart`."""
    from bot.maintenance.chart import render_png

    return render_png(days)


def topic_title(kb, topic: str) -> str:
    """A readable name of a stored topic id (passage, fact, outline)."""
    if kb is None:
        return topic
    if topic in kb.sentences:
        topic = kb.sentences[topic].passage_id
    if topic in kb.passages:
        path = kb.passages[topic].path  # the point's label stands for its long heading when deeper
        return " › ".join((path[0].split(" ", 1)[0], *path[1:])) if len(path) > 1 else path[0]
    fact = next((f for f in kb.facts if f.id == topic), None)
    if fact:
        return f"关于本讲话:{fact.question}"
    return topic


def stats_text(days: Sequence[DayStat], topics: Sequence[tuple[str, int]], kb=None,
               feedback: tuple[int, int] | None = None) -> str:
    """The figures under the chart (all there is without matplotlib): per day asked / answered (per week,
    from its Monday, past 60 days, as the chart), then the 👍/👎 counts and the top topics."""
    from bot.maintenance.chart import bars

    total = sum(d.asked for d in days)
    answered = sum(d.answered for d in days)
    lines = [f"近{len(days)}天共 {total} 个问题,已回答 {answered} 个"
             + (f"({100 * answered / total:.0f}%)" if total else "") + "。"]
    periods = bars(days)
    weekly = any(b.days > 1 for b in periods)
    for b in periods:
        if b.asked:
            when = f"{b.start:%m-%d}起一周" if weekly else f"{b.start:%m-%d}"
            lines.append(f"{when}  提问 {b.asked:>3}  已回答 {b.answered:>3}  ({100 * b.share_answered:.0f}%)")
    if feedback:
        lines.append(f"反馈:👍 {feedback[0]}  👎 {feedback[1]}")
    if topics:
        lines.append("问得最多的内容:")
        lines.extend(f"{i}. {topic_title(kb, t)} ×{n}" for i, (t, n) in enumerate(topics, start=1))
    return "\n".join(lines)


def build_stats(store: FeedbackStore, now: dt.datetime, tz: dt.tzinfo, days: int = 14, kb=None,
                top: int = 5) -> StatsReport:
    """/stats: chart (None without matplotlib) and text for the last `days` days (in the bot's time zone)."""
    daily = store.daily_stats(days, now, tz)
    since = dt.datetime.combine(daily[0].day, dt.time(), tzinfo=tz)
    topics = store.top_topics(top, since=since)
    return StatsReport(stats_chart(daily), stats_text(daily, topics, kb, store.feedback_counts(since)))
