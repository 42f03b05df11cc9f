"""Personal data typed into questions never reaches the database: phones (spaces, dots, dashes, +86),
e-mail addresses, ID card and bank card numbers. Example-based, then properties over generated data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.maintenance.privacy import MASK as MASK_CHAR
from bot.maintenance.privacy import mask_personal_data
from bot.maintenance.store import FeedbackStore, clean_question
from bot.qa.result import Result
from bot.qa.text import normalise

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("typed", [
    "13812345678", "138 1234 5678", "138-1234-5678", "138.1234.5678", "+86 138 1234 5678",
    "+86-138-1234-5678", "+8613812345678", "0086 138 1234 5678", "(+86) 13812345678", "１３８ １２３４ ５６７８",
    "138/1234/5678", "138，1234，5678", "1 3 8 1 2 3 4 5 6 7 8",
    "0571-88888888", "0571-8888 8888", "(010) 6512 3456", "010 6512 3456", "+86 10 6512 3456", "+86 571 8888 8888",
    "zhang.san@qq.com", "Zhang_San+bot@Mail.Example.gov.cn", "zhang @ qq . com", "zhangsan＠１６３．com",
    "11010119900307123X", "110101199003071234", "110101 19900307 123x", "110101-19900307-1234",
    "6222021234567890", "6222 0212 3456 7890", "6222-0212-3456-7890-123", "6217 0000 1000 0000 000",
])
def test_every_kind_is_masked_in_a_stored_question(tmp_path, typed):
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    store.record_outcome(Result(f"请联系我{typed}谢谢", "no_answer"), "private", NOW)
    [miss] = store.misses()
    assert miss.question == "请联系我 # 谢谢"


@pytest.mark.parametrize("question", [
    "24小时值班", "第3点讲了什么", "2023年安全生产", "10月15日开会", "火警电话119", "12350举报电话",
    "三个100%", "2023-10-15 开会", "2023.10.15 8:30", "一要 12 项 二要 30 天", "iso 45001 标准",
])
def test_ordinary_numbers_stay(question):
    assert clean_question(question) == normalise(question)


@pytest.mark.parametrize("typed,kept", [
    ("人民路12号", "人民路"), ("幸福小区3栋2单元501室", "幸福小区"), ("东关街8号院", "东关街"),
    ("王庄村3组", "王庄村"), ("建设巷 7 弄 12 号", "建设巷"),
])
def test_a_street_address_keeps_its_place_name_and_loses_its_numbers(typed, kept):
    masked = mask_personal_data(f"我住{typed}楼下有工地")
    assert kept in masked and not re.search(r"\d", masked) and MASK_CHAR in masked


def test_the_previous_rule_still_holds_any_long_run_of_digits():
    assert clean_question("编号 20231015001 的通知") == "编号 # 的通知"


# ----- properties -----
CHINESE = "请问我的电话是多少要求安全生产检查值班联系邮箱卡号身份证码谢领导同志会议工地矿山"
AROUND = st.text(alphabet=CHINESE + " ，。？：、！", max_size=12)
SEP = st.sampled_from(["", " ", "-", ".", "  ", " - "])
DIGIT = st.sampled_from("0123456789")


def digits(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def _joined(parts: list[str], seps: list[str]) -> str:
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=False))


@st.composite
def grouped(draw, number: str, groups: list[int]):
    """`number` split into groups of the given sizes, with one separator style (or one per gap)."""
    parts, at = [], 0
    for size in groups:
        parts.append(number[at:at + size])
        at += size
    if draw(st.booleans()):
        sep = draw(SEP)
        return sep.join(parts)
    return _joined(parts, [draw(SEP) for _ in parts[1:]])


@st.composite
def mobiles(draw):
    number = "1" + draw(st.sampled_from("3456789")) + draw(digits(9))
    groups = draw(st.sampled_from([[11], [3, 4, 4], [3, 3, 5], [4, 3, 4], [1] * 11]))
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "+86-", "86 ", "0086 ", "(+86) ", "(86)"]))
    return prefix + draw(grouped(number, groups))


@st.composite
def landlines(draw):
    area = "0" + draw(st.sampled_from(["10", "20", "21"])) if draw(st.booleans()) else "0" + draw(digits(3))
    local = draw(digits(draw(st.sampled_from([7, 8]))))
    local = draw(grouped(local, [len(local) - 4, 4])) if draw(st.booleans()) else local
    form = draw(st.sampled_from(["{a}-{l}", "{a} {l}", "({a}) {l}", "({a}){l}", "+86 {b} {l}", "+86-{b}-{l}"]))
    return form.format(a=area, b=area[1:], l=local)


@st.composite
def emails(draw):
    local = draw(st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,14}[a-z0-9]", fullmatch=True))
    labels = draw(st.lists(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True), min_size=1, max_size=3))
    tld = draw(st.from_regex(r"[a-z]{2,6}", fullmatch=True))
    at = draw(st.sampled_from(["@", "＠", " @ "]))
    address = local + at + ".".join([*labels, tld])
    return address.upper() if draw(st.booleans()) else address


@st.composite
def id_cards(draw):
    number = draw(digits(17)) + draw(st.sampled_from("0123456789Xx"))
    return draw(grouped(number, draw(st.sampled_from([[18], [6, 8, 4], [6, 4, 4, 4]]))))


@st.composite
def bank_cards(draw):
    length = draw(st.integers(16, 19))
    number = draw(st.sampled_from("3456")) + draw(digits(length - 1))
    groups = [4] * (length // 4) + ([length % 4] if length % 4 else [])
    return draw(grouped(number, draw(st.sampled_from([[length], groups]))))


PERSONAL = st.one_of(mobiles(), landlines(), emails(), id_cards(), bank_cards())


@settings(max_examples=300, deadline=None)
@given(before=AROUND, item=PERSONAL, after=AROUND)
def test_no_digit_or_address_of_personal_data_is_stored(before, item, after):
    stored = clean_question(before + item + after)
    assert not re.search(r"[0-9a-z]", stored), (item, stored)  # around it there are none
    assert "#" in stored
    for side in (normalise(before), normalise(after)):
        assert side in stored  # the question itself is kept


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="0123456789", min_size=1, max_size=4), st.text(alphabet=CHINESE, min_size=1, max_size=5)),
                max_size=6))
def test_short_numbers_between_words_are_kept(pieces):
    question = "".join(n + w for n, w in pieces)
    assert clean_question(question) == normalise(question)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_masking_never_fails_and_is_idempotent(text):
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once
    stored = clean_question(text)
    assert len(stored) <= 300 and clean_question(stored) == stored
