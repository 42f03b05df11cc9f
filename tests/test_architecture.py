"""The shape the contributors' guide promises: no import circles in bot/, one typed state, a core free of Telegram."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.console import render_text
from bot.qa.result import ANSWERED
from bot.telegram_app import views
from bot.telegram_app.callbacks import question_key

BOT = Path(__file__).resolve().parents[1] / "bot"


def _module(path: Path) -> str:
    rel = path.relative_to(BOT.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every bot module → the bot modules it imports (anywhere in the file, lazily or not)."""
    modules = {_module(p): p for p in BOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
                out.add(node.module)
                out.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name.startswith("bot"))
        graph[name] = {m for m in out if m in modules and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_module_of_the_bot_imports_itself_through_a_circle():
    assert _cycle(_imports()) is None


def test_the_question_answering_core_imports_nothing_from_telegram():
    for path in (BOT / "qa").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) telegram", text, re.M), path
        assert "bot.telegram_app" not in text, path


def test_no_feature_imports_the_composition_root():
    graph = _imports()
    importers = sorted(m for m, deps in graph.items() if "bot.telegram_app.app" in deps)
    assert importers == ["bot.cli"]


def test_shared_state_has_no_string_keys():
    for path in BOT.rglob("*.py"):
        assert not re.search(r"bot_data\s*\[", path.read_text(encoding="utf-8")), path


def test_the_console_and_telegram_show_the_same_related_questions(matcher, kb):
    for entry in kb.qa:
        result = matcher.ask(entry.question)
        if result.status != ANSWERED:
            continue
        related = [s.question for s in result.suggestions][: views.MAX_RELATED]
        reply = views.render_result(result, kb, "zh")
        shown = [label for row in reply.rows for label, data in row if data.startswith("q|")]
        assert shown == related, entry.id
        assert all(reply.questions[question_key(q)] == q for q in shown)
        console = render_text(result)
        if related:
            assert "相关问题:" + " / ".join(related) in console, entry.id
