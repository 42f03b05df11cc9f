"""Plain-text rendering of a Result, for `ask` and the console chat (no Telegram involved)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.qa.result import ANSWERED, CLARIFY, Result

SEP = " › "


def render_text(result: Result) -> str:
    lines: list[str] = []
    if result.status == ANSWERED:
        best = result.answers[0]
        lines.append(best.text)
        lines.append(f"—— 出处:{SEP.join(best.source)}")
        if best.kind == "quote" and best.original and best.original != best.text:
            lines.append("(原文经格式转换有错字,引文已按更正清单修复)")
        if result.suggestions:
            lines.append("")
            lines.append("相关问题:" + " / ".join(s.question for s in result.suggestions[:2]))
    elif result.status == CLARIFY:
        lines.append("您是不是想问:")
        lines.extend(f"  {i}. {s.question}" for i, s in enumerate(result.suggestions, start=1))
    else:
        lines.append("抱歉,这篇讲话没有涉及这个问题。讲话讲了这些内容:")
        lines.extend(f"  {i}. {s.question}" for i, s in enumerate(result.suggestions, start=1))
    return "\n".join(lines)


def chat(ask: Callable[[str], Result], stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Interactive console: one question per line; a number picks a suggestion; 'q' or EOF quits."""
    interactive = stdin.isatty()
    print("安全生产讲话问答(本地控制台)。直接输入问题;输入编号选择建议的问题;输入 q 退出。", file=stdout)
    last: Result | None = None
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if text.lower() in {"q", "quit", "exit", "/quit", "退出"}:
            break
        if not text:
            continue
        if last is not None and text.isdigit() and last.status != ANSWERED:
            n = int(text)
            if 1 <= n <= len(last.suggestions):
                text = last.suggestions[n - 1].question
        last = ask(text)
        print(render_text(last), file=stdout)
        print(file=stdout)
    return 0
