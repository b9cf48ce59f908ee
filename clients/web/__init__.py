"""The secure web portal: static pages and plain JavaScript on top of Shuttle's HTTP API.

The pages change nothing themselves: every action is a call to the same API the Python client
uses, authenticated by the HttpOnly session cookie and a CSRF header. The whole portal is one
URL, `/portal`, whose views are switched in place, so the browser's history holds one entry:
the quick exit replaces it and the Back button cannot bring the portal back.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"


def mount(app: FastAPI) -> None:
    """Serve the portal at `/portal` and its assets at `/portal/static`."""

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/portal", status_code=303)

    @app.get("/portal", include_in_schema=False)
    async def portal() -> FileResponse:
        return FileResponse(STATIC / "portal.html", media_type="text/html")

    app.mount("/portal/static", StaticFiles(directory=STATIC), name="portal-static")
