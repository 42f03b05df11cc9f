"""The per-user flood guard: one person cannot flood a chat with questions, nor delay other people's answers.

It runs before any other handler (group -1), so a message over the limit costs a dictionary look-up,
not a search of the speech: one user's burst of 300 questions in a private chat is answered up to the
limit, then one "slow down", then nothing, while other users' answers go out as usual.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class FloodGuard:
    """At most `messages` answered messages per user and chat within `window` seconds.

    The message over the limit gets one short "slow down"; after it the user is ignored in that chat
    until `window` seconds have passed.
    """

    def __init__(self, messages: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.messages, self.window, self.clock = messages, window, clock
        self._recent: dict[tuple[int, int], deque[float]] = {}
        self._muted_until: dict[tuple[int, int], float] = {}

    def check(self, chat_id: int, user_id: int, limit: int | None = None) -> str:
        """'ok' (answer), 'warn' (say slow down, once) or 'silent'; `limit` overrides `messages`."""
        now = self.clock()
        key = (chat_id, user_id)
        if self._muted_until.get(key, float("-inf")) > now:
            return "silent"
        self._muted_until.pop(key, None)
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) < (self.messages if limit is None else limit):
            recent.append(now)
            if len(self._recent) > 50_000:  # forget idle users now and then
                self._recent = {k: v for k, v in self._recent.items() if v and v[-1] > now - self.window}
            return "ok"
        recent.clear()
        self._muted_until[key] = now + self.window
        return "warn"
