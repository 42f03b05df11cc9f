"""/reload: an edited knowledge folder goes live; a broken one is refused and the old knowledge keeps serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import load_config
from bot.maintenance.reload import reload_matcher

FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"
NEW_ENTRY = "- id: night-duty\n  question: 值班人员晚上能回家吗\n  answer: p2.2.s2\n"


@pytest.fixture
def cfg(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "knowledge")
    (tmp_path / "config.yaml").write_text("knowledge_dir: knowledge\n", encoding="utf-8")
    return load_config(tmp_path / "config.yaml")


def add_entry(cfg, text: str) -> None:
    with (cfg.knowledge_path / "county-mini" / "qa.yaml").open("a", encoding="utf-8") as f:
        f.write(text)


def test_a_new_entry_is_answered_after_reload(cfg):
    serving, problems = reload_matcher(cfg)
    assert problems == [] and serving is not None
    assert serving.ask("值班人员晚上能回家吗").status == "no_answer"
    add_entry(cfg, NEW_ENTRY)
    fresh, problems = reload_matcher(cfg)
    assert problems == []
    r = fresh.ask("值班人员晚上能回家吗")
    assert r.status == "answered" and r.best.sentence_ids[0] == "county-mini/p2.2.s2"


def test_a_broken_folder_is_refused_with_the_check_messages_and_the_old_knowledge_keeps_serving(cfg):
    serving, _ = reload_matcher(cfg)
    add_entry(cfg, NEW_ENTRY.replace("p2.2.s2", "p2.2.s9"))
    fresh, problems = reload_matcher(cfg)
    assert fresh is None
    assert problems == ["knowledge/county-mini/qa.yaml: entry night-duty: answer 'p2.2.s9' is not a sentence "
                        "or passage id of county-mini"]
    # The caller keeps the matcher it had: it still answers from the old knowledge.
    r = serving.ask("矿山节后复工前要做什么")
    assert r.status == "answered" and r.best.sentence_ids[0] == "county-mini/p2.2.1.s1"


def test_a_folder_that_loads_but_fails_the_self_test_is_refused(cfg):
    add_entry(cfg, "- id: dup\n  question: 矿山节后复工前做什么\n  answer: p2.1.s1\n")
    fresh, problems = reload_matcher(cfg)
    assert fresh is None
    assert problems == ["knowledge/county-mini/qa.yaml: entry dup: question '矿山节后复工前做什么' "
                        "is answered with entry mine instead (score 1.00)"]


def test_a_deleted_knowledge_folder_is_refused(cfg):
    shutil.rmtree(cfg.knowledge_path)
    fresh, problems = reload_matcher(cfg)
    assert fresh is None and problems == ["knowledge: knowledge folder not found"]
