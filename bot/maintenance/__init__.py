"""Keeping the knowledge base healthy: `check` (validation and self-test), the store of unanswered
questions and feedback, the `misses` report and stats chart, and reloading knowledge without a restart.

Only `telegram` imports Telegram: the extension registered by `python -m bot run` (outcomes stored,
👍/👎 buttons, /misses, /stats, /reload, SIGHUP), which calls the functions of `store`, `misses` and
`reload`.
"""
