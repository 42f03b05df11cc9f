"""The command line as a user runs it: `python -m bot …` in a fresh process, its output and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from tests.helpers_core import (
    DOC_ID,
    ROOT,
    SECOND_ID,
    copy_knowledge,
    gid,
    partly_confident,
    shipped_matcher,
    write_config,
)

CONSTRUCTION = "建筑施工安全有什么要求"
JSON_KEYS = {"question", "status", "answers", "suggestions"}


def bot(*args: str, stdin: str = "", cwd=ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(ROOT)  # run this checkout's bot package from any working directory
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=60)


def assert_usage_error(p: subprocess.CompletedProcess, *names: str) -> None:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout
    for name in names:
        assert name in p.stderr, (name, p.stderr)


# ----- ask -----
def test_ask_prints_the_quote_and_where_it_stands():
    p = bot("ask", CONSTRUCTION)
    assert p.returncode == 0, p.stderr
    assert "严禁建筑施工赶工期、追进度" in p.stdout
    assert "出处:第三点 盯重点、下狠劲,重拳出击抓好安全生产治理整顿 › 二要 扎实开展重点领域专项整治 › 建筑安全方面" in p.stdout


def test_ask_out_of_scope_says_so_and_lists_what_the_speech_covers():
    p = bot("ask", "明天会下雨吗")
    assert p.returncode == 0
    assert "没有涉及" in p.stdout
    assert all(f"{n}. 第{cn}点讲了什么" in p.stdout for n, cn in zip("1234", "一二三四", strict=True))


def test_ask_an_ambiguous_question_lists_the_suggested_questions():
    p = bot("ask", "第二要")
    assert p.returncode == 0
    assert "您是不是想问" in p.stdout
    assert "1. 第三点的二要是什么" in p.stdout and "2. 第四点的二要是什么" in p.stdout


def test_ask_json_prints_one_object_with_exactly_the_documented_keys():
    p = bot("ask", "--json", CONSTRUCTION)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) == JSON_KEYS
    assert obj["question"] == CONSTRUCTION and obj["status"] == "answered"
    assert 1 <= len(obj["answers"]) <= 3
    for a in obj["answers"]:
        assert set(a) == {"id", "text", "source", "score"}
        assert isinstance(a["source"], list) and isinstance(a["score"], float)
    assert obj["answers"][0]["id"] == gid("p3.2.2.s4")
    assert obj["answers"][0]["source"][-1] == "建筑安全方面"
    for s in obj["suggestions"]:
        assert set(s) == {"question", "id", "score"}


def test_ask_json_of_a_declined_question_has_no_answers_and_the_topics():
    obj = json.loads(bot("ask", "--json", "推荐一部电影").stdout)
    assert obj["status"] == "no_answer" and obj["answers"] == []
    assert [s["id"] for s in obj["suggestions"]] == [gid(f"p{n}") for n in range(1, 5)]


def test_ask_json_dash_reads_questions_from_stdin_and_prints_json_lines():
    p = bot("ask", "--json", "-", stdin=f"{CONSTRUCTION}\n\n第五点\n明天会下雨吗\n")
    assert p.returncode == 0, p.stderr
    objs = [json.loads(line) for line in p.stdout.splitlines()]
    assert [o["question"] for o in objs] == [CONSTRUCTION, "第五点", "明天会下雨吗"]
    assert [o["status"] for o in objs] == ["answered", "clarify", "no_answer"]
    assert all(set(o) == JSON_KEYS for o in objs)


def test_ask_does_not_import_telegram():
    code = ("import sys, bot.cli; rc = bot.cli.main(['ask', '测试']); "
            "assert rc == 0, rc; assert 'telegram' not in sys.modules, 'telegram imported'; "
            "assert not [m for m in sys.modules if m.startswith('bot.telegram_app')], 'bot.telegram_app imported'")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                       cwd=ROOT, env={**env, "PYTHONIOENCODING": "utf-8"}, timeout=60)
    assert p.returncode == 0, p.stderr


# ----- chat, outline, eval -----
def test_chat_over_piped_stdin_answers_and_ends_at_end_of_input():
    p = bot("chat", stdin=f"{CONSTRUCTION}\n第五点\n1\n")
    assert p.returncode == 0, p.stderr
    assert "严禁建筑施工赶工期" in p.stdout
    assert "您是不是想问" in p.stdout
    # "1" picks the first suggestion of the clarify reply: 第一点讲了什么.
    assert "一、真重视、不懈怠,坚决守住安全生产这条底线。" in p.stdout


def test_chat_stops_at_q():
    p = bot("chat", stdin=f"q\n{CONSTRUCTION}\n")
    assert p.returncode == 0
    assert "赶工期" not in p.stdout


def test_outline_prints_points_sub_points_and_passages():
    p = bot("outline")
    assert p.returncode == 0, p.stderr
    assert "县长在全县安全生产会议上的讲话" in p.stdout and DOC_ID in p.stdout
    for line in ("p3       第三点 盯重点", "p3.2     二要 扎实开展重点领域专项整治", "p3.2.2   建筑安全方面", "p4.3     三要 落实企业主体责任"):
        assert line in p.stdout, line
    assert "p3.2.2.s4" not in p.stdout
    assert "p3.2.2.s4" in bot("outline", "--ids").stdout


def test_eval_prints_accuracy_per_category_and_every_failure(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "ok-1", "category": "para", "question": CONSTRUCTION, "expect": "answer", "gold_any": ["赶工期"]},
        {"id": "bad-1", "category": "para", "question": CONSTRUCTION, "expect": "answer", "gold_any": ["两张清单"]},
        {"id": "oos-1", "category": "oos", "question": "医保怎么报销", "expect": "no_answer", "gold_any": []},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    p = bot("eval", str(path))
    assert p.returncode == 0, p.stderr
    assert "FAIL bad-1 [para]" in p.stdout and "ok-1" not in p.stdout
    assert "para      1/2" in p.stdout and "oos       1/1" in p.stdout
    assert "overall   2/3" in p.stdout


# ----- --config -----
def test_the_config_option_points_at_another_knowledge_folder(tmp_path):
    folder = copy_knowledge(tmp_path, second=True, shipped=False)
    cfg = write_config(tmp_path / "other.yaml", folder.name)
    p = bot("--config", str(cfg), "ask", "--json", "-", stdin="电动自行车能在楼道里充电吗\n讲话分几点\n")
    assert p.returncode == 0, p.stderr
    ebike, outline = (json.loads(line) for line in p.stdout.splitlines())
    assert ebike["status"] == "answered" and ebike["answers"][0]["id"] == gid("p2.2.s2", SECOND_ID)
    assert "两点意见" in outline["answers"][0]["text"]  # how many: the speech's own sentence, or 讲话共两点意见
    assert f"[{SECOND_ID}]" in bot("--config", str(cfg), "outline").stdout


def test_the_config_option_sets_the_thresholds(tmp_path):
    question, score = partly_confident(shipped_matcher())
    cfg = write_config(tmp_path / "strict.yaml", ROOT / "knowledge",
                       f"matcher:\n  answer_threshold: {min(1.0, score + 0.01):.4f}\n"
                       f"  clarify_threshold: {score - 0.01:.4f}\n  max_suggestions: 1\n")
    obj = json.loads(bot("--config", str(cfg), "ask", "--json", question).stdout)
    assert obj["status"] == "clarify"
    assert len(obj["suggestions"]) == 1
    assert json.loads(bot("ask", "--json", question).stdout)["status"] == "answered"


# ----- exit codes -----
def test_no_command_is_a_usage_error():
    assert_usage_error(bot(), "command")


def test_an_unknown_command_is_a_usage_error():
    assert_usage_error(bot("answer", CONSTRUCTION), "invalid choice")


def test_ask_without_a_question_is_a_usage_error():
    assert_usage_error(bot("ask"), "question")


def test_ask_with_an_empty_question_is_a_usage_error():
    assert_usage_error(bot("ask", "   "), "empty")


def test_a_missing_config_file_is_named(tmp_path):
    assert_usage_error(bot("--config", str(tmp_path / "nope.yaml"), "ask", CONSTRUCTION), "nope.yaml", "not found")


def test_a_malformed_config_file_is_named_with_the_line(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("timezone: Asia/Shanghai\nmatcher: [\n", encoding="utf-8")
    assert_usage_error(bot("--config", str(cfg), "ask", CONSTRUCTION), str(cfg), "line")


def test_a_config_with_a_bad_value_is_named_with_the_key(tmp_path):
    cfg = write_config(tmp_path / "bad.yaml", "knowledge", "timezone: Nowhere/Land\n")
    assert_usage_error(bot("--config", str(cfg), "outline"), str(cfg), "timezone")


def test_a_missing_knowledge_folder_is_named(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", "no-knowledge-here")
    assert_usage_error(bot("--config", str(cfg), "ask", CONSTRUCTION), "no-knowledge-here")


@pytest.mark.parametrize("command", [["ask", CONSTRUCTION], ["outline"], ["chat"]])
def test_a_broken_knowledge_file_is_named_for_every_command(tmp_path, command):
    folder = copy_knowledge(tmp_path)
    qa = folder / DOC_ID / "qa.yaml"
    entries = yaml.safe_load(qa.read_text(encoding="utf-8"))
    entries.append({"id": "broken", "question": "测试", "answer": "p7.s1"})
    qa.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    cfg = write_config(tmp_path / "c.yaml", folder)
    assert_usage_error(bot("--config", str(cfg), *command, stdin=f"{CONSTRUCTION}\n"), str(qa), "broken")


def test_a_missing_question_file_for_eval_is_named(tmp_path):
    assert_usage_error(bot("eval", str(tmp_path / "none.jsonl")), "none.jsonl")


def test_a_question_file_with_a_bad_line_is_named_with_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "停产整顿"}\n[1, 2]\n', encoding="utf-8")
    assert_usage_error(bot("eval", str(path)), str(path), "line 2")


def test_the_default_config_is_found_in_the_working_directory(tmp_path):
    p = bot("ask", CONSTRUCTION, cwd=tmp_path)
    assert_usage_error(p, "config.yaml", "not found")


def test_ask_json_dash_builds_the_matcher_once_for_all_lines(monkeypatch, capsys):
    import io

    import bot.cli
    from bot.qa.matcher import Matcher

    built = []
    original = Matcher.prepared.__func__

    def counting_prepared(cls, *args, **kwargs):  # built, or loaded from the prepared index: once either way
        built.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Matcher, "prepared", classmethod(counting_prepared))
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join([CONSTRUCTION, "第五点", "明天会下雨吗"] * 3) + "\n"))
    assert bot.cli.main(["--config", str(ROOT / "config.yaml"), "ask", "--json", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9 and all(set(json.loads(line)) == JSON_KEYS for line in lines)
    assert len(built) == 1
