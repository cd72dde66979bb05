"""Storage of product attachments outside the database rows (§3.2): a directory (STELSEL_ATTACHMENT_ROOT),
content-addressed by SHA-256, and the HTTP answer that serves one.

Writing: a file goes to a temporary file in the same directory tree and is renamed into place (atomic), while the
delivery's database transaction is still open. If that transaction then fails, the file stays behind without a row.
That orphan is harmless: its name is its checksum, so nobody can reach it without a row that names it, and a later
delivery of the same bytes simply reuses it. Nothing is ever written for a delivery the rules refused.

Reading: the file is hashed again on every download and refused when it no longer matches the checksum recorded at
delivery (changed, damaged or missing on disk); that refusal is logged and the bytes are never served.
"""

import base64
import binascii
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from stelsel.core.errors import DomainError
from stelsel.intel.models import ProductAttachment
from stelsel.policy.attachments import AttachmentLimits, AttachmentUpload, CheckedAttachment

logger = logging.getLogger("stelsel.intel.attachments")

CHUNK = 64 * 1024


class AttachmentCorrupted(DomainError):
    """The stored file no longer matches its recorded checksum (or is gone): never served."""

    status = 409
    title = "Bijlage niet betrouwbaar"


def root() -> Path:
    return Path(settings.STELSEL_ATTACHMENT_ROOT)


def limits() -> AttachmentLimits:
    return AttachmentLimits(
        max_bytes=int(settings.STELSEL_ATTACHMENT_MAX_BYTES), max_count=int(settings.STELSEL_ATTACHMENT_MAX_COUNT)
    )


def storage_key(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256}"


def _path(key: str) -> Path:
    path = (root() / key).resolve()
    if root().resolve() not in path.parents:  # a key is always <2 hex>/<64 hex>; never leave the root
        raise AttachmentCorrupted("Ongeldige opslagsleutel van een bijlage.")
    return path


# --- the channels hand over uploads ----------------------------------------------------------------------------


def from_uploaded_file(uploaded: UploadedFile) -> AttachmentUpload:
    """A file of a multipart form (kept by Django in memory or in a temporary file)."""

    def chunks() -> Iterator[bytes]:
        uploaded.seek(0)
        yield from uploaded.chunks(CHUNK)

    return AttachmentUpload(uploaded.name or "", int(uploaded.size or 0), chunks)


def from_bytes(filename: str, content: bytes, problem: str = "") -> AttachmentUpload:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(content), CHUNK):
            yield content[start : start + CHUNK]

    return AttachmentUpload(filename, len(content), chunks, problem)


def from_base64(filename: str, text: str) -> AttachmentUpload:
    """An attachment of the JSON API; content that is not base64 becomes a problem the rules report by name."""
    try:
        content = base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        return from_bytes(filename, b"", problem="de inhoud (content_base64) is geen geldige base64.")
    return from_bytes(filename, content)


# --- writing and reading ---------------------------------------------------------------------------------------


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store(checked: CheckedAttachment) -> str:
    """Write the checked bytes under their checksum (temp file + rename) and return the storage key. Call it inside
    the delivery's transaction, after every rule passed; see the module docstring on orphans."""
    key = storage_key(checked.sha256)
    target = _path(key)
    if target.is_file() and _hash_file(target) == checked.sha256:
        return key  # the same bytes are already stored (content addressed)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=".upload-", delete=False)  # noqa: SIM115
    try:
        digest = hashlib.sha256()
        with handle:
            for chunk in checked.upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if digest.hexdigest() != checked.sha256:
            raise AttachmentCorrupted(f"Bijlage '{checked.filename}' veranderde tijdens het opslaan; lever opnieuw.")
        os.chmod(handle.name, 0o640)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return key


def open_verified(attachment: ProductAttachment) -> IO[bytes]:
    """The attachment's bytes as a file positioned at the start, copied while hashed, so what is served is exactly
    what was checked. Raises AttachmentCorrupted (and logs it) when the file is gone or its checksum differs."""
    path = _path(attachment.storage_key)
    refused = (
        f"Bijlage '{attachment.filename}' wordt niet aangeboden: het opgeslagen bestand komt niet overeen met de "
        "controlesom (SHA-256) die bij de levering is vastgelegd. Het is mogelijk gewijzigd of beschadigd; meld dit "
        "bij functioneel beheer."
    )
    spool = tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)  # noqa: SIM115
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
                spool.write(chunk)
    except OSError:
        spool.close()
        logger.error("Bijlage %s (product %s) ontbreekt op %s", attachment.pk, attachment.product_id, path)
        raise AttachmentCorrupted(refused) from None
    if digest.hexdigest() != attachment.sha256:
        spool.close()
        logger.error(
            "Bijlage %s (product %s) geweigerd: controlesom %s, vastgelegd %s (%s)",
            attachment.pk,
            attachment.product_id,
            digest.hexdigest(),
            attachment.sha256,
            path,
        )
        raise AttachmentCorrupted(refused)
    spool.seek(0)
    return spool


def download_response(attachment: ProductAttachment, content: Iterable[bytes] | IO[bytes]) -> FileResponse:
    """Always a download, never rendered by the browser, never cached."""
    response = FileResponse(
        content, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
