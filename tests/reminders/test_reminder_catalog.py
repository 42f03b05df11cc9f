"""reminders.yaml: quotes resolved exactly from the speech; mistakes named with file and reminder id."""

from __future__ import annotations

import pytest
import yaml
from reminder_helpers import ROOT

from bot.reminders.catalog import ReminderConfigError, load_catalog


def test_the_duty_reminder_quotes_the_duty_sentence_exactly_with_its_place_in_the_speech(catalog, kb):
    duty = catalog.get("duty")
    (quote,) = duty.quotes
    assert quote.text == kb.sentences["county-safety-2023/p3.3.s3"].text
    assert "领导干部到岗带班和关键岗位24小时值班" in quote.text
    assert "三要 切实加强安全防范和应急值守" in quote.source
    assert "county-safety-2023/p3.3.s3" in quote.source


def test_every_quote_of_every_reminder_is_text_of_the_speech(catalog, kb):
    speech = "".join(s.text for s in kb.sentences.values())
    for reminder in catalog.reminders.values():
        items = reminder.rotation or (reminder.quotes,)
        for item in items:
            for quote in item:
                assert quote.text in speech, reminder.id


def test_the_daily_tip_walks_through_the_passages_of_the_four_points_in_order(catalog, kb):
    tip = catalog.get("daily_tip")
    first_ids = [item[0].ids[0] for item in tip.rotation]
    positions = [kb.sentences[i].position for i in first_ids]
    assert positions == sorted(positions)
    assert first_ids[0] == "county-safety-2023/p1.s1"
    assert tip.rotation[-1][-1].ids[-1] == "county-safety-2023/p4.3.s4"


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
