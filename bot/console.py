"""Plain-text rendering of a Result, for `ask` and the console chat (no Telegram involved)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER_SUGGESTIONS, Result
from bot.texts import t

if TYPE_CHECKING:  # the dialogue is imported by `chat` only: `python -m bot ask` answers one question without it
    from bot.qa.dialogue import Context, MatcherLike, Turn

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
        shown = result.suggestions[:NO_ANSWER_SUGGESTIONS]
        lines.extend(f"  {i}. {s.question}" for i, s in enumerate(shown, start=1))
    return "\n".join(lines)


SMALL_TALK_REPLIES = {
    "greeting": "您好！我是安全生产讲话问答助手，用讲话原文回答关于《县长在全县安全生产会议上的讲话》的问题。"
                "可以这样问：讲话分几点？建筑工地有什么要求？应急值守有什么制度要求？",
    "who": "我是安全生产讲话问答助手，用讲话原文回答关于《县长在全县安全生产会议上的讲话》的问题，并注明出处。"
           "可以这样问：讲话分几点？非煤矿山复工有什么要求？问完还可以接着问「具体说说」「那建筑工地呢」「下一条」。",
    "thanks": "不客气。",
    "farewell": "再见。",
    "ack": "",
}


def render_turn(turn: Turn) -> str:
    """A turn of the console chat: small talk gets a short reply (an acknowledgement none), a result its
    rendering, a structure answer its drill-down targets numbered."""
    if turn.result is None:
        return SMALL_TALK_REPLIES.get(turn.smalltalk or "", "")
    text = render_text(turn.result)
    if turn.note and turn.result.status == ANSWERED:
        text += "\n" + t("zh", turn.note)
    if turn.drill and turn.result.status == ANSWERED:
        text += "\n\n继续查看（输入编号）：\n" + "\n".join(f"  {i}. {label}" for i, (label, _) in enumerate(turn.drill, 1))
    return text


def chat(matcher: MatcherLike, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
         clock: Callable[[], float] = time.monotonic) -> int:
    """Interactive console: one message per line, read against the conversation so far (follow-ups such as
    具体说说 / 那建筑工地呢 / 下一条, a number picks a suggestion); small talk answered; 'q' or EOF quits."""
    from bot.qa.dialogue import respond

    interactive = stdin.isatty()
    print("安全生产讲话问答（本地控制台）。直接输入问题，可以接着追问；输入编号选择建议的问题；输入 q 退出。", file=stdout)
    context: Context | None = None
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
        turn = respond(text, context, matcher, clock())
        context = turn.context
        reply = render_turn(turn)
        if reply:
            print(reply, file=stdout)
            print(file=stdout)
    return 0
