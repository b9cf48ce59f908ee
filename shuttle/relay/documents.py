"""Paper for the prison relay: printed letters out, scanned replies back in.

Prison staff print the letters released to a prisoner and hand them over with a reply
sheet; later they scan the prisoner's handwritten reply and upload it. This module is the
public face of the pure, synchronous document work behind that:

* reference codes (``RL-XXXX-XXXX``) that tie a reply back to its letter, typed by a person
  or read from the QR code on the reply sheet (here);
* the print PDF (letters and reply sheets, one batch per file), drawn in
  :mod:`shuttle.relay.printing`;
* checks on uploaded scans: the type from magic bytes (here); page count, pixel limits,
  reading the reference QR code from a scan, and an optional OCR draft with the
  ``tesseract`` command in :mod:`shuttle.relay.reading`.

Callers use only this module. ``printing`` and ``reading`` need fpdf, pypdfium2, zxingcpp,
PIL and segno (about 29 MB resident), so the functions here import them on first call: an
API process that never prints or reads a scan never loads them.

No database, no web framework, no global state. Callers run these functions in a worker
thread (``asyncio.to_thread``). Scans are read from a file path and decoded one page at a
time so that memory stays bounded. Nothing here logs letter or reply text.
"""

from __future__ import annotations

import secrets
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

# --- reference codes -------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""32 symbols with no 0/O or 1/I to confuse: 5 bits per character."""
CODE_PREFIX = "RL"
_CODE_BODY_LEN = 8
MAX_CODE_LEN = len(f"{CODE_PREFIX}-XXXX-XXXX")
"""Length of a canonical reference code such as ``RL-7KQ4-M2XD`` (12)."""
_MAX_TYPED_LEN = 64
_IGNORED_IN_CODES = str.maketrans("", "", " \t\r\n-_.\u2010\u2011\u2012\u2013\u2014\u2212")


def new_reference_code() -> str:
    """Return a fresh random reference code such as ``RL-7KQ4-M2XD`` (40 random bits)."""
    bits = secrets.randbits(5 * _CODE_BODY_LEN)
    chars = [CODE_ALPHABET[(bits >> (5 * i)) & 0x1F] for i in range(_CODE_BODY_LEN)]
    return _canonical("".join(chars))


def normalise_code(typed: str) -> str | None:
    """Return the canonical form of a typed or scanned reference code, or None if invalid.

    Case, spaces, hyphens and the ``RL`` prefix are optional: ``"rl 7kq4 m2xd"``,
    ``"RL7KQ4M2XD"`` and ``"7KQ4-M2XD"`` all give ``"RL-7KQ4-M2XD"``. The characters 0, O, 1
    and I are never part of a code, so they are rejected rather than guessed at.
    """
    if len(typed) > _MAX_TYPED_LEN:
        return None
    cleaned = unicodedata.normalize("NFKC", typed).upper().translate(_IGNORED_IN_CODES)
    if len(cleaned) == len(CODE_PREFIX) + _CODE_BODY_LEN and cleaned.startswith(CODE_PREFIX):
        cleaned = cleaned[len(CODE_PREFIX) :]
    if len(cleaned) != _CODE_BODY_LEN or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return _canonical(cleaned)


def _canonical(body: str) -> str:
    return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"


# --- the print PDF ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrintItem:
    """One released letter, as printed for one person in prison, or to be sent by post (no
    establishment and no prison number)."""

    reference: str
    recipient_name: str  # in prison: the name the prison knows them by
    prison_number: str | None
    establishment: str | None
    body: str
    facilitator_note: str | None
    from_label: str
    released_on: date


def render_print_pdf(items: list[PrintItem]) -> bytes:
    """Render a batch of letters, each followed by its reply sheet, as one PDF.

    See :func:`shuttle.relay.printing.render_print_pdf`. Raises ValueError for an empty
    batch.
    """
    # Imported on first call, not at start-up: fpdf, pdfium, zxing, PIL and segno cost
    # ~29 MB resident and only printing and scan reading need them.
    from shuttle.relay import printing

    return printing.render_print_pdf(items)


def unicode_font_available() -> bool:
    """True when DejaVu Sans is installed (Debian: ``fonts-dejavu-core``) for full Unicode."""
    from shuttle.relay import printing  # on first call: see render_print_pdf

    return printing.unicode_font_available()


# --- scans -----------------------------------------------------------------------------


class ScanKind(StrEnum):
    """The file types accepted for scanned replies."""

    pdf = "pdf"
    jpeg = "jpeg"
    png = "png"


class ScanRejected(Exception):
    """An uploaded scan cannot be used; the message is a sentence to show the uploader."""


MAX_SCAN_PIXELS = 60_000_000
"""Largest image (or rendered page) accepted, in pixels: bounds memory per page."""
_ACCEPTED = "only PDF, JPEG or PNG scans are accepted"
_PDF_MAGIC = b"%PDF-"
_PDF_LEADING_WHITESPACE = b" \t\r\n"  # tolerated; junk before the header is not
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sniff_kind(head: bytes) -> ScanKind:
    """Tell the scan type from the file's first bytes (16 are enough), never from its name.

    Raises ScanRejected for anything that is not a PDF, JPEG or PNG.
    """
    if not head:
        raise ScanRejected(f"The file is empty: {_ACCEPTED}.")
    if head.startswith(_PNG_MAGIC):
        return ScanKind.png
    if head.startswith(_JPEG_MAGIC):
        return ScanKind.jpeg
    if head.lstrip(_PDF_LEADING_WHITESPACE).startswith(_PDF_MAGIC):
        return ScanKind.pdf
    raise ScanRejected(f"This file is not a scan we can read: {_ACCEPTED}.")


def count_pages(path: Path, kind: ScanKind) -> int:
    """Return how many pages a scan has: a PDF's page count, or 1 for an image.

    See :func:`shuttle.relay.reading.count_pages`. Raises ScanRejected for a damaged,
    password-protected, empty or oversized scan.
    """
    from shuttle.relay import reading  # on first call: see render_print_pdf

    return reading.count_pages(path, kind)


def read_reference(path: Path, kind: ScanKind, *, max_pages: int = 3) -> str | None:
    """Find the reply sheet's QR code in a scan and return its canonical reference code.

    See :func:`shuttle.relay.reading.read_reference`. Returns None when no valid reference
    is found; raises ScanRejected when the file cannot be read at all.
    """
    from shuttle.relay import reading  # on first call: see render_print_pdf

    return reading.read_reference(path, kind, max_pages=max_pages)


# --- OCR -------------------------------------------------------------------------------


def ocr_available() -> bool:
    """True when the ``tesseract`` command is installed (Debian: ``tesseract-ocr``)."""
    return shutil.which("tesseract") is not None


def ocr_draft(
    path: Path, kind: ScanKind, *, max_pages: int = 20, timeout: float = 60
) -> str | None:
    """Return a rough machine transcription of a scanned reply, for a person to correct.

    See :func:`shuttle.relay.reading.ocr_draft`. Returns None when tesseract is not
    installed or anything goes wrong; never raises.
    """
    from shuttle.relay import reading  # on first call: see render_print_pdf

    return reading.ocr_draft(path, kind, max_pages=max_pages, timeout=timeout)
