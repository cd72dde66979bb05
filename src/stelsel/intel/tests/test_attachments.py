"""Attachments of threat products (§3.2; R34, R51): checked with the delivery, stored outside the rows by checksum,
downloaded under exactly the product's read rule, every attempt logged, a changed file never served."""

import base64
import hashlib
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from stelsel.access.models import AccessLogEntry, Organisation
from stelsel.access.roles import Role
from stelsel.core.appendonly import allow_purge_on
from stelsel.core.errors import InvalidInput, NotFound
from stelsel.core.models import JournalEntry
from stelsel.intel import attachments as attachment_store
from stelsel.intel import queries, services
from stelsel.intel.models import ProductAttachment, ThreatProduct

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 13
TEXT = "Bronnenoverzicht: drie berichten op sociale media, één telefoontje.\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + bytes(range(256))


@pytest.fixture
def police(make_user):
    return make_user(Role.POLICE_INTEL)


@pytest.fixture
def lcc(make_user):
    return make_user(Role.LCC_COORDINATOR)


def stored(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def counts():
    return ThreatProduct.objects.count(), ProductAttachment.objects.count(), JournalEntry.objects.count()


def deliver(actor, person, attachments, **changes):
    fields = {"kind": "di", "body": "Concrete dreiging.", "marking": "alleen_gezag", **changes}
    return services.deliver_product(actor, person, attachments=attachments, **fields)


def files(*pairs):
    return [attachment_store.from_bytes(name, content) for name, content in pairs]


def attachment_url(product, attachment, api=False):
    if api:
        return f"/api/v1/threat-products/{product.pk}/attachments/{attachment.pk}/"
    return f"/dreigingsinformatie/{product.pk}/bijlagen/{attachment.pk}/"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


# --- delivery ----------------------------------------------------------------------------------------------------


def test_attachments_are_stored_by_checksum_outside_the_rows_and_listed_in_the_journal(
    police, stelsel_person, attachment_root
):
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF), ("../../etc/bronnen.txt", TEXT)))
    rows = list(product.attachments.order_by("id"))
    assert [(row.filename, row.content_type, row.size) for row in rows] == [
        ("rapport.pdf", "application/pdf", len(PDF)),
        ("bronnen.txt", "text/plain; charset=utf-8", len(TEXT)),
    ]
    assert [row.sha256 for row in rows] == [hashlib.sha256(PDF).hexdigest(), hashlib.sha256(TEXT).hexdigest()]
    assert all(row.uploaded_at == product.delivered_at for row in rows)
    assert [path.read_bytes() for path in stored(attachment_root)] == sorted(
        [PDF, TEXT], key=lambda content: hashlib.sha256(content).hexdigest()
    )
    assert {path.name for path in stored(attachment_root)} == {row.sha256 for row in rows}
    payload = JournalEntry.objects.latest("seq").payload
    assert payload["attachments"] == [
        {"filename": "rapport.pdf", "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()},
        {"filename": "bronnen.txt", "size": len(TEXT), "sha256": hashlib.sha256(TEXT).hexdigest()},
    ]


def test_the_same_bytes_twice_are_stored_once(police, stelsel_person, attachment_root):
    deliver(police, stelsel_person, files(("a.pdf", PDF)))
    deliver(police, stelsel_person, files(("b.pdf", PDF)))
    assert ProductAttachment.objects.count() == 2
    assert len(stored(attachment_root)) == 1


@pytest.mark.parametrize(
    ("uploads", "words"),
    [
        ([("groot.pdf", PDF + b"x" * 2048)], "Bijlage 'groot.pdf' is 2 KiB; per bestand is ten hoogste 1 KiB"),
        ([("programma.exe", EXE)], "Bijlage 'programma.exe' heeft een bestandstype dat niet is toegestaan"),
        ([("rapport.pdf", EXE)], "Bijlage 'rapport.pdf' is geen echt PDF-bestand"),
        ([("foto.png", PDF)], "Bijlage 'foto.png' is geen echt PNG-bestand"),
        ([(f"{n}.txt", TEXT) for n in range(4)], "U levert 4 bijlagen; per product zijn er ten hoogste 3"),
        ([("leeg.txt", b"")], "Bijlage 'leeg.txt' is leeg"),
        ([("goed.pdf", PDF), ("leeg.txt", b"")], "Bijlage 'leeg.txt' is leeg"),
    ],
)
def test_bad_attachments_name_the_file_and_nothing_is_stored(
    police, stelsel_person, attachment_root, settings, uploads, words
):
    settings.STELSEL_ATTACHMENT_MAX_BYTES = 1024
    settings.STELSEL_ATTACHMENT_MAX_COUNT = 3
    before = counts()
    with pytest.raises(InvalidInput) as error:
        deliver(police, stelsel_person, files(*uploads))
    assert words in error.value.field_errors["attachments"]
    assert counts() == before
    assert stored(attachment_root) == []


def test_attachment_errors_come_with_the_other_field_errors_in_one_answer(police, stelsel_person, attachment_root):
    before = counts()
    with pytest.raises(InvalidInput) as error:
        deliver(police, stelsel_person, files(("rapport.pdf", EXE)), body="", marking="")
    assert set(error.value.field_errors) == {"attachments", "body", "marking"}
    assert counts() == before
    assert stored(attachment_root) == []


def test_a_failed_transaction_leaves_at_most_a_harmless_orphan_file(police, stelsel_person, attachment_root):
    """Files are written before the commit; if the transaction then fails no row names the file. The file is named
    by its checksum, so it is unreachable and a later delivery of the same bytes reuses it."""
    before = counts()

    def deliver_then_fail() -> None:
        with transaction.atomic():
            deliver(police, stelsel_person, files(("rapport.pdf", PDF)))
            raise RuntimeError("de database valt weg")

    with pytest.raises(RuntimeError):
        deliver_then_fail()
    assert counts() == before
    assert [path.name for path in stored(attachment_root)] == [hashlib.sha256(PDF).hexdigest()]
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF)))
    assert len(stored(attachment_root)) == 1
    assert product.attachments.get().sha256 == hashlib.sha256(PDF).hexdigest()


def test_attachment_rows_and_the_named_organisations_of_a_marking_are_append_only(police, stelsel_person):
    product = deliver(
        police,
        stelsel_person,
        files(("rapport.pdf", PDF)),
        marking="benoemde_organisaties",
        named_orgs=[Organisation.objects.get(code="kmar")],
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        ProductAttachment.objects.filter(product=product).update(filename="anders.pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        ThreatProduct.named_orgs.through.objects.filter(threatproduct=product).update(
            organisation=Organisation.objects.get(code="lcc")
        )
    allow_purge_on(connection, False)  # production mode: deleting is refused too (tests may purge between runs)
    try:
        with pytest.raises(DatabaseError), transaction.atomic():
            ProductAttachment.objects.filter(product=product).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            product.named_orgs.clear()
    finally:
        allow_purge_on(connection, True)
    assert product.attachments.get().filename == "rapport.pdf"
    assert [org.code for org in product.named_orgs.all()] == ["kmar"]


# --- upload channels -------------------------------------------------------------------------------------------


def test_the_delivery_form_takes_several_files(police, stelsel_person, client_for, attachment_root):
    url = f"/personen/{stelsel_person.pk}/product/nieuw/"
    client = client_for(police)
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="attachments"' in page
    assert "multiple" in page
    response = client.post(
        url,
        {
            "kind": "di",
            "body": "Inschatting",
            "marking": "alleen_gezag",
            "attachments": [
                SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
            ],
        },
    )
    assert response.status_code == 302
    product = ThreatProduct.objects.get()
    assert sorted(product.attachments.values_list("filename", flat=True)) == ["foto.png", "rapport.pdf"]
    assert len(stored(attachment_root)) == 2


def test_the_delivery_form_refuses_a_disguised_file_with_a_dutch_message(
    police, stelsel_person, client_for, attachment_root
):
    before = counts()
    response = client_for(police).post(
        f"/personen/{stelsel_person.pk}/product/nieuw/",
        {
            "kind": "di",
            "body": "Inschatting",
            "marking": "alleen_gezag",
            # The client claims a PDF; the content decides.
            "attachments": [SimpleUploadedFile("rapport.pdf", EXE, content_type="application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "Bijlage &#x27;rapport.pdf&#x27; is geen echt PDF-bestand" in response.content.decode()
    assert counts() == before
    assert stored(attachment_root) == []


def test_the_api_takes_base64_and_answers_with_the_attachments(police, nctv, stelsel_person, client_for):
    response = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps(
            {
                "kind": "di",
                "body": "Inschatting",
                "marking": "alleen_gezag",
                "attachments": [{"filename": "rapport.pdf", "content_base64": base64.b64encode(PDF).decode()}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    listed = response.json()["attachments"]
    product = ThreatProduct.objects.get()
    attachment = product.attachments.get()
    assert listed == [
        {
            "id": attachment.pk,
            "filename": "rapport.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "uploaded_at": listed[0]["uploaded_at"],
            "download_url": attachment_url(product, attachment, api=True),
        }
    ]
    assert client_for(nctv).get(f"/api/v1/threat-products/{product.pk}/").json()["attachments"] == listed


def test_the_api_refuses_bad_base64_with_a_dutch_message_and_stores_nothing(
    police, stelsel_person, client_for, attachment_root
):
    before = counts()
    response = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps(
            {
                "kind": "di",
                "body": "Inschatting",
                "marking": "alleen_gezag",
                "attachments": [{"filename": "rapport.pdf", "content_base64": "dit is geen base64!"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    params = {param["name"]: param["reason"] for param in response.json()["invalid-params"]}
    assert params["attachments"] == "Bijlage 'rapport.pdf': de inhoud (content_base64) is geen geldige base64."
    assert counts() == before
    assert stored(attachment_root) == []


# --- download: exactly the product's read rule (R51) ------------------------------------------------------------


def test_the_authority_downloads_the_exact_bytes_with_safe_headers(police, nctv, stelsel_person, client_for):
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF), ("bronnen.txt", TEXT)))
    client = client_for(nctv)
    for attachment, content in zip(product.attachments.order_by("id"), (PDF, TEXT), strict=True):
        for api in (False, True):
            response = client.get(attachment_url(product, attachment, api=api), HTTP_ACCEPT="application/pdf")
            assert response.status_code == 200
            assert body_of(response) == content
            assert response["Content-Type"] == attachment.content_type
            assert response["Content-Disposition"].startswith("attachment;")
            assert attachment.filename in response["Content-Disposition"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"] == "no-store"
    page = client.get(f"/dreigingsinformatie/{product.pk}/").content.decode()
    assert attachment_url(product, product.attachments.first()) in page
    assert hashlib.sha256(PDF).hexdigest() in page


def test_the_lcc_and_the_rccb_of_the_producing_unit_get_404_on_an_authority_only_attachment_and_it_is_logged(
    police, lcc, rccb, stelsel_person, client_for
):
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF)))
    attachment = product.attachments.get()
    for reader in (lcc, rccb):
        with pytest.raises(NotFound):
            queries.attachment_for(reader, product.pk, attachment.pk)
        client = client_for(reader)
        for api in (False, True):
            response = client.get(attachment_url(product, attachment, api=api))
            assert response.status_code == 404
            assert PDF not in response.content
    logged = list(
        AccessLogEntry.objects.filter(object_type="product_attachment", object_id=str(attachment.pk))
        .order_by("id")
        .values_list("actor_label", "result", "origin")
    )
    denied = AccessLogEntry.Result.DENIED
    assert [(actor, result, origin.split()[0]) for actor, result, origin in logged] == [
        (lcc.username, denied, "ui"),
        (lcc.username, denied, "api"),
        (rccb.username, denied, "ui"),
        (rccb.username, denied, "api"),
    ]


def test_unknown_and_not_allowed_answer_the_same_and_an_attachment_belongs_to_its_product(
    police, nctv, lcc, stelsel_person, client_for
):
    secret = deliver(police, stelsel_person, files(("geheim.pdf", PDF)))
    shared = deliver(police, stelsel_person, files(("gedeeld.txt", TEXT)), marking="gezag_en_uitvoering")
    secret_file, shared_file = secret.attachments.get(), shared.attachments.get()
    client = client_for(lcc)
    assert client.get(attachment_url(shared, shared_file)).status_code == 200
    not_allowed = client.get(attachment_url(secret, secret_file))
    unknown = client.get(f"/dreigingsinformatie/{shared.pk}/bijlagen/{secret_file.pk + 100}/")
    # The secret attachment through the product the LCC may read: still 404.
    crossed = client.get(f"/dreigingsinformatie/{shared.pk}/bijlagen/{secret_file.pk}/")
    assert not_allowed.status_code == unknown.status_code == crossed.status_code == 404
    api_not_allowed = client.get(attachment_url(secret, secret_file, api=True))
    api_unknown = client.get(f"/api/v1/threat-products/{secret.pk + 100}/attachments/{secret_file.pk}/")
    assert api_not_allowed.status_code == api_unknown.status_code == 404
    assert api_not_allowed.json() == api_unknown.json()
    assert client_for(nctv).get(attachment_url(secret, secret_file)).status_code == 200


def test_a_mayor_never_reaches_an_attachment(police, make_user, stelsel_person, client_for):
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF)), marking="gezag_en_uitvoering")
    client = client_for(make_user(Role.MAYOR))
    attachment = product.attachments.get()
    assert client.get(attachment_url(product, attachment)).status_code == 403
    assert client.get(attachment_url(product, attachment, api=True)).status_code == 403


def test_a_tampered_file_is_refused_logged_and_never_served(
    police, nctv, stelsel_person, client_for, attachment_root, caplog
):
    product = deliver(police, stelsel_person, files(("rapport.pdf", PDF)))
    attachment = product.attachments.get()
    (attachment_root / attachment.storage_key).write_bytes(PDF.replace(b"Catalog", b"Katalog"))
    client = client_for(nctv)
    with caplog.at_level(logging.ERROR, logger="stelsel.intel.attachments"):
        page = client.get(attachment_url(product, attachment))
        api = client.get(attachment_url(product, attachment, api=True))
    assert page.status_code == 409
    assert "Katalog" not in page.content.decode()
    assert "komt niet overeen met de controlesom (SHA-256)" in page.content.decode()
    assert api.status_code == 409
    assert "komt niet overeen met de controlesom" in api.json()["detail"]
    assert b"Katalog" not in api.content
    assert len([record for record in caplog.records if "geweigerd" in record.getMessage()]) == 2
    # A file that is gone is refused the same way.
    (attachment_root / attachment.storage_key).unlink()
    with caplog.at_level(logging.ERROR, logger="stelsel.intel.attachments"):
        assert client.get(attachment_url(product, attachment)).status_code == 409
    assert any("ontbreekt" in record.getMessage() for record in caplog.records)


def test_an_api_body_beyond_the_request_limit_gets_a_dutch_message_and_stores_nothing(
    police, stelsel_person, client_for, settings, attachment_root
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    before = counts()
    response = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps(
            {
                "kind": "di",
                "body": "Inschatting",
                "marking": "alleen_gezag",
                "attachments": [{"filename": "groot.pdf", "content_base64": base64.b64encode(PDF * 200).decode()}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    params = {param["name"]: param["reason"] for param in response.json()["invalid-params"]}
    assert "Het verzoek is groter dan 4 KiB" in params["attachments"]
    assert counts() == before
    assert stored(attachment_root) == []
