"""compose.yaml cannot run here (no Docker engine), so it is checked by parsing it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from shuttle.config import Settings

COMPOSE = Path(__file__).resolve().parent.parent / "compose.yaml"
SHUTTLE_SERVICES = ("migrate", "api", "worker")


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def test_compose_has_the_services_of_a_deployment() -> None:
    services = _compose()["services"]
    assert {"postgres", "redis", "api", "worker", "migrate"} <= set(services)
    assert services["api"]["command"][:2] == ["shuttle", "serve"]
    workers = services["api"]["command"][services["api"]["command"].index("--workers") + 1]
    assert int(workers) > 1
    assert services["worker"]["command"] == ["shuttle", "worker"]


def test_every_environment_name_is_a_setting() -> None:
    settings_names = {f"SHUTTLE_{name.upper()}" for name in Settings.model_fields}
    for service in SHUTTLE_SERVICES:
        environment = _compose()["services"][service]["environment"]
        names = set(environment)
        assert names, service
        unknown = names - settings_names
        assert not unknown, f"{service} sets {sorted(unknown)}, which Settings does not read"
        for name in names:
            assert name.startswith("SHUTTLE_")


def test_compose_environment_builds_valid_settings(monkeypatch: Any) -> None:
    environment = _compose()["services"]["api"]["environment"]
    for name, value in environment.items():
        monkeypatch.setenv(name, str(value))
    settings = Settings()
    assert settings.env == "production"
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.cookie_secure is True
    assert str(settings.master_key_file) == "/run/secrets/master_keys"
