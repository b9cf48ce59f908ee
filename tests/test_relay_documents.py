"""Prison relay paperwork: reference codes, the print PDF, scan checks, QR reading and OCR."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from shuttle.relay import printing, reading
from shuttle.relay.documents import (
    CODE_ALPHABET,
    MAX_CODE_LEN,
    PrintItem,
    ScanKind,
    ScanRejected,
    count_pages,
    new_reference_code,
    normalise_code,
    ocr_available,
    ocr_draft,
    read_reference,
    render_print_pdf,
    sniff_kind,
)

LONG_BODY = "\n\n".join(
    f"Paragraph {n}. I\u2019ve thought a lot about the café — and about what I said. " * 12
    for n in range(1, 31)
)
NOTE = "Read this when you feel ready. Your key worker knows it has arrived."


def _item(reference: str, body: str, note: str | None = NOTE) -> PrintItem:
    return PrintItem(
        reference=reference,
        recipient_name="Jordan Éclair",
        prison_number="A1234BC",
        establishment="HMP Northmoor",
        body=body,
        facilitator_note=note,
        from_label="the person harmed",
        released_on=date(2025, 3, 7),
    )


@pytest.fixture(scope="module")
def batch() -> tuple[bytes, list[PrintItem]]:
    """Two letters: a long one (3+ pages) and a short one without a note."""
    items = [
        _item(new_reference_code(), LONG_BODY),
        _item(new_reference_code(), "A short letter.\nThank you.", note=None),
    ]
    return render_print_pdf(items), items


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _page_image(data: bytes, index: int, dpi: int = 200) -> Image.Image:
    doc = pdfium.PdfDocument(data)
    try:
        image: Image.Image = doc[index].render(scale=dpi / 72).to_pil().convert("RGB")
        return image
    finally:
        doc.close()


def _reply_sheet_index(data: bytes, reference: str) -> int:
    texts = _page_texts(data)
    return next(i for i, t in enumerate(texts) if "Reply sheet" in t and reference in t)


def _photo_like(sheet: Image.Image, seed: int = 7) -> Image.Image:
    """A crooked, soft, noisy, badly lit, JPEG-mangled phone photo of a page."""
    rng = random.Random(seed)
    image = sheet.convert("L").rotate(
        7, expand=True, fillcolor=110, resample=Image.Resampling.BICUBIC
    )
    image = image.resize((1200, round(image.height * 1200 / image.width)), Image.Resampling.LANCZOS)
    image = image.filter(ImageFilter.GaussianBlur(radius=1))
    image = ImageEnhance.Brightness(image).enhance(0.8)
    image = ImageEnhance.Contrast(image).enhance(0.7)
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    image = Image.blend(image, noise, 0.15)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=70)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


# --- reference codes -------------------------------------------------------------------


def test_new_codes_are_canonical_and_random() -> None:
    codes = {new_reference_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(rf"RL-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code)
        assert len(code) == MAX_CODE_LEN
        assert normalise_code(code) == code


@pytest.mark.parametrize(
    "typed",
    ["rl 7kq4 m2xd", "RL7KQ4M2XD", "7KQ4-M2XD", " RL-7KQ4-M2XD ", "rl-7kq4m2xd", "7kq4 m2xd"],
)
def test_normalise_code_accepts_typing_variants(typed: str) -> None:
    assert normalise_code(typed) == "RL-7KQ4-M2XD"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "RL-7KQ4-M2X",  # too short
        "RL-7KQ4-M2XDA",  # too long
        "RL-7KQ4-M2X0",  # 0 is not in the alphabet
        "RL-7KQ4-M2XO",  # nor O
        "RL-7KQ1-M2XD",  # nor 1
        "RL-7KQI-M2XD",  # nor I
        "XX-7KQ4-M2XD",  # wrong prefix
        "RL-7KQ4-M2X!",
        "R" * 10_000,
    ],
)
def test_normalise_code_rejects(typed: str) -> None:
    assert normalise_code(typed) is None


# --- the print PDF ---------------------------------------------------------------------


def test_batch_pdf_pages_and_footers(batch: tuple[bytes, list[PrintItem]], tmp_path: Path) -> None:
    data, items = batch
    assert data.startswith(b"%PDF")
    path = _write(tmp_path, "batch.pdf", data)
    pages = count_pages(path, ScanKind.pdf)
    assert pages >= 5
    texts = _page_texts(data)
    first, second = items[0].reference, items[1].reference
    long_pages = [t for t in texts if f"Reference {first} · page" in t]
    assert len(long_pages) >= 3
    assert f"page 1 of {len(long_pages)}" in long_pages[0]
    assert f"page {len(long_pages)} of {len(long_pages)}" in long_pages[-1]
    assert any(f"Reference {second} · page 1 of 1" in t for t in texts)
    # Order: letter pages, reply sheet, next letter, its reply sheet.
    assert pages == len(long_pages) + 3
    assert _reply_sheet_index(data, first) == len(long_pages)
    assert _reply_sheet_index(data, second) == pages - 1


def test_first_page_shows_the_header_and_the_note(batch: tuple[bytes, list[PrintItem]]) -> None:
    data, items = batch
    first_page = _page_texts(data)[0]
    for expected in (
        "HMP Northmoor",
        "A1234BC",
        "Jordan Éclair",
        "Letter from the person harmed",
        "7 March 2025",
        items[0].reference,
        NOTE,
        "I\u2019ve thought a lot about the café — and",
    ):
        assert expected in first_page


def test_reply_sheet_text(batch: tuple[bytes, list[PrintItem]]) -> None:
    data, items = batch
    texts = _page_texts(data)
    sheet = texts[_reply_sheet_index(data, items[0].reference)]
    flowing = " ".join(sheet.split())
    for expected in ("A1234BC", "Jordan Éclair", "Hand all sheets", "Keep this sheet on top."):
        assert expected in flowing
    assert NOTE not in sheet
    assert "Paragraph 1." not in sheet


def test_all_body_text_is_printed(batch: tuple[bytes, list[PrintItem]]) -> None:
    data, _ = batch
    text = "".join(_page_texts(data))
    for n in (1, 15, 30):
        assert f"Paragraph {n}." in text


def test_core_font_fallback_replaces_what_it_cannot_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(printing, "_FONT_REGULAR", Path("/nonexistent/DejaVuSans.ttf"))
    data = render_print_pdf([_item("RL-7KQ4-M2XD", "Café — it\u2019s 東京.")])
    first_page = _page_texts(data)[0]
    assert "Café - it's ??." in first_page
    assert "RL-7KQ4-M2XD" in first_page


def test_awkward_text_still_renders(tmp_path: Path) -> None:
    body = "x" * 500 + "\r\n\ttabbed\x00line\x07\n" + "😀 emoji and ﷽ and עברית"
    data = render_print_pdf([_item("RL-7KQ4-M2XD", body, note="  ")])
    assert count_pages(_write(tmp_path, "awkward.pdf", data), ScanKind.pdf) == 2


def test_empty_batch_is_an_error() -> None:
    with pytest.raises(ValueError, match="no letters"):
        render_print_pdf([])


# --- reading the QR code ---------------------------------------------------------------


def test_reads_reference_from_generated_pdf(tmp_path: Path) -> None:
    item = _item(new_reference_code(), "A short letter.")
    path = _write(tmp_path, "one.pdf", render_print_pdf([item]))
    assert read_reference(path, ScanKind.pdf) == item.reference  # reply sheet is page 2


def test_reads_nothing_beyond_max_pages(
    batch: tuple[bytes, list[PrintItem]], tmp_path: Path
) -> None:
    data, items = batch
    path = _write(tmp_path, "batch.pdf", data)
    sheet = _reply_sheet_index(data, items[0].reference)
    assert sheet >= 3
    assert read_reference(path, ScanKind.pdf, max_pages=sheet) is None
    assert read_reference(path, ScanKind.pdf, max_pages=sheet + 1) == items[0].reference


def test_reads_reference_from_reply_sheet_page(
    batch: tuple[bytes, list[PrintItem]], tmp_path: Path
) -> None:
    data, items = batch
    sheet = _page_image(data, _reply_sheet_index(data, items[0].reference))
    path = tmp_path / "sheet.png"
    sheet.save(path)
    assert read_reference(path, ScanKind.png) == items[0].reference


@pytest.mark.parametrize("kind", [ScanKind.png, ScanKind.jpeg])
def test_reads_reference_from_photo_like_image(
    batch: tuple[bytes, list[PrintItem]], tmp_path: Path, kind: ScanKind
) -> None:
    data, items = batch
    photo = _photo_like(_page_image(data, _reply_sheet_index(data, items[1].reference)))
    path = tmp_path / f"photo.{kind.value}"
    photo.save(path, format=kind.value.upper(), **({"quality": 70} if kind == "jpeg" else {}))
    assert sniff_kind(path.read_bytes()[:1024]) == kind
    assert read_reference(path, kind) == items[1].reference


def test_page_without_qr_reads_none(tmp_path: Path) -> None:
    path = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(path)
    assert read_reference(path, ScanKind.png) is None


def test_qr_with_other_text_is_ignored(tmp_path: Path) -> None:
    import segno

    path = tmp_path / "other.png"
    segno.make_qr("https://example.org/not-a-code").save(str(path), scale=10)
    assert read_reference(path, ScanKind.png) is None


# --- scan checks -----------------------------------------------------------------------


def _image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def test_sniff_kind_recognises_accepted_types(batch: tuple[bytes, list[PrintItem]]) -> None:
    assert sniff_kind(batch[0][:1024]) is ScanKind.pdf
    assert sniff_kind(_image_bytes("JPEG")) is ScanKind.jpeg
    assert sniff_kind(_image_bytes("PNG")) is ScanKind.png


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("reply.pdf", b"%PDF-1.7 inside a zip")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "head",
    [_image_bytes("GIF"), _zip_bytes(), b"Dear friend,\nthis is plain text.\n", b""],
    ids=["gif", "zip", "text", "empty"],
)
def test_sniff_kind_rejects_other_types(head: bytes) -> None:
    with pytest.raises(ScanRejected, match="only PDF, JPEG or PNG scans are accepted"):
        sniff_kind(head)


def test_type_comes_from_content_not_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "reply.pdf", _image_bytes("PNG"))
    kind = sniff_kind(path.read_bytes()[:1024])
    assert kind is ScanKind.png
    assert count_pages(path, kind) == 1


def test_corrupt_pdf_is_rejected(batch: tuple[bytes, list[PrintItem]], tmp_path: Path) -> None:
    data = batch[0]
    path = _write(tmp_path, "cut.pdf", data[: len(data) // 2])
    with pytest.raises(ScanRejected, match="PDF could not be read"):
        count_pages(path, ScanKind.pdf)
    with pytest.raises(ScanRejected):
        read_reference(path, ScanKind.pdf)


def test_corrupt_png_is_rejected(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 50).save(buffer, format="PNG")
    data = buffer.getvalue()
    path = _write(tmp_path, "cut.png", data[: len(data) // 2])
    with pytest.raises(ScanRejected, match="PNG image could not be read"):
        count_pages(path, ScanKind.png)


def test_image_of_the_wrong_kind_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.jpg", _image_bytes("PNG"))
    with pytest.raises(ScanRejected):
        count_pages(path, ScanKind.jpeg)


def test_oversized_image_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_SCAN_PIXELS", 1_000)
    path = tmp_path / "big.png"
    Image.new("L", (100, 100), 255).save(path)
    with pytest.raises(ScanRejected, match="too large"):
        count_pages(path, ScanKind.png)


# --- OCR -------------------------------------------------------------------------------


def _printed_text_png(tmp_path: Path) -> Path:
    image = Image.new("L", (1600, 300), 255)
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font = (
        ImageFont.truetype(font_path, 64)
        if Path(font_path).is_file()
        else ImageFont.load_default(64)
    )
    ImageDraw.Draw(image).text((40, 100), "Restorative justice letter", fill=0, font=font)
    path = tmp_path / "printed.png"
    image.save(path)
    return path


@pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed (tesseract-ocr)")
def test_ocr_draft_reads_printed_text(tmp_path: Path) -> None:
    text = ocr_draft(_printed_text_png(tmp_path), ScanKind.png)
    assert text is not None
    assert "justice" in text.lower()


def test_ocr_draft_is_none_without_tesseract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert not ocr_available()
    assert ocr_draft(_printed_text_png(tmp_path), ScanKind.png) is None


def _fake_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "tesseract"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(exe) if name == "tesseract" else None)


def test_ocr_draft_runs_tesseract_page_by_page(
    batch: tuple[bytes, list[PrintItem]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tesseract(
        tmp_path, monkeypatch, 'test -s "$1" && echo "page $(basename "$1") $2 $3 $4"\n'
    )
    path = _write(tmp_path, "batch.pdf", batch[0])
    text = ocr_draft(path, ScanKind.pdf, max_pages=2)
    assert text == "page page-1.png stdout -l eng\n\npage page-2.png stdout -l eng"


def test_ocr_draft_failure_returns_none_and_logs_no_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _fake_tesseract(tmp_path, monkeypatch, "echo 'secret words' >&2\nexit 3\n")
    with caplog.at_level("WARNING", logger="shuttle.relay"):
        assert ocr_draft(_printed_text_png(tmp_path), ScanKind.png) is None
    assert "status 3" in caplog.text
    assert "secret" not in caplog.text


def test_ocr_draft_timeout_returns_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tesseract(tmp_path, monkeypatch, "exec sleep 5\n")
    assert ocr_draft(_printed_text_png(tmp_path), ScanKind.png, timeout=0.3) is None


def test_ocr_draft_on_a_damaged_scan_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tesseract(tmp_path, monkeypatch, "echo text\n")
    path = _write(tmp_path, "bad.pdf", b"%PDF-1.7\nnot really")
    assert ocr_draft(path, ScanKind.pdf) is None


# --- start-up cost ---------------------------------------------------------------------


def test_starting_the_app_loads_no_printing_or_scan_libraries() -> None:
    """fpdf, pdfium, zxing, PIL and segno (~29 MB resident) load on first print or scan."""
    script = (
        "import sys, shuttle.app; "
        "heavy = {'fpdf', 'pypdfium2', 'zxingcpp', 'PIL', 'segno'}"
        " & {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == "[]"
