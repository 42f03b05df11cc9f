"""Evidence as small functions, combined by weights fitted on labelled questions.

Two linear models (logistic regression, fitted by `benchmarks/fit_signals.py` on the labelled question
files; weights in `bot/qa/signals.json`, read at start-up; no training library at run time):

* **ranking**: for each candidate answer of a question, the log-odds that it is the right passage,
  from `candidate_signals` (coverage of the question's words by the sentence, by a curated phrasing and
  the other way round, fuzzy ratios, whether the candidate fits the question's form …). Candidates are
  ranked by it.
* **decision**: for the best candidate, the probability that quoting it answers the question, from
  `question_signals` (the best candidate's own evidence and its margin over the next passage, and what
  the question says that the speech does not know, split by kind: a thing the speech does not cover, a
  person or place of the asker's situation, an ordinary verb or adverb, a word in a situation clause,
  an unknown English word; whether the question asks for a figure, date or name the answer lacks). The
  fitted thresholds turn it into answered / clarify / no_answer.

Every hand-tuned constant of the earlier rule (agreement bonus, phrase bonus, the share of unknown
words that rejects a question, the answer and clarify thresholds) is now a weight or threshold of these
models; `benchmarks/README.md` gives their fitted and cross-validated accuracy.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from bot.qa import lazyre as re
from bot.qa.lexicon import WordInfo

WEIGHTS_PATH = Path(__file__).with_name("signals.json")

CANDIDATE_SIGNALS = ("cov", "phr", "fuzzy", "exact", "agree", "partial", "form", "fact", "cov_x_form", "enum")
QUESTION_SIGNALS = (
    "rank", "margin", "cov", "phr", "fuzzy", "known", "unk_thing", "unk_unlisted", "unk_person", "unk_other",
    "unk_situation", "unk_en", "specific", "form", "short", "tied", "bridge", "known_intent", "enum",
)

# The decision for a question naming a document that is not the primary one (a law, a notice: 按安全生产法,
# …), fitted on questions about laws (`benchmarks/fit_signals.py --documents`): the speech's decision
# model's log-odds (``decision``) and the share of the question, its name left out, that the document's
# best sentence covers (``cov``). Not shipped (signals.json has no ``document_decision``; the hand-set
# rule decides): on the held-out law sets it turned 4 questions right and 7 into wrong quotes
# (benchmarks/README.md). Tried and dropped there too: the same model for questions naming no document
# (out-of-scope questions answered), and larger signal sets.
DOCUMENT_SIGNALS = ("decision", "cov")

_NOUN_TAGS = frozenset({"n", "nz", "ng", "nt", "j", "vn", "an", "l", "i", "eng", "nrt", "x"})
_PERSON_PLACE_TAGS = frozenset({"nr", "nrfg", "ns", "s", "t", "f", "m", "q", "r"})
_DIGITS = re.compile(r"[0-9〇一二三四五六七八九十百千万]+(?:年|月|日|号|条|元|万|人|个|小时|天|%)")


def word_kind(info: WordInfo) -> str:
    """What kind of word an unknown word is, from general-language evidence only.

    ``person``: a person, place, time or quantity (Cilin A 人 / C 时间与空间; jieba nr, ns, s, t, m …):
    the asker's situation. ``thing``: a noun naming a thing or topic (Cilin B 物 / D 抽象事物, jieba n*,
    vn, j …). ``unlisted``: no dictionary knows it (a new compound: 采砂场, 公积金). ``other``: verbs,
    adverbs, adjectives, particles (想, 私下, 到底) — ordinary language.
    """
    if not info.listed:
        return "unlisted"
    classes = {c[0] for c in info.codes}
    if info.tag in _PERSON_PLACE_TAGS or (classes and classes <= {"A", "C"}):
        return "person"
    if info.tag in _NOUN_TAGS or info.tag.startswith("n") or (classes and classes <= {"B", "D"}):
        return "thing"
    return "other"


def sigmoid(x: float) -> float:
    if x < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class LinearModel:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]  # features are standardised with the training data's mean and scale
    scale: tuple[float, ...]

    def __post_init__(self):
        # z = bias + Σ w (x − μ)/σ = const + Σ (w/σ) x, over the signals present only.
        coef = {n: w / sd for n, w, sd in zip(self.names, self.weights, self.scale, strict=True)}
        object.__setattr__(self, "coef", coef)
        object.__setattr__(self, "const", self.bias - sum(coef[n] * mu for n, mu in zip(self.names, self.mean, strict=True)))

    def logit(self, features: dict[str, float]) -> float:
        coef = self.coef
        z = self.const
        for name, value in features.items():
            c = coef.get(name)
            if c is not None:
                z += c * value
        return z

    @classmethod
    def from_dict(cls, d: dict, names: tuple[str, ...]) -> LinearModel:
        w = d["weights"]
        return cls(names, tuple(float(w.get(n, 0.0)) for n in names), float(d["bias"]),
                   tuple(float(d["mean"].get(n, 0.0)) for n in names),
                   tuple(float(d["scale"].get(n, 1.0)) or 1.0 for n in names))


@dataclass(frozen=True)
class Weights:
    ranking: LinearModel
    decision: LinearModel
    answer_threshold: float  # decision probability at or above which the best candidate is quoted
    clarify_threshold: float  # between the two: suggestions; below: not covered
    lexicon_credit: float  # a lexicon synonym's share of a word's credit (a curated synonym: 0.9)
    extra_answer_margin: float  # an extra quote must be this close to the best one's log-odds
    document: LinearModel | None = None  # the decision for a question naming another document (None: hand-set rule)
    document_answer: float = 0.5  # its answer threshold
    document_clarify: float = 0.5  # and its clarify threshold


def load_weights(path: Path = WEIGHTS_PATH) -> Weights:
    d = json.loads(path.read_text(encoding="utf-8"))
    doc = d.get("document_decision")
    return Weights(
        LinearModel.from_dict(d["ranking"], CANDIDATE_SIGNALS),
        LinearModel.from_dict(d["decision"], QUESTION_SIGNALS),
        float(d["answer_threshold"]), float(d["clarify_threshold"]),
        float(d.get("lexicon_credit", 0.6)), float(d.get("extra_answer_margin", 0.5)),
        LinearModel.from_dict(doc["model"], DOCUMENT_SIGNALS) if doc else None,
        float(doc["answer_threshold"]) if doc else 0.5, float(doc["clarify_threshold"]) if doc else 0.5,
    )


def has_specifics(text: str) -> bool:
    """Whether a passage gives a figure, date, article number or similar that a 'how much' question wants."""
    return bool(_DIGITS.search(text)) or any(ch.isdigit() for ch in text)
