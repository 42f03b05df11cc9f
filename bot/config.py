"""Settings: `config.yaml` parsed once into frozen dataclasses.

Only non-secret settings live in the file; the bot token comes from the environment variable the
file names. Every problem is reported as a `ConfigError` naming the file and the dotted key, so a
bad deployment fails at start-up with one readable line instead of a traceback later.
"""

from __future__ import annotations

import dataclasses
import os
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
    """Thresholds of the three outcomes; scores are confidences in [0, 1]."""

    answer_threshold: float = 0.55
    clarify_threshold: float = 0.30
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


@dataclass(frozen=True)
class FloodConfig:
    """Per-user guard in groups: at most `messages` within `window_seconds`."""

    messages: int = 5
    window_seconds: float = 30.0


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
    return cls(**kwargs)


def _validate(cfg: Config, source: str) -> None:
    m = cfg.matcher
    if not 0.0 <= m.clarify_threshold <= m.answer_threshold <= 1.0:
        raise ConfigError(
            source, "matcher.answer_threshold",
            "need 0 <= matcher.clarify_threshold <= matcher.answer_threshold <= 1",
        )
    for key in ("max_answers", "max_suggestions", "max_answer_chars"):
        if getattr(m, key) < 1:
            raise ConfigError(source, f"matcher.{key}", "must be at least 1")
    try:
        ZoneInfo(cfg.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(source, "timezone", f"unknown time zone {cfg.timezone!r}") from None
    if cfg.log_level.upper() not in _LOG_LEVELS:
        raise ConfigError(source, "log_level", f"expected one of {', '.join(sorted(_LOG_LEVELS))}")
    t = cfg.telegram
    if t.mode not in ("polling", "webhook"):
        raise ConfigError(source, "telegram.mode", f"expected polling or webhook, got {t.mode!r}")
    if t.mode == "webhook" and not t.webhook.url:
        raise ConfigError(source, "telegram.webhook.url", "webhook mode needs the public URL")
    if not (t.api_base_url.startswith("http://") or t.api_base_url.startswith("https://")):
        raise ConfigError(source, "telegram.api_base_url", "must start with http:// or https://")
    if t.flood.messages < 1 or t.flood.window_seconds <= 0:
        raise ConfigError(source, "telegram.flood", "messages must be >= 1 and window_seconds > 0")
    if cfg.reminders.grace_period_minutes < 0:
        raise ConfigError(source, "reminders.grace_period_minutes", "must not be negative")
    for key in ("send_concurrency", "disable_after_failing_days"):
        if getattr(cfg.reminders, key) < 1:
            raise ConfigError(source, f"reminders.{key}", "must be at least 1")
    if cfg.reminders.max_attempts < 0:
        raise ConfigError(source, "reminders.max_attempts", "must be 0 (until the grace period ends) or more")
    for key in ("retry_backoff_seconds", "retry_backoff_max_seconds", "send_read_timeout_seconds"):
        if getattr(cfg.reminders, key) <= 0:
            raise ConfigError(source, f"reminders.{key}", "must be more than 0")
    if cfg.reminders.uncertain_pause_seconds < 0:
        raise ConfigError(source, "reminders.uncertain_pause_seconds", "must not be negative")


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
