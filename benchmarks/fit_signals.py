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
* **Thresholds**: the answer threshold maximises accuracy on the training questions; the clarify
  threshold below it keeps an in-scope question from being told "not covered" (suggestions instead),
  down to the first out-of-scope question: suggestions for one are a rejection missed.
* **Lexicon credit** (a Cilin synonym's share of a word's credit): the value among a few whose
  cross-validated accuracy is best.

Cross-validation: k folds over questions (fixed seed); ranking, decision and thresholds are fitted on
k−1 folds and the held-out fold is scored offline from the collected signals and labels (the candidate
lists themselves were collected with the full-data weights: a small leak in which candidates get the
word-order signal). Questions answered outside the models (the outline, a bare greeting, compound
questions) are scored by running the matcher and count the same in every fold.

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
from bot.qa.result import ANSWERED, NO_ANSWER, Result  # noqa: E402
from bot.qa.signals import (  # noqa: E402
    CANDIDATE_SIGNALS,
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


def collect(matcher: Matcher, questions) -> list[Item]:
    items = []
    for it in questions:
        q = matcher.index.parse(it.question[:300])
        in_scope = it.expect != NO_ANSWER
        structural = bool(q.normalized) and matcher.structure(q) is not None
        compound = q.language == "zh" and intent.compound_parts(q.normalized) is not None
        if not q.normalized or structural or not q.substantive or compound:
            ok = judge(it, matcher.ask(it.question)).correct
            items.append(Item(it.id, in_scope, False, ok, np.zeros((0, len(CANDIDATE_SIGNALS))), np.zeros(0),
                              [], np.zeros(0), 0.0, {}))
            continue
        a = matcher.analyse(q)
        if a.candidates and not a.candidates[0].signals.get("exact") and matcher.slot_unfilled(q, a):
            # The asked-for slot rule decides (not covered), whatever the models say. (The no-topic rule,
            # `Matcher.off_topic`, decides too, but its questions stay in the training data: they are
            # the model's examples of weak evidence.)
            ok = judge(it, matcher.ask(it.question)).correct
            items.append(Item(it.id, in_scope, False, ok, np.zeros((0, len(CANDIDATE_SIGNALS))), np.zeros(0),
                              [], np.zeros(0), 0.0, {}))
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
                          np.array(labels), passages, np.array(specific), 0.0, base))
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
            q = p * y / (p * y).sum()
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


def fit_decision(items: list[Item], ranking: LinearModel) -> LinearModel:
    rows, ys = [], []
    for it in items:
        if it.modelled and len(it.cands):
            r, ok = question_row(it, ranking)
            rows.append(r)
            ys.append(float(ok))
    x, y = np.array(rows), np.array(ys)
    mu, sd = _standardise(x)
    xs = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(xs.shape[1])
    reg = L2_DECIDE * np.eye(len(w))
    reg[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xs @ w)))
        grad = xs.T @ (p - y) + reg @ w
        hess = (xs.T * (p * (1 - p))) @ xs + reg
        step = np.linalg.solve(hess + 1e-6 * np.eye(len(w)), grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return LinearModel(QUESTION_SIGNALS, tuple(map(float, w[1:])), float(w[0]), tuple(map(float, mu)),
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
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(items))
    correct = 0
    for k in range(folds):
        test_idx = set(order[k::folds].tolist())
        train = [it for i, it in enumerate(items) if i not in test_idx]
        test = [it for i, it in enumerate(items) if i in test_idx]
        ranking, decision, answer_t, _ = fit_all(train)
        correct += score(test, ranking, decision, answer_t)
    return correct, len(items)


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
    cv = cross_validate(items, folds)
    return weights, fitted, cv, len(items)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--credits", default="0.5,0.7")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    files = args.files or [str(ROOT.parent / "shared/eval/questions.jsonl"),
                           *sorted(glob.glob(str(ROOT / "tests/data/questions_*.jsonl")))]
    base = load_weights()
    results = []
    for credit in (float(c) for c in args.credits.split(",")):
        weights, fitted, (cv_ok, n), _ = run(files, args.folds, credit, args.rounds, base)
        print(f"lexicon credit {credit}: fitted {fitted}/{n} = {fitted / n:.1%}   "
              f"{args.folds}-fold cross-validated {cv_ok}/{n} = {cv_ok / n:.1%}")
        results.append((cv_ok, fitted, credit, weights))
    cv_ok, fitted, credit, weights = max(results, key=lambda r: (r[0], r[1], -r[2]))
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


def load_all(files):
    return [q for f in files for q in load_questions(f)]


if __name__ == "__main__":
    raise SystemExit(main())
