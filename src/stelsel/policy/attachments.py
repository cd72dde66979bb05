"""Attachments of threat products (§3.2, R34): which files a producer may attach. Pure rules, no Django.

A file is allowed by its extension AND its content (magic bytes, or for plain text: it decodes as UTF-8), so a
`.pdf` that is really a program is refused. Limits: a maximum size per file and a maximum number per product, both
configurable; an empty file is refused. The stored name is the uploaded name without any path parts or control
characters. Every message is Dutch, names the file and the reason, and belongs to the field `attachments`.
"""

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

FIELD = "attachments"
MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MIB
DEFAULT_MAX_COUNT = 10
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    magic: bytes  # the first bytes of the content; empty for plain text, which must decode as UTF-8 instead


PDF = FileType("PDF", "application/pdf", (".pdf",), b"%PDF-")
PNG = FileType("PNG", "image/png", (".png",), b"\x89PNG\r\n\x1a\n")
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff")
TEXT = FileType("platte tekst (UTF-8)", "text/plain; charset=utf-8", (".txt",), b"")
FILE_TYPES: tuple[FileType, ...] = (PDF, PNG, JPEG, TEXT)
BY_EXTENSION: dict[str, FileType] = {ext: kind for kind in FILE_TYPES for ext in kind.extensions}
ALLOWED_TEXT = "PDF, PNG, JPEG en platte tekst (" + ", ".join(sorted(BY_EXTENSION)) + ")"


@dataclass(frozen=True)
class AttachmentLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_count: int = DEFAULT_MAX_COUNT


@dataclass(frozen=True)
class AttachmentUpload:
    """One uploaded file as a channel hands it over: its name, size, a way to read it (again) in chunks, and a
    problem the channel already found (e.g. content that is not valid base64), which the rules report by name."""

    filename: str
    size: int
    chunks: Callable[[], Iterable[bytes]]
    problem: str = ""


@dataclass(frozen=True)
class CheckedAttachment:
    filename: str  # sanitised
    content_type: str  # from the allowed type, never from the client
    size: int
    sha256: str
    upload: AttachmentUpload


class AttachmentError(ValueError):
    """One or more attachments are refused; the Dutch message names each file and its reason."""

    field = FIELD

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


_UNSAFE = re.compile(r'[<>:"|?*]')


def sanitise_filename(raw: str) -> str:
    """The name without path parts (either slash), control or format characters, characters that are unsafe in
    file systems or headers, and leading dots or spaces; at most MAX_NAME_LENGTH characters, extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] not in {"C", "Z"} or char == " ")
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip().rstrip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def extension_of(filename: str) -> str:
    _, dot, ext = filename.rpartition(".")
    return f".{ext.lower()}" if dot and ext else ""


def human_size(size: int) -> str:
    """Dutch notation: 12,5 MiB, 300 KiB, 20 bytes."""
    if size >= MIB:
        return f"{size / MIB:.1f} MiB".replace(".", ",").replace(",0 MiB", " MiB")
    if size >= 1024:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def _content_matches(kind: FileType, chunks: Iterable[bytes], update: Callable[[bytes], object]) -> bool:
    """Feed every chunk to `update` (the checksum); tell whether the content is of the type: its magic bytes, or
    for plain text whether it decodes as UTF-8."""
    head = b""
    matches = True
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in chunks:
        update(chunk)
        if len(head) < len(kind.magic):
            head += chunk[: len(kind.magic) - len(head)]
        if kind is TEXT and matches:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                matches = False
            if b"\x00" in chunk:  # NUL bytes: binary content, not text
                matches = False
    if kind is TEXT:
        if matches:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                matches = False
        return matches
    return head == kind.magic


def _check_one(number: int, upload: AttachmentUpload, limits: AttachmentLimits) -> CheckedAttachment | str:
    filename = sanitise_filename(upload.filename)
    if not filename:
        return f"Bijlage {number} heeft geen (bruikbare) bestandsnaam."
    named = f"Bijlage '{filename}'"
    if upload.problem:
        return f"{named}: {upload.problem}"
    if upload.size <= 0:
        return f"{named} is leeg; een lege bijlage wordt niet opgeslagen."
    if upload.size > limits.max_bytes:
        return (
            f"{named} is {human_size(upload.size)}; per bestand is ten hoogste {human_size(limits.max_bytes)} "
            "toegestaan."
        )
    extension = extension_of(filename)
    kind = BY_EXTENSION.get(extension)
    if kind is None:
        shown = f"'{extension}'" if extension else "zonder extensie"
        return f"{named} heeft een bestandstype dat niet is toegestaan ({shown}); toegestaan zijn {ALLOWED_TEXT}."
    digest = hashlib.sha256()
    if not _content_matches(kind, upload.chunks(), digest.update):
        what = "geen platte tekst in UTF-8" if kind is TEXT else f"geen echt {kind.label}-bestand"
        return f"{named} is {what}: de inhoud past niet bij de extensie {extension}."
    return CheckedAttachment(filename, kind.content_type, upload.size, digest.hexdigest(), upload)


def check_attachments(uploads: Sequence[AttachmentUpload], limits: AttachmentLimits) -> list[CheckedAttachment]:
    """Every upload checked; raises AttachmentError naming each refused file and its reason (none is kept then)."""
    if not uploads:
        return []
    if len(uploads) > limits.max_count:
        raise AttachmentError(
            [f"U levert {len(uploads)} bijlagen; per product zijn er ten hoogste {limits.max_count} toegestaan."]
        )
    problems: list[str] = []
    checked: list[CheckedAttachment] = []
    for number, upload in enumerate(uploads, start=1):
        outcome = _check_one(number, upload, limits)
        if isinstance(outcome, str):
            problems.append(outcome)
        else:
            checked.append(outcome)
    seen: set[str] = set()
    for item in checked:
        key = item.filename.casefold()
        if key in seen:
            problems.append(f"Bijlage '{item.filename}' komt twee keer voor; geef elke bijlage een eigen naam.")
        seen.add(key)
    if problems:
        raise AttachmentError(problems)
    return checked
