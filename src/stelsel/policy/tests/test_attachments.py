"""Attachment rules (§3.2): type by extension and content, size and number limits, names without path parts."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.attachments import (
    FIELD,
    MIB,
    AttachmentError,
    AttachmentLimits,
    AttachmentUpload,
    check_attachments,
    human_size,
    sanitise_filename,
)

LIMITS = AttachmentLimits()
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256))


def upload(name: str, content: bytes, problem: str = "") -> AttachmentUpload:
    return AttachmentUpload(name, len(content), lambda: [content[:7], content[7:]], problem)


def refused(*uploads: AttachmentUpload, limits: AttachmentLimits = LIMITS) -> str:
    with pytest.raises(AttachmentError) as error:
        check_attachments(list(uploads), limits)
    assert error.value.field == FIELD == "attachments"
    return str(error.value)


def test_allowed_types_are_recognised_by_extension_and_content():
    checked = check_attachments(
        [
            upload("rapport.pdf", PDF),
            upload("foto.PNG", PNG),
            upload("foto.jpeg", JPEG),
            upload("notitie.txt", "Dreiging via sociale media – één account".encode()),
        ],
        LIMITS,
    )
    assert [item.content_type for item in checked] == [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "text/plain; charset=utf-8",
    ]
    assert checked[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert [item.filename for item in checked] == ["rapport.pdf", "foto.PNG", "foto.jpeg", "notitie.txt"]


def test_a_pdf_that_is_really_a_program_is_refused():
    message = refused(upload("rapport.pdf", EXE))
    assert "Bijlage 'rapport.pdf'" in message
    assert "geen echt PDF-bestand" in message


def test_a_text_file_that_is_not_utf8_or_holds_nul_bytes_is_refused():
    assert "geen platte tekst in UTF-8" in refused(upload("notitie.txt", "café".encode("latin-1")))
    assert "geen platte tekst in UTF-8" in refused(upload("notitie.txt", b"tekst\x00binair"))
    # A multi-byte character split over two chunks is still text.
    text = "één".encode()
    assert check_attachments([AttachmentUpload("a.txt", len(text), lambda: [text[:1], text[1:]])], LIMITS)


def test_wrong_type_empty_and_oversized_files_name_the_file_and_the_reason():
    message = refused(
        upload("programma.exe", EXE),
        upload("leeg.pdf", b""),
        AttachmentUpload("groot.pdf", 12 * MIB, lambda: [PDF]),
        upload("geen-extensie", PDF),
    )
    assert "Bijlage 'programma.exe' heeft een bestandstype dat niet is toegestaan ('.exe')" in message
    assert "Bijlage 'leeg.pdf' is leeg" in message
    assert "Bijlage 'groot.pdf' is 12 MiB; per bestand is ten hoogste 10 MiB toegestaan." in message
    assert "Bijlage 'geen-extensie' heeft een bestandstype dat niet is toegestaan (zonder extensie)" in message


def test_limits_are_configurable_and_the_count_is_checked_first():
    small = AttachmentLimits(max_bytes=10, max_count=2)
    assert "ten hoogste 10 bytes" in refused(upload("a.txt", b"01234567890"), limits=small)
    message = refused(*[upload(f"{n}.txt", b"x") for n in range(3)], limits=small)
    assert message == "U levert 3 bijlagen; per product zijn er ten hoogste 2 toegestaan."
    assert len(check_attachments([upload("0.txt", b"x"), upload("1.txt", b"y")], small)) == 2


def test_a_problem_found_by_the_channel_is_reported_by_name_and_duplicates_are_refused():
    assert "Bijlage 'a.pdf': geen base64." in refused(upload("a.pdf", b"", problem="geen base64."))
    assert "komt twee keer voor" in refused(upload("a.txt", b"x"), upload("A.txt", b"y"))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\rapport.pdf", "rapport.pdf"),
        (".verborgen.txt", "verborgen.txt"),
        ("a\x00b\u202ec.txt", "abc.txt"),
        ('rap"port<1>.pdf', "rap_port_1_.pdf"),
        ("..", ""),
        ("   ", ""),
    ],
)
def test_filenames_lose_path_parts_and_unsafe_characters(raw, clean):
    assert sanitise_filename(raw) == clean


def test_a_nameless_file_is_refused():
    assert "Bijlage 1 heeft geen (bruikbare) bestandsnaam." in refused(upload("../", PDF))


@given(st.text(max_size=300))
def test_a_sanitised_name_never_holds_a_path_or_control_character(raw):
    name = sanitise_filename(raw)
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")
    assert len(name) <= 120
    assert all(ord(char) >= 32 for char in name)


def test_sizes_in_dutch_notation():
    assert human_size(10 * MIB) == "10 MiB"
    assert human_size(int(12.5 * MIB)) == "12,5 MiB"
    assert human_size(2048) == "2 KiB"
    assert human_size(5) == "5 bytes"
