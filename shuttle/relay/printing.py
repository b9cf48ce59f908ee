"""The print PDF for the prison relay: letters and reply sheets, one batch per file.

The heavy half of :mod:`shuttle.relay.documents`: it needs fpdf (and segno for the reply
sheet's QR code), so it is imported on first use by ``documents.render_print_pdf`` and
``documents.unicode_font_available`` rather than at start-up. Call those, not this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from shuttle.relay.documents import PrintItem

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
