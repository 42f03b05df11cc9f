"""The speech's questions with other documents beside it (issue 12 items 3-4).

Builds a knowledge folder: the shipped one (the speech, primary) plus the State Council notice and the
first 30 safety laws of ``../shared/corpus`` (the set of tests/test_documents.py), imported with
`bot.qa.importer.import_document`; or, with ``--laws N``, the first N laws by file name (the set of
benchmarks/library.py at N+1 documents). Then answers question files with the matcher and judges them by
`python -m bot eval`'s rule (`bot.qa.evaluate.judge`), beside the same files on the shipped knowledge.

Usage (from the repository):
    .venv/bin/python benchmarks/beside.py [--laws N] [--work DIR] [--all] [--fails]

``--all``: every labelled question file (tests/data/questions_*.jsonl) besides the development
questions; ``--fails``: list each question judged wrong with the library but right on the shipped knowledge.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
DEV = REPO.parent / "shared" / "eval" / "questions.jsonl"
SAFETY_WORDS = ("安全", "消防", "应急", "矿山", "危险", "事故")


def build(root: Path, laws: int | None = None) -> Path:
    """`root`: the shipped knowledge plus the notice and 30 safety laws (or the first `laws` laws)."""
    sys.path.insert(0, str(REPO))
    from bot.errors import UserFacingError
    from bot.qa.importer import import_document

    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "knowledge", root)
    every = sorted((CORPUS / "laws").glob("*.md"))
    if laws is None:
        import_document(CORPUS / "notices" / "zhiben-2024.md", root)
        chosen = [p for p in every if any(w in p.name for w in SAFETY_WORDS)][:30]
    else:
        chosen = every
    done = 0
    for i, path in enumerate(chosen):
        if laws is not None and done >= laws:
            break
        try:
            import_document(path, root, f"law-{i:04d}")
            done += 1
        except UserFacingError:
            continue
    return root


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", type=int, help="the first N laws by file name instead of the notice and 30 safety laws")
    ap.add_argument("--work", help="build the knowledge folder here (default: a temporary folder)")
    ap.add_argument("--all", action="store_true", help="also every labelled question file of tests/data")
    ap.add_argument("--fails", action="store_true", help="list the questions only the library gets wrong")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from bot.qa.evaluate import judge, load_questions
    from bot.qa.matcher import Matcher

    files = [DEV] + (sorted((REPO / "tests" / "data").glob("questions_*.jsonl")) if args.all else [])
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(args.work or tmp) / "knowledge", args.laws)
        shipped, library = Matcher.prepared(REPO / "knowledge"), Matcher.prepared(root)
        print(f"{len(library.kb.documents)} documents, {len(library.kb.sentences):,} sentences")
        print("file                          shipped      beside")
        for f in files:
            items = load_questions(f)
            alone = [judge(i, shipped.ask(i.question)) for i in items]
            beside = [judge(i, library.ask(i.question)) for i in items]
            print(f"{f.name:<28} {sum(o.correct for o in alone):>4}/{len(items):<6} "
                  f"{sum(o.correct for o in beside):>4}/{len(items)}")
            if args.fails:
                for a, b in zip(alone, beside, strict=True):
                    if a.correct and not b.correct:
                        best = b.result.answers[0].id if b.result.answers else ""
                        print(f"   {b.item.id} {b.result.status} {best} {b.item.question}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
