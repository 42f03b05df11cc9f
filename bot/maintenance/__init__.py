"""Keeping the knowledge base healthy: `check` (validation and self-test), the store of unanswered
questions and feedback, the `misses` report and stats chart, and reloading knowledge without a restart.

Nothing here imports Telegram; the handlers of /misses, /stats, /reload and the 👍/👎 buttons call
the functions of `store`, `misses` and `reload`.
"""
