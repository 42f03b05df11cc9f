"""Thin async handlers: read the update → ask the matcher or the knowledge base → render → reply.

No scoring happens here. Shared state lives in `context.bot_data` under the keys below, so other
features can reach it and a knowledge reload can swap the matcher while the bot runs:

    MATCHER      the `Matcher` (its `.kb` is the knowledge base)
    QUESTIONS    question_key → question text, for the q| buttons
    FLOOD        the per-user `FloodGuard` for groups

Extensions may add hooks to the reply to a question (the maintenance extension adds 👍/👎 buttons and
stores outcomes; inline queries do not go through them):

    REPLY_HOOKS     hook(update, context, result, reply) -> Reply, before the reply is sent
    ANSWERED_HOOKS  async hook(update, context, result), after the reply was sent (or failed to send)
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot.telegram_app import render
from bot.telegram_app.render import Reply, t

log = logging.getLogger(__name__)

MATCHER = "matcher"
QUESTIONS = "questions"
FLOOD = "flood_guard"
REPLY_HOOKS = "reply_hooks"
ANSWERED_HOOKS = "answered_hooks"
MAX_REMEMBERED_QUESTIONS = 20_000
INLINE_MAX_RESULTS = 10
INLINE_CACHE_SECONDS = 60
SEARCH_MAX_CHARS = 16


# ----- shared state -----
def matcher_of(context: ContextTypes.DEFAULT_TYPE):
    return context.bot_data[MATCHER]


class QuestionRegistry:
    """The texts behind q| buttons (callback data holds only a hash), most recent kept.

    A key that is no longer here (after a restart) is looked up among the knowledge base's own
    questions, so buttons for curated questions keep working across restarts.
    """

    def __init__(self, limit: int = MAX_REMEMBERED_QUESTIONS):
        self.limit = limit
        self._items: OrderedDict[str, str] = OrderedDict()

    def remember(self, items: dict[str, str]) -> None:
        for key, question in items.items():
            self._items[key] = question
            self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def lookup(self, key: str, matcher) -> str | None:
        if key in self._items:
            return self._items[key]
        kb = matcher.kb
        known = [q.question for q in kb.qa] + [f.question for f in kb.facts]
        known += [s.question for s in getattr(matcher, "topics", lambda: ())()]
        return next((q for q in known if render.question_key(q) == key), None)


class FloodGuard:
    """At most `messages` answered messages per user and chat within `window` seconds.

    The message over the limit gets one short "slow down"; after it the user is ignored in that chat
    until `window` seconds have passed.
    """

    def __init__(self, messages: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.messages, self.window, self.clock = messages, window, clock
        self._recent: dict[tuple[int, int], deque[float]] = {}
        self._muted_until: dict[tuple[int, int], float] = {}

    def check(self, chat_id: int, user_id: int) -> str:
        """'ok' (answer), 'warn' (say slow down, once) or 'silent'."""
        now = self.clock()
        key = (chat_id, user_id)
        if self._muted_until.get(key, float("-inf")) > now:
            return "silent"
        self._muted_until.pop(key, None)
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) < self.messages:
            recent.append(now)
            if len(self._recent) > 50_000:  # forget idle users now and then
                self._recent = {k: v for k, v in self._recent.items() if v and v[-1] > now - self.window}
            return "ok"
        recent.clear()
        self._muted_until[key] = now + self.window
        return "warn"


# ----- who is addressed -----
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


def lang_for(update: Update, result_language: str | None = None) -> str:
    return render.language(user_language(update), result_language)


def is_group(update: Update) -> bool:
    chat = update.effective_chat
    return bool(chat and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP))


# ----- sending -----
async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply, *, quote: bool | None = None) -> None:
    """Send all parts of a reply to the update's chat; in groups the first part quotes the user."""
    context.bot_data[QUESTIONS].remember(reply.questions)
    chat = update.effective_chat
    message = update.message
    quote = is_group(update) if quote is None else quote
    # In a forum supergroup, stay in the topic the question (or the tapped button) is in.
    where = update.effective_message
    thread = where.message_thread_id if where is not None and where.is_topic_message else None
    for i, part in enumerate(reply.parts):
        markup = reply.keyboard if i == len(reply.parts) - 1 else None
        if i == 0 and quote and message is not None:
            await message.reply_text(part, reply_markup=markup, do_quote=True)
        else:
            await context.bot.send_message(chat.id, part, reply_markup=markup, message_thread_id=thread)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    matcher = matcher_of(context)
    result = matcher.ask(question)
    lang = lang_for(update, result.language)
    reply = render.render_result(result, matcher.kb, lang)
    for hook in context.bot_data.get(REPLY_HOOKS, ()):
        reply = hook(update, context, result, reply)
    try:
        await send(update, context, reply)
    finally:
        for after in context.bot_data.get(ANSWERED_HOOKS, ()):
            await after(update, context, result)


def _example(context: ContextTypes.DEFAULT_TYPE) -> str:
    examples = render.example_questions(matcher_of(context).kb, 1)
    return examples[0] if examples else "安全生产责任怎么落实"


# ----- messages and commands -----
async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private chat: any text is a question."""
    await answer_question(update, context, update.message.text)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group: a message that mentions the bot or replies to it."""
    message = update.message
    question = strip_mention(message) if mentions_bot(message) else (message.text or "").strip()
    if not question:
        name = html.escape(context.bot.username or "")
        await send(update, context, Reply([t(lang_for(update), "mention_only", bot=name,
                                             example=html.escape(_example(context)))]))
        return
    await answer_question(update, context, question)


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, render.render_start(matcher_of(context).kb, lang_for(update)))


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, render.render_help(lang_for(update), context.bot.username or "bot"))


async def cmd_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    question = command_argument(update.message)
    if not question:
        await send(update, context, Reply([t(lang_for(update), "ask_usage", example=html.escape(_example(context)))]))
        return
    await answer_question(update, context, question)


async def cmd_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, render.render_outline(matcher_of(context).kb, "*", lang_for(update)))


async def cmd_search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    word = command_argument(update.message)
    lang = lang_for(update)
    if not word:
        await send(update, context, Reply([t(lang, "search_usage")]))
    elif len(word) > SEARCH_MAX_CHARS or not render.search_fits(word):
        await send(update, context, Reply([t(lang, "search_too_long", n=SEARCH_MAX_CHARS)]))
    else:
        await send(update, context, render.render_search(matcher_of(context).kb, word, 1, lang))


async def cmd_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, render.render_source(matcher_of(context).kb, lang_for(update)))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, context, Reply([t(lang_for(update), "unknown_command")]))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice message … in a private chat: say that questions are read as text."""
    await send(update, context, Reply([t(lang_for(update), "text_only")]))


# ----- flood guard (groups) -----
async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler for group messages addressed to the bot."""
    sender = update.effective_user or update.effective_sender  # anonymous admins post as the chat
    verdict = context.bot_data[FLOOD].check(update.effective_chat.id, sender.id if sender else 0)
    if verdict == "ok":
        return
    if verdict == "warn":
        name = html.escape(getattr(sender, "first_name", None) or getattr(sender, "title", None) or "")
        await send(update, context, Reply([t(lang_for(update), "slow_down", name=name)]))
    raise ApplicationHandlerStop


# ----- buttons -----
async def _edit_or_send(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Replace the message the button is on (outline and search pages); fall back to a new message."""
    query = update.callback_query
    if len(reply.parts) == 1 and query.message is not None:
        try:
            await query.edit_message_text(reply.parts[0], reply_markup=reply.keyboard)
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            log.info("could not edit message, sending a new one: %s", exc)
    await send(update, context, reply, quote=False)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """All core buttons; the prefix of the callback data says what to do (see render.py)."""
    query = update.callback_query
    data = query.data or ""
    kind, _, rest = data.partition("|")
    lang = lang_for(update)
    matcher = matcher_of(context)
    kb = matcher.kb
    if kind == "q":
        question = context.bot_data[QUESTIONS].lookup(rest, matcher)
        if question is None:
            await query.answer(t(lang, "expired"), show_alert=False)
            return
        await query.answer()
        await answer_question(update, context, question)
        return
    try:
        if kind == "c":
            reply = render.render_context(kb, rest, lang)
            await query.answer()
            await send(update, context, reply, quote=False)
        elif kind == "v":
            mode, _, gid = rest.partition("|")
            reply = render.render_passage(kb, gid, lang, original=mode == "o")
            await query.answer()
            await send(update, context, reply, quote=False)
        elif kind == "n":
            mode, _, node = rest.partition("|")
            reply = render.render_outline(kb, node, lang, mode)
            await query.answer()
            await _edit_or_send(update, context, reply)
        elif kind == "s":
            page, _, word = rest.partition("|")
            reply = render.render_search(kb, word, int(page), lang)
            await query.answer()
            await _edit_or_send(update, context, reply)
        else:
            raise KeyError(data)
    except (KeyError, ValueError, StopIteration):  # a button from before a knowledge reload
        await query.answer(t(lang, "expired"))


# ----- inline mode -----
def _article(key: str, title: str, description: str, html_text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=render.question_key(key),
        title=render.short(title, 60),
        description=render.short(description, 90),
        input_message_content=InputTextMessageContent(html_text),
    )


def inline_results(matcher, query: str, lang: str) -> list[InlineQueryResultArticle]:
    kb = matcher.kb
    query = " ".join(query.split())
    out: list[InlineQueryResultArticle] = []
    if not query:  # the points of the speech
        for doc in kb.documents:
            for point in doc.points:
                gid = point.passage_ids[0] if point.passage_ids else ""
                text = kb.passage_text(gid) if gid else point.heading
                lines = [f"<b>{html.escape(point.title)}</b>"]
                lines += [html.escape(f"{sp.label} {sp.heading}") for sp in point.subpoints]
                if not point.subpoints:
                    lines.append(html.escape(text))
                out.append(_article(f"point:{point.id}", point.title, text, "\n".join(lines)))
        return out[:INLINE_MAX_RESULTS]
    seen: set[str] = set()
    result = matcher.ask(query)
    for a in result.answers:
        if a.kind != "quote" or a.id in seen:
            continue
        seen.update(a.sentence_ids or (a.id,))
        body = render.pack([render.Block(a.text, "blockquote"), render.source_line(a.source, lang)])[0]
        out.append(_article(f"a:{a.id}", render.PATH_SEP.join(a.source), a.text, body))
    for gid in kb.search(query):
        passage = kb.passages[gid]
        hits = [s for s in passage.sentence_ids if query in kb.sentences[s].text and s not in seen]
        if not hits:
            continue
        seen.update(hits)
        text = "".join(kb.sentences[s].text for s in hits[:2])
        body = render.pack([render.Block(text, "blockquote"), render.source_line(passage.path, lang)])[0]
        out.append(_article(f"s:{hits[0]}", render.PATH_SEP.join(passage.path), text, body))
        if len(out) >= INLINE_MAX_RESULTS:
            break
    return out[:INLINE_MAX_RESULTS]


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    lang = lang_for(update)
    results = inline_results(matcher_of(context), query.query, lang)
    # Personal: the source line is in the user's language, so results are not shared between users.
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


# ----- errors -----
async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and tell the user briefly; the application keeps serving other updates."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = lang_for(update)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "sorry"))
        elif update.effective_chat is not None and update.effective_message is not None:
            await context.bot.send_message(update.effective_chat.id, t(lang, "sorry"))
    except Exception as exc:  # the apology itself failed (e.g. Telegram is down): logging is all we can do
        log.warning("could not send the apology for update %s: %s", update_id, exc)
