"""Keep the bot token out of every log line.

The token is part of every Bot API URL (``…/bot<token>/getUpdates``), so any library that logs a URL
or an exception about a request can leak it. Two layers:

* the `httpx` (and `httpcore`) loggers are raised to WARNING, so request lines are not logged at all;
* PTB's DEBUG lines of every Bot API call ("Calling Bot API endpoint `sendMessage` with parameters …",
  "… finished with return value …") keep the endpoint and lose the payload, and so do the webhook
  server's lines with a request body: they hold users' messages and the bot's replies, which no log
  should keep;
* every log record is redacted when it is created (a log-record factory), and every handler present at
  install time also gets a `RedactingFilter`: the message with its arguments merged, the formatted
  exception and the stack text have both the configured token and anything shaped like a token
  (``123456:ABC…``) replaced by ``[REDACTED]``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

TOKEN_PATTERN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}")
REPLACEMENT = "[REDACTED]"
_QUIET_LOGGERS = ("httpx", "httpcore")


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()):
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, REPLACEMENT)
        return TOKEN_PATTERN.sub(REPLACEMENT, text)


_formatter = logging.Formatter()


# PTB's log lines that carry a payload (message texts): format string → the index of that argument.
# telegram/_bot.py logs every call's parameters and result at DEBUG; the webhook server logs every body
# at DEBUG and, for an update it cannot parse, the whole update at CRITICAL.
_PAYLOAD_MESSAGES = {
    "Calling Bot API endpoint `%s` with parameters `%s`": 1,
    "Call to Bot API endpoint `%s` finished with return value `%s`": 1,
    "Webhook received data: %s": 0,
    "Something went wrong processing the data received from Telegram. "
    "Received data was *not* processed! Received data was: %r": 0,
}


def redact_record(record: logging.LogRecord, redact: Redactor) -> logging.LogRecord:
    """Merge the arguments into the message and redact it, the exception and the stack text."""
    if getattr(record, "_redacted", False):
        return record
    at = _PAYLOAD_MESSAGES.get(record.msg) if isinstance(record.msg, str) else None
    if at is not None and isinstance(record.args, tuple) and len(record.args) > at:
        record.args = (*record.args[:at], "[payload not logged]", *record.args[at + 1:])
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what we can
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = _formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
        # The formatted text is kept; the exception object (whose str may hold the token) is dropped.
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._redacted = True
    return record


class RedactingFilter(logging.Filter):
    def __init__(self, redact: Redactor):
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self.redact)
        return True


_state: dict[str, object] = {}


def install(*secrets: str | None) -> Redactor:
    """Redact `secrets` and token-shaped text from all log records from now on (idempotent)."""
    redact = Redactor(s for s in secrets if s)
    previous = _state.get("redactor")
    if isinstance(previous, Redactor):  # keep secrets registered earlier
        redact = Redactor([*previous.secrets, *redact.secrets])
    _state["redactor"] = redact
    if "factory" not in _state:
        base = logging.getLogRecordFactory()
        _state["factory"] = base

        def factory(*args, **kwargs):
            record = base(*args, **kwargs)
            current = _state["redactor"]
            return redact_record(record, current) if isinstance(current, Redactor) else record

        logging.setLogRecordFactory(factory)
    handler_filter = RedactingFilter(redact)
    for handler in logging.getLogger().handlers:
        for f in list(handler.filters):
            if isinstance(f, RedactingFilter):
                handler.removeFilter(f)
        handler.addFilter(handler_filter)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return redact
