"""AES-256-GCM with associated data that binds a ciphertext to where it belongs."""

from __future__ import annotations

import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionFailed(Exception):
    """The ciphertext, its key or its associated data do not match."""


def new_data_key() -> bytes:
    """A fresh random 256-bit key."""
    return AESGCM.generate_key(bit_length=256)


def encrypt(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """Encrypt, returning nonce || ciphertext || tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def decrypt(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    """Decrypt what `encrypt` produced, or raise DecryptionFailed."""
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, associated_data)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed("ciphertext does not open with this key and context") from exc


def letter_context(case_id: uuid.UUID, letter_id: uuid.UUID, version: int) -> bytes:
    """Associated data for one version of one letter: a row moved elsewhere will not open."""
    return f"shuttle/letter-version/v1|{case_id}|{letter_id}|{version}".encode()


def note_context(case_id: uuid.UUID, letter_id: uuid.UUID, note_id: uuid.UUID) -> bytes:
    """Associated data for a facilitator's note on a letter."""
    return f"shuttle/letter-note/v1|{case_id}|{letter_id}|{note_id}".encode()


def envelope_context(case_id: uuid.UUID, letter_id: uuid.UUID) -> bytes:
    """Associated data for the envelope note a recipient sees before opening a letter."""
    return f"shuttle/envelope/v1|{case_id}|{letter_id}".encode()


def feedback_context(case_id: uuid.UUID, feedback_id: uuid.UUID) -> bytes:
    """Associated data for a participant's feedback about the process."""
    return f"shuttle/feedback/v1|{case_id}|{feedback_id}".encode()


def totp_context(account_id: uuid.UUID, master_version: int) -> bytes:
    """Associated data for an account's TOTP secret sealed by one master key version."""
    return f"shuttle/totp-secret/v1|{account_id}|{master_version}".encode()


def case_key_context(case_id: uuid.UUID, master_version: int) -> bytes:
    """Associated data for a case key wrapped by one master key version."""
    return f"shuttle/case-key/v1|{case_id}|{master_version}".encode()
