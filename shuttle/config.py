"""Settings, read from the environment with the prefix SHUTTLE_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import limits
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service; README.md documents each one."""

    model_config = SettingsConfigDict(env_prefix="SHUTTLE_", extra="ignore")

    env: Literal["development", "production"] = "development"
    var_dir: Path = Path("var")
    database_url: str = "sqlite+aiosqlite:///./var/shuttle.db"
    redis_url: str | None = None
    # Master key ring: either inline ("1:<base64 key>,2:<base64 key>", the highest
    # version wraps new case keys) or a JSON key file written by `shuttle keys`.
    master_keys: SecretStr | None = None
    master_key_file: Path | None = None

    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    cookie_secure: bool = False

    max_letter_chars: int = Field(default=20_000, ge=1)
    max_note_chars: int = Field(default=4_000, ge=1)
    max_request_bytes: int = Field(default=1_000_000, ge=1_024)
    # A session ends after this long unused: sooner for staff, who hold many people's letters.
    participant_idle_minutes: int = Field(default=30, ge=1)
    staff_idle_minutes: int = Field(default=15, ge=1)
    session_absolute_hours: int = Field(default=12, ge=1)
    # Sign-in attempts allowed per login and per network address ("N per [M] second|minute|
    # hour|day"), counted in Redis (in memory without Redis); then 429 with Retry-After.
    sign_in_limit_per_account: str = "5 per minute"
    sign_in_limit_per_address: str = "60 per 15 minutes"
    # Failed sign-ins in a row (passphrase or code) that lock an account until staff lift it.
    lockout_after: int = Field(default=10, ge=1)
    # The name an authenticator app shows beside the codes. Something neutral may be kinder
    # to a participant whose phone others look at.
    totp_issuer: str = Field(default="Shuttle", min_length=1, max_length=40)
    # Prefix of the rate-limit counters' keys, so several services can share one Redis.
    rate_limit_prefix: str = Field(default="shuttle", min_length=1, max_length=40)
    claim_lease_minutes: int = Field(default=30, ge=1)
    invitation_ttl_hours: int = Field(default=72, ge=1)

    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65_536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)
    argon2_max_concurrent: int = Field(default=2, ge=1)

    # Live events and background work (README: "Live events and background work").
    ws_hello_seconds: float = Field(default=10.0, gt=0)
    ws_recheck_seconds: float = Field(default=60.0, gt=0)
    events_poll_seconds: float = Field(default=2.0, gt=0)
    event_retention_days: int = Field(default=30, ge=1)
    outbox_poll_seconds: float = Field(default=0.5, gt=0)
    job_timeout_seconds: int = Field(default=30, ge=1)
    review_reminder_hours: float = Field(default=48, gt=0)
    review_escalation_hours: float = Field(default=120, gt=0)
    # How long a closed case's letters are kept before its key is destroyed (cases.expire).
    case_retention_days: int = Field(default=730, ge=1)
    rewrap_batch: int = Field(default=200, ge=1)

    # Content-free e-mail notifications. Without an SMTP host each one is recorded in the
    # outbox as skipped (development); production refuses to start without one.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_from: str = "Shuttle <no-reply@shuttle.invalid>"

    # Scanned replies from prison (README: "Prison relay").
    scan_max_bytes: int = Field(default=20_000_000, ge=1_024)
    scan_max_pages: int = Field(default=20, ge=1)
    ocr_timeout_seconds: float = Field(default=60.0, gt=0)

    log_level: str = "INFO"

    @field_validator("sign_in_limit_per_account", "sign_in_limit_per_address")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        try:
            limits.parse(value)
        except ValueError as exc:
            raise ValueError(f"not a rate limit like '5 per minute': {value!r}") from exc
        return value

    def idle_minutes(self, staff: bool) -> int:
        """How long a session may go unused."""
        return self.staff_idle_minutes if staff else self.participant_idle_minutes

    @property
    def is_sqlite(self) -> bool:
        """True when the database is SQLite."""
        return self.database_url.startswith("sqlite")

    @property
    def default_key_file(self) -> Path:
        """Where development keeps its generated key ring."""
        return self.var_dir / "master-keys.json"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
