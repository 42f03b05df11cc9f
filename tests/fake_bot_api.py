"""A fake Telegram Bot API server for end-to-end tests (aiohttp, 127.0.0.1 only, same event loop).

Point the real `Application` at ``fake.base_url`` (``http://127.0.0.1:PORT/bot``) and act as users:

    fake = FakeBotAPI(); await fake.start()
    uid = fake.private_message("怎么整治建筑工地", user=ALICE)
    [reply] = await fake.replies(ALICE.id, count=1)     # what the bot sent to that chat
    reply.text, reply.bold, reply.buttons               # visible text, bold spans, inline keyboard
    await fake.tap(reply, "查看上下文", user=ALICE)        # press a button

Implemented methods: getMe, getUpdates (long polling, honours offset/limit/timeout and, like Telegram,
drops updates of a type not in the bot's ``allowed_updates``, kept in `allowed_updates`), sendMessage,
editMessageText, answerCallbackQuery, answerInlineQuery, setMyCommands, getMyCommands,
getChatMember, getChatAdministrators, sendPhoto, deleteWebhook, setWebhook, getWebhookInfo.
Anything else answers 400. Like Telegram, the server rejects HTML it cannot parse, texts over 4,096
characters and callback data over 64 bytes, so a test sees what a real user would (an error).
`start_failing(500)` makes every request answer HTTP 500 until `stop_failing()`.

Chats that refuse the bot's messages the way Telegram does (for the reminder tests):
`fail_sends(chat_id, flood_wait(0.2), ...)` answers the next sends to that chat with those errors
(429 with ``retry_after``, 502 …), one per send; `forbidden.add(chat_id)` answers 403 (bot kicked)
and `migrated[old_id] = new_id` answers 400 with ``migrate_to_chat_id`` to every send to that chat.
`slow_sends(seconds, count=...)` makes sendMessage keep the message (the chat has it) but answer only
after `seconds`, as Telegram does when it is slow: past the client's read timeout, the bot cannot know
whether it was delivered. `start_failing(500, methods={"sendMessage"})` is a phase of 5xx.
`member_status[(chat_id, user_id)]` overrides what getChatMember reports ("creator", "left" …).
`bot_added`, `bot_removed` and `group_migrated` inject the updates Telegram sends for those events.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "blockquote", "span", "tg-spoiler", "tg-emoji"}
TEXT_FIELDS = {"text", "caption", "query", "language_code", "parse_mode", "inline_query_id",
               "callback_query_id", "url", "secret_token", "description", "short_description", "name"}
MESSAGE_LIMIT = 4096
CALLBACK_LIMIT = 64


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def flood_wait(seconds: float) -> ApiError:
    """Telegram's flood control (real Telegram sends whole seconds; a fraction keeps tests quick)."""
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def bad_gateway() -> ApiError:
    return ApiError(502, "Bad Gateway")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Parse Telegram-style HTML into visible text and entities, rejecting what Telegram rejects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text = ""
        self.stack: list[tuple[str, int]] = []
        self.entities: list[dict] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
            return
        self.stack.append((tag, utf16_len(self.text)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
            return
        tag, start = self.stack.pop()
        kind = {"strong": "bold", "b": "bold", "i": "italic", "em": "italic", "blockquote": "blockquote"}.get(tag, tag)
        self.entities.append({"type": kind, "offset": start, "length": utf16_len(self.text) - start})

    def handle_data(self, data: str) -> None:
        if "<" in data:  # a "<" that does not start a tag must be written &lt;
            self.error = self.error or "Unexpected <"
        self.text += data

    def handle_entityref(self, name: str) -> None:
        self.text += html.unescape(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.text += html.unescape(f"&#{name};")


def parse_html(source: str) -> tuple[str, list[dict]]:
    parser = _TelegramHTML()
    parser.feed(source)
    parser.close()
    if parser.error is None and parser.stack:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1][0]}"'
    if parser.error:
        raise ApiError(400, f"Bad Request: can't parse entities: {parser.error}")
    return parser.text, sorted(parser.entities, key=lambda e: e["offset"])


def _utf16_slice(text: str, offset: int, length: int) -> str:
    raw = text.encode("utf-16-le")
    return raw[offset * 2:(offset + length) * 2].decode("utf-16-le")


@dataclass(frozen=True)
class User:
    id: int
    first_name: str = "User"
    language_code: str | None = "zh-hans"
    username: str | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            d["language_code"] = self.language_code
        if self.username:
            d["username"] = self.username
        return d


@dataclass
class Sent:
    """A message the bot sent (or a later edit of it), as the user sees it."""

    method: str
    chat_id: int
    message_id: int
    text: str  # visible text after HTML parsing
    html: str
    entities: list[dict]
    buttons: list[list[tuple[str, str]]]  # rows of (label, callback data)
    reply_to: int | None
    received_at: float
    params: dict = field(repr=False, default_factory=dict)

    @property
    def bold(self) -> list[str]:
        return [_utf16_slice(self.text, e["offset"], e["length"]) for e in self.entities if e["type"] == "bold"]

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def button(self, label_part: str) -> tuple[str, str]:
        for row in self.buttons:
            for label, data in row:
                if label_part in label:
                    return label, data
        raise AssertionError(f"no button containing {label_part!r} in {self.labels}")

    def to_message(self, bot: dict, chat: dict) -> dict:
        return {"message_id": self.message_id, "date": int(time.time()), "chat": chat, "from": bot,
                "text": self.text, "entities": self.entities}


class FakeBotAPI:
    def __init__(self, *, username: str = "safety_speech_test_bot", bot_id: int = 700000001,
                 first_name: str = "安全讲话助手"):
        self.username, self.bot_id, self.first_name = username, bot_id, first_name
        self.port = 0
        self.tokens_seen: set[str] = set()
        self.calls: list[tuple[str, dict, float]] = []  # (method, params, time) of every request
        self.updates: list[dict] = []  # not yet confirmed by an offset
        self.injected_at: dict[int, float] = {}
        self.history: dict[int, dict] = {}  # every injected update by id
        self.commands: dict[str | None, list[dict]] = {}  # language code → commands
        self.webhook_url = ""
        self.allowed_updates: list[str] | None = None  # as the bot last asked (getUpdates / setWebhook)
        self.chats: dict[int, dict] = {}
        self.admins: dict[int, set[int]] = {}
        self.failing_status: int | None = None
        self.failing_methods: set[str] | None = None
        self.failing_left: int | None = None
        self.failed_requests = 0
        self.send_failures: dict[int, list[ApiError]] = {}  # chat id → errors for its next sends
        self.conflicting_polls = 0  # getUpdates calls still to answer with 409 Conflict
        self.forbidden: set[int] = set()  # chats where the bot was kicked or blocked
        self.migrated: dict[int, int] = {}  # group id → the supergroup it became
        self.member_status: dict[tuple[int, int], str] = {}  # (chat, user) → getChatMember status
        self.slow_answer: float = 0.0  # seconds sendMessage waits before answering (the message is kept)
        self.slow_left: int | None = None  # how many more slow answers (None: until `slow_sends(0)`)
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._records: dict[Any, list] = {}
        self._waiters: dict[Any, list[tuple[int, asyncio.Future]]] = {}
        self._new_update = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # ----- server -----
    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._closing = True
        self._new_update.set()
        if self._runner:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def start_failing(self, status: int = 500, *, methods: set[str] | None = None, count: int | None = None) -> None:
        """Answer requests with `status` (Telegram having a bad moment) until `stop_failing`.

        `status` 0 drops the connection without an answer (a network error rather than an HTTP one).
        `methods` limits the failure to those methods; `count` stops it by itself after that many.
        """
        self.failing_status, self.failing_methods, self.failing_left = status, methods, count
        self._new_update.set()  # a pending long poll returns now, so the next one meets the failure

    def stop_failing(self) -> None:
        self.failing_status = None

    def slow_sends(self, seconds: float, *, count: int | None = None) -> None:
        """sendMessage keeps each message but answers after `seconds` (for the next `count` sends, or all)."""
        self.slow_answer, self.slow_left = seconds, count

    async def _params(self, request: web.Request) -> dict:
        if request.content_type == "application/json":
            raw = await request.json() if request.can_read_body else {}
            return raw or {}
        if not request.can_read_body:
            return dict(request.query)
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if not isinstance(value, str):  # an uploaded file
                data = value.file.read()
                params[key] = {"filename": value.filename, "size": len(data), "data": data}
                continue
            if key in TEXT_FIELDS:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.tokens_seen.add(request.match_info["token"])
        params = await self._params(request)
        self.calls.append((method, params, time.perf_counter()))
        if self.failing_status is not None and (self.failing_methods is None or method in self.failing_methods):
            status = self.failing_status
            self.failed_requests += 1
            if self.failing_left is not None:
                self.failing_left -= 1
                if self.failing_left <= 0:
                    self.stop_failing()
            if status == 0:
                request.transport.close()
                return web.Response()
            return web.json_response({"ok": False, "error_code": status, "description": "Internal Server Error"},
                                     status=status)
        handler = getattr(self, f"api_{method}", None)
        try:
            if handler is None:
                raise ApiError(400, f"Bad Request: method {method} is not supported by the fake server")
            result = await handler(params)
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        return web.json_response({"ok": True, "result": result})

    # ----- waiting for what the bot does -----
    def _record(self, key: Any, item: Any) -> None:
        items = self._records.setdefault(key, [])
        items.append(item)
        waiters = self._waiters.get(key, [])
        for entry in list(waiters):
            count, fut = entry
            if len(items) >= count and not fut.done():
                fut.set_result(None)
                waiters.remove(entry)

    def records(self, key: Any) -> list:
        return self._records.setdefault(key, [])

    async def _wait(self, key: Any, count: int, timeout: float) -> None:
        if len(self.records(key)) >= count:
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(key, []).append((count, fut))
        try:
            await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            got = len(self.records(key))
            raise AssertionError(f"waited {timeout}s for {count} items at {key!r}, got {got}") from None

    def sent_to(self, chat_id: int) -> list[Sent]:
        """Every message sent to (or edited in) the chat so far, in order."""
        return self.records(chat_id)

    async def replies(self, chat_id: int, *, since: int = 0, count: int = 1, timeout: float = 5.0,
                      settle: float = 0.0) -> list[Sent]:
        """Wait until the chat has `count` messages after index `since`; return those after `since`.

        `settle` waits that much longer for further parts (a split message) before returning.
        """
        await self._wait(chat_id, since + count, timeout)
        if settle:
            await asyncio.sleep(settle)
        return self.sent_to(chat_id)[since:]

    async def quiet(self, chat_id: int, *, since: int, wait: float = 0.2) -> list[Sent]:
        """Give the bot `wait` seconds; return whatever it sent to the chat after `since` (expected: [])."""
        await asyncio.sleep(wait)
        return self.sent_to(chat_id)[since:]

    async def inline_answer(self, query_id: str, timeout: float = 5.0) -> list[dict]:
        await self._wait(("inline", query_id), 1, timeout)
        return self.records(("inline", query_id))[0]

    async def callback_answer(self, query_id: str, timeout: float = 5.0) -> dict:
        await self._wait(("callback", query_id), 1, timeout)
        return self.records(("callback", query_id))[0]

    async def calls_to(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict]:
        await self._wait(("method", method), count, timeout)
        return self.records(("method", method))

    # ----- acting as users -----
    def _push(self, update: dict) -> int:
        update_id = next(self._ids)
        update["update_id"] = update_id
        self.updates.append(update)
        self.history[update_id] = update
        self.injected_at[update_id] = time.perf_counter()
        self._new_update.set()
        return update_id

    def inject(self, update: dict) -> int:
        """Queue any raw update (without update_id), malformed ones too; returns its update_id."""
        return self._push(dict(update))

    def getupdates_calls(self) -> int:
        return sum(1 for method, _params, _t in self.calls if method == "getUpdates")

    @staticmethod
    def _entities(text: str) -> list[dict]:
        out = []
        m = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if m:
            out.append({"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))})
        for m in re.finditer(r"(?<![/\w])@[A-Za-z0-9_]{5,}", text):
            out.append({"type": "mention", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group(0))})
        return out

    def _message(self, chat: dict, user: User, text: str, reply_to: Sent | dict | None = None) -> dict:
        self.chats[chat["id"]] = chat
        msg = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
               "from": user.to_dict(), "text": text}
        entities = self._entities(text)
        if entities:
            msg["entities"] = entities
        if isinstance(reply_to, dict):  # a user's message (from `message_of`)
            msg["reply_to_message"] = reply_to
        elif reply_to is not None:  # one of the bot's messages
            msg["reply_to_message"] = reply_to.to_message(self.bot_user, self.chats.get(reply_to.chat_id, chat))
        return msg

    def private_message(self, text: str, *, user: User) -> int:
        chat = {"id": user.id, "type": "private", "first_name": user.first_name}
        return self._push({"message": self._message(chat, user, text)})

    def private_non_text(self, *, user: User, **content) -> int:
        """A private message without text, e.g. location={"latitude": 26.6, "longitude": 106.7}."""
        chat = {"id": user.id, "type": "private", "first_name": user.first_name}
        self.chats[chat["id"]] = chat
        msg = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
               "from": user.to_dict(), **content}
        return self._push({"message": msg})

    def message_of(self, update_id: int) -> dict:
        """The message of an injected update (to reply to a user's message)."""
        return self.history[update_id]["message"]

    def group_message(self, text: str, *, user: User, chat_id: int = -1001234567890, title: str = "安全生产群",
                      reply_to: Sent | dict | None = None, chat_type: str = "supergroup") -> int:
        chat = {"id": chat_id, "type": chat_type, "title": title}
        return self._push({"message": self._message(chat, user, text, reply_to)})

    def tap(self, message: Sent, label_part: str, *, user: User) -> str:
        """Press the button whose label contains `label_part`; returns the callback query id."""
        _label, data = message.button(label_part)
        query_id = str(next(self._ids) * 7919)
        chat = self.chats.get(message.chat_id) or {"id": message.chat_id, "type": "private", "first_name": "x"}
        self._push({"callback_query": {
            "id": query_id, "from": user.to_dict(), "chat_instance": str(message.chat_id), "data": data,
            "message": message.to_message(self.bot_user, chat)}})
        return query_id

    def inline_query(self, query: str, *, user: User) -> str:
        query_id = str(next(self._ids) * 104729)
        self._push({"inline_query": {"id": query_id, "from": user.to_dict(), "query": query, "offset": ""}})
        return query_id

    # ----- Bot API methods -----
    async def api_getMe(self, params: dict) -> dict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True}

    async def api_getUpdates(self, params: dict) -> list[dict]:
        if self.conflicting_polls > 0:  # another process polls with the same token
            self.conflicting_polls -= 1
            raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot "
                                "instance is running")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"])
        if self.allowed_updates:  # like Telegram: update types the bot did not ask for are dropped
            self.updates = [u for u in self.updates if set(u) - {"update_id"} <= set(self.allowed_updates)
                            or not set(u) - {"update_id"}]
        if not self.updates and timeout > 0 and not self._closing:
            # Hold the request until an update arrives (or a failure starts, or the timeout passes).
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        return self.updates[:limit]

    def _check_markup(self, params: dict) -> list[list[tuple[str, str]]]:
        markup = params.get("reply_markup") or {}
        rows = []
        for row in markup.get("inline_keyboard", []):
            out = []
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: button text is empty")
                out.append((button["text"], data or button.get("url") or button.get("switch_inline_query", "")))
            rows.append(out)
        return rows

    def _parse_text(self, text: Any, parse_mode: str | None) -> tuple[str, list[dict]]:
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if parse_mode and parse_mode.upper() == "HTML":
            visible, entities = parse_html(text)
        else:
            visible, entities = text, []
        if utf16_len(visible) > MESSAGE_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return visible, entities

    def _chat_id(self, params: dict) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def _reply_to(self, params: dict) -> int | None:
        rp = params.get("reply_parameters")
        if isinstance(rp, dict):
            return rp.get("message_id")
        return params.get("reply_to_message_id")

    async def api_sendMessage(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        self._refuse_send(chat_id)
        visible, entities = self._parse_text(params.get("text"), params.get("parse_mode"))
        buttons = self._check_markup(params)
        sent = Sent("sendMessage", chat_id, next(self._message_ids), visible, params["text"], entities, buttons,
                    self._reply_to(params), time.perf_counter(), params)
        self._record(chat_id, sent)
        self._record(("method", "sendMessage"), params)
        if self.slow_answer > 0 and (self.slow_left is None or self.slow_left > 0):
            if self.slow_left is not None:
                self.slow_left -= 1
            await asyncio.sleep(self.slow_answer)  # the chat has the message; the answer comes late
        return sent.to_message(self.bot_user, self.chats.get(chat_id, {"id": chat_id, "type": "private"}))

    async def api_editMessageText(self, params: dict) -> dict | bool:
        visible, entities = self._parse_text(params.get("text"), params.get("parse_mode"))
        buttons = self._check_markup(params)
        if "inline_message_id" in params:
            self._record(("method", "editMessageText"), params)
            return True
        chat_id = self._chat_id(params)
        message_id = int(params.get("message_id") or 0)
        previous = [m for m in self.sent_to(chat_id) if m.message_id == message_id]
        if not previous:
            raise ApiError(400, "Bad Request: message to edit not found")
        if previous[-1].html == params["text"] and previous[-1].buttons == buttons:
            raise ApiError(400, "Bad Request: message is not modified")
        sent = Sent("editMessageText", chat_id, message_id, visible, params["text"], entities, buttons, None,
                    time.perf_counter(), params)
        self._record(chat_id, sent)
        self._record(("method", "editMessageText"), params)
        return sent.to_message(self.bot_user, self.chats.get(chat_id, {"id": chat_id, "type": "private"}))

    async def api_sendPhoto(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        caption = params.get("caption") or ""
        visible, entities = parse_html(caption) if caption and params.get("parse_mode") == "HTML" else (caption, [])
        sent = Sent("sendPhoto", chat_id, next(self._message_ids), visible, caption, entities,
                    self._check_markup(params), self._reply_to(params), time.perf_counter(), params)
        self._record(chat_id, sent)
        self._record(("method", "sendPhoto"), params)
        message = sent.to_message(self.bot_user, self.chats.get(chat_id, {"id": chat_id, "type": "private"}))
        message.pop("text")
        message.pop("entities")
        message["photo"] = [{"file_id": f"photo{sent.message_id}", "file_unique_id": f"u{sent.message_id}",
                             "width": 800, "height": 600}]
        if caption:
            message["caption"] = visible
        return message

    async def api_answerCallbackQuery(self, params: dict) -> bool:
        self._record(("callback", str(params.get("callback_query_id"))), params)
        self._record(("method", "answerCallbackQuery"), params)
        return True

    async def api_answerInlineQuery(self, params: dict) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [r.get("id", "") for r in results]
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for r in results:
            content = r.get("input_message_content") or {}
            if "message_text" in content:
                r["_visible"], _ = self._parse_text(content["message_text"], content.get("parse_mode"))
        self._record(("inline", str(params.get("inline_query_id"))), results)
        self._record(("method", "answerInlineQuery"), params)
        return True

    async def api_setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands") or []
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[params.get("language_code") or None] = commands
        self._record(("method", "setMyCommands"), params)
        return True

    async def api_getMyCommands(self, params: dict) -> list[dict]:
        return self.commands.get(params.get("language_code") or None, [])

    def _member(self, chat_id: int, user_id: int) -> dict:
        user = {"id": user_id, "is_bot": user_id == self.bot_id, "first_name": f"user{user_id}"}
        status = self.member_status.get((chat_id, user_id))
        if status is not None and status != "administrator":
            return self._member_dict(status, user)
        if user_id in self.admins.get(chat_id, set()) or status == "administrator":
            rights = dict.fromkeys(
                ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                 "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                 "can_post_stories", "can_edit_stories", "can_delete_stories"), False)
            rights["can_manage_chat"] = True
            return {"status": "administrator", "user": user, **rights}
        return {"status": "member", "user": user}

    async def api_getChatMember(self, params: dict) -> dict:
        return self._member(self._chat_id(params), int(params.get("user_id") or 0))

    async def api_getChatAdministrators(self, params: dict) -> list[dict]:
        chat_id = self._chat_id(params)
        return [self._member(chat_id, uid) for uid in sorted(self.admins.get(chat_id, set()))]

    async def api_deleteWebhook(self, params: dict) -> bool:
        self.webhook_url = ""
        return True

    async def api_setWebhook(self, params: dict) -> bool:
        self.webhook_url = params.get("url", "")
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"])
        self._record(("method", "setWebhook"), params)
        return True

    async def api_getWebhookInfo(self, params: dict) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}


    # ----- chats refusing messages; membership and migration updates -----
    def fail_sends(self, chat_id: int, *errors: ApiError) -> None:
        """Answer the next sends to `chat_id` with these errors, one per send (then normally)."""
        self.send_failures.setdefault(chat_id, []).extend(errors)

    def _refuse_send(self, chat_id: int) -> None:
        queue = self.send_failures.get(chat_id)
        if queue:
            self.failed_requests += 1
            raise queue.pop(0)
        if chat_id in self.forbidden:
            self.failed_requests += 1
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        if chat_id in self.migrated:
            self.failed_requests += 1
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[chat_id]})

    @staticmethod
    def _member_dict(status: str, user: dict) -> dict:
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "kicked":
            return {"status": "kicked", "user": user, "until_date": 0}
        if status == "restricted":
            rights = dict.fromkeys(
                ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                 "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                 "can_send_other_messages", "can_add_web_page_previews", "can_change_info", "can_invite_users",
                 "can_pin_messages", "can_manage_topics"), False)
            return {"status": "restricted", "user": user, "is_member": True, "until_date": 0, **rights}
        return {"status": status, "user": user}  # member, left

    def _my_chat_member(self, chat: dict, by: User, old: str, new: str) -> int:
        self.chats[chat["id"]] = chat
        me = self.bot_user
        if new == "administrator":
            self.admins.setdefault(chat["id"], set()).add(self.bot_id)
            new_member = {**self._member(chat["id"], self.bot_id), "user": me}
        else:
            new_member = self._member_dict(new, me)
        return self._push({"my_chat_member": {
            "chat": chat, "from": by.to_dict(), "date": int(time.time()),
            "old_chat_member": self._member_dict(old, me), "new_chat_member": new_member}})

    def bot_added(self, chat_id: int, *, by: User, title: str = "安全生产群", chat_type: str = "supergroup",
                  status: str = "member") -> int:
        """Someone added the bot to a group (as a member, or "administrator")."""
        return self._my_chat_member({"id": chat_id, "type": chat_type, "title": title}, by, "left", status)

    def bot_removed(self, chat_id: int, *, by: User, title: str = "安全生产群", chat_type: str = "supergroup",
                    status: str = "kicked", was: str = "member") -> int:
        """Someone removed the bot ("kicked"), or it left ("left"); in a private chat: the user blocked it."""
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": by.first_name}
        else:
            chat = {"id": chat_id, "type": chat_type, "title": title}
        return self._my_chat_member(chat, by, was, status)

    def group_migrated(self, old_id: int, new_id: int, *, by: User, title: str = "安全生产群") -> tuple[int, int]:
        """A group became a supergroup: Telegram sends a service message to each of the two chats,
        and from now on refuses messages to the old id."""
        self.migrated[old_id] = new_id
        old_chat = {"id": old_id, "type": "group", "title": title}
        new_chat = {"id": new_id, "type": "supergroup", "title": title}
        self.chats[old_id], self.chats[new_id] = old_chat, new_chat
        first = self._push({"message": {"message_id": next(self._message_ids), "date": int(time.time()),
                                        "chat": old_chat, "from": by.to_dict(), "migrate_to_chat_id": new_id}})
        second = self._push({"message": {"message_id": next(self._message_ids), "date": int(time.time()),
                                         "chat": new_chat, "from": by.to_dict(), "migrate_from_chat_id": old_id}})
        return first, second


def visible(text_html: str) -> str:
    """The text a user sees for an HTML message (for comparisons in tests)."""
    return parse_html(text_html)[0]


__all__ = ["FakeBotAPI", "User", "Sent", "ApiError", "parse_html", "visible", "html", "flood_wait", "bad_gateway"]
