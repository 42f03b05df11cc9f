"""`knowledge/reminders.yaml` → an immutable `Catalog`, validated against the speech.

Quotes are resolved here, once, from sentence and passage ids of the `KnowledgeBase`: the yaml
never carries the text, so a quote is always the speech's exact (corrected) wording and comes with
its place in the speech. Every problem raises `ReminderConfigError` naming the file and the
reminder id, e.g. ``knowledge/reminders.yaml: reminder duty: schedule.time: '25:99' is not …``.

A reminder's kind picks its text at each firing: `FixedQuotes` (``quote:``) always the same quotes,
`Rotation` (``rotate:``) the next passage for that chat. Both follow `ReminderKind`: ``pick`` turns the
chat's position (stored, uninterpreted, by `bot.reminders.store`) into the item to send and the next
position, ``item`` gives its quotes. A new kind is one more such class, and its key in
`_Parser.reminder`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.errors import UserFacingError
from bot.qa.knowledge import KnowledgeBase
from bot.reminders.schedule import (
    DEFAULT_TZ,
    WEEKDAY_NAMES,
    DateRange,
    DateRanges,
    Schedule,
    Season,
    SpringFestivalWindow,
    parse_hhmm,
)
from bot.texts import Msg

REMINDERS_FILE = "reminders.yaml"


class ReminderConfigError(UserFacingError):
    def __init__(self, source: str, reminder_id: str | None, problem: str):
        self.source, self.reminder_id, self.problem = source, reminder_id, problem
        where = f"{source}: reminder {reminder_id}" if reminder_id else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Quote:
    """Consecutive sentences of one passage, exactly as in the speech, and where they stand."""

    text: str
    document: str  # the document's title
    path: tuple[str, ...]  # title path of the passage: 第三点 … › 三要 … › 非煤矿山方面
    ids: tuple[str, ...]  # global sentence ids

    @property
    def source(self) -> str:
        """One line naming the place in the speech's own terms: 《title》第三点 … › 三要 … (no internal ids)."""
        return f"《{self.document}》{' › '.join(self.path)}"


class ReminderKind(Protocol):
    """How a reminder picks its text at each firing (``quote:`` or ``rotate:`` in reminders.yaml).

    A chat has a position per reminder, kept by the store: how far it has got. At a firing, `pick`
    turns the position into the item to send and the position to keep; the store calls it in the
    transaction that claims the delivery, records the item with the claim and keeps the position.
    `item` gives the quotes of a recorded item (also when a claim is resumed after a restart).
    """

    def pick(self, position: int) -> tuple[int | None, int]:
        """(the item to send, the position after it) for a chat at `position`; item None: the only text."""
        ...

    def item(self, index: int | None) -> tuple[Quote, ...]:
        """The quotes of the item `pick` chose."""
        ...


@dataclass(frozen=True)
class FixedQuotes:
    """``quote:`` the same quotes at every firing; the chat's position is neither used nor moved."""

    quotes: tuple[Quote, ...]

    def pick(self, position: int) -> tuple[int | None, int]:
        return None, position

    def item(self, index: int | None) -> tuple[Quote, ...]:
        return self.quotes


@dataclass(frozen=True)
class Rotation:
    """``rotate:`` a rotating tip, one item per firing, in order, each chat at its own place.

    The position counts tips already sent; it wraps around when the list is exhausted, and a list
    that shrank (the yaml was edited) simply wraps sooner.
    """

    items: tuple[tuple[Quote, ...], ...]

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a rotation needs at least one item")

    def pick(self, position: int) -> tuple[int | None, int]:
        index = position % len(self.items)
        return index, index + 1

    def item(self, index: int | None) -> tuple[Quote, ...]:
        return self.items[(index or 0) % len(self.items)]


@dataclass(frozen=True)
class Reminder:
    id: str
    title: str
    schedule: Schedule
    kind: ReminderKind
    name: str = ""  # the Chinese name people type: /subscribe 值班 08:30

    def label(self, lang: str) -> str:
        """What a chat user reads as this reminder's name (Chinese first; the Latin id in English)."""
        return self.name if lang == "zh" and self.name else self.id


@dataclass(frozen=True)
class Catalog:
    reminders: dict[str, Reminder]
    defaults: tuple[str, ...]
    source: str = REMINDERS_FILE

    def get(self, reminder_id: str) -> Reminder | None:
        return self.reminders.get(reminder_id)

    def resolve(self, word: str) -> str | None:
        """The id a user means: the Latin id in any case, or the Chinese name (值班 → duty)."""
        word = word.strip()
        if word.lower() in self.reminders:
            return word.lower()
        return next((r.id for r in self.reminders.values() if r.name and r.name == word), None)

    def __contains__(self, reminder_id: object) -> bool:
        return reminder_id in self.reminders

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.reminders)


# ----- quotes -----
def _quotes_for(kb: KnowledgeBase, ids: list[str]) -> tuple[Quote, ...]:
    """Sentence ids (already checked) → quotes; consecutive sentences of a passage are joined."""
    groups: list[list[str]] = []
    for sid in ids:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and kb.passage_of(prev) is kb.passage_of(sid)
            and kb.sentences[sid].position == kb.sentences[prev].position + 1
        ):
            groups[-1].append(sid)
        else:
            groups.append([sid])
    out = []
    for group in groups:
        passage = kb.passage_of(group[0])
        out.append(Quote(
            text="".join(kb.sentences[s].text for s in group),
            document=kb.document(group[0]).title,
            path=passage.path,
            ids=tuple(group),
        ))
    return tuple(out)


def _expand_id(kb: KnowledgeBase, gid: str) -> list[str] | None:
    """A sentence id → [it]; a passage id → its sentences; anything else → None."""
    if gid in kb.sentences:
        return [gid]
    if gid in kb.passages:
        return list(kb.passages[gid].sentence_ids)
    return None


# ----- parsing -----
class _Parser:
    def __init__(self, source: str, kb: KnowledgeBase, tz: dt.tzinfo):
        self.source, self.kb, self.tz = source, kb, tz

    def fail(self, rid: str | None, problem: str) -> ReminderConfigError:
        return ReminderConfigError(self.source, rid, problem)

    def ids(self, rid: str, key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(rid, f"{key}: expected a list of sentence or passage ids")
        out: list[str] = []
        for gid in value:
            expanded = _expand_id(self.kb, gid)
            if expanded is None:
                raise self.fail(rid, Msg("check_rem_bad_id", key=key, id=gid))
            out.extend(expanded)
        return out

    def rotation(self, rid: str, value: Any) -> tuple[tuple[Quote, ...], ...]:
        if not isinstance(value, dict):
            raise self.fail(rid, "rotate: expected a mapping with from, to and optionally skip")
        unknown = set(value) - {"from", "to", "skip"}
        if unknown:
            raise self.fail(rid, f"rotate: unknown key {sorted(unknown)[0]!r} (known: from, to, skip)")
        order = list(self.kb.passages)
        ends = []
        for key in ("from", "to"):
            gid = value.get(key)
            if gid not in self.kb.passages:
                raise self.fail(rid, f"rotate.{key}: {gid!r} is not a passage id of the speech")
            ends.append(order.index(gid))
        if ends[0] > ends[1] or self.kb.document(value["from"]) is not self.kb.document(value["to"]):
            raise self.fail(rid, "rotate: 'from' must come before 'to' in the same document")
        skip = value.get("skip") or []
        if not isinstance(skip, list):
            raise self.fail(rid, "rotate.skip: expected a list of passage ids")
        for gid in skip:
            if gid not in self.kb.passages:
                raise self.fail(rid, f"rotate.skip: {gid!r} is not a passage id of the speech")
        chosen = [g for g in order[ends[0]: ends[1] + 1] if g not in skip]
        if not chosen:
            raise self.fail(rid, "rotate: no passage left to rotate through")
        return tuple(_quotes_for(self.kb, _expand_id(self.kb, g) or []) for g in chosen)

    def days(self, rid: str, value: Any) -> str | frozenset[int]:
        if value in ("workdays", "daily"):
            return value
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(rid, f"schedule.days: expected workdays, daily or a list of weekdays, got {value!r}")
        out = set()
        for v in value:
            name = v.strip().lower() if isinstance(v, str) else None
            if name not in _WEEKDAYS:
                raise self.fail(rid, f"schedule.days: {v!r} is not a weekday (use {', '.join(WEEKDAY_NAMES)})")
            out.add(_WEEKDAYS[name])
        return frozenset(out)

    def date_range(self, rid: str, item: Any, n: int) -> DateRange:
        where = f"schedule.season.dates[{n}]"
        if not isinstance(item, dict) or set(item) != {"from", "to"}:
            raise self.fail(rid, f"{where}: expected {{from: MM-DD, to: MM-DD}} or YYYY-MM-DD dates")
        parsed = []
        for key in ("from", "to"):
            text = str(item[key]).strip()
            try:
                if len(text) == 10:
                    d = dt.date.fromisoformat(text)
                    parsed.append((d.year, (d.month, d.day)))
                else:
                    d = dt.date.fromisoformat(f"2000-{text}")  # a leap year accepts 02-29
                    parsed.append((None, (d.month, d.day)))
            except ValueError:
                raise self.fail(rid, f"{where}.{key}: {item[key]!r} is not a date like 03-05 or 2027-03-05") from None
        (y1, start), (y2, end) = parsed
        if y1 != y2:
            raise self.fail(rid, f"{where}: use MM-DD for both ends, or YYYY-MM-DD of the same year for both")
        if y1 is not None and start > end:
            raise self.fail(rid, f"{where}: 'from' is after 'to'")
        return DateRange(start, end, y1)

    def season(self, rid: str, value: Any) -> Season | None:
        if value is None:
            return None
        if not isinstance(value, dict) or len(value) != 1:
            raise self.fail(rid, "schedule.season: expected exactly one of spring_festival or dates")
        (kind, body), = value.items()
        if kind == "spring_festival":
            if not isinstance(body, dict) or set(body) != {"first_day", "last_day"} or not all(
                isinstance(body[k], int) and not isinstance(body[k], bool) for k in body
            ):
                raise self.fail(rid, "schedule.season.spring_festival: expected {first_day: N, last_day: M} (whole days)")
            if body["first_day"] > body["last_day"] or not -60 <= body["first_day"] <= 300:
                raise self.fail(rid, "schedule.season.spring_festival: need first_day <= last_day, within the year")
            return SpringFestivalWindow(body["first_day"], body["last_day"])
        if kind == "dates":
            if not isinstance(body, list) or not body:
                raise self.fail(rid, "schedule.season.dates: expected a list of {from, to} ranges")
            return DateRanges(tuple(self.date_range(rid, item, n) for n, item in enumerate(body)))
        raise self.fail(rid, f"schedule.season: unknown season {kind!r} (use spring_festival or dates)")

    def schedule(self, rid: str, value: Any) -> Schedule:
        if not isinstance(value, dict):
            raise self.fail(rid, "schedule: expected a mapping with time and days")
        unknown = set(value) - {"time", "days", "season"}
        if unknown:
            raise self.fail(rid, f"schedule: unknown key {sorted(unknown)[0]!r} (known: time, days, season)")
        if "time" not in value:
            raise self.fail(rid, Msg("check_rem_time_missing"))
        raw_time = value["time"]
        if isinstance(raw_time, int) and not isinstance(raw_time, bool):
            # YAML 1.1 reads an unquoted 08:30 as the sexagesimal number 510.
            raise self.fail(rid, Msg("check_rem_time_quotes", got=raw_time))
        try:
            at = parse_hhmm(str(raw_time), self.tz)
        except ValueError as exc:
            raise self.fail(rid, Msg("check_rem_time_bad", reason=str(exc))) from None
        return Schedule(at, self.days(rid, value.get("days", "daily")), self.season(rid, value.get("season")))

    def reminder(self, n: int, item: Any) -> Reminder:
        if not isinstance(item, dict):
            raise self.fail(None, f"reminders[{n}]: expected a mapping")
        rid = item.get("id")
        if not isinstance(rid, str) or not rid.replace("_", "").isalnum() or not rid.isascii() or not rid[:1].isalpha():
            raise self.fail(None, f"reminders[{n}]: 'id' must be a latin name like duty or daily_tip, got {rid!r}")
        unknown = set(item) - {"id", "name", "title", "quote", "rotate", "schedule"}
        if unknown:
            raise self.fail(rid, f"unknown key {sorted(unknown)[0]!r} (known: id, name, title, quote, rotate, schedule)")
        name = item.get("name", "")
        if not isinstance(name, str) or (name and (len(name.split()) != 1 or name.isascii())):
            raise self.fail(rid, f"'name' must be one Chinese word like 值班, got {name!r}")
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise self.fail(rid, Msg("check_rem_title_missing"))
        if ("quote" in item) == ("rotate" in item):
            raise self.fail(rid, "needs exactly one of 'quote' (fixed text) or 'rotate' (a rotating tip)")
        schedule = self.schedule(rid, item.get("schedule"))
        if "quote" in item:
            kind: ReminderKind = FixedQuotes(_quotes_for(self.kb, self.ids(rid, "quote", item["quote"])))
        else:
            kind = Rotation(self.rotation(rid, item["rotate"]))
        return Reminder(rid, title.strip(), schedule, kind, name.strip())


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {**{n: i for i, n in enumerate(WEEKDAY_NAMES)}, **{n: i for i, n in enumerate(_FULL_NAMES)}}


def parse_catalog(data: Any, kb: KnowledgeBase, source: str = REMINDERS_FILE, *,
                  tz: dt.tzinfo = DEFAULT_TZ) -> Catalog:
    """A parsed reminders file → a `Catalog`; schedule times carry `tz` (the configured zone)."""
    p = _Parser(source, kb, tz)
    if not isinstance(data, dict):
        raise p.fail(None, "expected a mapping with 'reminders' and 'defaults'")
    unknown = set(data) - {"reminders", "defaults"}
    if unknown:
        raise p.fail(None, f"unknown key {sorted(unknown)[0]!r} (known: reminders, defaults)")
    items = data.get("reminders")
    if not isinstance(items, list) or not items:
        raise p.fail(None, "'reminders' must be a non-empty list")
    reminders: dict[str, Reminder] = {}
    for n, item in enumerate(items):
        r = p.reminder(n, item)
        if r.id in reminders:
            raise p.fail(r.id, Msg("check_rem_duplicate_id"))
        if r.name and any(o.name == r.name for o in reminders.values()):
            raise p.fail(r.id, f"duplicate name {r.name!r}")
        reminders[r.id] = r
    defaults = data.get("defaults", list(reminders))
    if not isinstance(defaults, list) or not all(isinstance(d, str) for d in defaults):
        raise p.fail(None, "'defaults' must be a list of reminder ids")
    for d in defaults:
        if d not in reminders:
            raise p.fail(None, Msg("check_rem_unknown_default", id=d, known=tuple(reminders)))
    return Catalog(reminders, tuple(dict.fromkeys(defaults)), source)


def load_catalog(path: str | Path, kb: KnowledgeBase, *, tz: dt.tzinfo = DEFAULT_TZ) -> Catalog:
    """Read and validate a reminders file; `path` may be the knowledge folder (reminders.yaml inside).
    Schedule times carry `tz`, the configured zone."""
    p = Path(path)
    if p.is_dir():
        p = p / REMINDERS_FILE
    source = str(p)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReminderConfigError(source, None, Msg("check_file_not_found")) from None
    except UnicodeDecodeError:
        raise ReminderConfigError(source, None, Msg("check_not_utf8")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ReminderConfigError(source, None, Msg("check_bad_yaml_at", line=mark.line + 1) if mark
                                  else Msg("check_bad_yaml")) from None
    return parse_catalog(data, kb, source, tz=tz)
