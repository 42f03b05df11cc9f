"""Reading an update: whether the bot is addressed, the command's argument, the language to answer in."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import filters

from bot.qa.text import cjk_count, is_english, latin_words
from bot.texts import language


def _bot_username(message: Message) -> str:
    return (message.get_bot().username or "").lower()


def leading_command(message: Message) -> str | None:
    """``/ask@bot`` when the message starts with a command, else None."""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return (message.text or "")[: entity.length]
    return None


def command_is_ours(message: Message) -> bool:
    """A command without @name, or with our own @name (``/ask@OurBot``)."""
    command = leading_command(message)
    if command is None:
        return False
    return "@" not in command or command.split("@", 1)[1].lower() == _bot_username(message)


def mentions_bot(message: Message) -> bool:
    bot = message.get_bot()
    name = "@" + _bot_username(message)
    for entity in message.entities:
        if entity.type == MessageEntity.MENTION and message.parse_entity(entity).lower() == name:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def replies_to_bot(message: Message) -> bool:
    reply = message.reply_to_message
    return bool(reply and reply.from_user and reply.from_user.id == message.get_bot().id)


class _AddressedToBot(filters.MessageFilter):
    """A group message the bot should react to: our command, a mention of the bot, or a reply to it."""

    def filter(self, message: Message) -> bool:
        if not message.text:
            return False
        if leading_command(message) is not None:
            return command_is_ours(message)
        return mentions_bot(message) or replies_to_bot(message)


ADDRESSED_TO_BOT = _AddressedToBot(name="AddressedToBot")


def strip_mention(message: Message) -> str:
    """The message text without the @mention of the bot."""
    name = re.escape(_bot_username(message))
    text = re.sub(rf"@{name}(?![A-Za-z0-9_])", " ", message.text or "", flags=re.IGNORECASE)
    return " ".join(text.split())


def command_argument(message: Message) -> str:
    """Everything after the command (``/ask@bot  问题`` → ``问题``), spaces kept inside."""
    text = message.text or ""
    command = leading_command(message)  # ASCII, so its UTF-16 length is its length in characters
    return text[len(command):].strip() if command else text.partition(" ")[2].strip()


def user_language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


_COMMAND = re.compile(r"^/\w+(?:@\w+)?")
_MENTION = re.compile(r"@\w+")


def text_language(text: str) -> str | None:
    """"zh" or "en" by the words of a message; None when it has none (an emoji, a bare command).

    A command's Latin arguments are ids and times (/subscribe duty 08:30), not English: after a
    command only Chinese words decide (an English question to /ask is answered in English anyway).
    """
    command = _COMMAND.match(text or "")
    words = _MENTION.sub(" ", (text or "")[command.end():] if command else (text or ""))
    if cjk_count(words):
        return "en" if is_english(words) else "zh"
    return "en" if latin_words(words) and not command else None


def lang_for(update: Update, result_language: str | None = None) -> str:
    """The language to answer in: the question's, else the words of the message, else the client's.

    Chinese first: many staff run Telegram in English (it has no Simplified Chinese interface), so the
    client's language decides only for a message without words (a sticker, a button tap, /help).
    """
    if result_language in ("zh", "en"):
        return result_language
    if update.callback_query is None:
        message = update.message
        text = update.inline_query.query if update.inline_query else (message.text or message.caption) if message else None
        found = text_language(text or "")
        if found:
            return found
    return language(user_language(update))


def is_group(update: Update) -> bool:
    chat = update.effective_chat
    return bool(chat and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP))
