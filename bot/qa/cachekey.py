"""The hash of the keys of what is kept in the temporary folder (jieba's filtered dictionary, the lexicon
table, the bilingual table, the prepared index): BLAKE2b, which CPython implements itself (`hashlib`
gives its own `_blake2` for it too). `hashlib` itself loads OpenSSL's libcrypto, 3.7 MB of resident memory
the question-answering core needs for nothing else (`python -m bot ask`, the console chat; the Telegram
bot loads it anyway, for HTTPS); CPython's own SHA-1 would do without it but is a quarter of OpenSSL's
speed, and the prepared index's key reads every file of the library (35 MB at 1,000 documents) at every
start. BLAKE2b is as fast as OpenSSL's SHA-1 here."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without its own BLAKE2
    from hashlib import blake2b


def digest(data: bytes = b""):
    """A new hash object (``update``, ``hexdigest``, ``digest``) of 20 bytes, started with `data`."""
    return blake2b(data, digest_size=20)
