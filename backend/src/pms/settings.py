"""Every `PMS_*` setting, read once from the environment (and an optional `.env` file).

Nothing else in the code reads `os.environ`: this module is the one place that does.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE_NAME = "secret_key"  # noqa: S105 - a file name
MIN_SECRET_LENGTH = 32
_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _default_data_dir() -> Path:
    return Path(user_data_dir("pms", appauthor=False))


class Settings(BaseSettings):
    """Configuration of one PMS process; see the table in README.md."""

    model_config = SettingsConfigDict(env_prefix="PMS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: str | None = None
    allow_signup: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["console", "json"] = "console"
    token_ttl_hours: int = Field(default=24 * 14, ge=1)
    cookie_secure: bool = False
    login_max_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    cache_prefix: str = "pms"
    #: The in-process cache (embedded mode, and Redis's fallback) holds at most this many bytes.
    cache_memory_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024 * 1024)
    #: Database timeouts: connecting, one SQL statement (0 = none; migrations have none), waiting
    #: for a pooled connection, and SQLite waiting for another writer. Past them: 503, retry.
    db_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    db_statement_timeout_seconds: float = Field(default=30.0, ge=0)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0)
    db_busy_timeout_seconds: float = Field(default=5.0, ge=0)
    static_dir: Path | None = None
    forwarded_allow_ips: str = "127.0.0.1"
    market_refresh: bool = True
    market_refresh_time: str = "22:30"
    market_timeout_seconds: float = Field(default=8.0, gt=0)
    market_refresh_timezone: str = "UTC"
    market_offline: bool = False
    market_history_timeout_seconds: float = Field(default=30.0, gt=0)
    market_request_interval_seconds: float = Field(default=0.5, ge=0)
    market_max_retries: int = Field(default=3, ge=0, le=10)
    market_backoff_seconds: float = Field(default=5.0, ge=0)
    market_quote_ttl_seconds: int = Field(default=300, ge=1)
    market_lookup_ttl_seconds: int = Field(default=24 * 3600, ge=1)
    import_max_bytes: int = Field(default=100 * 1024 * 1024, ge=1024)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("market_refresh_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not _CLOCK_TIME.fullmatch(value):
            raise ValueError("PMS_MARKET_REFRESH_TIME must be HH:MM (24-hour clock)")
        return value

    @field_validator("market_refresh_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"PMS_MARKET_REFRESH_TIMEZONE: unknown time zone '{value}'") from exc
        return value

    @field_validator("database_url", "redis_url", "secret_key", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("secret_key")
    @classmethod
    def _secret_long_enough(cls, value: str | None) -> str | None:
        if value is not None and len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"PMS_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @property
    def embedded(self) -> bool:
        """Embedded mode: SQLite in the data directory and no Redis."""
        return self.database_url is None or self.database_url.startswith("sqlite")

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'pms.db'}"

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    @property
    def effective_secret_key(self) -> str:
        """The configured secret, else one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        path = self.ensure_data_dir() / SECRET_FILE_NAME
        if path.exists():
            stored = path.read_text().strip()
            if len(stored) >= MIN_SECRET_LENGTH:
                return stored
        generated = secrets.token_urlsafe(48)
        path.touch(mode=0o600)
        path.write_text(generated)
        return generated


@lru_cache
def get_settings() -> Settings:
    return Settings()
