"""Uploads: a size limit enforced while the body streams in, and formats told apart by content.

A file's name and declared content type are the client's claims; the first bytes are facts.
"""

from __future__ import annotations

import io
import json
import zipfile

from fastapi import HTTPException, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salesops.settings import get_settings


class UploadTooLarge(HTTPException):
    """An HTTPException so FastAPI's body parsing re-raises it instead of reporting a 400."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(413, f"the upload is larger than the {limit_mb} MB limit")


class UploadLimit:
    """Rejects request bodies above ``max_upload_mb`` with 413 before they are fully read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from api.problems import problem  # problems maps this module's errors: import late

        limit_mb = get_settings().max_upload_mb
        limit = limit_mb * 1024 * 1024

        def too_big() -> ASGIApp:  # built only when needed: most requests carry no body
            return problem(413, f"the upload is larger than the {limit_mb} MB limit")

        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await too_big()(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise UploadTooLarge(limit_mb)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except UploadTooLarge:
            if not started:
                await too_big()(scope, receive, send)


def sniff(data: bytes) -> str:
    """'xlsx', 'zip-shapefile', 'zip', 'gpkg', 'geojson', 'json', 'gzip', 'text' or 'binary'."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "binary"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.lower().endswith(".shp") for n in names):
            return "zip-shapefile"
        return "zip"
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    head = data[:4096]
    if b"\x00" in head:
        return "binary"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "binary"
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            doc = json.loads(stripped)
        except ValueError:
            return "text"
        return "geojson" if isinstance(doc, dict) and "type" in doc else "json"
    return "text"


TABLE_KINDS = {"text": "CSV", "xlsx": "XLSX", "gzip": "gzipped CSV"}


def read_upload(file: UploadFile, accepted: dict[str, str], what: str) -> bytes:
    """The file's bytes if its content is one of ``accepted`` (sniffed kind -> label), else 415."""
    data = file.file.read()
    if not data:
        raise HTTPException(422, f"{what} {file.filename or ''!s}: the file is empty".strip())
    kind = sniff(data)
    if kind not in accepted:
        raise HTTPException(
            415,
            f"{what} {file.filename or '<upload>'}: content looks like {kind}, "
            f"expected {', '.join(dict.fromkeys(accepted.values()))}",
        )
    return data
