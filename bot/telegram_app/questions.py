"""The question texts behind q| buttons: callback data holds only a hash of the text."""

from __future__ import annotations

from collections import OrderedDict

from bot.telegram_app.callbacks import question_key

MAX_REMEMBERED_QUESTIONS = 20_000


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
        return next((q for q in known if question_key(q) == key), None)
