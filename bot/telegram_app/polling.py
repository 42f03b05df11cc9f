"""Fetching updates that cannot poison the bot: only the update types it handles, and no update it cannot parse.

* `allowed_updates(application)` derives the ``allowed_updates`` of getUpdates (and of setWebhook)
  from the handlers registered on the application, so Telegram never sends an update type nobody
  handles. A handler class this module does not know stops the start (a new feature with, say, a
  ``PollAnswerHandler`` must be added to `_UPDATE_TYPES` first) instead of silently receiving nothing.
* `SafeBot` is PTB's ``ExtBot`` except that an update it cannot parse (a field of the wrong type, a
  missing required field) is replaced by an empty ``Update`` carrying only its ``update_id``. No handler
  matches an empty update, and the updater's next offset moves past it, so a malformed update is
  skipped once instead of being fetched again forever (PTB's updater retries the same offset, ~330
  times a second, each time logging the whole batch, users' texts included). The skip is logged in
  one line with the update id, its top-level keys and the error's type: never a message text.
* `SafeApplicationBuilder` builds the application on a `SafeBot`.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DefaultValue
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
)
from telegram.ext._utils.types import BD, BT, CCT, CD, JQ, UD

log = logging.getLogger(__name__)


def _chat_member_types(handler: ChatMemberHandler) -> tuple[str, ...]:
    kind = handler.chat_member_types
    if kind == ChatMemberHandler.MY_CHAT_MEMBER:
        return (Update.MY_CHAT_MEMBER,)
    if kind == ChatMemberHandler.CHAT_MEMBER:
        return (Update.CHAT_MEMBER,)
    return (Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER)


# Handler class → the update types it can receive. Messages are new messages only: the bot's message
# handlers all filter on `contract.NEW_MESSAGE` (edits, channel posts and business messages are not questions).
_UPDATE_TYPES: dict[type, Any] = {
    CommandHandler: (Update.MESSAGE,),
    MessageHandler: (Update.MESSAGE,),
    CallbackQueryHandler: (Update.CALLBACK_QUERY,),
    InlineQueryHandler: (Update.INLINE_QUERY,),
    ChosenInlineResultHandler: (Update.CHOSEN_INLINE_RESULT,),
    ChatMemberHandler: _chat_member_types,
    TypeHandler: (),  # bookkeeping handlers (any update): they ask for no type of their own
}


def allowed_updates(application: Application) -> list[str]:
    """The update types the registered handlers receive, in Telegram's order; raises for an unknown handler."""
    wanted: set[str] = set()
    for handlers in application.handlers.values():
        for handler in handlers:
            kinds = next((v for cls, v in _UPDATE_TYPES.items() if isinstance(handler, cls)), None)
            if kinds is None:
                raise TypeError(f"allowed_updates: {type(handler).__name__} is not mapped to update types "
                                f"(add it to bot.telegram_app.polling._UPDATE_TYPES)")
            wanted.update(kinds(handler) if callable(kinds) else kinds)
    return [str(t) for t in Update.ALL_TYPES if t in wanted]


def _parses(raw: Any, bot: ExtBot) -> bool:
    try:
        Update.de_json(raw, bot)
    except Exception:  # noqa: BLE001 - whatever PTB raises on malformed data, the update is skipped
        return False
    return True


def sanitize_updates(raw_updates: Any, bot: ExtBot) -> Any:
    """The getUpdates result with each update PTB cannot parse replaced by ``{"update_id": id}``."""
    if not isinstance(raw_updates, list):
        return raw_updates
    out = []
    for raw in raw_updates:
        if isinstance(raw, dict) and _parses(raw, bot):
            out.append(raw)
            continue
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        keys = sorted(k for k in raw if k != "update_id")[:5] if isinstance(raw, dict) else [type(raw).__name__]
        error = "unknown"
        try:
            Update.de_json(raw, bot)
        except Exception as exc:  # noqa: BLE001
            error = type(exc).__name__
        if isinstance(update_id, int) and not isinstance(update_id, bool):
            log.warning("skipped update %d that cannot be parsed (%s; fields %s)", update_id, error, ",".join(keys))
            out.append({"update_id": update_id})
        else:  # without an id there is no offset to move past it; Telegram always sends one
            log.warning("dropped an update without a valid update_id (%s; fields %s)", error, ",".join(keys))
    return out


class SafeBot(ExtBot):
    """``ExtBot`` whose getUpdates skips updates it cannot parse (see the module docstring)."""

    __slots__ = ()

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, *args, **kwargs)
        if endpoint == "getUpdates":
            return sanitize_updates(result, self)
        return result


class SafeApplicationBuilder(ApplicationBuilder[BT, CCT, UD, CD, BD, JQ]):
    """``ApplicationBuilder`` whose bot is a `SafeBot` (same settings as PTB's own ``ExtBot``)."""

    def _build_ext_bot(self) -> ExtBot:  # PTB 22's own body, with SafeBot for ExtBot
        if isinstance(self._token, DefaultValue):
            raise RuntimeError("No bot token was set.")
        return SafeBot(
            token=self._token,
            base_url=DefaultValue.get_value(self._base_url),
            base_file_url=DefaultValue.get_value(self._base_file_url),
            private_key=DefaultValue.get_value(self._private_key),
            private_key_password=DefaultValue.get_value(self._private_key_password),
            defaults=DefaultValue.get_value(self._defaults),
            arbitrary_callback_data=DefaultValue.get_value(self._arbitrary_callback_data),
            request=self._build_request(get_updates=False),
            get_updates_request=self._build_request(get_updates=True),
            rate_limiter=DefaultValue.get_value(self._rate_limiter),
            local_mode=DefaultValue.get_value(self._local_mode),
        )
