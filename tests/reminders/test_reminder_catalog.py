"""reminders.yaml: quotes resolved exactly from the speech; mistakes named with file and reminder id."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from reminder_helpers import ROOT

from bot.reminders.catalog import ReminderConfigError, Rotation, load_catalog


def test_the_duty_reminder_quotes_the_duty_sentence_exactly_with_its_place_in_the_speech(catalog, kb):
    duty = catalog.get("duty")
    (quote,) = duty.kind.quotes
    assert quote.text == kb.sentences["county-safety-2023/p3.3.s3"].text
    assert "领导干部到岗带班和关键岗位24小时值班" in quote.text
    assert "三要 切实加强安全防范和应急值守" in quote.source
    assert "county-safety-2023" not in quote.source  # a chat user reads no internal id


def test_every_quote_of_every_reminder_is_text_of_the_speech(catalog, kb):
    speech = "".join(s.text for s in kb.sentences.values())
    for reminder in catalog.reminders.values():
        kind = reminder.kind
        items = kind.items if isinstance(kind, Rotation) else (kind.quotes,)
        for item in items:
            for quote in item:
                assert quote.text in speech, reminder.id


def test_the_daily_tip_walks_through_the_passages_of_the_four_points_in_order(catalog, kb):
    tip = catalog.get("daily_tip")
    first_ids = [item[0].ids[0] for item in tip.kind.items]
    positions = [kb.sentences[i].position for i in first_ids]
    assert positions == sorted(positions)
    assert first_ids[0] == "county-safety-2023/p1.s1"
    assert tip.kind.items[-1][-1].ids[-1] == "county-safety-2023/p4.3.s4"


def test_rotation_walks_in_order_and_wraps_around(catalog):
    tip = catalog.get("daily_tip").kind
    three = dataclasses.replace(tip, items=tip.items[:3])
    picks, position = [], 0
    for _ in range(5):
        index, position = three.pick(position)
        picks.append(index)
    assert picks == [0, 1, 2, 0, 1]
    assert three.pick(7) == (1, 2)  # the list shrank after an edit: continue within it


def test_a_fixed_reminder_sends_its_quotes_and_leaves_the_position_alone(catalog):
    duty = catalog.get("duty").kind
    assert duty.pick(3) == (None, 3)
    assert duty.item(None) == duty.quotes


def test_defaults_name_the_reminders_subscribe_uses(catalog):
    assert set(catalog.defaults) == {"duty", "inspection", "resumption", "lianghui", "daily_tip"}


def _write(tmp_path, mutate):
    data = yaml.safe_load((ROOT / "knowledge" / "reminders.yaml").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "reminders.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _reminder(data, rid):
    return next(r for r in data["reminders"] if r["id"] == rid)


def test_an_unknown_sentence_id_is_named_with_the_file_and_the_reminder(tmp_path, kb):
    path = _write(tmp_path, lambda d: _reminder(d, "duty").update(quote=["county-safety-2023/p3.3.s9"]))
    with pytest.raises(ReminderConfigError) as err:
        load_catalog(path, kb)
    assert str(path) in str(err.value)
    assert "reminder duty" in str(err.value)
    assert "p3.3.s9" in str(err.value)


def test_a_bad_time_is_named_with_the_file_and_the_reminder(tmp_path, kb):
    path = _write(tmp_path, lambda d: _reminder(d, "inspection")["schedule"].update(time="25:99"))
    with pytest.raises(ReminderConfigError, match=r"reminder inspection: schedule.time: '25:99'"):
        load_catalog(path, kb)


def test_an_unquoted_time_that_yaml_reads_as_minutes_is_refused(tmp_path, kb):
    path = tmp_path / "reminders.yaml"
    text = (ROOT / "knowledge" / "reminders.yaml").read_text(encoding="utf-8").replace('time: "09:00"', "time: 9:00")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReminderConfigError, match=r"reminder inspection: schedule.time: write the time in quotes.*540"):
        load_catalog(path, kb)


def test_a_bad_weekday_is_named_with_the_file_and_the_reminder(tmp_path, kb):
    path = _write(tmp_path, lambda d: _reminder(d, "inspection")["schedule"].update(days=["monday", "funday"]))
    with pytest.raises(ReminderConfigError, match="reminder inspection: schedule.days: 'funday' is not a weekday"):
        load_catalog(path, kb)


def test_a_default_that_is_not_a_reminder_is_refused(tmp_path, kb):
    path = _write(tmp_path, lambda d: d.update(defaults=["duty", "fire_drill"]))
    with pytest.raises(ReminderConfigError, match="'fire_drill' is not a reminder id"):
        load_catalog(path, kb)


def test_a_missing_file_is_reported(tmp_path, kb):
    with pytest.raises(ReminderConfigError, match="file not found"):
        load_catalog(tmp_path / "reminders.yaml", kb)
