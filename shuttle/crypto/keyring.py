"""The versioned master key ring that wraps every case key.

Keys come from SHUTTLE_MASTER_KEYS ("1:<base64>,2:<base64>") or from a JSON key file
({"active": 2, "keys": {"1": "<base64>", "2": "<base64>"}}). The highest version (or the
file's "active") wraps new case keys; every version unwraps. A KMS could stand behind the
same three methods.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from shuttle.config import Settings
from shuttle.crypto import aead

log = logging.getLogger("shuttle.crypto")
_DEVELOPMENT = "generated for development"


class KeyRingError(Exception):
    """The key ring is missing, malformed, or lacks a needed version."""


@dataclass(frozen=True)
class WrappedKey:
    """A case key sealed by one master key version."""

    master_version: int
    sealed: bytes


class KeyRing:
    """Master keys by version; wraps and unwraps case keys."""

    def __init__(
        self,
        keys: dict[int, bytes],
        active: int,
        source: Path | None = None,
        *,
        generated_for_development: bool = False,
    ) -> None:
        if not keys:
            raise KeyRingError("the master key ring is empty")
        if active not in keys:
            raise KeyRingError(f"active master key version {active} is not in the ring")
        for version, key in keys.items():
            if len(key) != aead.KEY_BYTES:
                raise KeyRingError(f"master key version {version} is not 32 bytes")
        self._keys = dict(keys)
        self._active = active
        self._source = source
        self._lock = threading.Lock()
        self._stamp = _file_stamp(source)
        # Made by `shuttle migrate` or the demo in development: never good for production.
        self.generated_for_development = generated_for_development

    @property
    def active_version(self) -> int:
        """The version that wraps new case keys."""
        return self._active

    @property
    def versions(self) -> list[int]:
        """Every version held."""
        return sorted(self._keys)

    @property
    def source(self) -> Path | None:
        """The key file this ring was read from, if any."""
        return self._source

    def wrap(self, case_id: uuid.UUID, case_key: bytes) -> WrappedKey:
        """Seal a case key with the active master key (re-reading the key file if it changed)."""
        if self._source is not None and _file_stamp(self._source) != self._stamp:
            self.reload()
        version = self._active
        sealed = aead.encrypt(
            self._keys[version], case_key, aead.case_key_context(case_id, version)
        )
        return WrappedKey(version, sealed)

    def unwrap(self, case_id: uuid.UUID, wrapped: WrappedKey) -> bytes:
        """Open a case key; reloads the key file once if the version is new to this process."""
        context = aead.case_key_context(case_id, wrapped.master_version)
        return aead.decrypt(self._key(wrapped.master_version), wrapped.sealed, context)

    def seal_totp(self, account_id: uuid.UUID, secret: bytes) -> WrappedKey:
        """Seal an account's TOTP secret with the active master key."""
        version = self._active
        sealed = aead.encrypt(self._keys[version], secret, aead.totp_context(account_id, version))
        return WrappedKey(version, sealed)

    def open_totp(self, account_id: uuid.UUID, wrapped: WrappedKey) -> bytes:
        """Open an account's TOTP secret."""
        context = aead.totp_context(account_id, wrapped.master_version)
        return aead.decrypt(self._key(wrapped.master_version), wrapped.sealed, context)

    def _key(self, version: int) -> bytes:
        """A master key by version; reloads the key file once if the version is new here."""
        key = self._keys.get(version)
        if key is None:
            self.reload()
            key = self._keys.get(version)
        if key is None:
            raise KeyRingError(f"master key version {version} is not available")
        return key

    def reload(self) -> None:
        """Re-read the key file (after `shuttle keys rotate` in another process)."""
        if self._source is None or not self._source.exists():
            return
        fresh = load_key_file(self._source)
        with self._lock:
            self._keys, self._active, self._stamp = fresh._keys, fresh._active, fresh._stamp


def _file_stamp(path: Path | None) -> tuple[int, int] | None:
    """What changes when `keys rotate` replaces the key file."""
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


def parse_inline_keys(text: str) -> KeyRing:
    """Parse "1:<base64>,2:<base64>"; the highest version is active."""
    keys: dict[int, bytes] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        version_text, sep, encoded = item.partition(":")
        if not sep or not version_text.strip().isdigit():
            raise KeyRingError("SHUTTLE_MASTER_KEYS must look like '1:<base64 key>,2:<base64 key>'")
        keys[int(version_text)] = _decode_key(encoded.strip(), version_text)
    if not keys:
        raise KeyRingError("SHUTTLE_MASTER_KEYS is empty")
    return KeyRing(keys, max(keys))


def _decode_key(encoded: str, version: str) -> bytes:
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError as exc:
        raise KeyRingError(f"master key version {version} is not valid base64") from exc


def load_key_file(path: Path) -> KeyRing:
    """Read a JSON key file."""
    try:
        data = json.loads(path.read_text())
        keys = {int(v): _decode_key(k, v) for v, k in data["keys"].items()}
        active = int(data.get("active", max(keys)))
        development = data.get("origin") == _DEVELOPMENT
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyRingError(f"cannot read master key file {path}: {exc}") from exc
    return KeyRing(keys, active, source=path, generated_for_development=development)


def write_key_file(path: Path, ring: KeyRing) -> None:
    """Write the ring atomically, readable by the owner only."""
    data: dict[str, object] = {
        "active": ring.active_version,
        "keys": {str(v): base64.b64encode(ring._keys[v]).decode() for v in ring.versions},
    }
    if ring.generated_for_development:
        data["origin"] = _DEVELOPMENT
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def with_new_version(ring: KeyRing) -> KeyRing:
    """A copy of the ring with a fresh key as the new active version."""
    version = max(ring.versions) + 1
    keys = {v: ring._keys[v] for v in ring.versions}
    keys[version] = aead.new_data_key()
    return KeyRing(
        keys,
        version,
        source=ring.source,
        generated_for_development=ring.generated_for_development,
    )


def generate_key_file(path: Path, *, development: bool = True) -> KeyRing:
    """Create a new key file with one version: marked as development's own unless it is made
    on purpose for production (`shuttle keys init`)."""
    if not development and path.exists():
        raise KeyRingError(f"{path} already exists; a key ring is never overwritten")
    ring = KeyRing({1: aead.new_data_key()}, 1, source=path, generated_for_development=development)
    write_key_file(path, ring)
    return ring


def keyring_from_settings(settings: Settings, *, allow_generate: bool = False) -> KeyRing:
    """The ring the settings point at; in development, generate one under var/ if asked."""
    if settings.master_keys is not None:
        return parse_inline_keys(settings.master_keys.get_secret_value())
    path = settings.master_key_file or settings.default_key_file
    if path.exists():
        return load_key_file(path)
    if settings.master_key_file is not None:
        raise KeyRingError(f"master key file {path} does not exist")
    if not allow_generate or settings.env == "production":
        raise KeyRingError(
            "no master keys: set SHUTTLE_MASTER_KEYS or SHUTTLE_MASTER_KEY_FILE "
            "(development creates var/master-keys.json on `shuttle migrate`)"
        )
    log.warning(
        "generated a development master key ring at %s (mode 0600); production must supply "
        "its own with SHUTTLE_MASTER_KEYS or SHUTTLE_MASTER_KEY_FILE",
        path,
    )
    return generate_key_file(path)
