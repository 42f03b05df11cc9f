"""Settings: `config.yaml` parsed once into frozen dataclasses.

Only non-secret settings live in the file; the bot token comes from the environment variable the
file names. Every problem is reported as a `ConfigError` naming the file and the dotted key, so a
bad deployment fails at start-up with one readable line instead of a traceback later. The whole file
is checked here, types, required keys (a ``fixed_subscriptions`` entry without ``chat_id``), ranges
(``webhook.port`` 1-65535, ``grace_period_minutes`` at most a week …) and formats (times of day,
environment variable names, URLs), before the bot creates anything (the database, the webhook).
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.errors import ConfigError


@dataclass(frozen=True)
class MatcherConfig:
    """Thresholds of the three outcomes on the decision model's probability in [0, 1].

    None (the default) uses the thresholds fitted with the model (`bot/qa/signals.json`); a value
    here overrides them.
    """

    answer_threshold: float | None = None
    clarify_threshold: float | None = None
    max_answers: int = 3
    max_suggestions: int = 3
    max_answer_chars: int = 360


@dataclass(frozen=True)
class WebhookConfig:
    listen: str = "127.0.0.1"
    port: int = 8443
    url: str = ""
    url_path: str = "telegram"
    secret_token_env: str = "TELEGRAM_WEBHOOK_SECRET"
    health_port: int = 8444  # GET /healthz in webhook mode (0: off)


@dataclass(frozen=True)
class FloodConfig:
    """Per-user guard: at most `messages` questions in a group (`private_messages` in a private chat)
    within `window_seconds`; the one over the limit gets "slow down", the rest are dropped unread."""

    messages: int = 5
    window_seconds: float = 30.0
    private_messages: int = 10


@dataclass(frozen=True)
class TelegramConfig:
    token_env: str = "TELEGRAM_BOT_TOKEN"
    api_base_url: str = "https://api.telegram.org/bot"
    api_base_file_url: str = "https://api.telegram.org/file/bot"
    mode: str = "polling"
    webhook: WebhookConfig = field(default_factory=WebhookConfig)
    admin_ids: tuple[int, ...] = ()
    rate_limiter: bool = True
    flood: FloodConfig = field(default_factory=FloodConfig)

    def token(self) -> str | None:
        """The bot token from the environment, or None when it is not set."""
        value = os.environ.get(self.token_env, "").strip()
        return value or None


@dataclass(frozen=True)
class FixedSubscription:
    chat_id: int
    reminder: str
    time: str = ""


@dataclass(frozen=True)
class RemindersConfig:
    grace_period_minutes: int = 60
    fixed_subscriptions: tuple[FixedSubscription, ...] = ()
    send_concurrency: int = 16  # chats served at once by a broadcast (Telegram's limits: the rate limiter)
    max_attempts: int = 0  # sends of one reminder to one chat before giving up; 0 = until the grace period ends
    retry_backoff_seconds: float = 1.0  # first wait after a failed send (5xx, network), doubled each time
    retry_backoff_max_seconds: float = 60.0  # longest wait between two tries
    send_read_timeout_seconds: float = 20.0  # how long a reminder send waits for Telegram's answer
    uncertain_pause_seconds: float = 60.0  # wait before the one resend after an answer that never came
    disable_after_failing_days: int = 3  # days running of permanent send errors before a chat is disabled


@dataclass(frozen=True)
class StorageConfig:
    database: str = "var/bot.sqlite3"


@dataclass(frozen=True)
class Config:
    knowledge_dir: str = "knowledge"
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    matcher: MatcherConfig = field(default_factory=MatcherConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    reminders: RemindersConfig = field(default_factory=RemindersConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    # Where the file was read from; relative paths in it are resolved against its folder.
    base_dir: str = "."

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def path(self, value: str) -> Path:
        """Resolve a path setting relative to the config file's folder."""
        p = Path(value)
        return p if p.is_absolute() else Path(self.base_dir) / p

    @property
    def knowledge_path(self) -> Path:
        return self.path(self.knowledge_dir)

    @property
    def database_path(self) -> Path:
        return self.path(self.storage.database)


_LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def _convert(value: Any, tp: Any, key: str, source: str) -> Any:
    """Convert one YAML value to the annotated type, or raise naming the key."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, key, source)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(value, args[0], key, source)
    if origin is tuple:
        (item_tp, _ellipsis) = typing.get_args(tp)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ConfigError(source, key, f"expected a list, got {type(value).__name__}")
        return tuple(_convert(v, item_tp, f"{key}[{i}]", source) for i, v in enumerate(value))
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(source, key, f"expected true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(source, key, f"expected a whole number, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(source, key, f"expected a number, got {value!r}")
        return float(value)
    if tp is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise ConfigError(source, key, f"expected text, got {type(value).__name__}")
        return value
    raise ConfigError(source, key, f"unsupported setting type {tp!r}")  # pragma: no cover


def _build(cls: Any, data: Any, prefix: str, source: str) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(source, prefix or "(top level)", "expected a mapping of settings")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.name != "base_dir"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        name = f"{prefix}.{unknown[0]}" if prefix else unknown[0]
        raise ConfigError(source, name, f"unknown setting (known here: {', '.join(sorted(known))})")
    kwargs = {}
    for name in known:
        if name in data:
            key = f"{prefix}.{name}" if prefix else name
            kwargs[name] = _convert(data[name], hints[name], key, source)
    required = [f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    missing = [name for name in required if name not in kwargs]
    if missing:
        name = f"{prefix}.{missing[0]}" if prefix else missing[0]
        raise ConfigError(source, name, "missing (this entry needs it)")
    return cls(**kwargs)


# Upper bounds: beyond them a value is a typo, and some break at run time (a grace period of 10**12
# minutes overflows the catch-up's date arithmetic; port 99999 registers a webhook nobody listens to).
MAX_GRACE_MINUTES = 7 * 24 * 60
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_URL_PATH = re.compile(r"[A-Za-z0-9_./~-]*")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")


def _check(ok: bool, source: str, key: str, problem: str) -> None:
    if not ok:
        raise ConfigError(source, key, problem)


def _in_range(value: float, low: float, high: float, source: str, key: str) -> None:
    _check(low <= value <= high, source, key, f"must be between {low:g} and {high:g}, got {value!r}")


def _validate(cfg: Config, source: str) -> None:
    """Ranges and formats of every setting, so that nothing is created from a config that cannot work."""
    _check(bool(cfg.knowledge_dir.strip()), source, "knowledge_dir", "must name a folder")
    m = cfg.matcher
    answer = 1.0 if m.answer_threshold is None else m.answer_threshold
    clarify = 0.0 if m.clarify_threshold is None else m.clarify_threshold
    if not 0.0 <= clarify <= answer <= 1.0:
        raise ConfigError(
            source, "matcher.answer_threshold",
            "need 0 <= matcher.clarify_threshold <= matcher.answer_threshold <= 1",
        )
    for key in ("max_answers", "max_suggestions", "max_answer_chars"):
        if getattr(m, key) < 1:
            raise ConfigError(source, f"matcher.{key}", "must be at least 1")
    _in_range(m.max_answers, 1, 10, source, "matcher.max_answers")
    _in_range(m.max_suggestions, 1, 10, source, "matcher.max_suggestions")
    _in_range(m.max_answer_chars, 1, 3000, source, "matcher.max_answer_chars")
    try:
        ZoneInfo(cfg.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(source, "timezone", f"unknown time zone {cfg.timezone!r}") from None
    if cfg.log_level.upper() not in _LOG_LEVELS:
        raise ConfigError(source, "log_level", f"expected one of {', '.join(sorted(_LOG_LEVELS))}")
    t = cfg.telegram
    _check(bool(_ENV_NAME.fullmatch(t.token_env)), source, "telegram.token_env",
           f"must be the name of an environment variable, got {t.token_env!r}")
    if t.mode not in ("polling", "webhook"):
        raise ConfigError(source, "telegram.mode", f"expected polling or webhook, got {t.mode!r}")
    if t.mode == "webhook" and not t.webhook.url:
        raise ConfigError(source, "telegram.webhook.url", "webhook mode needs the public URL")
    for key in ("api_base_url", "api_base_file_url"):
        value = getattr(t, key)
        if not (value.startswith("http://") or value.startswith("https://")) or " " in value:
            raise ConfigError(source, f"telegram.{key}", "must start with http:// or https://")
    w = t.webhook
    _in_range(w.port, 1, 65535, source, "telegram.webhook.port")
    _in_range(w.health_port, 0, 65535, source, "telegram.webhook.health_port")
    _check(w.health_port != w.port, source, "telegram.webhook.health_port", "must differ from telegram.webhook.port")
    _check(bool(w.listen.strip()), source, "telegram.webhook.listen", "must be an address to listen on, e.g. 127.0.0.1")
    _check(not w.url or w.url.startswith("https://"), source, "telegram.webhook.url",
           f"Telegram sends webhooks to https:// URLs only, got {w.url!r}")
    _check(bool(_URL_PATH.fullmatch(w.url_path)), source, "telegram.webhook.url_path",
           f"letters, digits and _ . / ~ - only, got {w.url_path!r}")
    _check(bool(_ENV_NAME.fullmatch(w.secret_token_env)), source, "telegram.webhook.secret_token_env",
           f"must be the name of an environment variable, got {w.secret_token_env!r}")
    for i, uid in enumerate(t.admin_ids):
        _check(uid > 0, source, f"telegram.admin_ids[{i}]", f"a Telegram user id is a positive number, got {uid}")
    _in_range(t.flood.messages, 1, 1000, source, "telegram.flood.messages")
    _in_range(t.flood.private_messages, 1, 1000, source, "telegram.flood.private_messages")
    _in_range(t.flood.window_seconds, 0.001, 86400, source, "telegram.flood.window_seconds")
    r = cfg.reminders
    if r.grace_period_minutes < 0:
        raise ConfigError(source, "reminders.grace_period_minutes", "must not be negative")
    _check(r.grace_period_minutes <= MAX_GRACE_MINUTES, source, "reminders.grace_period_minutes",
           f"at most {MAX_GRACE_MINUTES} (a week), got {r.grace_period_minutes}")
    for key in ("send_concurrency", "disable_after_failing_days"):
        if getattr(r, key) < 1:
            raise ConfigError(source, f"reminders.{key}", "must be at least 1")
    _in_range(r.send_concurrency, 1, 256, source, "reminders.send_concurrency")
    _in_range(r.max_attempts, 0, 100, source, "reminders.max_attempts")  # 0: until the grace period ends
    for key in ("retry_backoff_seconds", "retry_backoff_max_seconds", "send_read_timeout_seconds"):
        if getattr(r, key) <= 0:
            raise ConfigError(source, f"reminders.{key}", "must be more than 0")
    if r.uncertain_pause_seconds < 0:
        raise ConfigError(source, "reminders.uncertain_pause_seconds", "must not be negative")
    for i, fixed in enumerate(r.fixed_subscriptions):
        key = f"reminders.fixed_subscriptions[{i}]"
        _check(fixed.chat_id != 0, source, f"{key}.chat_id", "a chat id is a non-zero number")
        _check(bool(fixed.reminder.strip()), source, f"{key}.reminder", "must name a reminder id")
        if fixed.time:
            hhmm = _HHMM.fullmatch(fixed.time.strip())
            _check(bool(hhmm) and int(hhmm[1]) <= 23 and int(hhmm[2]) <= 59, source, f"{key}.time",
                   f"expected a time of day in quotes, like \"08:30\", got {fixed.time!r}")
    _check(bool(cfg.storage.database.strip()), source, "storage.database", "must name the SQLite file")


def load_config(path: str | os.PathLike[str] = "config.yaml", *, environ: dict[str, str] | None = None) -> Config:
    """Read and validate a config file; environment overrides come last.

    `TELEGRAM_API_BASE_URL` overrides `telegram.api_base_url` (for a self-hosted Bot API server).
    """
    env = os.environ if environ is None else environ
    p = Path(path)
    source = str(p)
    try:
        raw_text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, None, "file not found") from None
    except OSError as exc:
        raise ConfigError(source, None, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(source, None, "not UTF-8 text") from None
    try:
        data = yaml.safe_load(raw_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(source, None, f"not valid YAML{where}") from None
    cfg = _build(Config, data, "", source)
    override = env.get("TELEGRAM_API_BASE_URL", "").strip()
    if override:
        cfg = dataclasses.replace(cfg, telegram=dataclasses.replace(cfg.telegram, api_base_url=override))
    cfg = dataclasses.replace(cfg, base_dir=str(p.resolve().parent))
    _validate(cfg, source)
    return cfg
