"""The composition root: build and run the Telegram `Application`.

`build_application` registers the core handlers and installs the features it is given (objects of
the `Feature` contract in `bot.telegram_app.contract`; their handlers come first, so they take
precedence in group 0). `run` is what ``python -m bot run`` calls; `installed_features` lists the features it
installs. `running` starts and stops an application inside a running event loop (tests, benchmarks).
Nothing imports this module but the command line, tests and benchmarks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Config
from bot.errors import ConfigError
from bot.ops import systemd
from bot.ops.china_calendar import log_calendar_warning
from bot.ops.instance import acquire_instance_lock
from bot.telegram_app import handlers, redact, startup
from bot.telegram_app.callbacks import CORE_PREFIXES
from bot.telegram_app.contract import CONTEXT_TYPES, NEW_MESSAGE, BotState, Command, Feature, state_of
from bot.telegram_app.flood import FloodGuard
from bot.telegram_app.polling import SafeApplicationBuilder, allowed_updates
from bot.telegram_app.ratelimit import LaneRateLimiter
from bot.telegram_app.updates import ADDRESSED_TO_BOT

log = logging.getLogger(__name__)

# Set with setMyCommands at start-up (Chinese by default, English for English clients).
CORE_COMMANDS: tuple[Command, ...] = (
    Command("start", "开始:机器人能做什么", "What this bot does"),
    Command("help", "使用说明", "How to use the bot"),
    Command("ask", "提问(群里用):/ask 问题", "Ask a question (in groups): /ask question"),
    Command("topics", "按提纲浏览讲话", "Browse the outline of the speech"),
    Command("search", "查关键词:/search 关键词", "Find a word: /search word"),
    Command("source", "讲话来源和原文更正情况", "Where the speech comes from; repairs of its text"),
)
WARM_UP_QUESTION = "安全生产责任怎么落实"
WATCHDOG_JOB = "systemd-watchdog"


def build_application(
    cfg: Config,
    matcher,
    *,
    token: str | None = None,
    features: Iterable[Feature] = (),
    concurrent_updates: bool | int = True,
    clock: Callable[[], float] = time.monotonic,
) -> Application:
    """The application with every handler registered; `matcher` answers the questions.

    The token defaults to the environment variable named in the config.
    """
    tg = cfg.telegram
    token = token or tg.token()
    if not token:
        raise ConfigError("config", "telegram.token_env", f"the environment variable {tg.token_env} is not set")
    redact.install(token)
    builder = (
        SafeApplicationBuilder()
        .token(token)
        .base_url(tg.api_base_url)
        .base_file_url(tg.api_base_file_url)
        .defaults(Defaults(tzinfo=cfg.tz, parse_mode="HTML", link_preview_options=None))
        .concurrent_updates(concurrent_updates)
        .context_types(CONTEXT_TYPES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if tg.rate_limiter:
        # Telegram's limits (30 messages/s overall, 20/min per group); a 429 is waited out and retried.
        # Two lanes (bot/telegram_app/ratelimit.py): answers to people go out at once, a 429 holding only
        # their chat; broadcasts are paced at 1 per 1/29 s overall and 1 per 3 s per group (buckets of one
        # message: PTB's default buckets let 30 out at once), and a 429 on one holds only the broadcasts.
        # benchmarks/broadcast.py measures these settings.
        builder = builder.rate_limiter(LaneRateLimiter(overall_per_second=29, group_interval=3, max_retries=2))
    application = builder.build()

    state: BotState = application.bot_data
    state.config = cfg
    state.matcher = matcher
    state.clock = clock
    state.flood = FloodGuard(tg.flood.messages, tg.flood.window_seconds, clock)
    state.commands.extend(CORE_COMMANDS)

    application.add_handler(TypeHandler(Update, handlers.polling_works), group=-2)
    # Group -1 runs first: a message addressed to the bot in a group (command, mention, reply), and any
    # message in a private chat, is counted by the flood guard, which stops all further handling when
    # the user is over the limit (so one user's burst cannot hold up other users' answers).
    application.add_handler(
        MessageHandler(NEW_MESSAGE & ((filters.ChatType.GROUPS & ADDRESSED_TO_BOT) | filters.ChatType.PRIVATE),
                       handlers.flood_guard),
        group=-1,
    )

    # Features come before the core handlers of group 0, so a feature can claim its own commands,
    # buttons (callback data prefixes other than q| c| v| n| s|) and conversation states.
    for feature in features:
        feature.install(application, state)
        state.features.append(feature)

    commands = {
        "start": handlers.cmd_start,
        "help": handlers.cmd_help,
        "ask": handlers.cmd_ask,
        "topics": handlers.cmd_topics,
        "search": handlers.cmd_search,
        "source": handlers.cmd_source,
        "whoami": handlers.cmd_whoami,  # not in the menu: an operator's tool, named in the runbook
    }
    # CommandHandler also accepts "/ask@this_bot" and ignores "/ask@other_bot".
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
    application.add_handler(CallbackQueryHandler(handlers.on_button, pattern=rf"^[{CORE_PREFIXES}]\|"))
    application.add_handler(InlineQueryHandler(handlers.on_inline_query))
    # Plain text: in private chats every message is a question; in groups only those addressed to us.
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND, handlers.private_text))
    application.add_handler(MessageHandler(
        filters.ChatType.GROUPS & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & ADDRESSED_TO_BOT,
        handlers.group_text))
    # Last: a command nobody above handled, in a private chat only (in groups it may be another bot's).
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & NEW_MESSAGE & filters.COMMAND,
                                           handlers.unknown_command))
    # Anything else a person sends in a private chat (sticker, photo, voice): questions are read as text.
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & NEW_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.not_text))
    # Last of all: a button tap nobody above claimed still gets an answer (else the user's button spins).
    application.add_handler(CallbackQueryHandler(handlers.unknown_button))
    application.add_error_handler(handlers.on_error)
    return application


async def _post_init(application: Application) -> None:
    """Start-up work: the command menus (Chinese default, English for English clients), warm-up."""
    state = state_of(application)
    bot = application.bot
    await bot.set_my_commands([BotCommand(c.name, c.zh) for c in state.commands])
    await bot.set_my_commands([BotCommand(c.name, c.en) for c in state.commands], language_code="en")
    # The first question pays for loading jieba's dictionaries; pay it before the first user does.
    started = time.perf_counter()
    state.matcher.ask(WARM_UP_QUESTION)
    log.info("bot @%s ready (warm-up %.0f ms)", bot.username, (time.perf_counter() - started) * 1000)
    for hook in state.on_start:
        await hook(application)
    log_calendar_warning(tz=state.config.tz, logger=log)
    interval = systemd.watchdog_interval()
    if interval and application.job_queue is not None:  # systemd's watchdog: fed while jobs still run
        application.job_queue.run_repeating(lambda _context: systemd.notify_watchdog(), interval=interval / 3,
                                            first=interval / 3, name=WATCHDOG_JOB)
    systemd.notify_ready()


async def _post_shutdown(application: Application) -> None:
    """Shutdown work of the features (close their files), in reverse order of registration."""
    systemd.notify_stopping()
    for hook in reversed(state_of(application).on_shutdown):
        try:
            await hook(application)
        except Exception:  # one failing hook must not keep the others from running
            log.exception("shutdown hook %r failed", hook)


# What Telegram accepts as a webhook's secret_token: 1-256 characters, A-Z a-z 0-9 _ -.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def webhook_secret(cfg: Config) -> str:
    """The webhook secret from the environment, checked against what Telegram accepts (never printed)."""
    env = cfg.telegram.webhook.secret_token_env
    secret = os.environ.get(env, "").strip()
    if not secret:
        raise ConfigError("config", "telegram.webhook.secret_token_env",
                          f"webhook mode needs a secret token in the environment variable {env}")
    if not _WEBHOOK_SECRET.fullmatch(secret):
        raise ConfigError("config", "telegram.webhook.secret_token_env",
                          f"the secret in {env} must be 1-256 characters A-Z, a-z, 0-9, _ and - only "
                          f"(Telegram refuses others); it has {len(secret)} characters")
    return secret


def webhook_settings(cfg: Config) -> dict:
    """Arguments of `start_webhook`/`run_webhook`; the secret token must be set in the environment."""
    w = cfg.telegram.webhook
    secret = webhook_secret(cfg)
    redact.install(secret)
    url = w.url.rstrip("/")
    path = w.url_path.strip("/")
    if path and not url.endswith("/" + path):
        url = f"{url}/{path}"
    return {"listen": w.listen, "port": w.port, "url_path": path, "webhook_url": url, "secret_token": secret}


@contextlib.asynccontextmanager
async def running(application: Application, *, poll_interval: float = 0.0, poll_timeout: float = 10.0,
                  mode: str | None = None) -> AsyncIterator[Application]:
    """Run the application in the current event loop (polling or webhook as configured) until exit."""
    cfg: Config = state_of(application).config
    mode = mode or cfg.telegram.mode
    await application.initialize()
    try:
        await _post_init(application)
        if mode == "webhook":
            await application.updater.start_webhook(allowed_updates=allowed_updates(application),
                                                    **webhook_settings(cfg))
        else:
            await application.updater.start_polling(poll_interval=poll_interval, timeout=poll_timeout,
                                                    allowed_updates=allowed_updates(application))
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
    finally:
        await application.shutdown()
        await _post_shutdown(application)


def configure_logging(cfg: Config) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel(cfg.log_level.upper())
    # Quiet at INFO: the scheduler writes two lines a minute for the heartbeat; httpx logs URLs with the token.
    for name in ("apscheduler", "httpx"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))


def installed_features() -> Sequence[Feature]:
    """What ``python -m bot run`` installs beside the core: the knowledge keepers' tools, reminders, and
    /healthz in webhook mode."""
    from bot.maintenance.telegram import KeepersFeature
    from bot.reminders.telegram import ReminderBot
    from bot.telegram_app.healthz import HealthEndpoint

    return [KeepersFeature(), ReminderBot(), HealthEndpoint()]


def run(cfg: Config) -> int:
    """Start the bot and serve until stopped (Ctrl-C, SIGTERM).

    Exit codes by what the operator must do (`bot.telegram_app.startup`): 0 a clean stop, 2 fix the
    configuration or the data, 1 transient (systemd restarts the bot). Every expected fault is one
    line on stderr, never a traceback.
    """
    configure_logging(cfg)
    token = cfg.telegram.token()
    # The webhook secret is as secret as the token: out of every log line from the start (any mode).
    redact.install(token, os.environ.get(cfg.telegram.webhook.secret_token_env, "").strip() or None)
    try:
        if not token:
            raise ConfigError("config", "telegram.token_env",
                              f"the environment variable {cfg.telegram.token_env} holding the bot token is not set")
        from bot.maintenance.last_good import matcher_at_start

        webhook = webhook_settings(cfg) if cfg.telegram.mode == "webhook" else None
        startup.preflight(cfg)
        with acquire_instance_lock(cfg.database_path):  # a second bot on this database stops here (exit 2)
            # A broken knowledge folder: the last good copy serves (logged loudly), if there is one.
            matcher = matcher_at_start(cfg)
            # The features open (create) the database: after every other setting has been checked.
            application = build_application(cfg, matcher, token=token, features=installed_features())
            log.info("starting the bot (%s) against %s", cfg.telegram.mode, cfg.telegram.api_base_url)
            if webhook is None:
                application.run_polling(allowed_updates=allowed_updates(application))
            else:
                application.run_webhook(allowed_updates=allowed_updates(application), **webhook)
    except Exception as exc:
        outcome = startup.exit_for(exc, cfg)
        if outcome is None:
            raise
        code, line = outcome
        print(f"error: {redact.install()(line)}", file=sys.stderr)
        return code
    return 0


__all__ = ["build_application", "installed_features", "run", "running", "webhook_settings"]
