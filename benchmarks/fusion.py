"""How the matcher fuses its two kinds of evidence, measured: the shipped rule against alternatives.

For every question file given (default: the shared development questions and the team's own set),
the answer quality with `bot.qa.matcher.fuse` replaced by each candidate rule, and with one kind of
evidence switched off. This is how the fusion in bot/qa/matcher.py was chosen.

    .venv/bin/python benchmarks/fusion.py [FILE.jsonl …]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.qa import matcher as matcher_module  # noqa: E402
from bot.qa.evaluate import evaluate, load_questions  # noqa: E402
from bot.qa.knowledge import load_knowledge  # noqa: E402

BONUS = matcher_module.AGREEMENT_BONUS
RULES = {
    "max + agreement bonus (shipped)": matcher_module.fuse,
    "max": lambda p, c: max(p, c),
    "mean": lambda p, c: (p + c) / 2,
    "0.7 phrasing + 0.3 sentences": lambda p, c: 0.7 * p + 0.3 * c,
    "0.3 phrasing + 0.7 sentences": lambda p, c: 0.3 * p + 0.7 * c,
    "phrasings only": lambda p, c: p,
    "sentences only": lambda p, c: c,
}


def main(argv: list[str]) -> int:
    files = argv or [str(ROOT.parent / "shared/eval/questions.jsonl"), str(ROOT / "tests/data/questions_team.jsonl")]
    files = [f for f in files if Path(f).exists()]
    cfg = load_config(ROOT / "config.yaml")
    kb = load_knowledge(cfg.knowledge_path)
    sets = {Path(f).name: load_questions(f) for f in files}
    print(f"$ .venv/bin/python benchmarks/fusion.py {' '.join(argv)}".rstrip())
    print(f"{'rule':<34}" + "".join(f"{name:>26}" for name in sets))
    original = matcher_module.fuse
    try:
        for label, rule in RULES.items():
            matcher_module.fuse = rule
            m = matcher_module.Matcher(kb, cfg.matcher)
            cells = []
            for questions in sets.values():
                report = evaluate(questions, m.ask)
                cells.append(f"{report.correct}/{len(questions)} = {report.correct / len(questions):6.1%}")
            print(f"{label:<34}" + "".join(f"{c:>26}" for c in cells))
    finally:
        matcher_module.fuse = original
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
