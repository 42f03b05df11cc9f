"""What the matcher returns: plain data that every front end (console, JSON, Telegram) renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["answered", "clarify", "no_answer"]
ANSWERED: Status = "answered"
CLARIFY: Status = "clarify"
NO_ANSWER: Status = "no_answer"
# What to ask instead, shown with "not covered" (the points of the documents nearest the question first):
# at most this many, in the console as in Telegram
NO_ANSWER_SUGGESTIONS = 10


@dataclass(frozen=True)
class Answer:
    """One quote (or, for questions about the outline or the document, a composed reply).

    `id` is a global id (``<document>/<local id>``): a sentence id such as
    ``county-safety-2023/p3.2.2.s4`` for a quote, ``…/outline`` or ``…/p3`` for the outline,
    ``…/fact:speaker`` for a fact about the document.
    """

    id: str
    text: str  # corrected text, exactly as quoted
    source: tuple[str, ...]  # title path, e.g. ("第三点 盯重点、下狠劲…", "二要 扎实开展重点领域专项整治", "建筑安全方面")
    score: float
    kind: str = "quote"  # quote | outline | fact
    original: str = ""  # the same span as the source has it (before corrections); "" when not a quote
    passage_id: str = ""  # global id of the passage the quote stands in ("" when not a quote)
    sentence_ids: tuple[str, ...] = ()  # global ids of the quoted sentences


@dataclass(frozen=True)
class Suggestion:
    """A question the bot can answer; asking it again yields the entry `id`."""

    question: str
    id: str
    score: float


@dataclass(frozen=True)
class Result:
    question: str
    status: Status
    answers: tuple[Answer, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    language: str = "zh"  # zh | en: the language the user asked in
    normalized: str = ""  # the question after normalisation (for logs of unanswered questions)
    # The closest curated entry the matcher found, whatever the outcome: for maintainers looking at
    # questions it could not answer (a no_answer's suggestions are the speech's topics, not candidates).
    nearest: Suggestion | None = None

    @property
    def best(self) -> Answer | None:
        return self.answers[0] if self.answers else None

    def to_json_dict(self) -> dict:
        """The public JSON shape of `python -m bot ask --json`."""
        return {
            "question": self.question,
            "status": self.status,
            "answers": [
                {"id": a.id, "text": a.text, "source": list(a.source), "score": round(a.score, 4)} for a in self.answers
            ],
            "suggestions": [
                {"question": s.question, "id": s.id, "score": round(s.score, 4)} for s in self.suggestions
            ],
        }
