"""Reading scanned replies: page counts, the reference QR code, and an OCR draft.

The heavy half of :mod:`shuttle.relay.documents`: it needs pypdfium2, PIL and zxingcpp, so
it is imported on first use by ``documents.count_pages``, ``documents.read_reference`` and
``documents.ocr_draft`` rather than at start-up. Call those, not this module. Scans are read
from a file path and decoded one page at a time so that memory stays bounded.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Generator
from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, UnidentifiedImageError

from shuttle.relay.documents import MAX_SCAN_PIXELS, ScanKind, ScanRejected, normalise_code

log = logging.getLogger("shuttle.relay")

_PIL_FORMATS = {ScanKind.jpeg: "JPEG", ScanKind.png: "PNG"}
_QR_DPI = 200
_OCR_DPI = 300


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
