"""The bot's text table, as the Telegram front end has always imported it: it lives in `bot.texts` so
that the question-answering core (`check`'s problems, `bot.qa`) can say things from it too without
importing the front end."""

from bot.texts import TEXTS, TZ_NAMES_ZH, Msg, language, say, t, tz_label

__all__ = ["TEXTS", "TZ_NAMES_ZH", "Msg", "language", "say", "t", "tz_label"]
