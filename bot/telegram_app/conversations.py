"""Each person's conversation context per chat (and forum topic), forgotten after a few minutes.

The core (`bot.qa.dialogue`) keeps no state: it takes a `Context` value and returns the next one.
This holds those values between messages: keyed by (chat, forum topic, person), so two people talking
at once in one group keep separate threads; in memory only (a restart forgets them, as a person
would expect after a while), and bounded in size.
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Update

from bot.qa.dialogue import Context

MAX_CONVERSATIONS = 20_000

Key = tuple[int, int, int]


def conversation_key(update: Update) -> Key:
    """(chat id, forum topic id or 0, the person's id — or the chat's, for an anonymous administrator)."""
    chat = update.effective_chat
    message = update.effective_message
    thread = message.message_thread_id if message is not None and message.is_topic_message else 0
    sender = update.effective_user or update.effective_sender
    return (chat.id if chat else 0, thread or 0, sender.id if sender else 0)


class Conversations:
    """Key → the last `Context`; the oldest are dropped beyond `limit`. Expiry is the core's (`ttl`)."""

    def __init__(self, limit: int = MAX_CONVERSATIONS):
        self.limit = limit
        self._items: OrderedDict[Key, Context] = OrderedDict()

    def get(self, key: Key) -> Context | None:
        return self._items.get(key)

    def put(self, key: Key, context: Context | None) -> None:
        if context is None:
            self._items.pop(key, None)
            return
        self._items[key] = context
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
