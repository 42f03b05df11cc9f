"""The knowledge keepers' tools in Telegram: outcomes stored, 👍/👎 buttons, /misses, /stats, /reload, SIGHUP.

`KeepersFeature()` is a feature of the contract in `bot.telegram_app.contract` (``run`` installs it):

* every question asked in a chat (private, group, /ask, a tapped suggestion) has its outcome stored in the
  `FeedbackStore` at `cfg.database_path`: the text of clarify and no_answer questions, only the outcome
  and the answer id of answered ones (see `bot.maintenance.store` for what is kept). Inline queries are
  not recorded: they arrive once per keystroke. The writes go to one background thread
  (`BackgroundWriter`): a database locked by another process delays the stored outcomes, never an
  answer; a write that cannot be done in time is dropped with a log line.
* each answer carries 👍 / 👎 buttons (callback data ``f|u|<key>|<answer id>`` / ``f|d|…``, the key
  naming the question and the answer in an in-memory registry). A tap is thanked; a 👎 stores the
  question and the answer id. The same person tapping twice counts once: the store keeps only a keyed
  hash of (chat id, message id, user id). After a restart the registry is empty: a tap on an older
  answer still counts, with the answer id from the callback data but without the question.
* /misses, /stats and /reload are for the user ids in ``telegram.admin_ids`` only; anyone else is told
  so. /misses lists other people's questions, so in a group it only says to ask in a private chat.
* SIGHUP reloads the knowledge like /reload (on event loops that support signal handlers), and logs
  the outcome. A broken folder is refused with the `check` messages; the old knowledge keeps serving.
  A folder that passes is copied as the last good knowledge (`bot.maintenance.last_good`), and the
  features' ``on_reload`` hooks run (the reminders re-read reminders.yaml and rebuild their jobs);
  their lines are part of the reply. While the bot serves the last good copy (the folder was broken
  at start), /reload says so, refused or not.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import signal
import sqlite3
from collections import OrderedDict

from telegram import InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.config import Config
from bot.errors import ConfigError
from bot.maintenance import last_good
from bot.maintenance.check import render
from bot.maintenance.misses import build_stats, misses_report
from bot.maintenance.reload import reload_matcher
from bot.maintenance.store import BackgroundWriter, FeedbackStore
from bot.qa.result import ANSWERED, Result
from bot.telegram_app.callbacks import cb, fits, question_key
from bot.telegram_app.contract import NEW_MESSAGE, BotContext, BotState, state_of
from bot.telegram_app.messages import Reply, text_reply
from bot.telegram_app.ratelimit import interactive
from bot.telegram_app.sending import answer_callback, send
from bot.telegram_app.updates import command_argument, is_group, lang_for
from bot.texts import t

log = logging.getLogger(__name__)

PREFIX = "f"  # the core uses q| c| v| n| s|
UP, DOWN = "u", "d"
MAX_REMEMBERED_ANSWERS = 20_000
MISSES_GROUPS = 30  # groups shown by /misses (split over several messages when long)
MAX_PROBLEMS_SHOWN = 40
STATS_DAYS = 14
MAX_DAYS = 366
VOTE_WAIT_SECONDS = 1.5  # a 👍/👎 is answered after at most this long, stored or not (yet)

def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _chat_type(update: Update) -> str | None:
    chat = update.effective_chat
    return chat.type if chat else None


# ----- the answers a 👍/👎 refers to -----
class AnswerRegistry:
    """key → (question, answer id) of recent answers; the key travels in the callback data."""

    def __init__(self, limit: int = MAX_REMEMBERED_ANSWERS):
        self.limit = limit
        self._items: OrderedDict[str, tuple[str, str]] = OrderedDict()

    def remember(self, question: str, answer_id: str) -> str:
        key = question_key(f"{question}\x1f{answer_id}")
        self._items[key] = (question, answer_id)
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> tuple[str, str] | None:
        return self._items.get(key)


def feedback_data(vote: str, key: str, answer_id: str) -> str:
    """Callback data of a 👍/👎 button; the answer id is left out when it would not fit in 64 bytes."""
    return cb(PREFIX, vote, key, answer_id) if fits(PREFIX, vote, key, answer_id) else cb(PREFIX, vote, key)


def _escaped(update: Update, key: str, **kw: object) -> Reply:
    return Reply([html.escape(t(lang_for(update), key, **kw))])


async def _days(update: Update, context: BotContext, command: str, default: int | None) -> int | None:
    """The optional number of days after the command; -1 (after telling the usage) when it is not one."""
    arg = command_argument(update.message)
    if not arg:
        return default
    if arg.isdigit() and 1 <= int(arg) <= MAX_DAYS:
        return int(arg)
    await send(update, context, _escaped(update, "keep_days_usage", command=command, max=MAX_DAYS))
    return -1


def _summary(matcher, lang: str) -> str:
    kb = matcher.kb
    return t(lang, "keep_reloaded", docs=len(kb.documents), passages=len(kb.passages), entries=len(kb.qa),
             facts=len(kb.facts))


class KeepersFeature:
    """The knowledge keepers' tools: outcomes stored, 👍/👎, /misses, /stats, /reload and SIGHUP."""

    name = "keepers"

    def __init__(self) -> None:
        self.cfg: Config | None = None
        self.store: FeedbackStore | None = None
        self.votes = AnswerRegistry()
        self.writer = BackgroundWriter("feedback-store")
        self.reload_lock = asyncio.Lock()  # two reloads at once would only do the work twice

    def install(self, application: Application, state: BotState) -> None:
        self.cfg = state.config
        try:
            self.store = FeedbackStore(self.cfg.database_path)
        except (OSError, sqlite3.Error) as exc:  # `run` prints this one line and exits with code 2
            raise ConfigError("config", "storage.database",
                              f"cannot open the database {self.cfg.database_path}: {exc}") from exc
        state.reply_hooks.append(self.add_feedback_buttons)
        state.answered_hooks.append(self.record_outcome)
        state.on_start.append(self.install_sighup)
        state.on_shutdown.append(self.close)
        # Not added to the command menus: they are for admins only (set_my_commands shows them to everyone).
        for name, callback in (("misses", self.cmd_misses), ("stats", self.cmd_stats), ("reload", self.cmd_reload)):
            application.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
        application.add_handler(CallbackQueryHandler(self.on_feedback, pattern=rf"^{PREFIX}\|"))

    # ----- answers: 👍/👎 and outcomes -----
    def add_feedback_buttons(self, update: Update, context: BotContext, result: Result, reply: Reply) -> Reply:
        """Reply hook: a row of 👍 / 👎 under every answer (not under "did you mean" or "not covered")."""
        if result.status != ANSWERED or not result.answers:
            return reply
        answer_id = result.answers[0].id
        key = self.votes.remember(result.question, answer_id)
        lang = lang_for(update, result.language)
        return reply.with_row([(t(lang, "keep_up"), feedback_data(UP, key, answer_id)),
                               (t(lang, "keep_down"), feedback_data(DOWN, key, answer_id))])

    async def close(self, application: Application) -> None:
        """Shutdown hook: the queued writes are done (a write waiting for a lock gives up)."""
        if self.store is not None:
            self.store.closing.set()
        await asyncio.to_thread(self.writer.close)

    async def record_outcome(self, update: Update, context: BotContext, result: Result) -> None:
        """Answered hook: queue the outcome for the writer thread and return at once (never waits for the disk)."""
        self.writer.submit("the outcome of a question", self.store.record_outcome, result, _chat_type(update))

    async def on_feedback(self, update: Update, context: BotContext) -> None:
        """A tap on 👍 or 👎."""
        query = update.callback_query
        lang = lang_for(update)
        fields = (query.data or "").split("|", 3)[1:] + ["", "", ""]
        vote_code, key, answer_in_data = fields[:3]
        # Question and answer from the registry; after a restart only the answer id of the data is left.
        question, answer_id = self.votes.get(key) or ("", answer_in_data)
        if vote_code not in (UP, DOWN) or not answer_id:
            await answer_callback(update, context, t(lang, "expired"))
            return
        if query.message is not None:
            parts: tuple[object, ...] = (query.message.chat.id, query.message.message_id, query.from_user.id)
        else:  # an inline message (the bot does not put these buttons there, but be safe)
            parts = (query.inline_message_id, query.from_user.id)
        vote = 1 if vote_code == UP else -1
        future = self.writer.submit("a vote", self.store.record_feedback, question, answer_id, vote, parts,
                                    _chat_type(update))
        how = "dropped"
        if future is not None:
            try:  # usually milliseconds; with the database locked elsewhere, thank now and store later
                counted = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), VOTE_WAIT_SECONDS)
                how = "counted" if counted else "repeated"
            except asyncio.TimeoutError:
                how = "stored later"
            except Exception:  # logged by the writer
                how = "not stored"
        log.info("feedback %s on %s (%s)", "👍" if vote > 0 else "👎", answer_id, how)
        await answer_callback(update, context, t(lang, "keep_thanks"))

    # ----- admin commands -----
    async def _admin(self, update: Update, context: BotContext, command: str) -> bool:
        """True for a bot admin; anyone else gets a clear refusal."""
        user = update.effective_user
        if user is not None and user.id in self.cfg.telegram.admin_ids:
            return True
        log.info("refused /%s for a user who is not a bot admin", command)
        await send(update, context, _escaped(update, "keep_admins_only", command=command))
        return False

    async def cmd_misses(self, update: Update, context: BotContext) -> None:
        """/misses [days]: unanswered, unsure and disliked questions, grouped, with the nearest entry."""
        if not await self._admin(update, context, "misses"):
            return
        if is_group(update):
            await send(update, context, _escaped(update, "keep_misses_private"))
            return
        days = await _days(update, context, "misses", None)
        if days == -1:
            return
        since = _now() - dt.timedelta(days=days) if days else None
        # Grouping asks the matcher once per group: off the event loop.
        text = await asyncio.to_thread(misses_report, self.store, context.bot_data.matcher, since, MISSES_GROUPS,
                                       lang_for(update))
        await send(update, context, text_reply(text))

    async def cmd_stats(self, update: Update, context: BotContext) -> None:
        """/stats [days]: a chart of questions per day and the share answered, then the figures and top topics."""
        if not await self._admin(update, context, "stats"):
            return
        days = await _days(update, context, "stats", STATS_DAYS)
        if days == -1:
            return
        report = await asyncio.to_thread(build_stats, self.store, _now(), self.cfg.tz, days,
                                         context.bot_data.matcher.kb)
        if report.png is not None:  # without the optional charts extra, the same figures as text only
            with interactive():  # an answer to the admin: not paced like a broadcast
                await update.effective_message.reply_photo(InputFile(report.png, filename="stats.png"),
                                                           do_quote=is_group(update))
        await send(update, context, text_reply(report.text), quote=None if report.png is None else False)

    async def reload_knowledge(self, application: Application):
        """Re-read the knowledge folder; swap the matcher when it passes `check`, keep a copy of it, run
        the features' reload hooks. (new matcher | None, problems, the hooks' lines)."""
        notes: list[str] = []
        async with self.reload_lock:
            matcher, problems = await asyncio.to_thread(reload_matcher, self.cfg)
            state = state_of(application)
            if matcher is None:
                if last_good.serving_copy(state.matcher.kb.root, self.cfg):
                    notes.append(t("en", "keep_serving_copy", path=last_good.copy_path(self.cfg),
                                   at=last_good.saved_at(self.cfg)))
                return None, problems, notes
            state.matcher = matcher
            await asyncio.to_thread(last_good.save_copy, self.cfg)
            for hook in state.on_reload:
                try:
                    line = await hook(application)
                except Exception as exc:  # one feature's failure must not hide the reload
                    log.exception("reload hook %r failed", hook)
                    line = f"{getattr(hook, '__qualname__', hook)} failed: {exc}"
                if line:
                    notes.append(line)
        return matcher, problems, notes

    async def cmd_reload(self, update: Update, context: BotContext) -> None:
        """/reload: the knowledge folder, re-read and checked; on problems the old knowledge keeps serving."""
        if not await self._admin(update, context, "reload"):
            return
        lang = lang_for(update)
        matcher, problems, notes = await self.reload_knowledge(context.application)
        if matcher is not None:
            log.info("/reload: %s %s", _summary(matcher, "en"), " ".join(notes))
            # Documents left out (issue 12 isolation): the others serve, the admin sees why.
            left_out = [f"• {html.escape(render(p, lang))}" for p in problems[:MAX_PROBLEMS_SHOWN]]
            text = "\n".join([_summary(matcher, lang), *notes])
            await send(update, context, Reply(["\n".join([html.escape(text), *left_out])]))
            return
        lines = [t(lang, "keep_refused", n=len(problems)),
                 *(f"• {render(p, lang)}" for p in problems[:MAX_PROBLEMS_SHOWN])]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(t(lang, "keep_more_problems", n=len(problems) - MAX_PROBLEMS_SHOWN))
        if notes:  # serving the last good copy: said first, it matters most
            lines.insert(0, t(lang, "keep_serving_copy", path=last_good.copy_path(self.cfg),
                              at=last_good.saved_at(self.cfg)))
        await send(update, context, text_reply("\n".join(lines)))

    # ----- SIGHUP -----
    async def reload_on_signal(self, application: Application) -> None:
        """What SIGHUP does: reload, and log the outcome (there is nobody to reply to)."""
        try:
            matcher, problems, notes = await self.reload_knowledge(application)
        except Exception:
            log.exception("SIGHUP: reloading the knowledge failed; the old knowledge keeps serving")
            return
        if matcher is not None:
            log.info("SIGHUP: %s %s", _summary(matcher, "en"), " ".join(notes))
        else:
            log.warning("SIGHUP: reload refused, the old knowledge keeps serving. %s%d problem(s):\n%s",
                        "".join(n + " " for n in notes), len(problems), "\n".join(problems))

    def _on_sighup(self, application: Application) -> None:
        if application.running:
            application.create_task(self.reload_on_signal(application), name="reload on SIGHUP")
        else:
            log.info("SIGHUP ignored: the bot is not running")

    async def install_sighup(self, application: Application) -> None:
        """Start hook: SIGHUP reloads the knowledge, where the event loop supports signal handlers."""
        sighup = getattr(signal, "SIGHUP", None)
        if sighup is None:
            log.info("no SIGHUP on this platform: use /reload to reload the knowledge")
            return
        try:
            asyncio.get_running_loop().add_signal_handler(sighup, self._on_sighup, application)
        except (NotImplementedError, RuntimeError, ValueError) as exc:  # e.g. Windows, or not the main thread
            log.info("SIGHUP reload not available here (%s): use /reload", exc)
            return
        log.info("send SIGHUP to reload the knowledge")
