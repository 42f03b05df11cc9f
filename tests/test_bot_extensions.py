"""The extension contract: a feature installs its own handlers and menu commands; the matcher can be swapped live."""

from __future__ import annotations

from telegram.ext import CommandHandler

from bot.telegram_app.contract import Command
from tests.botharness import bot_running
from tests.fake_bot_api import User
from tests.test_bot_private import ask
from tests.test_bot_resilience import BrokenOn

ALICE = User(7001, "Alice", "zh-hans")


class Ping:
    name = "ping"

    def install(self, application, state):
        async def ping(update, context):
            await update.message.reply_text("pong")

        application.add_handler(CommandHandler("ping", ping))
        state.commands.append(Command("ping", "检查机器人是否在线", "Check that the bot is alive"))


async def test_an_extension_adds_a_command_that_is_answered_and_listed_in_the_menus(config, matcher, fake):
    async with bot_running(config, matcher, fake, features=[Ping()]):
        [reply] = await ask(fake, ALICE, "/ping")
        assert reply.text == "pong"
        assert "ping" in {c["command"] for c in fake.commands[None]}
        assert "ping" in {c["command"] for c in fake.commands["en"]}
        [unknown] = await ask(fake, ALICE, "/pong")  # the core's fallback still works for the rest
        assert "/help" in unknown.text


async def test_swapping_the_matcher_at_run_time_takes_effect_for_the_next_question(config, matcher, fake, kb):
    question = kb.qa[0].question
    async with bot_running(config, matcher, fake) as application:
        [before] = await ask(fake, ALICE, question)
        assert matcher.ask(question).best.text in before.text
        application.bot_data.matcher = BrokenOn(matcher, question[:4])
        [after] = await ask(fake, ALICE, question)
        assert "抱歉" in after.text
