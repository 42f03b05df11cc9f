"""Reminders in the Telegram bot: the commands, the chat-member updates, and starting the jobs.

A feature of the contract in `bot.telegram_app.contract`; installed, ``ReminderBot()`` adds

* ``/subscribe [id] [HH:MM]``, ``/unsubscribe [id]``, ``/reminders``, ``/remind_now id`` (also as
  ``/subscribe@botname``) and their entries in the command menus. In groups only the chat's
  administrators (getChatMember), an anonymous administrator posting as the group, or a bot admin
  (``telegram.admin_ids``) may change subscriptions or send a preview; anyone else gets a refusal
  and nothing changes. In a private chat the user manages their own subscriptions. Anyone may list.
* ``my_chat_member``: the bot added to a group says how to subscribe; removed (left or kicked), or
  blocked in a private chat, stops that chat's reminders. A migration service message
  (``migrate_to_chat_id`` / ``migrate_from_chat_id``) moves the chat's subscriptions to the supergroup.
* start-up work (a post-init hook): build the `ReminderService` on the database file of the config,
  apply ``reminders.fixed_subscriptions``, then `bot.reminders.jobs.start_jobs`: the reminder jobs
  rebuilt from SQLite with fixed names (PTB keeps no jobs across restarts), the heartbeat, and a
  one-off job that catches up on what fell due while the bot was down (within
  ``reminders.grace_period_minutes``). The jobs and their callbacks live in `bot.reminders.jobs`;
  this module only rebuilds them (`jobs.resync`) after a command or a membership change.

Every command and membership change goes through `ReminderService` (`bot.reminders.service`), which
parses reminder ids and times of day; this module never reaches into the store. It words the replies
in Chinese or English, the listing included (`listing_lines`).

Reminders are sent with ``parse_mode=HTML`` (`render_html`) through the application's bot, so its
``AIORateLimiter`` (when ``telegram.rate_limiter`` is on) keeps them within Telegram's limits; the
broadcaster handles what still fails (RetryAfter, Forbidden, ChatMigrated, network errors and 5xx),
with the read timeout ``reminders.send_read_timeout_seconds``. A chat disabled for failing for good
is reported to the bot admins in private (`tell_admins`).

The store is used on its own threads (``await store.write / read``), never on the event loop. PTB's
`Application.stop` waits for running jobs, so a watcher task sets the broadcaster's ``stopping`` as
soon as the application stops running: a broadcast ends within a fraction of a second of SIGTERM.
/reload and SIGHUP (the keepers' feature) call `ReminderBot.reload` through the contract's
``on_reload`` hooks: reminders.yaml is read again against the new knowledge and the jobs rebuilt;
a file that does not load leaves the running catalog as it was. The catalog is read from the folder
the knowledge base came from (``kb.root``), which is the last good copy when the folder is broken.

``ReminderBot(clock=..., **broadcaster_options)`` takes an explicit clock (tests drive the jobs with
chosen datetimes) or broadcaster settings (e.g. a short backoff).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.config import Config
from bot.errors import ConfigError
from bot.reminders import jobs
from bot.reminders.catalog import Catalog, load_catalog
from bot.reminders.delivery import render_html
from bot.reminders.jobs import utc_now
from bot.reminders.service import ListedSubscription, ReminderService, UsageError
from bot.telegram_app.callbacks import cb, fits
from bot.telegram_app.contract import NEW_MESSAGE, BotContext, BotState, Command, state_of
from bot.telegram_app.messages import Reply
from bot.telegram_app.ratelimit import broadcast_kwargs
from bot.telegram_app.sending import answer_callback, edit_or_send, send
from bot.telegram_app.updates import is_group, lang_for
from bot.texts import tz_label

log = logging.getLogger(__name__)

STOP_POLL_SECONDS = 0.1
REVOKE = "x"  # callback prefix of the admins' revoke buttons: x|<chat id>
STATUS_GROUP = 7  # handler group of the chat-member and migration updates: runs whatever group 0 does
ANONYMOUS_ADMIN_BOT = 1087968824  # "GroupAnonymousBot", the sender of an anonymous administrator's messages
PRESENT = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}
MANAGERS = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}

COMMANDS: tuple[Command, ...] = (
    Command("subscribe", "订阅安全提醒:/subscribe [编号] [时间]", "Subscribe to safety reminders: /subscribe [id] [HH:MM]"),
    Command("unsubscribe", "取消提醒订阅:/unsubscribe [编号]", "Stop safety reminders: /unsubscribe [id]"),
    Command("reminders", "本聊天订阅的提醒和下次发送时间", "This chat's reminders and when each comes next"),
    Command("remind_now", "立即预览一条提醒:/remind_now 编号", "Preview a reminder now: /remind_now id"),
)

def t(lang: str, key: str, **kw: object) -> str:
    """A reminder text of the one table (`bot.texts`, keys prefixed ``rem_``)."""
    return texts.t(lang, "rem_" + key, **kw)


def clean_args(args: Sequence[str] | None) -> list[str]:
    """Command arguments as typed on a Chinese keyboard too: full-width ``08:30`` → ``08:30``."""
    return [unicodedata.normalize("NFKC", a).strip() for a in (args or []) if a.strip()]


def listing_lines(items: Sequence[ListedSubscription], lang: str, tz: dt.tzinfo,
                  catalog: Catalog | None = None) -> list[str]:
    """One line (HTML) per subscription of ``/reminders`` and the /subscribe reply: name, title, when, next time."""
    lines = []
    for it in items:
        failing = re.match(r"failed for good (\d+) days running: (.*)", it.disabled_reason or "")
        if not it.enabled and failing:
            nxt = t(lang, "stopped_failing", days=failing.group(1), why=failing.group(2)[:80])
        elif not it.enabled:
            nxt = t(lang, "stopped")
        elif it.next_fire is None:
            nxt = t(lang, "never")
        else:
            nxt = t(lang, "next", when=it.next_fire.astimezone(tz).strftime("%Y-%m-%d %H:%M"))
        own = t(lang, "own_time") if it.own_time else ""
        colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
        reminder = catalog.get(it.reminder_id) if catalog else None
        name = reminder.label(lang) if reminder else it.reminder_id
        lines.append(f"• <b>{html.escape(name)}</b> {html.escape(it.title)}{colon}"
                     f"{html.escape(it.schedule + own)}{comma}{html.escape(nxt)}")
    return lines


def validate_fixed_subscriptions(cfg: Config, catalog: Catalog) -> None:
    """Fail at start-up, naming the config key, when a fixed subscription names an unknown reminder."""
    for i, fixed in enumerate(cfg.reminders.fixed_subscriptions):
        if fixed.reminder not in catalog:
            raise ConfigError("config", f"reminders.fixed_subscriptions[{i}].reminder",
                              f"unknown reminder {fixed.reminder!r} (known: {', '.join(catalog.ids)})")


class ReminderBot:
    """The reminder feature (a `Feature` of `bot.telegram_app.contract`).

    `clock` and the broadcaster options are for tests and benchmarks (chosen datetimes, a short backoff).
    The config and the knowledge come from the application's state when the feature is installed.
    """

    name = "reminders"

    def __init__(self, *, clock: Callable[[], dt.datetime] = utc_now, **broadcaster_options: Any):
        self.clock = clock
        self.broadcaster_options = broadcaster_options
        self.service: ReminderService | None = None
        self.caught_up = asyncio.Event()  # set when the start-up catch-up has finished

    # ----- wiring -----
    def install(self, application: Application, state: BotState) -> None:
        self.cfg, self.kb = state.config, state.matcher.kb
        # reminders.yaml of the folder the knowledge was loaded from (the last good copy, when the
        # folder is broken: `bot.maintenance.last_good`); a broken file stops the build, by name
        self.catalog = load_catalog(self.kb.root, self.kb, tz=self.cfg.tz)
        validate_fixed_subscriptions(self.cfg, self.catalog)
        for name, callback in (("subscribe", self.cmd_subscribe), ("unsubscribe", self.cmd_unsubscribe),
                               ("reminders", self.cmd_reminders), ("remind_now", self.cmd_remind_now),
                               ("subscriptions", self.cmd_subscriptions)):
            application.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
        application.add_handler(CallbackQueryHandler(self.on_revoke, pattern=rf"^{REVOKE}\|"))
        application.add_handler(ChatMemberHandler(self.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
                                group=STATUS_GROUP)
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate), group=STATUS_GROUP)
        state.commands.extend(COMMANDS)
        state.on_start.append(self.start)
        state.on_shutdown.append(self.close)
        state.on_reload.append(self.reload)

    async def start(self, application: Application) -> None:
        """Post-init: the service, fixed subscriptions, then the jobs (`bot.reminders.jobs.start_jobs`)."""
        bot = application.bot
        read_timeout = self.cfg.reminders.send_read_timeout_seconds

        async def send(chat_id: int, text: str) -> None:
            # A read timeout suited to a broadcast: a timed-out send is of unknown outcome (resent at most once).
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, read_timeout=read_timeout,
                                   **broadcast_kwargs(bot))  # the paced lane, named (an unmarked send is paced too)

        # Opening the database (and creating its tables) is file work too: not on the event loop.
        self.service = await asyncio.to_thread(ReminderService.from_config, self.cfg, self.kb, send, catalog=self.catalog,
                                               render=render_html, **self.broadcaster_options)
        self.service.broadcaster.on_disabled = lambda chat_id, reason: self.tell_admins(bot, chat_id, reason)
        store = self.service.store
        await store.write(self.service.apply_fixed_subscriptions, self.cfg.reminders.fixed_subscriptions,
                          now=self.clock())
        subs = await store.read(self.service.enabled_subscriptions)
        jobs.start_jobs(application.job_queue, self.service, self.clock, self.caught_up, subs)
        self._watcher = asyncio.create_task(self._stop_when_application_stops(application), name="reminders: stop watch")
        log.info("reminders: %d enabled subscription(s) in %d chat(s), database %s", len(subs),
                 len({s.chat_id for s in subs}), self.cfg.database_path)

    async def reload(self, application: Application) -> str | None:
        """Reload hook (/reload, SIGHUP): reminders.yaml read again against the new knowledge, the jobs
        rebuilt. When it does not load, the old catalog keeps running and the problem is returned."""
        kb = state_of(application).matcher.kb
        try:
            catalog = await asyncio.to_thread(load_catalog, kb.root, kb, tz=self.cfg.tz)
        except Exception as exc:  # noqa: BLE001 - whatever it is, the old reminders keep running
            log.error("reload: %s/reminders.yaml refused, the old reminders keep running: %s", kb.root, exc)
            return f"reminders.yaml refused, the old reminders keep running: {exc}"
        self.kb, self.catalog = kb, catalog
        if self.service is None:
            return None
        self.service.catalog = self.service.broadcaster.catalog = catalog
        added, removed = await self.resync(application)
        log.info("reload: %d reminders; jobs added %s, removed %s", len(catalog.ids), added, removed)
        return f"reminders.yaml: {len(catalog.ids)} reminders ({', '.join(catalog.ids)}); jobs rebuilt"

    async def tell_admins(self, bot: Any, chat_id: int, reason: str) -> None:
        """A chat was disabled for failing for good: each bot admin (``telegram.admin_ids``) is told, in private."""
        text = t("zh", "admin_disabled", chat=chat_id, why=html.escape(reason))
        for admin in self.cfg.telegram.admin_ids:
            try:
                await bot.send_message(admin, text, parse_mode=ParseMode.HTML, read_timeout=10)
            except Exception as exc:  # noqa: BLE001 - an admin who blocked the bot, Telegram down
                log.warning("could not tell bot admin %s that chat %s was disabled: %s", admin, chat_id, exc)

    async def _stop_when_application_stops(self, application: Application) -> None:
        """PTB's `Application.stop` waits for running jobs; a broadcast retrying for an hour must not
        hold it up. As soon as the application stops running (SIGTERM, Ctrl-C), the broadcaster's
        waits and sends in flight end, leaving what is undelivered claimed for the next start."""
        while not application.running:  # post_init runs before the application starts
            await asyncio.sleep(STOP_POLL_SECONDS)
        while application.running:
            await asyncio.sleep(STOP_POLL_SECONDS)
        if self.service is not None:
            self.service.broadcaster.stopping.set()

    async def close(self, application: Application) -> None:
        watcher = getattr(self, "_watcher", None)
        if watcher is not None:
            watcher.cancel()
        if self.service is not None:
            self.service.broadcaster.stopping.set()
            await asyncio.to_thread(self.service.close)

    async def resync(self, application: Application) -> tuple[list[str], list[str]]:
        """Make the reminder jobs match the enabled subscriptions (after a command or a membership change)."""
        return await jobs.aresync(application.job_queue, self._service(), self.clock)

    async def _write(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        return await self._service().store.write(fn, *args, **kw)

    async def _read(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        return await self._service().store.read(fn, *args, **kw)

    def _service(self) -> ReminderService:
        if self.service is None:
            raise RuntimeError("the reminder service starts in post_init; no update is handled before")
        return self.service

    # ----- who may manage -----
    async def may_manage(self, update: Update, context: BotContext) -> bool:
        chat = update.effective_chat
        if chat.type == ChatType.PRIVATE:
            return True
        message = update.effective_message
        if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
            return True  # an anonymous administrator posts as the group itself
        user = update.effective_user
        if user is None or user.id == ANONYMOUS_ADMIN_BOT:
            return False
        if user.id in self.cfg.telegram.admin_ids:
            return True
        member = await context.bot.get_chat_member(chat.id, user.id)
        return member.status in MANAGERS

    async def _refuse_unless_manager(self, update: Update, context: BotContext, lang: str) -> bool:
        if await self.may_manage(update, context):
            return False
        user = update.effective_user
        command = (update.effective_message.text or "").split(maxsplit=1)[:1]
        log.info("refused %s: the sender is not an administrator of the group", command[0][:32] if command else "?")
        log.debug("refused for user %s in chat %s", user.id if user else None, update.effective_chat.id)
        await send(update, context, Reply([t(lang, "refused")]))
        return True

    # ----- texts -----
    def usage_text(self, exc: UsageError, lang: str) -> str:
        service = self._service()
        problem = {"too_many": t(lang, "too_many"), "missing": t(lang, "missing")}.get(exc.problem)
        if exc.problem in ("unknown", "bad_time"):
            problem = t(lang, exc.problem, value=exc.value)
        lines = [html.escape(problem or str(exc))]
        if exc.problem == "unknown":
            lines.append(t(lang, "known"))
            lines += [f"• {html.escape(r.label(lang))}{'（' + r.id + '）' if r.label(lang) != r.id else ''} "
                      f"{html.escape(r.title)}" for r in service.catalog.reminders.values()]
        if exc.command:
            lines.append(html.escape(t(lang, "usage", usage=service.usage(exc.command))))
        return "\n".join(lines)

    # ----- commands -----
    async def cmd_subscribe(self, update: Update, context: BotContext) -> None:
        lang = lang_for(update)
        if await self._refuse_unless_manager(update, context, lang):
            return
        service, chat_id, now = self._service(), update.effective_chat.id, self.clock()
        try:
            ids = await self._write(service.subscribe, chat_id, clean_args(context.args), now=now)
        except UsageError as exc:
            await send(update, context, Reply([self.usage_text(exc, lang)]))
            return
        await self.resync(context.application)
        log.info("chat %s subscribed to %s", chat_id, ", ".join(ids))
        items = [i for i in await self._read(service.listing, chat_id, now) if i.reminder_id in ids]
        text = "\n".join([t(lang, "subscribed", tz=tz_label(service.tz, lang)),
                          *listing_lines(items, lang, service.tz, service.catalog),
                          html.escape(t(lang, "manage"))])
        await send(update, context, Reply([text]))

    async def cmd_unsubscribe(self, update: Update, context: BotContext) -> None:
        lang = lang_for(update)
        if await self._refuse_unless_manager(update, context, lang):
            return
        service, chat_id = self._service(), update.effective_chat.id
        args = clean_args(context.args)
        try:
            n = await self._write(service.unsubscribe, chat_id, args)
        except UsageError as exc:
            await send(update, context, Reply([self.usage_text(exc, lang)]))
            return
        await self.resync(context.application)
        rid = html.escape(args[0]) if args else ""
        if args:
            text = t(lang, "unsubscribed_one" if n else "not_subscribed_one", id=rid)
        else:
            text = t(lang, "unsubscribed_all", n=n) if n else t(lang, "not_subscribed_all")
        log.info("chat %s unsubscribed %s (%d removed)", chat_id, rid or "everything", n)
        await send(update, context, Reply([text]))

    async def cmd_reminders(self, update: Update, context: BotContext) -> None:
        lang = lang_for(update)
        service, chat_id = self._service(), update.effective_chat.id
        items = await self._read(service.listing, chat_id, self.clock())
        if not items:
            who = t(lang, "who_group" if is_group(update) else "who_private")
            await send(update, context, Reply([html.escape(t(lang, "empty", who=who))]))
            return
        text = "\n".join([t(lang, "listing", tz=tz_label(service.tz, lang)),
                          *listing_lines(items, lang, service.tz, service.catalog)])
        await send(update, context, Reply([text]))

    async def cmd_remind_now(self, update: Update, context: BotContext) -> None:
        lang = lang_for(update)
        if await self._refuse_unless_manager(update, context, lang):
            return
        service, chat_id = self._service(), update.effective_chat.id
        args = clean_args(context.args)
        try:
            if not args:
                raise UsageError("missing reminder id", problem="missing", command="remind_now")
            if len(args) > 1:
                raise UsageError("too many arguments", problem="too_many", command="remind_now")
            text = await self._read(service.preview, chat_id, args[0])
        except UsageError as exc:
            await send(update, context, Reply([self.usage_text(exc, lang)]))
            return
        await send(update, context, Reply([f"<i>{html.escape(t(lang, 'preview'))}</i>\n{text}"]))

    # ----- bot admins: every subscribed chat -----
    def _is_bot_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.cfg.telegram.admin_ids

    async def _subscriptions_reply(self, lang: str) -> Reply:
        service = self._service()
        chats = await self._read(service.all_chats)
        if not chats:
            return Reply([html.escape(t(lang, "subs_none"))])
        lines = [html.escape(t(lang, "subs_head", n=len(chats)))]
        rows = []
        for chat_id, subs, last in chats:
            names = "、".join(service.catalog.get(s.reminder_id).label(lang) if service.catalog.get(s.reminder_id)
                             else s.reminder_id for s in subs if s.enabled)
            stopped = sum(not s.enabled for s in subs)
            when = last.astimezone(service.tz).strftime("%Y-%m-%d %H:%M") if last else t(lang, "subs_never")
            lines.append(html.escape(t(lang, "subs_line", chat=chat_id, names=names or "—", stopped=stopped,
                                       last=when)))
            if any(s.enabled for s in subs) and fits(REVOKE, chat_id):
                rows.append(((t(lang, "subs_revoke", chat=chat_id), cb(REVOKE, chat_id)),))
        return Reply(["\n".join(lines)], tuple(rows))

    async def cmd_subscriptions(self, update: Update, context: BotContext) -> None:
        """/subscriptions (bot admins, private chat): every subscribed chat, with a button to revoke it."""
        lang = lang_for(update)
        if not self._is_bot_admin(update):
            await send(update, context, Reply([html.escape(texts.t(lang, "keep_admins_only", command="subscriptions"))]))
            return
        if is_group(update):
            await send(update, context, Reply([html.escape(t(lang, "subs_private"))]))
            return
        await send(update, context, await self._subscriptions_reply(lang))

    async def on_revoke(self, update: Update, context: BotContext) -> None:
        """A bot admin's tap on 撤销: that chat's reminders stop (as /unsubscribe in the chat would)."""
        lang = lang_for(update)
        if not self._is_bot_admin(update):
            await answer_callback(update, context, texts.t(lang, "keep_admins_only", command="subscriptions"))
            return
        try:
            chat_id = int((update.callback_query.data or "").split("|", 1)[1])
        except (IndexError, ValueError):
            await answer_callback(update, context, texts.t(lang, "expired"))
            return
        n = await self._write(self._service().unsubscribe, chat_id, [])
        await self.resync(context.application)
        log.warning("a bot admin revoked the reminders of chat %s (%d subscription(s))", chat_id, n)
        await answer_callback(update, context, t(lang, "subs_revoked", chat=chat_id, n=n))
        await edit_or_send(update, context, await self._subscriptions_reply(lang))

    # ----- chat membership -----
    async def on_my_chat_member(self, update: Update, context: BotContext) -> None:
        change = update.my_chat_member
        chat = change.chat

        def present(member: Any) -> bool:
            return member.status in PRESENT or (member.status == ChatMemberStatus.RESTRICTED
                                                 and getattr(member, "is_member", False))

        was, now = present(change.old_chat_member), present(change.new_chat_member)
        if was and not now:
            n = await self._write(self._service().stop_chat, chat.id, f"bot {change.new_chat_member.status} the chat")
            log.warning("bot removed from chat %s (%s): stopped %d subscription(s)", chat.id,
                        change.new_chat_member.status, n)
            await self.resync(context.application)
        elif now and not was and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            lang = texts.language(change.from_user.language_code if change.from_user else None)
            kb = context.bot_data.matcher.kb
            title = kb.documents[0].title if kb.documents else ""
            log.info("bot added to chat %s", chat.id)
            await context.bot.send_message(chat.id, html.escape(t(lang, "welcome", title=title)))

    async def on_migrate(self, update: Update, context: BotContext) -> None:
        message = update.effective_message
        if message.migrate_to_chat_id:
            old, new = message.chat.id, message.migrate_to_chat_id
        else:
            old, new = message.migrate_from_chat_id, message.chat.id
        moved = await self._write(self._service().move_chat, old, new)
        if moved:
            log.warning("chat %s became supergroup %s: moved %d subscription(s)", old, new, moved)
            await self.resync(context.application)


def reminder_bot(application: Application) -> ReminderBot:
    """The installed reminder feature of an application (tests, benchmarks)."""
    return state_of(application).feature(ReminderBot)
