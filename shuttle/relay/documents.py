"""Paper for the prison relay: printed letters out, scanned replies back in.

Prison staff print the letters released to a prisoner and hand them over with a reply
sheet; later they scan the prisoner's handwritten reply and upload it. This module holds
the pure, synchronous document work behind that:

* reference codes (``RL-XXXX-XXXX``) that tie a reply back to its letter, typed by a person
  or read from the QR code on the reply sheet;
* the print PDF (letters and reply sheets, one batch per file);
* checks on uploaded scans (type from magic bytes, page count, pixel limits), reading the
  reference QR code from a scan, and an optional OCR draft with the ``tesseract`` command.

No database, no web framework, no global state. Callers run these functions in a worker
thread (``asyncio.to_thread``). Scans are read from a file path and decoded one page at a
time so that memory stays bounded. Nothing here logs letter or reply text.
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pypdfium2 as pdfium
import segno
import zxingcpp
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, UnidentifiedImageError

log = logging.getLogger("shuttle.relay")

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


_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_REGULAR = _FONT_DIR / "DejaVuSans.ttf"
_FONT_BOLD = _FONT_DIR / "DejaVuSans-Bold.ttf"
_TTF_FAMILY = "DejaVu"
_CORE_FAMILY = "Helvetica"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_LATIN1_LOOKALIKES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)

_PAGE_W = 210.0  # A4, millimetres
_PAGE_H = 297.0
_MARGIN = 20.0
_CONTENT_W = _PAGE_W - 2 * _MARGIN
_BODY_LINE_H = 6.0
_QR_SIZE = 45.0  # mm; with a 2 mm module a phone photo decodes easily
_QR_X = _PAGE_W - _MARGIN - _QR_SIZE
_QR_Y = 22.0
_RULE_GAP = 9.0
_REPLY_INSTRUCTION = (
    "Write your reply below and on more sheets if you need them. "
    "Hand all sheets to the staff member who gave you this letter. "
    "Keep this sheet on top."
)
_REPLY_INSTRUCTION_BY_POST = (
    "Write your reply below and on more sheets if you need them. "
    "Post all sheets to your facilitator in the envelope that came with this letter. "
    "Keep this sheet on top."
)


def _recipient_lines(item: PrintItem) -> list[str]:
    """The recipient as printed: prison number and name, or the name alone by post."""
    name = f"Name: {item.recipient_name}"
    return [name] if item.prison_number is None else [f"Prison number: {item.prison_number}", name]


def _running_head(item: PrintItem) -> str:
    """Who a loose continuation page is for."""
    if item.prison_number is None:
        return item.recipient_name
    return f"{item.prison_number} · {item.recipient_name}"


@dataclass(frozen=True)
class _Section:
    """What the running header and footer show while a letter is being laid out."""

    item: PrintItem
    total_pages: int | None  # None on the reply sheet
    first_page: int = 0


class _RelayPDF(FPDF):
    """A4 document with a Unicode font when one is installed, and per-letter footers."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.unicode_font = _add_unicode_font(self)
        self.family = _TTF_FAMILY if self.unicode_font else _CORE_FAMILY
        self.section: _Section | None = None
        self._next_section: _Section | None = None
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(True, margin=_MARGIN + 5)
        self.set_creator("Shuttle")
        self.set_title("Prison relay letters")

    def safe(self, text: str) -> str:
        """Text the current font can show (only the core-font fallback loses characters)."""
        if self.unicode_font:
            return text
        return text.translate(_LATIN1_LOOKALIKES).encode("latin-1", "replace").decode("latin-1")

    def use_font(self, size: float, *, bold: bool = False) -> None:
        """Select the document font at a size."""
        self.set_font(self.family, "B" if bold else "", size)

    def begin_section(self, item: PrintItem, total_pages: int | None) -> None:
        """Start a new page that opens a letter (with its page count) or a reply sheet."""
        self._next_section = _Section(item, total_pages)
        self.add_page()

    def header(self) -> None:
        """On continuation pages of a letter: who it is for, so loose pages can be matched."""
        if self._next_section is not None:
            # add_page() has already drawn the previous page's footer: switch sections now.
            self.section = replace(self._next_section, first_page=self.page_no())
            self._next_section = None
            return
        section = self.section
        if section is None or section.total_pages is None:
            return
        self.use_font(8)
        self.set_text_color(90)
        item = section.item
        self.set_xy(_MARGIN, 10)
        self.cell(_CONTENT_W, 5, self.safe(_running_head(item)))
        self.set_text_color(0)
        self.set_xy(_MARGIN, _MARGIN)

    def footer(self) -> None:
        """``Reference RL-XXXX-XXXX · page n of m`` on letter pages."""
        section = self.section
        if section is None:
            return
        if section.total_pages is None:
            where = "reply sheet"
        else:
            where = f"page {self.page_no() - section.first_page + 1} of {section.total_pages}"
        self.use_font(8)
        self.set_text_color(90)
        self.set_xy(_MARGIN, _PAGE_H - 14)
        self.cell(_CONTENT_W, 5, f"Reference {section.item.reference} · {where}", align="C")
        self.set_text_color(0)


def _add_unicode_font(pdf: FPDF) -> bool:
    if not unicode_font_available():
        return False
    pdf.add_font(_TTF_FAMILY, "", _FONT_REGULAR)
    pdf.add_font(_TTF_FAMILY, "B", _FONT_BOLD)
    return True


def unicode_font_available() -> bool:
    """True when DejaVu Sans is installed (Debian: ``fonts-dejavu-core``) for full Unicode."""
    return _FONT_REGULAR.is_file() and _FONT_BOLD.is_file()


def render_print_pdf(items: list[PrintItem]) -> bytes:
    """Render a batch of letters, each followed by its reply sheet, as one PDF.

    Each letter gets a header (establishment, prison number and name, or "By post" and the
    name; who it is from,
    release date, reference), the facilitator's note in a box when there is one, the body
    text flowing over as many pages as it needs, and a ``page n of m`` footer. The reply
    sheet after it carries the reference as text and as a QR code, and ruled lines.
    Raises ValueError for an empty batch.
    """
    if not items:
        raise ValueError("nothing to print: the batch has no letters")
    pdf = _RelayPDF()
    scratch = _RelayPDF()
    for item in items:
        pdf.begin_section(item, _count_letter_pages(scratch, item))
        _draw_letter(pdf, item)
        pdf.begin_section(item, None)
        _draw_reply_sheet(pdf, item)
    return bytes(pdf.output())


def _count_letter_pages(scratch: _RelayPDF, item: PrintItem) -> int:
    """Lay the letter out on a scratch document to learn its page count for the footer."""
    scratch.add_page()
    first = scratch.page_no()
    _draw_letter(scratch, item)
    return scratch.page_no() - first + 1


def _draw_letter(pdf: _RelayPDF, item: PrintItem) -> None:
    _draw_letter_header(pdf, item)
    if item.facilitator_note and item.facilitator_note.strip():
        _draw_note(pdf, _clean_text(item.facilitator_note))
    pdf.use_font(11)
    pdf.multi_cell(
        _CONTENT_W, _BODY_LINE_H, pdf.safe(_clean_text(item.body)), align="L", new_x=XPos.LMARGIN
    )


def _draw_letter_header(pdf: _RelayPDF, item: PrintItem) -> None:
    pdf.set_xy(_MARGIN, _MARGIN)
    pdf.use_font(14, bold=True)
    _line(pdf, item.establishment or "By post", 7)
    pdf.use_font(10)
    for line in _recipient_lines(item):
        _line(pdf, line, 5.5)
    pdf.ln(3)
    pdf.use_font(13, bold=True)
    _line(pdf, f"Letter from {item.from_label}", 7)
    pdf.use_font(10)
    _line(pdf, f"Released on {_long_date(item.released_on)}", 5.5)
    _line(pdf, f"Reference {item.reference}", 5.5)
    pdf.ln(2)
    y = pdf.get_y()
    pdf.set_draw_color(160)
    pdf.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
    pdf.set_draw_color(0)
    pdf.ln(5)


def _draw_note(pdf: _RelayPDF, note: str) -> None:
    pdf.use_font(10, bold=True)
    _line(pdf, "Note from the facilitator", 6)
    pdf.use_font(10)
    pdf.multi_cell(
        _CONTENT_W,
        5.5,
        pdf.safe(note),
        border=1,
        align="L",
        padding=3,
        new_x=XPos.LMARGIN,
    )
    pdf.ln(6)


def _draw_reply_sheet(pdf: _RelayPDF, item: PrintItem) -> None:
    _draw_qr(pdf, item.reference)
    left_w = _QR_X - _MARGIN - 5
    pdf.set_xy(_MARGIN, _MARGIN)
    pdf.use_font(22, bold=True)
    _line(pdf, "Reply sheet", 12, width=left_w)
    pdf.ln(2)
    pdf.use_font(10)
    _line(pdf, "Reference", 5, width=left_w)
    pdf.use_font(24, bold=True)
    _line(pdf, item.reference, 12, width=left_w)
    pdf.ln(3)
    pdf.use_font(11)
    pdf.multi_cell(
        left_w,
        6,
        pdf.safe("\n".join(_recipient_lines(item))),
        align="L",
        new_x=XPos.LMARGIN,
    )
    pdf.set_y(max(pdf.get_y(), _QR_Y + _QR_SIZE) + 8)
    pdf.use_font(11, bold=True)
    instruction = _REPLY_INSTRUCTION if item.establishment else _REPLY_INSTRUCTION_BY_POST
    pdf.multi_cell(_CONTENT_W, 6, instruction, align="L", new_x=XPos.LMARGIN)
    _draw_rules(pdf, pdf.get_y() + _RULE_GAP)


def _draw_qr(pdf: _RelayPDF, reference: str) -> None:
    """Draw the reference as a vector QR code (error correction Q) in the top right."""
    qr = segno.make_qr(reference, error="q", boost_error=True)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    module = _QR_SIZE / len(rows)
    pdf.set_fill_color(0)
    for r, row in enumerate(rows):
        for start, length in _dark_runs(row):
            pdf.rect(_QR_X + start * module, _QR_Y + r * module, length * module, module, "F")


def _dark_runs(row: list[int]) -> Generator[tuple[int, int], None, None]:
    """Yield ``(start, length)`` for each run of dark modules in a QR row."""
    start: int | None = None
    for i, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            yield start, i - start
            start = None


def _draw_rules(pdf: _RelayPDF, top: float) -> None:
    pdf.set_draw_color(170)
    pdf.set_line_width(0.2)
    y = top
    while y <= _PAGE_H - _MARGIN - 8:
        pdf.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
        y += _RULE_GAP
    pdf.set_draw_color(0)


def _line(pdf: _RelayPDF, text: str, height: float, *, width: float = _CONTENT_W) -> None:
    """One wrapped block of text at the left margin."""
    pdf.multi_cell(
        width, height, pdf.safe(_clean_text(text)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def _clean_text(text: str) -> str:
    """Normalise newlines and tabs and drop other control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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
_PIL_FORMATS = {ScanKind.jpeg: "JPEG", ScanKind.png: "PNG"}
_QR_DPI = 200
_OCR_DPI = 300


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

    The file is opened and checked; a damaged, password-protected, empty or oversized scan
    raises ScanRejected.
    """
    if kind is ScanKind.pdf:
        doc = _open_pdf(path)
        try:
            return len(doc)
        finally:
            doc.close()
    with _open_image(path, kind):
        return 1


def read_reference(path: Path, kind: ScanKind, *, max_pages: int = 3) -> str | None:
    """Find the reply sheet's QR code in a scan and return its canonical reference code.

    Looks at the image, or at the first ``max_pages`` pages of a PDF (rendered one at a time
    at about 200 dpi). Returns None when no QR code holding a valid reference is found.
    Raises ScanRejected when the file cannot be read at all.
    """
    with closing(_page_images(path, kind, dpi=_QR_DPI, max_pages=max_pages)) as pages:
        for image in pages:
            with image:
                code = _decode_reference(image)
            if code is not None:
                return code
    return None


def _decode_reference(image: Image.Image) -> str | None:
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for barcode in zxingcpp.read_barcodes(image, formats=formats):
        code = normalise_code(barcode.text)
        if code is not None:
            return code
    return None


def _page_images(
    path: Path, kind: ScanKind, *, dpi: int, max_pages: int
) -> Generator[Image.Image, None, None]:
    """Yield greyscale images of the scan's pages, one at a time; the caller closes each."""
    if kind is not ScanKind.pdf:
        with _open_image(path, kind) as image:
            yield image.convert("L")
        return
    doc = _open_pdf(path)
    try:
        for index in range(min(len(doc), max_pages)):
            yield _render_page(doc, index, dpi)
    finally:
        doc.close()


def _render_page(doc: pdfium.PdfDocument, index: int, dpi: int) -> Image.Image:
    """Render one PDF page in greyscale, scaled down if needed to stay under the pixel cap."""
    try:
        page = doc[index]
        try:
            width, height = page.get_size()
            scale = dpi / 72
            if width * height * scale * scale > MAX_SCAN_PIXELS:
                scale = math.sqrt(MAX_SCAN_PIXELS / (width * height))
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                image: Image.Image = bitmap.to_pil().convert("L")
            finally:
                bitmap.close()
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise ScanRejected(f"Page {index + 1} of the PDF could not be read.") from exc
    return image


def _open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        doc = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError) as exc:
        raise ScanRejected(
            "The PDF could not be read: it may be damaged or protected with a password."
        ) from exc
    if len(doc) == 0:
        doc.close()
        raise ScanRejected("The PDF has no pages.")
    return doc


def _open_image(path: Path, kind: ScanKind) -> Image.Image:
    """Open and fully decode a JPEG or PNG, refusing damaged or oversized images."""
    damaged = f"The {kind.value.upper()} image could not be read: it may be damaged."
    try:
        image = Image.open(path, formats=[_PIL_FORMATS[kind]])
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ScanRejected(damaged) from exc
    width, height = image.size
    if width * height > MAX_SCAN_PIXELS:
        image.close()
        raise ScanRejected(
            f"The image is too large ({width} x {height} pixels): "
            "please scan at a lower resolution."
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        image.close()
        raise ScanRejected(damaged) from exc
    return image


# --- OCR -------------------------------------------------------------------------------


def ocr_available() -> bool:
    """True when the ``tesseract`` command is installed (Debian: ``tesseract-ocr``)."""
    return shutil.which("tesseract") is not None


def ocr_draft(
    path: Path, kind: ScanKind, *, max_pages: int = 20, timeout: float = 60
) -> str | None:
    """Return a rough machine transcription of a scanned reply, for a person to correct.

    Runs ``tesseract`` (English) page by page over at most ``max_pages`` pages, within
    ``timeout`` seconds in all. Returns None when tesseract is not installed or anything
    goes wrong (logged as a warning without any text); never raises.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    deadline = time.monotonic() + timeout
    try:
        with tempfile.TemporaryDirectory(prefix="shuttle-ocr-") as tmp:
            texts = []
            pages = _page_images(path, kind, dpi=_OCR_DPI, max_pages=max_pages)
            with closing(pages):
                for number, image in enumerate(pages, start=1):
                    png = Path(tmp) / f"page-{number}.png"
                    with image:
                        image.save(png, format="PNG")
                    texts.append(_tesseract(exe, png, deadline))
                    png.unlink()
    except subprocess.TimeoutExpired:
        log.warning("OCR timed out after %.0f s", timeout)
        return None
    except subprocess.CalledProcessError as exc:
        log.warning("OCR failed: tesseract exited with status %s", exc.returncode)
        return None
    except (ScanRejected, OSError, ValueError) as exc:
        log.warning("OCR failed: %s", type(exc).__name__)
        return None
    return "\n\n".join(texts).strip()


def _tesseract(exe: str, png: Path, deadline: float) -> str:
    """OCR one page image; raises TimeoutExpired or CalledProcessError on failure."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise subprocess.TimeoutExpired(exe, 0)
    # Fixed argv, no shell: the only variable part is a path we created ourselves.
    result = subprocess.run(  # noqa: S603
        [exe, str(png), "stdout", "-l", "eng"],
        capture_output=True,
        timeout=remaining,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return result.stdout.decode("utf-8", errors="replace").replace("\f", "").strip()
