"""`benchmarks/fit_signals.py --constant`: a hand-set constant of the matcher chosen like a fitted weight."""

from __future__ import annotations

import json

from benchmarks import fit_signals as fs
from bot.qa import matcher as matcher_module


def _questions(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "t-1", "question": "我家的猫最近不爱吃饭该怎么办", "expect": "no_answer"},
        {"id": "t-2", "question": "小区楼下的快递柜几点开门", "expect": "no_answer"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_a_constant_tried_at_several_values_is_put_back_afterwards(tmp_path, capsys):
    before = matcher_module.MIN_KNOWN_INTENT
    fs.main(["--constant", "MIN_KNOWN_INTENT=0.2,0.9", "--folds", "2", _questions(tmp_path)])
    assert matcher_module.MIN_KNOWN_INTENT == before
    out = capsys.readouterr().out
    assert "MIN_KNOWN_INTENT = 0.2:" in out and "2-fold cross-validated" in out


def test_when_values_answer_alike_the_current_one_is_kept(tmp_path, capsys):
    # Two questions far from the speech: both values decide them alike, a tie.
    current = matcher_module.OFF_TOPIC_CONFIDENT
    fs.main(["--constant", f"OFF_TOPIC_CONFIDENT={current},{current + 0.05}", "--folds", "2", _questions(tmp_path)])
    out = capsys.readouterr().out
    counts = {line.split(": ")[1].split(" ")[0] for line in out.splitlines() if line.startswith("OFF_TOPIC_CONFIDENT = ")}
    assert len(counts) == 1  # the same right answers at both values…
    assert f"fitted: {current:g};" in out  # …so the current value stays
