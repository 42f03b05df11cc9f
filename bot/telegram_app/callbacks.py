"""The callback data of inline buttons: at most 64 bytes, fields joined by ``|``, a prefix per kind.

Core prefixes (handled by `bot.telegram_app.handlers.on_button`):

    q|<hash>           ask a question again (hash of its text; texts kept in a `QuestionRegistry`)
    c|<passage gid>    show the whole sub-point a passage stands in
    v|t|<passage gid>  show a passage (t: corrected, o: as the source has it)
    n|t|<node>         outline navigation (node: * | document id | section gid | sub-point gid)
    s|<page>|<word>    a page of /search results
    d|<node>           drill down into the outline from a structure answer (node: …/outline, …/p3, …/p3.2 …)

Features use prefixes of their own (the knowledge keepers' 👍/👎: ``f|``).
"""

from __future__ import annotations

import hashlib

CALLBACK_LIMIT = 64  # bytes of callback_data
CORE_PREFIXES = "qcvnsd"


def cb(*parts: object) -> str:
    """Join callback parts; raise if the result does not fit Telegram's 64 bytes."""
    data = "|".join(str(p) for p in parts)
    if len(data.encode("utf-8")) > CALLBACK_LIMIT:
        raise ValueError(f"callback data longer than {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def fits(*parts: object) -> bool:
    return len("|".join(str(p) for p in parts).encode("utf-8")) <= CALLBACK_LIMIT


def question_key(question: str) -> str:
    """A short stable key for a question text (used in callback data instead of the text)."""
    return hashlib.sha1(question.encode("utf-8")).hexdigest()[:16]
