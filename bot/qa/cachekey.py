"""SHA-1 for the keys of what is kept in the temporary folder (jieba's filtered dictionary, the lexicon
table, the bilingual table, the prepared index): CPython's own implementation of it. `hashlib` loads
OpenSSL's libcrypto for SHA-1, 3.7 MB of resident memory the question-answering core needs for nothing
else (`python -m bot ask`, the console chat; the Telegram bot loads it anyway, for HTTPS). The digests
are SHA-1's either way, so the keys, and what was kept under them, do not change."""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python without its own SHA-1
    from hashlib import sha1

__all__ = ["sha1"]
