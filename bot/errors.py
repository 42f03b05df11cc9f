"""Errors that carry a message meant for a person, so the command line can print them instead of a traceback."""

from __future__ import annotations


class UserFacingError(Exception):
    """Something in the user's files or arguments is wrong; the message says what and where."""


class ConfigError(UserFacingError):
    def __init__(self, source: str, key: str | None, problem: str):
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {problem}")


class KnowledgeError(UserFacingError):
    def __init__(self, source: str, problem: str):
        self.source, self.problem = source, problem
        super().__init__(f"{source}: {problem}")


class DataError(UserFacingError):
    """A data file the bot keeps (the SQLite database) is damaged or unusable: an operator must act."""

    def __init__(self, source: str, problem: str):
        self.source, self.problem = source, problem
        super().__init__(f"{source}: {problem}")


class TransientError(Exception):
    """Something outside the bot is not ready yet (a storage mount, a lock): starting again later may work.

    Not a `UserFacingError`: ``python -m bot run`` exits 1 for it, which systemd restarts.
    """
