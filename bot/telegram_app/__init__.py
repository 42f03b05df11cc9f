"""The Telegram front end: a thin shell around bot.qa (python-telegram-bot v22)."""
