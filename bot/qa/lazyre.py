"""`re`, with the patterns compiled at a module's import compiled at their first use instead.

The question-answering modules compile about 350 regular expressions when they are imported, and that
was 40 % of importing them (67 ms of 150): a character class over the CJK range costs a millisecond to
compile. Most of them serve some kinds of question only (a figure asked for, a law's article, an outline
question), so a process compiles the ones its questions use, when they first do: importing took 65 ms
less, the first question ~30 ms more (the ~70 patterns it uses), and nothing is slower after a pattern's
first use.

A module imports this as ``from bot.qa import lazyre as re`` and is otherwise written as with `re`.
`compile` called from a module's top level returns a `Deferred` pattern; called anywhere else (a
function building a pattern from its arguments) it compiles at once, as `re.compile`. Everything else is
`re`'s own.
"""

from __future__ import annotations

import re as _re
import sys
from re import (  # noqa: F401  - `re`'s names, for the modules that import this one as `re`
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    UNICODE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    S,
    U,
    X,
    error,
    escape,
    findall,
    finditer,
    fullmatch,
    match,
    purge,
    search,
    split,
    sub,
    subn,
)

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class Deferred:
    """A compiled pattern compiled when it is first used: its first attribute look-up compiles it and
    keeps the compiled pattern's methods and attributes as its own, so later uses cost what a compiled
    pattern's do. Its source (`pattern`) is there at once, for building other patterns. It pickles and
    copies as the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):  # only for what is not yet set: the first use
        compiled = _re.compile(self.pattern, self._flags)
        for attr in _METHODS:
            setattr(self, attr, getattr(compiled, attr))
        self.flags, self.groups, self.groupindex = compiled.flags, compiled.groups, compiled.groupindex
        self.__dict__["_compiled"] = compiled
        return getattr(compiled, name)

    def __reduce__(self):
        return _re.compile, (self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"lazyre.Deferred({self.pattern!r}, {self._flags!r})"


def compile(pattern, flags: int = 0):  # noqa: A001  - `re.compile`, deferred at a module's top level
    if isinstance(pattern, str) and sys._getframe(1).f_code.co_name == "<module>":
        return Deferred(pattern, flags)
    return _re.compile(pattern, flags)
