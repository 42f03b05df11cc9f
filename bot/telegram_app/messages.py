"""Replies as plain data, and HTML messages packed to Telegram's length limit.

A `Reply` is what a handler or a feature wants to send: one or more HTML messages and rows of
buttons as (label, callback data) pairs. It holds no python-telegram-bot object; `bot.telegram_app.sending`
turns it into API calls. Every text that comes from a user or from the knowledge base goes through
`html.escape` (a `Block` does it), and messages longer than Telegram's limit are split at sentence
boundaries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

TELEGRAM_LIMIT = 4096  # characters of a message after entity parsing
BUTTON_CHARS = 40  # longer button labels are shortened with an ellipsis
PATH_SEP = " › "

Button = tuple[str, str]  # (label, callback data)


@dataclass(frozen=True)
class Reply:
    """What to send: one or more HTML messages; the buttons go with the last one."""

    parts: Sequence[str]
    rows: tuple[tuple[Button, ...], ...] = ()
    questions: Mapping[str, str] = field(default_factory=dict)  # question_key → question text for q| buttons

    def with_row(self, row: Sequence[Button]) -> Reply:
        return Reply(self.parts, (*self.rows, tuple(row)), self.questions)


def buttons(rows: Iterable[Sequence[Button]]) -> tuple[tuple[Button, ...], ...]:
    """Rows of buttons without the empty ones."""
    return tuple(tuple(r) for r in rows if r)


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Block:
    """A piece of a message: plain `text` (escaped when rendered) in one style, or ready `html`."""

    text: str
    style: str = ""  # "" | b | i | blockquote | html (text is already HTML, never split)
    newline_after: bool = True

    def render(self) -> str:
        if self.style == "html":
            return self.text
        body = html.escape(self.text, quote=False)
        return f"<{self.style}>{body}</{self.style}>" if self.style else body


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


SENTENCE_END = re.compile(r"(?<=[。!?!?;;\n])|(?<=[.?!] )")


def _split_text(text: str, style: str, limit: int) -> list[Block]:
    """Cut one over-long block at sentence boundaries (or, for a single huge sentence, anywhere)."""
    overhead = utf16_len(Block("", style).render())
    pieces = [p for p in SENTENCE_END.split(text) if p]
    out: list[Block] = []
    current = ""
    for piece in pieces:
        while utf16_len(html.escape(piece, quote=False)) + overhead > limit:  # one sentence beyond the limit
            cut = limit - overhead
            while utf16_len(html.escape(piece[:cut], quote=False)) > limit - overhead:
                cut -= max(1, cut // 10)
            if current:
                out.append(Block(current, style, newline_after=False))
                current = ""
            out.append(Block(piece[:cut], style, newline_after=False))
            piece = piece[cut:]
        if current and utf16_len(html.escape(current + piece, quote=False)) + overhead > limit:
            out.append(Block(current, style, newline_after=False))
            current = ""
        current += piece
    if current:
        out.append(Block(current, style))
    return out


def pack(blocks: Iterable[Block], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join blocks into as few messages as possible, each at most `limit` characters of HTML."""
    expanded: list[Block] = []
    for b in blocks:
        if b.style != "html" and utf16_len(b.render()) > limit:
            parts = _split_text(b.text, b.style, limit)
            parts[-1] = Block(parts[-1].text, parts[-1].style, b.newline_after)
            expanded.extend(parts)
        else:
            expanded.append(b)
    messages: list[str] = []
    current = ""
    for b in expanded:
        piece = b.render() + ("\n" if b.newline_after else "")
        if current and utf16_len((current + piece).rstrip("\n")) > limit:
            messages.append(current.rstrip("\n"))
            current = ""
        current += piece
    if current.strip():
        messages.append(current.rstrip("\n"))
    return messages or [""]


def text_reply(text: str) -> Reply:
    """Plain text (escaped) as one or more messages, split between lines."""
    return Reply(pack([Block(line) for line in text.split("\n")]))
