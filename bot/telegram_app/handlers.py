"""The core's thin async handlers: read the update → ask the matcher or the knowledge base → render → reply.

No scoring happens here, and no state: everything shared is the application's `BotState`
(`bot.telegram_app.contract`), reached as ``context.bot_data``. Features change the reply to a question
through its `reply_hooks` and see the outcome through its `answered_hooks`.

Matching runs off the event loop, in a pool of MATCHING_THREADS threads (`off_loop`): in a library of
many documents a question can take tens of milliseconds, and the loop meanwhile serves other chats
(updates are handled concurrently, `build_application`). The pool is small on purpose: matching holds
the interpreter lock, so more threads add no throughput, only contention with the loop (`asyncio.to_thread`
would start up to 32 for a burst); two let a quick question pass a slow one. The core is safe to call from several threads at once: the matcher keeps no
per-question state (its lazily built tables, the words by sound and a few documents' words, are built
whole and then assigned; a prepared index holds the first already), jieba's tokenizer only reads its
dictionary once initialised, and the lexicon reads a read-only memory map by offsets.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import ApplicationHandlerStop

from bot.qa.dialogue import Turn, open_node, respond
from bot.qa.result import ANSWERED
from bot.telegram_app import views
from bot.telegram_app.callbacks import question_key
from bot.telegram_app.contract import BotContext
from bot.telegram_app.conversations import conversation_key
from bot.telegram_app.messages import PATH_SEP, Block, Reply, pack, short
from bot.telegram_app.ratelimit import interactive
from bot.telegram_app.sending import answer_callback, edit_or_send, send
from bot.telegram_app.updates import command_argument, is_group, lang_for, mentions_bot, strip_mention
from bot.texts import t

log = logging.getLogger(__name__)

MATCHING_THREADS = 2
_matching = ThreadPoolExecutor(max_workers=MATCHING_THREADS, thread_name_prefix="matching")
# One lock per conversation while a message of it is being matched: a person's next message (还有呢) waits
# for the context the last one leaves, as when matching ran on the loop; other conversations do not wait.
_turns: weakref.WeakValueDictionary[object, asyncio.Lock] = weakref.WeakValueDictionary()
INLINE_MAX_RESULTS = 10
INLINE_CACHE_SECONDS = 60
SEARCH_MAX_CHARS = 16


# ----- answering -----
async def off_loop(func, /, *args):
    """`func(*args)` in the matching threads; the event loop serves other updates meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_matching, functools.partial(func, *args))


async def answer_question(update: Update, context: BotContext, question: str) -> None:
    """A message of a conversation: read against the person's context (follow-ups), small talk, or a question."""
    state = context.bot_data
    key = conversation_key(update)
    lock = _turns.get(key)
    if lock is None:
        lock = _turns[key] = asyncio.Lock()
    async with lock:
        turn = await off_loop(respond, question, state.conversations.get(key), state.matcher, state.clock())
        state.conversations.put(key, turn.context)
    await reply_to_turn(update, context, turn)


async def reply_to_turn(update: Update, context: BotContext, turn: Turn) -> None:
    state = context.bot_data
    if turn.result is None:  # small talk: never matched, never recorded as a question
        reply = views.render_smalltalk(turn.smalltalk, state.matcher.kb, lang_for(update), group=is_group(update))
        if reply is not None:
            await send(update, context, reply)
        return
    result = turn.result
    lang = lang_for(update, result.language)
    reply = views.render_result(result, state.matcher.kb, lang, drill=turn.drill, note=turn.note)
    for hook in state.reply_hooks:
        reply = hook(update, context, result, reply)
    try:
        await send(update, context, reply)
    finally:
        for after in state.answered_hooks:
            await after(update, context, result)


def _example(context: BotContext) -> str:
    examples = views.example_questions(context.bot_data.matcher.kb, 1)
    return examples[0] if examples else "安全生产责任怎么落实"


# ----- messages and commands -----
async def private_text(update: Update, context: BotContext) -> None:
    """Private chat: any text is a question."""
    await answer_question(update, context, update.message.text)


async def group_text(update: Update, context: BotContext) -> None:
    """Group: a message that mentions the bot or replies to it."""
    message = update.message
    question = strip_mention(message) if mentions_bot(message) else (message.text or "").strip()
    if not question:
        name = html.escape(context.bot.username or "")
        await send(update, context, Reply([t(lang_for(update), "mention_only", bot=name,
                                             example=html.escape(_example(context)))]))
        return
    await answer_question(update, context, question)


async def cmd_start(update: Update, context: BotContext) -> None:
    await send(update, context, views.render_start(context.bot_data.matcher.kb, lang_for(update)))


async def cmd_help(update: Update, context: BotContext) -> None:
    await send(update, context, views.render_help(lang_for(update), context.bot.username or "bot"))


async def cmd_ask(update: Update, context: BotContext) -> None:
    question = command_argument(update.message)
    if not question:
        await send(update, context, Reply([t(lang_for(update), "ask_usage", example=html.escape(_example(context)))]))
        return
    await answer_question(update, context, question)


async def cmd_topics(update: Update, context: BotContext) -> None:
    await send(update, context, views.render_outline(context.bot_data.matcher.kb, "*", lang_for(update)))


async def cmd_search(update: Update, context: BotContext) -> None:
    word = command_argument(update.message)
    lang = lang_for(update)
    if not word:
        await send(update, context, Reply([t(lang, "search_usage")]))
    elif len(word) > SEARCH_MAX_CHARS or not views.search_fits(word):
        await send(update, context, Reply([t(lang, "search_too_long", n=SEARCH_MAX_CHARS)]))
    else:
        await send(update, context, views.render_search(context.bot_data.matcher.kb, word, 1, lang))


async def cmd_source(update: Update, context: BotContext) -> None:
    await send(update, context, views.render_source(context.bot_data.matcher.kb, lang_for(update)))


async def cmd_whoami(update: Update, context: BotContext) -> None:
    """/whoami: anyone's own user id and the chat's id (what an operator needs for telegram.admin_ids)."""
    user = update.effective_user or update.effective_sender
    await send(update, context, Reply([t(lang_for(update), "whoami", user=user.id if user else "—",
                                         chat=update.effective_chat.id)]))


async def unknown_command(update: Update, context: BotContext) -> None:
    await send(update, context, Reply([t(lang_for(update), "unknown_command")]))


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker, photo, voice message … in a private chat: say that questions are read as text."""
    await send(update, context, Reply([t(lang_for(update), "text_only")]))


# ----- flood guard -----
async def flood_guard(update: Update, context: BotContext) -> None:
    """Runs before every other handler for group messages addressed to the bot and all private messages."""
    sender = update.effective_user or update.effective_sender  # anonymous admins post as the chat
    limit = None if is_group(update) else context.bot_data.config.telegram.flood.private_messages
    verdict = context.bot_data.flood.check(update.effective_chat.id, sender.id if sender else 0, limit)
    if verdict == "ok":
        return
    if verdict == "warn":
        name = html.escape(getattr(sender, "first_name", None) or getattr(sender, "title", None) or "")
        await send(update, context, Reply([t(lang_for(update), "slow_down", name=name)]))
    raise ApplicationHandlerStop


# ----- buttons -----
async def on_button(update: Update, context: BotContext) -> None:
    """All core buttons; the prefix of the callback data says what to do (see callbacks.py).

    Every tap is answered exactly once (`answer_callback`): a button from before a restart or a
    knowledge reload gets the short toast "expired".
    """
    query = update.callback_query
    data = query.data or ""
    kind, _, rest = data.partition("|")
    lang = lang_for(update)
    matcher = context.bot_data.matcher
    kb = matcher.kb
    if kind == "q":
        question = context.bot_data.questions.lookup(rest, matcher)
        if question is None:
            await answer_callback(update, context, t(lang, "expired"))
            return
        await answer_callback(update, context)
        await answer_question(update, context, question)
        return
    if kind == "d":  # drill down from a structure answer: the node becomes the person's context
        state = context.bot_data
        key = conversation_key(update)
        turn = open_node(rest, state.conversations.get(key), matcher, state.clock())
        if turn.result is None or turn.result.status != ANSWERED:
            await query.answer(t(lang, "expired"))
            return
        state.conversations.put(key, turn.context)
        await query.answer()
        await reply_to_turn(update, context, turn)
        return
    try:
        if kind == "c":
            reply = views.render_context(kb, rest, lang)
        elif kind == "v":
            mode, _, gid = rest.partition("|")
            reply = views.render_passage(kb, gid, lang, original=mode == "o")
        elif kind == "n":
            mode, _, node = rest.partition("|")
            reply = views.render_outline(kb, node, lang, mode)
        elif kind == "s":
            page, _, word = rest.partition("|")
            reply = views.render_search(kb, word, int(page), lang)
        else:
            raise KeyError(data)
    except (KeyError, ValueError, StopIteration):  # a button from before a knowledge reload
        await answer_callback(update, context, t(lang, "expired"))
        return
    await answer_callback(update, context)
    if kind in ("c", "v"):
        await send(update, context, reply, quote=False)
    else:
        await edit_or_send(update, context, reply)


async def unknown_button(update: Update, context: BotContext) -> None:
    """Registered last: a tap no handler claimed (unknown or forged data, a feature gone) gets the "expired" toast."""
    await answer_callback(update, context, t(lang_for(update), "expired"))


# ----- inline mode -----
def _article(key: str, title: str, description: str, html_text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=question_key(key),
        title=short(title, 60),
        description=short(description, 90),
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
        body = pack([Block(a.text, "blockquote"), views.source_line(a.source, lang)])[0]
        out.append(_article(f"a:{a.id}", PATH_SEP.join(a.source), a.text, body))
    for gid in kb.search(query):
        passage = kb.passages[gid]
        hits = [s for s in passage.sentence_ids if query in kb.sentences[s].text and s not in seen]
        if not hits:
            continue
        seen.update(hits)
        text = "".join(kb.sentences[s].text for s in hits[:2])
        body = pack([Block(text, "blockquote"), views.source_line(passage.path, lang)])[0]
        out.append(_article(f"s:{hits[0]}", PATH_SEP.join(passage.path), text, body))
        if len(out) >= INLINE_MAX_RESULTS:
            break
    return out[:INLINE_MAX_RESULTS]


async def on_inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    lang = lang_for(update)
    results = await off_loop(inline_results, context.bot_data.matcher, query.query, lang)
    # Personal: the source line is in the user's language, so results are not shared between users.
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


# ----- errors -----
async def polling_works(update: Update, context: BotContext) -> None:
    """Runs first for every update: an update arrived, so a 409 Conflict reported earlier is over."""
    if context.bot_data.conflicts.active:
        context.bot_data.conflicts.clear()


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure and tell the user briefly; the application keeps serving other updates.

    Telegram's 409 Conflict (another process polls with our token) is one plain line, not a traceback per poll.
    """
    if update is None and context.bot_data.conflicts.handle(context.error):
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = lang_for(update)
    try:
        query = update.callback_query
        if query is not None and query.id not in context.bot_data.answered_callbacks:  # a tap is answered once
            await answer_callback(update, context, t(lang, "sorry"))
        elif update.effective_chat is not None and update.effective_message is not None:
            with interactive():
                await context.bot.send_message(update.effective_chat.id, t(lang, "sorry"))
    except Exception as exc:  # the apology itself failed (e.g. Telegram is down): logging is all we can do
        log.warning("could not send the apology for update %s: %s", update_id, exc)
