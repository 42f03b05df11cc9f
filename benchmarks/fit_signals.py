"""Fit the matcher's ranking and decision models on labelled questions; write bot/qa/signals.json.

    .venv/bin/python benchmarks/fit_signals.py                 # fit on every labelled file, 5-fold CV, write
    .venv/bin/python benchmarks/fit_signals.py --no-write      # only report
    .venv/bin/python benchmarks/fit_signals.py --folds 10 FILE…

Labelled files (default): ../shared/eval/questions.jsonl, tests/data/questions_*.jsonl.

* **Ranking**: a conditional logit (softmax over a question's candidates; the candidates that quote a
  gold phrase are the right ones) on `CANDIDATE_SIGNALS`, L2-regularised, signals standardised.
  Fitted in rounds: the word-order signal is computed for the leading candidates only, and which
  candidates lead depends on the weights, so features are collected again with the new weights.
* **Decision**: logistic regression on `QUESTION_SIGNALS` of the best candidate; label 1 when the
  question is in scope and the best candidate is right (quoting it is a correct answer).
* **Thresholds** (written with `--threshold-rule cost`; not the default, see benchmarks/README.md round 5):
  the pair of least cost (`COST_*`: in scope told "not covered" 3, a wrong
  quote 2, suggestions for an out-of-scope question 2, suggestions for an in-scope one 1) over
  out-of-fold probabilities — each of four groups of files scored by models fitted without it — since
  the training fit's own probabilities are over-confident on unseen batches. The default (`fit`): the
  answer threshold of best training accuracy and a clarify band down to the first out-of-scope question.
* **Lexicon credit** (a Cilin synonym's share of a word's credit): the value among a few whose
  cross-validated accuracy is best.

Leave-one-batch-out (`--lobo`): per labelled file, ranking, decision and thresholds fitted on all the
other files and the file scored as an unseen batch would be on its first pass (in scope right, out of
scope rejected, in scope told "not covered"), with the thresholds of the training fit and with those of
least cost over out-of-fold probabilities (`cost_thresholds`). Candidate lists, the off-topic flag and
the slot rule are collected once with the shipped weights: a leak for the files those weights were
fitted on (the note in signals.json names them), none for the others. `--lobo --strict` removes it:
per held-out file the whole procedure (two rounds of collecting and refitting) runs without it, and its
questions are collected with the weights so fitted (several minutes).

Cross-validation: k folds over questions (fixed seed); ranking, decision and thresholds are fitted on
k−1 folds and the held-out fold is scored offline from the collected signals and labels (the candidate
lists themselves were collected with the full-data weights: a small leak in which candidates get the
word-order signal). Questions answered outside the models (the outline, a bare greeting, compound
questions) are scored by running the matcher and count the same in every fold.

Documents (`--documents LIBRARY`, a library built by `benchmarks/laws.py --work`): the decision for a
question naming a document that is not the primary one (`Weights.document`), fitted on the law sets
(tests/data/laws_blind_*.jsonl) and the speech's questions that reach it in the library; reported per
held-out set (fitted on the other sets, scored by running the matcher) beside the current rule. Written
to signals.json only with `--ship-documents`.

Hand-set constants (`--constant NAME=V1,V2,…`, optionally `--knowledge LIBRARY` for the law sets): a
module-level threshold of bot/qa/matcher.py (or `extra_answer_margin`) tried at each value with the shipped
weights, every question asked of the matcher; the value of most right answers and the k-fold
cross-validated choice (chosen on k−1 folds, the held-out fold scored) beside the current value on the
same folds. Nothing is written.

The default run prints, beside the fitted and cross-validated accuracy, each fold's held-out accuracy and
the shipped weights scored the same way (offline, on candidates collected with them).

Pure numpy; nothing here is imported at run time.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.qa import intent  # noqa: E402
from bot.qa.evaluate import judge, load_questions  # noqa: E402
from bot.qa.knowledge import load_knowledge  # noqa: E402
from bot.qa.matcher import Matcher  # noqa: E402
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER, Result  # noqa: E402
from bot.qa.signals import (  # noqa: E402
    CANDIDATE_SIGNALS,
    DOCUMENT_SIGNALS,
    QUESTION_SIGNALS,
    WEIGHTS_PATH,
    LinearModel,
    Weights,
    has_specifics,
    load_weights,
)

L2_RANK = 0.3
L2_DECIDE = 1.0
MAX_CANDIDATES = 20


@dataclass
class Item:
    qid: str
    in_scope: bool
    modelled: bool  # decided by the models (else: outcome fixed)
    fixed_ok: bool  # outcome when not modelled
    cands: np.ndarray  # candidates × CANDIDATE_SIGNALS
    labels: np.ndarray  # candidate quotes a gold phrase
    passages: list[str]
    specific: np.ndarray  # per candidate: "asks specifics" and the candidate has none
    tied: float  # question signal that depends on the candidate list, not on the ranking weights
    base: dict[str, float]  # question signals that do not depend on the ranking
    file: str = ""  # the labelled file the question comes from (the fold of leave-one-batch-out)
    fixed_status: str = ""  # answered / clarify / no_answer when not modelled
    covered: bool = False  # every word of the question is the speech's: below the clarify threshold, clarify
    off_topic: bool = False  # `Matcher.off_topic` on the collected best candidate: not covered whatever p


def collect(matcher: Matcher, questions, files: list[str] | None = None) -> list[Item]:
    items = []
    for n, it in enumerate(questions):
        file = files[n] if files else ""
        q = matcher.index.parse(it.question[:300])
        in_scope = it.expect != NO_ANSWER
        structural = bool(q.normalized) and matcher.structure(q) is not None
        compound = q.language == "zh" and intent.compound_parts(q.normalized) is not None
        if not q.normalized or structural or not q.substantive or compound:
            res = matcher.ask(it.question)
            items.append(Item(it.id, in_scope, False, judge(it, res).correct, np.zeros((0, len(CANDIDATE_SIGNALS))),
                              np.zeros(0), [], np.zeros(0), 0.0, {}, file, res.status))
            continue
        a = matcher.analyse(q)
        if a.candidates and not a.candidates[0].signals.get("exact") and matcher.slot_unfilled(q, a):
            # The asked-for slot rule decides (not covered), whatever the models say. (The no-topic rule,
            # `Matcher.off_topic`, decides too, but its questions stay in the training data: they are
            # the model's examples of weak evidence.)
            res = matcher.ask(it.question)
            items.append(Item(it.id, in_scope, False, judge(it, res).correct, np.zeros((0, len(CANDIDATE_SIGNALS))),
                              np.zeros(0), [], np.zeros(0), 0.0, {}, file, res.status))
            continue
        cands = a.candidates[:MAX_CANDIDATES]
        rows, labels, passages, specific = [], [], [], []
        for c in cands:
            rows.append([c.signals.get(n, 0.0) for n in CANDIDATE_SIGNALS])
            ans = matcher._render(c, 1.0)
            ok = in_scope and judge(it, Result(it.question, ANSWERED, (ans,))).correct
            labels.append(float(ok))
            passages.append(matcher._passage_of(c))
            specific.append(float(intent.SPECIFIC in a.form.kinds and not has_specifics(matcher._compact_text(c))))
        base = {k: v for k, v in a.signals.items() if k.startswith("unk_") or k in ("known", "short", "tied", "bridge", "known_intent")}
        items.append(Item(it.id, in_scope, True, False, np.array(rows).reshape(-1, len(CANDIDATE_SIGNALS)),
                          np.array(labels), passages, np.array(specific), 0.0, base, file, "",
                          all(c.known for c in q.concepts), bool(a.candidates) and matcher.off_topic(q, a)))
    return items


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = x.mean(axis=0) if len(x) else np.zeros(x.shape[1])
    sd = x.std(axis=0) if len(x) else np.ones(x.shape[1])
    sd[sd < 1e-9] = 1.0
    return mu, sd


def fit_ranking(items: list[Item]) -> LinearModel:
    groups = [it for it in items if it.modelled and len(it.labels) > 1 and 0 < it.labels.sum() < len(it.labels)]
    allx = np.vstack([it.cands for it in items if it.modelled and len(it.cands)])
    mu, sd = _standardise(allx)
    xs = [(it.cands - mu) / sd for it in groups]
    ys = [it.labels for it in groups]
    w = np.zeros(len(CANDIDATE_SIGNALS))
    w[CANDIDATE_SIGNALS.index("cov")] = 1.0
    for _ in range(60):  # Newton steps on the conditional logit
        grad = L2_RANK * w
        hess = L2_RANK * np.eye(len(w))
        for x, y in zip(xs, ys, strict=True):
            z = x @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            py = p * y
            q = py / py.sum() if py.sum() > 0 else y / y.sum()  # every right candidate underflowed: no NaN
            grad -= x.T @ (q - p)
            ex_p, ex_q = x.T @ p, x.T @ q
            hess += (x.T * p) @ x - np.outer(ex_p, ex_p) - ((x.T * q) @ x - np.outer(ex_q, ex_q))
        step = np.linalg.solve(hess + 1e-6 * np.eye(len(w)), grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return LinearModel(CANDIDATE_SIGNALS, tuple(map(float, w)), 0.0, tuple(map(float, mu)), tuple(map(float, sd)))


def _top(it: Item, ranking: LinearModel) -> tuple[int, np.ndarray]:
    z = np.array([ranking.logit(dict(zip(CANDIDATE_SIGNALS, row, strict=True))) for row in it.cands])
    order = sorted(range(len(z)), key=lambda i: (-round(z[i], 6), i))
    return order[0], z


def question_row(it: Item, ranking: LinearModel) -> tuple[list[float], bool]:
    i, z = _top(it, ranking)
    sig = dict(zip(CANDIDATE_SIGNALS, it.cands[i], strict=True))
    others = [z[j] for j in range(len(z)) if it.passages[j] != it.passages[i]]
    runner = max(others) if others else z[i] - 5.0
    row = {"rank": z[i], "margin": min(z[i] - runner, 5.0), "cov": sig["cov"], "phr": sig["phr"],
           "fuzzy": sig["fuzzy"], "form": sig["form"], "enum": sig["enum"], "specific": it.specific[i], **it.base}
    return [row.get(n, 0.0) for n in QUESTION_SIGNALS], bool(it.labels[i])


# Question signals left out of the decision fit (`--drop-decision`): their weight is 0 in signals.json.
DECISION_DROP: set[str] = set()


def fit_decision(items: list[Item], ranking: LinearModel) -> LinearModel:
    rows, ys = [], []
    for it in items:
        if it.modelled and len(it.cands):
            r, ok = question_row(it, ranking)
            rows.append(r)
            ys.append(float(ok))
    x, y = np.array(rows), np.array(ys)
    for i, name in enumerate(QUESTION_SIGNALS):
        if name in DECISION_DROP:
            x[:, i] = 0.0  # constant: standardised to 0, so its weight stays 0
    return _logistic(QUESTION_SIGNALS, x, y, L2_DECIDE)


def _logistic(names, x: np.ndarray, y: np.ndarray, l2: float) -> LinearModel:
    """L2-regularised logistic regression (Newton steps) on standardised signals; the bias unregularised."""
    mu, sd = _standardise(x)
    xs = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(xs.shape[1])
    reg = l2 * np.eye(len(w))
    reg[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xs @ w)))
        grad = xs.T @ (p - y) + reg @ w
        hess = (xs.T * (p * (1 - p))) @ xs + reg
        step = np.linalg.solve(hess + 1e-6 * np.eye(len(w)), grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return LinearModel(tuple(names), tuple(map(float, w[1:])), float(w[0]), tuple(map(float, mu)),
                       tuple(map(float, sd)))


def probabilities(items: list[Item], ranking: LinearModel, decision: LinearModel) -> list[tuple[float, bool, bool]]:
    """(probability, top is right, in scope) per modelled question."""
    out = []
    for it in items:
        if not it.modelled:
            continue
        if not len(it.cands):
            out.append((0.0, False, it.in_scope))
            continue
        r, ok = question_row(it, ranking)
        z = decision.logit(dict(zip(QUESTION_SIGNALS, r, strict=True)))
        out.append((1 / (1 + math.exp(-max(min(z, 35), -35))), ok, it.in_scope))
    return out


def fit_thresholds(probs) -> tuple[float, float]:
    grid = sorted({round(p, 4) for p, _, _ in probs} | {0.5})
    best_t, best = 0.5, -1
    for t in grid:
        acc = sum((p >= t and ok) or (p < t and not ins) for p, ok, ins in probs)
        if acc > best or (acc == best and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best = t, acc
    clarify, best_gain = best_t, 0.0
    for t in sorted(grid, reverse=True):
        if t >= best_t:
            continue
        band = [(ok, ins) for p, ok, ins in probs if t <= p < best_t]
        if not all(ins for _, ins in band):
            break  # an out-of-scope question offered suggestions is one not rejected: no band reaches it
        gain = 0.5 * sum(ins for _, ins in band)
        if gain > best_gain:
            clarify, best_gain = t, gain
    return best_t, clarify


# The cost of each outcome of the decision (what a user loses), for thresholds chosen by cost: an
# in-scope question told "not covered" is the costliest (the user leaves believing the speech is silent),
# a wrong quote next (in scope, or an out-of-scope question answered), suggestions for an in-scope
# question cheaper (the right passage is often among them). Suggestions for an out-of-scope question
# are a rejection missed: priced like a wrong quote. (Pricing a missed rejection at 3 chose the same
# thresholds in every fold.)
COST_NOT_COVERED = 3.0
COST_WRONG = 2.0
COST_CLARIFY = 1.0
COST_MISSED = 2.0


@dataclass(frozen=True)
class Decided:
    """One modelled question under a ranking and decision model, before the thresholds."""

    p: float
    right: bool  # the top candidate quotes a gold phrase
    in_scope: bool
    covered: bool
    off_topic: bool
    exact: bool
    vague: bool


def decide(items: list[Item], ranking: LinearModel, decision: LinearModel) -> dict[tuple[str, str], Decided]:
    out = {}
    for it in items:
        if not it.modelled:
            continue
        if not len(it.cands):
            out[(it.file, it.qid)] = Decided(0.0, False, it.in_scope, it.covered, it.off_topic, False, False)
            continue
        r, ok = question_row(it, ranking)
        sig = dict(zip(QUESTION_SIGNALS, r, strict=True))
        z = decision.logit(sig)
        i, _ = _top(it, ranking)
        exact = bool(it.cands[i][CANDIDATE_SIGNALS.index("exact")] > 0)
        out[(it.file, it.qid)] = Decided(1 / (1 + math.exp(-max(min(z, 35), -35))), ok, it.in_scope, it.covered,
                              it.off_topic, exact, Matcher._vague(sig))
    return out


def status(d: Decided, answer_t: float, clarify_t: float) -> str:
    """What `Matcher._ask` does with the best candidate (after the outline, compound and slot rules)."""
    if d.p < clarify_t and not d.covered and not d.exact:
        return NO_ANSWER
    if not d.exact and d.off_topic:
        return NO_ANSWER
    if d.exact or (d.p >= answer_t and not d.vague):
        return ANSWERED
    return CLARIFY


def cost(d: Decided, st: str) -> float:
    if d.in_scope:
        if st == ANSWERED:
            return 0.0 if d.right else COST_WRONG
        return COST_CLARIFY if st == CLARIFY else COST_NOT_COVERED
    return 0.0 if st == NO_ANSWER else (COST_MISSED if st == CLARIFY else COST_WRONG)


def cost_thresholds(decided: list[Decided]) -> tuple[float, float]:
    """Answer and clarify thresholds of least total cost over (out-of-fold) probabilities."""
    if not decided:
        return 0.5, 0.5
    p = np.array([d.p for d in decided])
    right = np.array([d.right for d in decided])
    ins = np.array([d.in_scope for d in decided])
    cov = np.array([d.covered for d in decided])
    off = np.array([d.off_topic for d in decided])
    exact = np.array([d.exact for d in decided])
    vague = np.array([d.vague for d in decided])
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    best = (math.inf, 0.5, 0.5)
    for a in grid:
        for c in grid[grid <= a + 1e-9]:
            no = ((p < c) & ~cov & ~exact) | (~exact & off)
            ans = ~no & (exact | ((p >= a) & ~vague))
            cla = ~no & ~ans
            total = (np.where(ins, np.where(ans, np.where(right, 0.0, COST_WRONG),
                                            np.where(cla, COST_CLARIFY, COST_NOT_COVERED)),
                              np.where(no, 0.0, np.where(cla, COST_MISSED, COST_WRONG)))).sum()
            # ties: the answer threshold nearest 0.5, then the narrower band
            key = (total, abs(a - 0.5), a - c)
            if key < (best[0], abs(best[1] - 0.5), best[1] - best[2]):
                best = (total, float(a), float(c))
    return best[1], best[2]


def score(items: list[Item], ranking, decision, answer_t) -> int:
    ok = sum(it.fixed_ok for it in items if not it.modelled)
    for p, right, ins in probabilities(items, ranking, decision):
        ok += (p >= answer_t and right) or (p < answer_t and not ins)
    return ok


def fit_all(items: list[Item]):
    ranking = fit_ranking(items)
    decision = fit_decision(items, ranking)
    answer_t, clarify_t = fit_thresholds(probabilities(items, ranking, decision))
    return ranking, decision, answer_t, clarify_t


def cross_validate(items: list[Item], folds: int, seed: int = 7) -> tuple[int, int]:
    per_fold = cross_validate_folds(items, folds, seed)
    return sum(ok for ok, _ in per_fold), len(items)


def cross_validate_folds(items: list[Item], folds: int, seed: int = 7) -> list[tuple[int, int]]:
    """(right, questions) of each held-out fold: the spread of the cross-validated figure."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(items))
    out = []
    for k in range(folds):
        test_idx = set(order[k::folds].tolist())
        train = [it for i, it in enumerate(items) if i not in test_idx]
        test = [it for i, it in enumerate(items) if i in test_idx]
        ranking, decision, answer_t, _ = fit_all(train)
        out.append((score(test, ranking, decision, answer_t), len(test)))
    return out


@dataclass
class Tally:
    in_n: int = 0
    in_ok: int = 0
    in_not_covered: int = 0
    in_clarify: int = 0
    oos_n: int = 0
    oos_rejected: int = 0

    def add(self, in_scope: bool, ok: bool, st: str) -> None:
        if in_scope:
            self.in_n += 1
            self.in_ok += ok
            self.in_not_covered += st == NO_ANSWER
            self.in_clarify += st == CLARIFY
        else:
            self.oos_n += 1
            self.oos_rejected += st == NO_ANSWER

    def __iadd__(self, o: Tally) -> Tally:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        return self

    def line(self, name: str) -> str:
        pct = lambda a, b: f"{a}/{b} = {a / b:.1%}" if b else "—"  # noqa: E731
        return (f"| {name} | {pct(self.in_ok, self.in_n)} | {pct(self.oos_rejected, self.oos_n)} | "
                f"{pct(self.in_not_covered, self.in_n)} | {self.in_clarify} |")


def tally(items: list[Item], decided: dict[tuple[str, str], Decided], answer_t: float, clarify_t: float) -> Tally:
    t = Tally()
    for it in items:
        if not it.modelled:
            t.add(it.in_scope, it.fixed_ok, it.fixed_status)
            continue
        d = decided[(it.file, it.qid)]
        st = status(d, answer_t, clarify_t)
        t.add(it.in_scope, st == ANSWERED and d.right if it.in_scope else st == NO_ANSWER, st)
    return t


def out_of_fold(items: list[Item], groups: int) -> list[Decided]:
    """Decision inputs of every modelled question from models fitted without its file's group (the
    files dealt round-robin into `groups` groups): probabilities as an unseen batch would get them."""
    files = sorted({it.file for it in items})
    group = {f: i % groups for i, f in enumerate(files)}
    out: list[Decided] = []
    for g in range(min(groups, len(files))):
        train = [it for it in items if group[it.file] != g]
        test = [it for it in items if group[it.file] == g]
        ranking = fit_ranking(train)
        decision = fit_decision(train, ranking)
        out.extend(decide(test, ranking, decision).values())
    return out


def leave_one_batch_out(items: list[Item], mode: str, inner: int = 4) -> dict[str, tuple[Tally, float, float]]:
    """Per labelled file: ranking, decision and thresholds fitted on all the other files, the file scored
    as an unseen batch would be on its first pass. `mode` "fit": thresholds of the training fit (the
    shipped procedure); "cost": thresholds of least cost over the training files' out-of-fold
    probabilities (`inner` groups of files)."""
    out = {}
    for f in sorted({it.file for it in items}):
        train = [it for it in items if it.file != f]
        test = [it for it in items if it.file == f]
        ranking, decision, answer_t, clarify_t = fit_all(train)
        if mode == "cost":
            answer_t, clarify_t = cost_thresholds(out_of_fold(train, inner))
        out[f] = (tally(test, decide(test, ranking, decision), answer_t, clarify_t), answer_t, clarify_t)
    return out


def strict_leave_one_batch_out(kb, questions, origin: list[str], weights: Weights, rounds: int = 2
                               ) -> dict[str, dict[str, tuple[Tally, float, float]]]:
    """Leave-one-batch-out without the leak: per held-out file the whole procedure — rounds of collecting
    candidates and refitting — runs on the other files only, and every question (the held-out file's
    too) is collected with the weights so fitted. Both threshold rules; several minutes."""
    out: dict[str, dict[str, tuple[Tally, float, float]]] = {"fit": {}, "cost": {}}
    for f in dict.fromkeys(origin):
        keep = [i for i, o in enumerate(origin) if o != f]
        w = weights
        for _ in range(rounds):
            items = collect(Matcher(kb, None, w), [questions[i] for i in keep], [origin[i] for i in keep])
            ranking, decision, answer_t, clarify_t = fit_all(items)
            w = replace(w, ranking=ranking, decision=decision, answer_threshold=answer_t, clarify_threshold=clarify_t)
        items = collect(Matcher(kb, None, w), questions, origin)
        train = [it for it in items if it.file != f]
        test = [it for it in items if it.file == f]
        ranking, decision, answer_t, clarify_t = fit_all(train)
        decided = decide(test, ranking, decision)
        out["fit"][f] = (tally(test, decided, answer_t, clarify_t), answer_t, clarify_t)
        answer_t, clarify_t = cost_thresholds(out_of_fold(train, 4))
        out["cost"][f] = (tally(test, decided, answer_t, clarify_t), answer_t, clarify_t)
    return out


def print_lobo(results: dict[str, tuple[Tally, float, float]], title: str) -> None:
    print(f"\nleave-one-batch-out ({title})")
    print("| held-out file | in scope right | out of scope rejected | in scope told not covered | in scope clarify |"
          " answer / clarify threshold |")
    print("|---|---|---|---|---|---|")
    blind, recent = Tally(), Tally()
    names = sorted(Path(f).stem.replace("questions_", "") for f in results if "blind" in f)
    newest = set(names[-6:])  # the last six batches written
    for f, (t, a, c) in results.items():
        name = Path(f).stem.replace("questions_", "")
        print(t.line(name) + f" {a:.2f} / {c:.2f} |")
        if "blind" in name:
            blind += t
            if name in newest:
                recent += t
    print(blind.line(f"all blind {_span(names)}"))
    print(recent.line(f"newest six, blind {_span(sorted(newest))}"))


def _span(names: list[str]) -> str:
    """blind_a … blind_v → A–V (the batches' letters)."""
    return f"{names[0][-1].upper()}–{names[-1][-1].upper()}" if names else ""


def model_dict(m: LinearModel) -> dict:
    return {"bias": round(m.bias, 6), "weights": {n: round(w, 6) for n, w in zip(m.names, m.weights, strict=True)},
            "mean": {n: round(v, 6) for n, v in zip(m.names, m.mean, strict=True)},
            "scale": {n: round(v, 6) for n, v in zip(m.names, m.scale, strict=True)}}


def run(files: list[str], folds: int, credit: float, rounds: int, base: Weights):
    kb = load_knowledge(load_config(ROOT / "config.yaml").knowledge_path)
    questions = [q for f in files for q in load_questions(f)]
    weights = replace(base, lexicon_credit=credit)
    for _ in range(rounds):
        matcher = Matcher(kb, None, weights)
        items = collect(matcher, questions)
        ranking, decision, answer_t, clarify_t = fit_all(items)
        weights = replace(weights, ranking=ranking, decision=decision, answer_threshold=answer_t,
                          clarify_threshold=clarify_t)
    matcher = Matcher(kb, None, weights)
    items = collect(matcher, questions)
    fitted = score(items, weights.ranking, weights.decision, weights.answer_threshold)
    per_fold = cross_validate_folds(items, folds)
    print("  per fold: " + ", ".join(f"{ok}/{n} = {ok / n:.1%}" for ok, n in per_fold))
    # The shipped models scored the same way on the same questions (collected with the shipped weights).
    shipped_items = collect(Matcher(kb, None, base), questions)
    shipped = score(shipped_items, base.ranking, base.decision, base.answer_threshold)
    print(f"  shipped weights, scored the same way: {shipped}/{len(shipped_items)} = {shipped / len(shipped_items):.1%}")
    return weights, fitted, (sum(ok for ok, _ in per_fold), len(items)), len(items)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--credits", default="0.5,0.7")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--lobo", action="store_true",
                    help="leave-one-batch-out: per held-out file, the first pass of an unseen batch (no fit is written)")
    ap.add_argument("--strict", action="store_true",
                    help="with --lobo: refit and recollect per held-out file (no leak; several minutes)")
    ap.add_argument("--thresholds", choices=("fit", "cost", "both"), default="both",
                    help="with --lobo: thresholds of the training fit, of least out-of-fold cost, or both")
    ap.add_argument("--threshold-rule", choices=("cost", "fit"), default="fit",
                    help="thresholds written: the training fit's (default), or least cost over out-of-fold "
                         "probabilities (measured better by --lobo, not shipped: see benchmarks/README.md)")
    ap.add_argument("--documents", metavar="LIBRARY",
                    help="fit the decision for other documents' answers on the law sets (tests/data/laws_blind_*.jsonl) "
                         "in LIBRARY (a knowledge folder built by benchmarks/laws.py --work); report it per held-out set")
    ap.add_argument("--ship-documents", action="store_true",
                    help="with --documents: write the fit on all three sets to bot/qa/signals.json "
                         "(not done by default: it did not earn its place, benchmarks/README.md)")
    ap.add_argument("--drop-decision", default="",
                    help="question signals to leave out of the decision model, comma-separated (e.g. short)")
    ap.add_argument("--constant", metavar="NAME=V1,V2,…",
                    help="a hand-set constant of bot/qa/matcher.py (or extra_answer_margin): each value run with the "
                         "shipped weights on FILES (or, with --knowledge, the law sets in that library); the value of "
                         "best training accuracy and the k-fold cross-validated choice reported (nothing written)")
    ap.add_argument("--knowledge", metavar="LIBRARY", help="with --constant: ask the law sets of this library")
    args = ap.parse_args(argv)
    if args.constant:
        name, values = args.constant.split("=")
        return constant_report(name, [float(v) for v in values.split(",")], args.files, args.knowledge, args.folds)
    DECISION_DROP.update(n for n in args.drop_decision.split(",") if n)
    files = args.files or [str(ROOT.parent / "shared/eval/questions.jsonl"),
                           *sorted(glob.glob(str(ROOT / "tests/data/questions_*.jsonl")))]
    base = load_weights()
    if args.documents:
        return documents_report(Path(args.documents), base, args.ship_documents)
    if args.lobo:
        return lobo_report(files, base, args.thresholds, args.strict)
    results = []
    for credit in (float(c) for c in args.credits.split(",")):
        weights, fitted, (cv_ok, n), _ = run(files, args.folds, credit, args.rounds, base)
        print(f"lexicon credit {credit}: fitted {fitted}/{n} = {fitted / n:.1%}   "
              f"{args.folds}-fold cross-validated {cv_ok}/{n} = {cv_ok / n:.1%}")
        results.append((cv_ok, fitted, credit, weights))
    cv_ok, fitted, credit, weights = max(results, key=lambda r: (r[0], r[1], -r[2]))
    if args.threshold_rule == "cost":
        # Calibrated: thresholds of least cost over out-of-fold probabilities (each group of files scored
        # by models fitted without it), not over the training fit's own, over-confident ones.
        kb = load_knowledge(load_config(ROOT / "config.yaml").knowledge_path)
        questions, origin = load_with_origin(files)
        items = collect(Matcher(kb, None, weights), questions, origin)
        answer_t, clarify_t = cost_thresholds(out_of_fold(items, 4))
        weights = replace(weights, answer_threshold=answer_t, clarify_threshold=clarify_t)
        fitted = score(items, weights.ranking, weights.decision, answer_t)
    print(f"chosen lexicon credit {credit}; answer threshold {weights.answer_threshold:.3f}, "
          f"clarify threshold {weights.clarify_threshold:.3f}")
    for m in (weights.ranking, weights.decision):
        print("  " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(m.names, m.weights, strict=True)))
    if not args.no_write:
        data = {
            "note": "fitted by benchmarks/fit_signals.py on " + ", ".join(Path(f).name for f in files)
                    + f"; fitted accuracy {fitted}/{len(load_all(files))}, {args.folds}-fold CV {cv_ok}",
            "ranking": model_dict(weights.ranking), "decision": model_dict(weights.decision),
            "answer_threshold": round(weights.answer_threshold, 6),
            "clarify_threshold": round(weights.clarify_threshold, 6),
            "lexicon_credit": credit, "extra_answer_margin": weights.extra_answer_margin,
        }
        WEIGHTS_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)}")
    return 0


def lobo_report(files: list[str], weights: Weights, thresholds: str, strict: bool = False) -> int:
    """Leave-one-batch-out over `files`, candidates collected once with `weights` (the shipped ones)."""
    kb = load_knowledge(load_config(ROOT / "config.yaml").knowledge_path)
    questions, origin = load_with_origin(files)
    if strict:
        results = strict_leave_one_batch_out(kb, questions, origin, weights)
        for mode in ("fit", "cost") if thresholds == "both" else (thresholds,):
            print_lobo(results[mode], "strict, " + ("thresholds of the training fit" if mode == "fit"
                                                    else "thresholds of least cost over out-of-fold probabilities"))
        return 0
    items = collect(Matcher(kb, None, weights), questions, origin)
    shipped = decide(items, weights.ranking, weights.decision)
    print("shipped weights and thresholds "
          f"({weights.answer_threshold:.3f} / {weights.clarify_threshold:.3f}), per file (files they were fitted on "
          "are not held out):")
    for f in files:
        test = [it for it in items if it.file == f]
        print(tally(test, shipped, weights.answer_threshold, weights.clarify_threshold).line(Path(f).stem))
    for mode in ("fit", "cost") if thresholds == "both" else (thresholds,):
        print_lobo(leave_one_batch_out(items, mode), "thresholds of the training fit" if mode == "fit"
                   else "thresholds of least cost over out-of-fold probabilities")
    return 0


def constant_report(name: str, values: list[float], files: list[str], library: str | None, folds: int) -> int:
    """A hand-set constant chosen like a fitted weight: per value, every question asked of the matcher (the
    shipped weights, the rules outside the models included); the value of most right answers on all
    questions, and k-fold cross-validated (the value chosen on k−1 folds, the held-out fold scored; ties
    to the value nearest the current one). Reported per fold; nothing is written."""
    from bot.qa import matcher as matcher_module

    if library:
        files = files or [*sorted(str(f) for f in (ROOT / "tests" / "data").glob("laws_blind_*.jsonl")),
                          str(ROOT.parent / "shared/eval/questions.jsonl")]
        kb = load_knowledge(Path(library))
    else:
        files = files or [str(ROOT.parent / "shared/eval/questions.jsonl"),
                          *sorted(glob.glob(str(ROOT / "tests/data/questions_*.jsonl")))]
        kb = load_knowledge(load_config(ROOT / "config.yaml").knowledge_path)
    questions = load_all(files)
    base = load_weights()
    weight = name == "extra_answer_margin"
    current = base.extra_answer_margin if weight else getattr(matcher_module, name)
    values = [current if abs(v - current) < 1e-4 else v for v in values]  # 0.3333 for 1/3
    right = {}
    try:
        for v in values:
            if weight:
                m = Matcher(kb, None, replace(base, extra_answer_margin=v))
            else:
                setattr(matcher_module, name, v)
                m = Matcher(kb, None, base)
            right[v] = np.array([judge(it, m.ask(it.question)).correct for it in questions])
    finally:
        if not weight:
            setattr(matcher_module, name, current)
    n = len(questions)

    def best(idx) -> float:
        return max(values, key=lambda v: (int(right[v][idx].sum()), -abs(v - current)))

    for v in values:
        print(f"{name} = {v:g}: {int(right[v].sum())}/{n} = {right[v].mean():.1%}" + ("  (current)" if v == current else ""))
    order = np.random.default_rng(7).permutation(n)
    cv, cur = 0, 0
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        v = best(train)
        ok = int(right[v][test].sum())
        cv += ok
        c = int(right[current][test].sum()) if current in right else -1
        cur += c
        print(f"  fold {k + 1}: chosen {v:g}, held out {ok}/{len(test)} (current value {c})")
    print(f"fitted: {best(np.arange(n)):g}; {folds}-fold cross-validated {cv}/{n} = {cv / n:.1%}; "
          f"the current value {current:g} on the same folds {cur}/{n}")
    return 0


def load_all(files):
    return [q for f in files for q in load_questions(f)]


def load_with_origin(files) -> tuple[list, list[str]]:
    """Every question of `files`, and beside each the file it comes from (folds are grouped by file)."""
    questions, origin = [], []
    for f in files:
        qs = load_questions(f)
        questions += qs
        origin += [f] * len(qs)
    return questions, origin



# --documents: the decision for an answer from a document that is not the primary one (a law, a notice).
L2_DOCUMENT = 1.0
SPEECH_GROUPS = 3


@dataclass
class DocItem:
    signals: dict[str, float]
    right: bool  # quoting the best candidate answers the question
    in_scope: bool


def collect_documents(matcher: Matcher, questions) -> list[DocItem]:
    """The questions `Matcher._document_decision` decides with a free hand (asked once, not as two parts;
    no curated phrasing asked as written, no unfilled slot), with their signals and whether the quote is
    right. The others are decided without the model: scoring runs the matcher."""
    out = []
    for it in questions:
        matcher.trace = []
        matcher.ask(it.question)
        trace, matcher.trace = matcher.trace, None
        if len(trace) != 1 or trace[0][1] is not None:
            continue
        signals, _, answer = trace[0]
        in_scope = it.expect != NO_ANSWER
        right = in_scope and judge(it, Result(it.question, ANSWERED, (answer,))).correct
        out.append(DocItem(signals, right, in_scope))
    return out


def fit_document(items: list[DocItem]) -> LinearModel:
    x = np.array([[d.signals.get(n, 0.0) for n in DOCUMENT_SIGNALS] for d in items])
    y = np.array([float(d.right) for d in items])
    return _logistic(DOCUMENT_SIGNALS, x, y, L2_DOCUMENT)


def document_thresholds(groups: list[list[DocItem]]) -> tuple[float, float]:
    """Answer and clarify thresholds of least cost (`COST_*`) over out-of-fold probabilities: each set scored
    by the model fitted on the others."""
    p, right, ins = [], [], []
    for i, g in enumerate(groups):
        model = fit_document([d for j, h in enumerate(groups) if j != i for d in h])
        for d in g:
            p.append(1 / (1 + math.exp(-max(min(model.logit(d.signals), 35), -35))))
            right.append(d.right)
            ins.append(d.in_scope)
    p, right, ins = np.array(p), np.array(right), np.array(ins)
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    best = (math.inf, 0.5, 0.5)
    for a in grid:
        for c in grid[grid <= a + 1e-9]:
            ans, no = p >= a, p < c
            total = np.where(ins, np.where(ans, np.where(right, 0.0, COST_WRONG), np.where(no, COST_NOT_COVERED, COST_CLARIFY)),
                             np.where(no, 0.0, np.where(ans, COST_WRONG, COST_MISSED))).sum()
            if (total, abs(a - 0.5), a - c) < (best[0], abs(best[1] - 0.5), best[1] - best[2]):
                best = (total, float(a), float(c))
    return best[1], best[2]


def document_weights(base: Weights, groups: list[list[DocItem]]) -> Weights:
    answer_t, clarify_t = document_thresholds(groups)
    return replace(base, document=fit_document([d for g in groups for d in g]), document_answer=answer_t,
                   document_clarify=clarify_t)


def law_tally(questions, matcher: Matcher) -> str:
    """right, wrong quotes, "did you mean" and "not covered" for in-scope questions; out of scope rejected."""
    right = wrong = clarify = uncovered = oos = oos_ok = 0
    for it in questions:
        res = matcher.ask(it.question)
        if it.expect == NO_ANSWER:
            oos += 1
            oos_ok += res.status == NO_ANSWER
        elif res.status == ANSWERED:
            ok = judge(it, res).correct
            right += ok
            wrong += not ok
        else:
            clarify += res.status == CLARIFY
            uncovered += res.status == NO_ANSWER
    n = len(questions)
    return (f"right {right + oos_ok}/{n}  in scope: wrong quote {wrong}, did you mean {clarify}, "
            f"not covered {uncovered} of {n - oos}; out of scope rejected {oos_ok}/{oos}")


def documents_report(library: Path, base: Weights, write: bool) -> int:
    sets = sorted((ROOT / "tests" / "data").glob("laws_blind_*.jsonl"))
    questions = [load_questions(f) for f in sets]
    matcher = Matcher(load_knowledge(library), None, base)
    # The collected signals do not depend on the model: any model sends these questions its way.
    probe = replace(base, document=LinearModel(DOCUMENT_SIGNALS, (0.0,) * len(DOCUMENT_SIGNALS), 0.0,
                                               (0.0,) * len(DOCUMENT_SIGNALS), (1.0,) * len(DOCUMENT_SIGNALS)))
    matcher.weights = probe
    groups = [collect_documents(matcher, qs) for qs in questions]
    # The speech's labelled questions whose best answer in the library is another document's: nearly all
    # out of scope (a law quoted for 酒驾怎么处罚 is no answer the speech's users asked for), always in
    # training, in SPEECH_GROUPS groups by file for the out-of-fold thresholds.
    speech_files = [ROOT.parent / "shared" / "eval" / "questions.jsonl", *sorted((ROOT / "tests" / "data").glob("questions_*.jsonl"))]
    speech: list[list[DocItem]] = [[] for _ in range(SPEECH_GROUPS)]
    for k, f in enumerate(speech_files):
        speech[k % SPEECH_GROUPS] += collect_documents(matcher, load_questions(f))
    print("decided by the model (per set): " + ", ".join(f"{f.stem} {len(g)}" for f, g in zip(sets, groups, strict=True))
          + f"; the speech's questions {sum(map(len, speech))} ({sum(d.in_scope for g in speech for d in g)} in scope)")
    print("held out: fitted on the other sets and the speech's questions, thresholds of least cost over "
          "their out-of-fold probabilities")
    for i, f in enumerate(sets):
        matcher.weights = base
        before = law_tally(questions[i], matcher)
        fitted = document_weights(base, [g for j, g in enumerate(groups) if j != i] + speech)
        matcher.weights = fitted
        after = law_tally(questions[i], matcher)
        print(f"  {f.stem}  current rule:  {before}")
        print(f"  {f.stem}  fitted ({fitted.document_answer:.2f}/{fitted.document_clarify:.2f}): {after}")
    weights = document_weights(base, groups + speech)
    m = weights.document
    print(f"on all three sets: answer threshold {weights.document_answer:.2f}, clarify {weights.document_clarify:.2f}")
    print("  " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(m.names, m.weights, strict=True)))
    matcher.weights = weights
    for f, qs in zip(sets, questions, strict=True):
        print(f"  {f.stem} (training data): {law_tally(qs, matcher)}")
    dev = load_questions(ROOT.parent / "shared" / "eval" / "questions.jsonl")
    print(f"  development questions in the library: {sum(judge(q, matcher.ask(q.question)).correct for q in dev)}/{len(dev)}")
    if write:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
        data["document_decision"] = {
            "note": "fitted by benchmarks/fit_signals.py --documents on " + ", ".join(f.name for f in sets)
                    + " and the speech's labelled questions whose best answer in the library is another document's",
            "model": model_dict(m), "answer_threshold": weights.document_answer,
            "clarify_threshold": weights.document_clarify,
        }
        WEIGHTS_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
