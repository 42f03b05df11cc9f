"""The knowledge keepers' tools in Telegram: outcomes stored, 👍/👎 buttons, /misses, /stats, /reload, SIGHUP.

`register(application)` is an extension of `bot.telegram_app.app.build_application` (``run`` passes it):

* every question asked in a chat (private, group, /ask, a tapped suggestion) has its outcome stored in the
  `FeedbackStore` at `cfg.database_path`: the text of clarify and no_answer questions, only the outcome
  and the answer id of answered ones (see `bot.maintenance.store` for what is kept). Inline queries are
  not recorded: they arrive once per keystroke.
* each answer carries 👍 / 👎 buttons (callback data ``f|u|<key>|<answer id>`` / ``f|d|…``, the key
  naming the question and the answer in an in-memory registry). A tap is thanked; a 👎 stores the
  question and the answer id. The same person tapping twice counts once: the store keeps only a keyed
  hash of (chat id, message id, user id). After a restart the registry is empty: a tap on an older
  answer still counts, with the answer id from the callback data but without the question.
* /misses, /stats and /reload are for the user ids in ``telegram.admin_ids`` only; anyone else is told
  so. /misses lists other people's questions, so in a group it only says to ask in a private chat.
* SIGHUP reloads the knowledge like /reload (on event loops that support signal handlers), and logs
  the outcome. A broken folder is refused with the `check` messages; the old knowledge keeps serving.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import html
import logging
import signal
import sqlite3
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.config import Config
from bot.errors import ConfigError
from bot.maintenance.misses import build_stats, misses_report
from bot.maintenance.reload import reload_matcher
from bot.maintenance.store import FeedbackStore
from bot.qa.result import ANSWERED, Result
from bot.telegram_app import app as core_app
from bot.telegram_app import handlers, render
from bot.telegram_app.render import Block, Reply, text_in

log = logging.getLogger(__name__)

STORE = "feedback_store"
VOTES = "feedback_registry"
RELOAD_LOCK = "reload_lock"
PREFIX = "f"  # the core uses q| c| v| n| s|
UP, DOWN = "u", "d"
MAX_REMEMBERED_ANSWERS = 20_000
MISSES_GROUPS = 30  # groups shown by /misses (split over several messages when long)
MAX_PROBLEMS_SHOWN = 40
STATS_DAYS = 14
MAX_DAYS = 366

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "up": "👍", "down": "👎",
        "thanks": "谢谢反馈",
        "admins_only": "抱歉,/{command} 只供机器人管理员使用。",
        "misses_private": "/misses 会列出别人提的问题,请在和我的私聊中使用。",
        "days_usage": "用法:/{command} 或 /{command} 天数(1 到 {max} 之间),例如 /{command} 7",
        "reloaded": "知识库已重新读取:{docs} 篇讲话、{passages} 段、{entries} 个问答条目、{facts} 条讲话信息。",
        "refused": "知识库有 {n} 处问题,没有重新读取,仍在使用原来的知识:",
        "more_problems": "……还有 {n} 处问题(python -m bot check 会全部列出)。",
    },
    "en": {
        "up": "👍", "down": "👎",
        "thanks": "Thanks",
        "admins_only": "Sorry, /{command} is for the bot's administrators only.",
        "misses_private": "/misses lists other people's questions; please use it in a private chat with me.",
        "days_usage": "Usage: /{command} or /{command} days (1 to {max}), for example /{command} 7",
        "reloaded": "Knowledge reloaded: {docs} speech(es), {passages} passages, {entries} Q&A entries, {facts} facts.",
        "refused": "The knowledge folder has {n} problem(s); it was not reloaded and the old knowledge keeps serving:",
        "more_problems": "… and {n} more (python -m bot check lists them all).",
    },
}


def t(lang: str, key: str, **kw: object) -> str:
    return text_in(TEXTS, lang, key, **kw)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _config(context_or_app) -> Config:
    return context_or_app.bot_data["config"]


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
        key = render.question_key(f"{question}\x1f{answer_id}")
        self._items[key] = (question, answer_id)
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> tuple[str, str] | None:
        return self._items.get(key)


def feedback_data(vote: str, key: str, answer_id: str) -> str:
    """Callback data of a 👍/👎 button; the answer id is left out when it would not fit in 64 bytes."""
    return render.cb(PREFIX, vote, key, answer_id) if render.fits(PREFIX, vote, key, answer_id) \
        else render.cb(PREFIX, vote, key)


def add_feedback_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE, result: Result, reply: Reply) -> Reply:
    """REPLY_HOOK: a row of 👍 / 👎 under every answer (not under "did you mean" or "not covered")."""
    if result.status != ANSWERED or not result.answers:
        return reply
    answer_id = result.answers[0].id
    key = context.bot_data[VOTES].remember(result.question, answer_id)
    lang = handlers.lang_for(update, result.language)
    row = [InlineKeyboardButton(t(lang, "up"), callback_data=feedback_data(UP, key, answer_id)),
           InlineKeyboardButton(t(lang, "down"), callback_data=feedback_data(DOWN, key, answer_id))]
    rows = [*reply.keyboard.inline_keyboard, row] if reply.keyboard else [row]
    return dataclasses.replace(reply, keyboard=InlineKeyboardMarkup(rows))


async def record_outcome(update: Update, context: ContextTypes.DEFAULT_TYPE, result: Result) -> None:
    """ANSWERED_HOOK: store the outcome (a failing disk must not stop the bot from answering)."""
    store: FeedbackStore = context.bot_data[STORE]
    try:
        await asyncio.to_thread(store.record_outcome, result, _chat_type(update))
    except Exception:
        log.exception("could not store the outcome of a question")


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tap on 👍 or 👎."""
    query = update.callback_query
    lang = handlers.lang_for(update)
    fields = (query.data or "").split("|", 3)[1:] + ["", "", ""]
    vote_code, key, answer_in_data = fields[:3]
    # Question and answer from the registry; after a restart only the answer id of the data is left.
    question, answer_id = context.bot_data[VOTES].get(key) or ("", answer_in_data)
    if vote_code not in (UP, DOWN) or not answer_id:
        await query.answer(render.t(lang, "expired"))
        return
    if query.message is not None:
        parts: tuple[object, ...] = (query.message.chat.id, query.message.message_id, query.from_user.id)
    else:  # an inline message (the bot does not put these buttons there, but be safe)
        parts = (query.inline_message_id, query.from_user.id)
    vote = 1 if vote_code == UP else -1
    store: FeedbackStore = context.bot_data[STORE]
    counted = await asyncio.to_thread(store.record_feedback, question, answer_id, vote, parts, _chat_type(update))
    log.info("feedback %s on %s (%s)", "👍" if vote > 0 else "👎", answer_id, "counted" if counted else "repeated")
    await query.answer(t(lang, "thanks"))


# ----- admin commands -----
async def _admin(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """True for a bot admin; anyone else gets a clear refusal."""
    user = update.effective_user
    if user is not None and user.id in _config(context).telegram.admin_ids:
        return True
    log.info("refused /%s for a user who is not a bot admin", command)
    await handlers.send(update, context, Reply([html.escape(t(handlers.lang_for(update), "admins_only",
                                                                command=command))]))
    return False


async def _days(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str, default: int | None) -> int | None:
    """The optional number of days after the command; -1 (after telling the usage) when it is not one."""
    arg = handlers.command_argument(update.message)
    if not arg:
        return default
    if arg.isdigit() and 1 <= int(arg) <= MAX_DAYS:
        return int(arg)
    await handlers.send(update, context, Reply([html.escape(t(handlers.lang_for(update), "days_usage",
                                                                command=command, max=MAX_DAYS))]))
    return -1


def _text_reply(text: str) -> Reply:
    """Plain text (escaped) as one or more messages, split between lines."""
    return Reply(render.pack([Block(line) for line in text.split("\n")]))


async def cmd_misses(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/misses [days]: unanswered, unsure and disliked questions, grouped, with the nearest entry."""
    if not await _admin(update, context, "misses"):
        return
    if handlers.is_group(update):
        await handlers.send(update, context, Reply([html.escape(t(handlers.lang_for(update), "misses_private"))]))
        return
    days = await _days(update, context, "misses", None)
    if days == -1:
        return
    since = _now() - dt.timedelta(days=days) if days else None
    # Grouping asks the matcher once per group: off the event loop.
    text = await asyncio.to_thread(misses_report, context.bot_data[STORE], handlers.matcher_of(context), since,
                                   MISSES_GROUPS)
    await handlers.send(update, context, _text_reply(text))


async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats [days]: a chart of questions per day and the share answered, then the figures and top topics."""
    if not await _admin(update, context, "stats"):
        return
    days = await _days(update, context, "stats", STATS_DAYS)
    if days == -1:
        return
    cfg = _config(context)
    report = await asyncio.to_thread(build_stats, context.bot_data[STORE], _now(), cfg.tz, days,
                                     handlers.matcher_of(context).kb)
    await update.effective_message.reply_photo(InputFile(report.png, filename="stats.png"),
                                               do_quote=handlers.is_group(update))
    await handlers.send(update, context, _text_reply(report.text), quote=False)


async def reload_knowledge(application: Application):
    """Re-read the knowledge folder; swap the matcher when it passes `check`. (new matcher | None, problems)."""
    lock: asyncio.Lock = application.bot_data[RELOAD_LOCK]
    async with lock:  # two reloads at once would only do the work twice
        matcher, problems = await asyncio.to_thread(reload_matcher, _config(application))
        if matcher is not None:
            core_app.set_matcher(application, matcher)
    return matcher, problems


def _summary(matcher, lang: str) -> str:
    kb = matcher.kb
    return t(lang, "reloaded", docs=len(kb.documents), passages=len(kb.passages), entries=len(kb.qa),
             facts=len(kb.facts))


async def cmd_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload: the knowledge folder, re-read and checked; on problems the old knowledge keeps serving."""
    if not await _admin(update, context, "reload"):
        return
    lang = handlers.lang_for(update)
    matcher, problems = await reload_knowledge(context.application)
    if matcher is not None:
        log.info("/reload: %s", _summary(matcher, "en"))
        await handlers.send(update, context, Reply([html.escape(_summary(matcher, lang))]))
        return
    lines = [t(lang, "refused", n=len(problems)), *(f"• {p}" for p in problems[:MAX_PROBLEMS_SHOWN])]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(t(lang, "more_problems", n=len(problems) - MAX_PROBLEMS_SHOWN))
    await handlers.send(update, context, _text_reply("\n".join(lines)))


# ----- SIGHUP -----
async def reload_on_signal(application: Application) -> None:
    """What SIGHUP does: reload, and log the outcome (there is nobody to reply to)."""
    try:
        matcher, problems = await reload_knowledge(application)
    except Exception:
        log.exception("SIGHUP: reloading the knowledge failed; the old knowledge keeps serving")
        return
    if matcher is not None:
        log.info("SIGHUP: %s", _summary(matcher, "en"))
    else:
        log.warning("SIGHUP: reload refused, the old knowledge keeps serving. %d problem(s):\n%s",
                    len(problems), "\n".join(problems))


def _on_sighup(application: Application) -> None:
    if application.running:
        application.create_task(reload_on_signal(application), name="reload on SIGHUP")
    else:
        log.info("SIGHUP ignored: the bot is not running")


async def install_sighup(application: Application) -> None:
    """ON_START hook: SIGHUP reloads the knowledge, where the event loop supports signal handlers."""
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None:
        log.info("no SIGHUP on this platform: use /reload to reload the knowledge")
        return
    try:
        asyncio.get_running_loop().add_signal_handler(sighup, _on_sighup, application)
    except (NotImplementedError, RuntimeError, ValueError) as exc:  # e.g. Windows, or not the main thread
        log.info("SIGHUP reload not available here (%s): use /reload", exc)
        return
    log.info("send SIGHUP to reload the knowledge")


# ----- registration -----
def register(application: Application) -> None:
    """The extension: store, hooks, admin commands and the 👍/👎 handler."""
    cfg = _config(application)
    try:
        application.bot_data[STORE] = FeedbackStore(cfg.database_path)
    except (OSError, sqlite3.Error) as exc:  # `run` prints this one line and exits with code 2
        raise ConfigError("config", "storage.database", f"cannot open the database {cfg.database_path}: {exc}") \
            from exc
    application.bot_data[VOTES] = AnswerRegistry()
    application.bot_data[RELOAD_LOCK] = asyncio.Lock()
    application.bot_data.setdefault(handlers.REPLY_HOOKS, []).append(add_feedback_buttons)
    application.bot_data.setdefault(handlers.ANSWERED_HOOKS, []).append(record_outcome)
    application.bot_data.setdefault(core_app.ON_START, []).append(install_sighup)
    # Not added to the command menus: they are for admins only (set_my_commands shows them to everyone).
    for name, callback in (("misses", cmd_misses), ("stats", cmd_stats), ("reload", cmd_reload)):
        application.add_handler(CommandHandler(name, callback, filters=core_app.NEW_MESSAGE))
    application.add_handler(CallbackQueryHandler(on_feedback, pattern=rf"^{PREFIX}\|"))
