"""The extension contract of the Telegram bot: the shared state, the hooks, and what a feature is.

A leaf module: it imports no feature and not the composition root (`bot.telegram_app.app`); the root
and every feature import it. The state every handler shares is one typed object, `BotState`, which is
PTB's ``bot_data`` (the application is built with ``ContextTypes(bot_data=BotState)``), so handlers read
``context.bot_data.matcher`` instead of string keys.

A feature (`Feature`) is an object with a name and an ``install(application, state)`` method that adds
its handlers and appends to the lists of hooks below. `build_application` installs features before
the core handlers, so a feature's handlers take precedence in group 0. Hooks:

    reply_hooks     hook(update, context, result, reply) -> Reply: change the reply to a question
                    before it is sent (the keepers add 👍/👎 buttons); inline queries skip them
    answered_hooks  async hook(update, context, result): after the reply was sent (or failed to send)
    on_start        async hook(application): at the end of start-up, before updates are fetched
    on_shutdown     async hook(application): after the application has shut down, in reverse order
    on_reload       async hook(application) -> str | None: after /reload or SIGHUP swapped in a new
                    matcher (the knowledge folder passed the check); a feature re-reads its own files
                    of the folder (the reminders: reminders.yaml, and their jobs) and returns a line
                    for the keeper (or None); a feature that cannot load its file keeps the old one
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, filters

from bot.config import Config
from bot.ops.conflict import ConflictReporter
from bot.qa.result import Result
from bot.telegram_app.conversations import Conversations
from bot.telegram_app.flood import FloodGuard
from bot.telegram_app.messages import Reply
from bot.telegram_app.questions import QuestionRegistry

if TYPE_CHECKING:
    from bot.qa.matcher import Matcher

# Only new messages: edits of old messages are not questions (or commands) again.
NEW_MESSAGE = filters.UpdateType.MESSAGE


@dataclass(frozen=True)
class Command:
    """A chat command as shown in Telegram's command menu (Chinese default, English for English clients)."""

    name: str
    zh: str
    en: str


class AnsweredCallbacks:
    """A bounded set of callback query ids (a query must be answered once)."""

    def __init__(self, limit: int = 10_000):
        self.limit = limit
        self._ids: dict[str, None] = {}

    def add(self, query_id: str) -> None:
        self._ids[query_id] = None
        while len(self._ids) > self.limit:
            del self._ids[next(iter(self._ids))]

    def __contains__(self, query_id: object) -> bool:
        return query_id in self._ids


@dataclass
class BotState:
    """Everything the handlers of one application share (PTB's ``bot_data``).

    PTB creates it empty; `build_application` fills it before any update is handled. `matcher` is
    swapped whole by a knowledge reload, so a question is always answered by one knowledge base.
    """

    config: Config | None = None
    matcher: Matcher | None = None
    questions: QuestionRegistry = field(default_factory=QuestionRegistry)
    conversations: Conversations = field(default_factory=Conversations)
    clock: Callable[[], float] = time.monotonic  # for conversation expiry and the flood guard
    flood: FloodGuard | None = None
    conflicts: ConflictReporter = field(default_factory=ConflictReporter)  # another poller on our token (409)
    commands: list[Command] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    reply_hooks: list[ReplyHook] = field(default_factory=list)
    answered_hooks: list[AnsweredHook] = field(default_factory=list)
    on_start: list[AppHook] = field(default_factory=list)
    on_shutdown: list[AppHook] = field(default_factory=list)
    # Ids of callback queries already answered (`sending.answer_callback`), so the error handler does not
    # answer one a second time; bounded, oldest forgotten first.
    answered_callbacks: AnsweredCallbacks = field(default_factory=lambda: AnsweredCallbacks())
    on_reload: list[ReloadHook] = field(default_factory=list)

    def feature(self, kind: type[F]) -> F:
        """The installed feature of this type (e.g. the reminders, for tests and benchmarks)."""
        for f in self.features:
            if isinstance(f, kind):
                return f
        raise LookupError(f"no {kind.__name__} is installed")


BotContext = CallbackContext[ExtBot[None], dict, dict, BotState]
CONTEXT_TYPES = ContextTypes(bot_data=BotState)

ReplyHook = Callable[[Update, BotContext, Result, Reply], Reply]
AnsweredHook = Callable[[Update, BotContext, Result], Awaitable[None]]
AppHook = Callable[[Application], Awaitable[None]]
ReloadHook = Callable[[Application], Awaitable["str | None"]]


class Feature(Protocol):
    """Something `build_application` installs: handlers, menu commands and hooks."""

    name: str

    def install(self, application: Application, state: BotState) -> None: ...


F = TypeVar("F")


def state_of(holder: Application | CallbackContext) -> BotState:
    """The `BotState` of an application or of a handler's context."""
    return holder.bot_data
