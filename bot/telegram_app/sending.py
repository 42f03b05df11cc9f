"""The one place where a `Reply` (plain data) becomes Telegram API calls and inline keyboards.

Everything sent here answers a person, so it goes out in the rate limiter's interactive lane
(`bot.telegram_app.ratelimit`): at once, without the broadcast pacing of reminders.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.telegram_app.contract import BotContext
from bot.telegram_app.messages import Button, Reply, short
from bot.telegram_app.ratelimit import interactive
from bot.telegram_app.updates import is_group

log = logging.getLogger(__name__)


def markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """The inline keyboard of button rows (labels shortened to fit), or None when there are none."""
    rows = tuple(r for r in rows if r)
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(short(label), callback_data=data) for label, data in row]
                                 for row in rows])


async def answer_callback(update: Update, context: BotContext, text: str | None = None) -> None:
    """Answer the update's button tap (stop its spinner, show `text` as a toast) once, and remember it."""
    query = update.callback_query
    with interactive():
        await query.answer(text)
    context.bot_data.answered_callbacks.add(query.id)


async def send(update: Update, context: BotContext, reply: Reply, *, quote: bool | None = None) -> None:
    """Send all parts of a reply to the update's chat; in groups the first part quotes the user.

    A button on a message sent through inline mode has no chat to send to: the reply replaces that
    message instead (its first part, with the buttons).
    """
    context.bot_data.questions.remember(reply.questions)
    chat = update.effective_chat
    query = update.callback_query
    if chat is None and query is not None and query.inline_message_id:
        with interactive():
            await query.edit_message_text(reply.parts[0], reply_markup=markup(reply.rows))
        return
    message = update.message
    quote = is_group(update) if quote is None else quote
    # In a forum supergroup, stay in the topic the question (or the tapped button) is in.
    where = update.effective_message
    thread = where.message_thread_id if where is not None and where.is_topic_message else None
    keyboard = markup(reply.rows)
    for i, part in enumerate(reply.parts):
        last = keyboard if i == len(reply.parts) - 1 else None
        with interactive():
            if i == 0 and quote and message is not None:
                await message.reply_text(part, reply_markup=last, do_quote=True)
            else:
                await context.bot.send_message(chat.id, part, reply_markup=last, message_thread_id=thread)


async def edit_or_send(update: Update, context: BotContext, reply: Reply) -> None:
    """Replace the message a button is on (outline and search pages); fall back to a new message."""
    query = update.callback_query
    if len(reply.parts) == 1 and query.message is not None:
        context.bot_data.questions.remember(reply.questions)
        try:
            with interactive():
                await query.edit_message_text(reply.parts[0], reply_markup=markup(reply.rows))
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            log.info("could not edit message, sending a new one: %s", exc)
    await send(update, context, reply, quote=False)
