"""The fake Bot API itself, through python-telegram-bot's own client (so other tests can rely on it)."""

from __future__ import annotations

import aiohttp
import pytest
from telegram import Bot
from telegram.error import BadRequest

from tests.botharness import TEST_TOKEN


@pytest.fixture
async def client(fake):
    async with Bot(TEST_TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
        yield bot


async def test_get_me_describes_a_bot_with_a_username(client, fake):
    me = await client.get_me()
    assert me.is_bot and me.username == fake.username


async def test_chat_members_and_administrators_can_be_configured(client, fake):
    fake.admins[-100] = {11}
    assert (await client.get_chat_member(-100, 11)).status == "administrator"
    assert (await client.get_chat_member(-100, 12)).status == "member"
    assert [m.user.id for m in await client.get_chat_administrators(-100)] == [11]


async def test_send_photo_is_recorded_with_its_caption(client, fake):
    message = await client.send_photo(55, photo=b"\x89PNG fake bytes", caption="<b>图</b>", parse_mode="HTML")
    assert message.photo and message.caption == "图"
    assert fake.sent_to(55)[0].bold == ["图"]


async def test_html_telegram_would_reject_is_rejected(client):
    with pytest.raises(BadRequest, match="parse entities"):
        await client.send_message(1, "<script>x</script>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await client.send_message(1, "字" * 4097)


async def test_an_unknown_method_answers_400(fake):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.base_url}{TEST_TOKEN}/sendDice", json={"chat_id": 1}) as r:
            assert r.status == 400
            assert (await r.json())["ok"] is False


async def test_get_updates_honours_the_offset_and_long_polls(client, fake):
    from tests.fake_bot_api import User

    first = fake.private_message("一", user=User(1))
    fake.private_message("二", user=User(1))
    updates = await client.get_updates(offset=first + 1, timeout=0)
    assert [u.message.text for u in updates] == ["二"]
    assert await client.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
