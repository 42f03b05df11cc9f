"""The bot's own texts: Chinese first, full-width punctuation, the same keys in both languages."""

from __future__ import annotations

import re

from bot.texts import TEXTS, t

ASCII_AFTER_CHINESE = re.compile(r"[\u3400-\u9fff」》）][!?,:;()]|[()][\u3400-\u9fff]")


def test_no_chinese_text_has_ascii_punctuation_next_to_a_chinese_character():
    offenders = {k: v for k, v in TEXTS["zh"].items() if ASCII_AFTER_CHINESE.search(v)}
    assert offenders == {}


def test_every_text_exists_in_chinese_and_english_with_the_same_placeholders():
    assert set(TEXTS["zh"]) == set(TEXTS["en"])
    fields = re.compile(r"{(\w+)(?:!r)?}")  # {x!r}: the English repr of a value
    for key, zh in TEXTS["zh"].items():
        assert set(fields.findall(zh)) == set(fields.findall(TEXTS["en"][key])), key


def test_an_unknown_language_gets_chinese():
    assert t("fr", "expired") == TEXTS["zh"]["expired"]
