"""Threat products (§3.2; R34, R51): requests, delivery, need-to-know markings, pages, API, access log, worklist."""

import json
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from stelsel.access.models import AccessLogEntry, Organisation
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.intel import queries, services
from stelsel.intel.models import ProductRequest, RequestStatus, ThreatProduct
from stelsel.policy.versions import CIRCULAIRE_2026
from stelsel.registry import services as registry
from stelsel.worklist import worklist

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(code=code)


def counts():
    return ProductRequest.objects.count(), ThreatProduct.objects.count(), JournalEntry.objects.count()


@pytest.fixture
def police(make_user):
    return make_user(Role.POLICE_INTEL)  # politie-den-haag: sees persons living in The Hague


@pytest.fixture
def lcc(make_user):
    return make_user(Role.LCC_COORDINATOR)


@pytest.fixture
def kmar(make_user):
    return make_user(Role.KMAR_OFFICER)


@pytest.fixture
def aivd(make_user):
    return make_user(Role.SERVICE_ANALYST)


@pytest.fixture
def mayor(make_user):
    return make_user(Role.MAYOR)


def ask(actor, person, **changes):
    fields = {
        "kind": "ird",
        "producer_org": org("politie-den-haag"),
        "question": "Wat is er bekend over de bedreiging via sociale media?",
        "due_on": today() + timedelta(days=5),
        **changes,
    }
    return services.request_product(actor, person, **fields)


def deliver(actor, person, **changes):
    fields = {
        "kind": "di",
        "body": "Concrete dreiging; de bedreiger heeft middelen.",
        "threatened": "Pieter de Vries",
        "threatener": "Onbekende groep",
        "phenomenon": "georganiseerde_criminaliteit",
        "severity": "ernstig",
        "likelihood": "waarschijnlijk",
        "sources": [{"description": "Informant", "reliability": "B"}],
        "marking": "alleen_gezag",
        **changes,
    }
    return services.deliver_product(actor, person, **fields)


# --- requests (R34) --------------------------------------------------------------------------------------------


def test_the_authority_orders_an_ird_one_journal_entry_with_reasons(nctv, stelsel_person):
    before = JournalEntry.objects.count()
    request = ask(nctv, stelsel_person)
    request.refresh_from_db()
    assert (request.kind, request.status, request.requesting_org, request.requested_by) == (
        "ird",
        RequestStatus.REQUESTED,
        nctv.organisation,
        nctv,
    )
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert entry.action == "intel.product_requested"
    assert entry.policy_version == CIRCULAIRE_2026.key
    assert request.entry == entry
    assert entry.payload["reasons"][0]["rule"] == "R34"
    assert entry.payload["reasons"][0]["paragraph"] == "§3.2"


def test_an_ird_without_an_order_from_the_authority_of_that_case_is_refused(nctv, hovj, make_person):
    # Registered by the NCTV (so it sees the person) but under the HOvJ's authority: the NCTV may not order an IRD.
    person = make_person("Johan", "Visser", home=address(number=14), actor=nctv)
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigde wethouder")
    before = counts()
    with pytest.raises(InvalidInput) as error:
        ask(nctv, person)
    assert "uitsluitend in opdracht van het gezag" in error.value.field_errors["kind"]
    assert counts() == before
    assert ask(hovj, person).kind == "ird"  # the HOvJ is the authority here


def test_a_wa_request_from_a_mayor_is_refused_and_nothing_is_stored(mayor, stelsel_person, client_for):
    before = counts()
    with pytest.raises((NotAllowed, NotFound)):
        ask(mayor, stelsel_person, kind="wa", producer_org=org("aivd"))
    response = client_for(mayor).post(
        f"/api/v1/persons/{stelsel_person.pk}/product-requests/",
        data=json.dumps({"kind": "wa", "producer_org": "aivd", "question": "WA", "due_on": str(today())}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert counts() == before


def test_a_wa_goes_to_the_aivd_only(nctv, stelsel_person):
    with pytest.raises(InvalidInput) as error:
        ask(nctv, stelsel_person, kind="wa")
    assert "AIVD" in error.value.field_errors["producer_org"]
    assert ask(nctv, stelsel_person, kind="wa", producer_org=org("aivd")).producer_org.code == "aivd"


def test_a_signal_report_cannot_be_requested(nctv, stelsel_person):
    before = counts()
    with pytest.raises(InvalidInput) as error:
        ask(nctv, stelsel_person, kind="signaalrapportage")
    assert "eigenstandig" in error.value.field_errors["kind"]
    assert counts() == before


def test_bad_request_input_names_each_field_in_dutch(nctv, stelsel_person):
    before = counts()
    with pytest.raises(InvalidInput) as error:
        ask(nctv, stelsel_person, kind="", producer_org=None, question=" ", due_on=today() - timedelta(days=1))
    assert set(error.value.field_errors) == {"kind", "producer_org", "question", "due_on"}
    assert "verleden" in error.value.field_errors["due_on"]
    assert counts() == before


def test_a_request_shows_in_the_producer_worklist_and_goes_overdue(nctv, police, stelsel_person):
    request = ask(nctv, stelsel_person)
    items = [item for item in worklist(police) if "opstellen op verzoek" in item.task]
    assert len(items) == 1
    assert items[0].url.endswith(f"?verzoek={request.pk}")
    assert not items[0].overdue
    ProductRequest.objects.filter(pk=request.pk).update(due_on=today() - timedelta(days=1))
    assert [item.overdue for item in queries.work_items(police)] == [True]
    assert queries.work_items(nctv) == []


# --- delivery (R34) --------------------------------------------------------------------------------------------


def test_delivering_on_the_request_marks_it_delivered(nctv, police, stelsel_person):
    request = ask(nctv, stelsel_person)
    product = deliver(police, stelsel_person, kind="ird", request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.DELIVERED
    assert product.request == request
    assert product.producer_org == police.organisation
    assert product.sources == [{"description": "Informant", "reliability": "B"}]
    assert product.matrix_key == "standaard-2026"
    assert JournalEntry.objects.latest("seq").action == "intel.product_delivered"
    assert queries.work_items(police) == []
    with pytest.raises(InvalidInput) as error:
        deliver(police, stelsel_person, kind="ird", request=request)
    assert "request" in error.value.field_errors


def test_an_ird_is_not_delivered_without_an_order(police, stelsel_person):
    before = counts()
    with pytest.raises(InvalidInput) as error:
        deliver(police, stelsel_person, kind="ird")
    assert "opdracht van het gezag" in error.value.field_errors["request"]
    assert counts() == before


def test_a_delivered_product_is_never_changed(police, stelsel_person):
    product = deliver(police, stelsel_person)
    with pytest.raises(DatabaseError), transaction.atomic():
        ThreatProduct.objects.filter(pk=product.pk).update(body="anders")


def test_a_product_for_a_person_the_producer_may_not_see_is_refused(aivd, stelsel_person, client_for):
    before = counts()
    with pytest.raises(NotFound):
        deliver(aivd, stelsel_person, kind="ra")
    response = client_for(aivd).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps({"kind": "ra", "body": "x", "marking": "alleen_gezag"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert counts() == before


def test_the_aivd_delivers_a_wa_on_the_nctv_request(nctv, aivd, stelsel_person):
    request = ask(nctv, stelsel_person, kind="wa", producer_org=org("aivd"))
    product = deliver(aivd, stelsel_person, kind="wa", request=request, severity="", likelihood="")
    assert product.kind == "wa"
    assert queries.product_for(aivd, product.pk) == product


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"marking": "benoemde_organisaties", "named_orgs": ["gemeente-gm0518"]}, "named_orgs", "gemeente"),
        ({"marking": "benoemde_organisaties", "named_orgs": []}, "named_orgs", "ten minste één"),
        ({"marking": "alleen_gezag", "named_orgs": ["kmar"]}, "named_orgs", "genoemde organisaties"),
        ({"marking": ""}, "marking", "markering"),
        ({"sources": [{"description": "Tap", "reliability": "G"}]}, "sources", "A tot en met F"),
        ({"kind": "ra"}, "kind", "AIVD"),
        ({"body": ""}, "body", "ontbreekt"),
        ({"severity": "reusachtig"}, "severity", "Onbekende ernst"),
        ({"phenomenon": "roddel"}, "phenomenon", "Onbekend fenomeen"),
    ],
)
def test_bad_product_input_names_the_field_and_stores_nothing(police, stelsel_person, changes, field, words):
    if "named_orgs" in changes:
        changes = {**changes, "named_orgs": [org(code) for code in changes["named_orgs"]]}
    before = counts()
    with pytest.raises(InvalidInput) as error:
        deliver(police, stelsel_person, **changes)
    assert words in error.value.field_errors[field]
    assert counts() == before


# --- need-to-know (R51) ---------------------------------------------------------------------------------------


def test_the_lcc_cannot_read_an_authority_only_product_by_page_api_or_any_list(
    nctv, police, lcc, stelsel_person, client_for
):
    product = deliver(police, stelsel_person)
    with pytest.raises(NotFound):
        queries.product_for(lcc, product.pk)
    assert product not in queries.inbox(lcc)
    assert queries.products_for(lcc, stelsel_person) == []
    client = client_for(lcc)
    assert client.get(f"/dreigingsinformatie/{product.pk}/").status_code == 404
    assert client.get(f"/api/v1/threat-products/{product.pk}/").status_code == 404
    listed = client.get(f"/api/v1/persons/{stelsel_person.pk}/threat-products/")
    assert listed.status_code == 200
    assert listed.json() == []
    inbox_page = client.get("/dreigingsinformatie/")
    assert inbox_page.status_code == 200
    assert product.body not in inbox_page.content.decode()
    assert f"/dreigingsinformatie/{product.pk}/" not in inbox_page.content.decode()
    # Search and the person's journal (the record an export is made of) do not carry it either.
    searched = client.get("/personen/", {"q": product.body[:20]})
    assert searched.status_code == 200
    assert product.body not in searched.content.decode()
    journal = client.get(f"/api/v1/persons/{stelsel_person.pk}/journal/")
    assert journal.status_code == 200
    assert not [entry for entry in journal.json()["results"] if entry["action"].startswith("intel.product")]
    assert product.body not in journal.content.decode()
    # The authority of the case reads it everywhere.
    assert client_for(nctv).get(f"/dreigingsinformatie/{product.pk}/").status_code == 200
    assert client_for(nctv).get(f"/api/v1/threat-products/{product.pk}/").json()["body"] == product.body
    assert list(queries.inbox(nctv)) == [product]


def test_a_sanitised_summary_reaches_the_wider_circle_never_the_body(police, lcc, stelsel_person, client_for):
    deliver(police, stelsel_person, sanitised_summary="Verhoogde dreiging; wees alert bij de woning.")
    listed = client_for(lcc).get(f"/api/v1/persons/{stelsel_person.pk}/threat-products/").json()
    assert len(listed) == 1
    assert listed[0]["readable"] is False
    assert listed[0]["sanitised_summary"] == "Verhoogde dreiging; wees alert bij de woning."
    assert "body" not in listed[0]
    assert "Concrete dreiging" not in json.dumps(listed)


def test_markings_for_execution_and_named_organisations(police, lcc, kmar, stelsel_person):
    executing = deliver(police, stelsel_person, marking="gezag_en_uitvoering")
    named = deliver(police, stelsel_person, marking="benoemde_organisaties", named_orgs=[org("kmar")])
    assert set(queries.inbox(lcc)) == {executing}
    assert set(queries.inbox(kmar)) == {executing, named}
    assert queries.product_for(kmar, named.pk) == named
    with pytest.raises(NotFound):
        queries.product_for(lcc, named.pk)


def test_a_mayor_sees_none_of_it(police, mayor, stelsel_person, client_for):
    product = deliver(police, stelsel_person, marking="gezag_en_uitvoering", sanitised_summary="Samenvatting")
    assert list(queries.inbox(mayor)) == []
    assert queries.products_for(mayor, stelsel_person) == []
    client = client_for(mayor)
    for path in (
        "/dreigingsinformatie/",
        f"/dreigingsinformatie/{product.pk}/",
        f"/api/v1/threat-products/{product.pk}/",
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        "/api/v1/product-requests/",
    ):
        assert client.get(path).status_code == 403, path


def test_every_read_of_a_product_is_logged_allowed_or_denied(nctv, police, lcc, stelsel_person, client_for):
    product = deliver(police, stelsel_person)
    client_for(nctv).get(f"/dreigingsinformatie/{product.pk}/")
    client_for(nctv).get(f"/api/v1/threat-products/{product.pk}/")
    client_for(lcc).get(f"/dreigingsinformatie/{product.pk}/")
    logged = list(
        AccessLogEntry.objects.filter(object_type="threat_product", object_id=str(product.pk))
        .order_by("id")
        .values_list("actor_label", "result", "origin")
    )
    assert [(actor, result, origin.split()[0]) for actor, result, origin in logged] == [
        (nctv.username, AccessLogEntry.Result.ALLOWED, "ui"),
        (nctv.username, AccessLogEntry.Result.ALLOWED, "api"),
        (lcc.username, AccessLogEntry.Result.DENIED, "ui"),
    ]


def test_the_inbox_takes_the_same_number_of_queries_for_2_or_8_products(nctv, police, stelsel_person):
    def inbox_queries():
        with CaptureQueriesContext(connection) as captured:
            assert len(queries.inbox(nctv)) == ThreatProduct.objects.count()
        return len(captured)

    for _ in range(2):
        deliver(police, stelsel_person, marking="benoemde_organisaties", named_orgs=[org("kmar"), org("lcc")])
    with_two = inbox_queries()
    for _ in range(6):
        deliver(police, stelsel_person)
    assert inbox_queries() == with_two


# --- pages and API ---------------------------------------------------------------------------------------------


def test_request_page_stores_a_request_and_shows_dutch_errors(nctv, stelsel_person, client_for):
    client = client_for(nctv)
    url = f"/personen/{stelsel_person.pk}/product-aanvragen/"
    before = counts()
    bad = client.post(url, {"kind": "wa", "producer_org": org("politie-den-haag").pk, "question": "WA?"})
    assert bad.status_code == 400
    assert "AIVD" in bad.content.decode()
    assert counts() == before
    good = client.post(
        url,
        {
            "kind": "wa",
            "producer_org": org("aivd").pk,
            "question": "Weerstand van de woning?",
            "due_on": (today() + timedelta(days=10)).isoformat(),
        },
    )
    assert good.status_code == 302
    assert ProductRequest.objects.get().kind == "wa"


def test_delivery_page_on_a_request_and_with_bad_input(nctv, police, stelsel_person, client_for):
    request = ask(nctv, stelsel_person)
    client = client_for(police)
    url = f"/personen/{stelsel_person.pk}/product/nieuw/?verzoek={request.pk}"
    assert client.get(url).status_code == 200
    before = counts()
    bad = client.post(url, {"kind": "ird", "body": "", "marking": "alleen_gezag"})
    assert bad.status_code == 400
    assert "De inhoud van het product ontbreekt." in bad.content.decode()
    assert counts() == before
    good = client.post(
        url, {"kind": "ird", "body": "Eerste indruk", "marking": "alleen_gezag", "sources": "C: open bronnen"}
    )
    assert good.status_code == 302
    product = ThreatProduct.objects.get()
    assert product.sources == [{"description": "open bronnen", "reliability": "C"}]
    request.refresh_from_db()
    assert request.status == RequestStatus.DELIVERED


def test_api_request_then_deliver_then_read(nctv, police, stelsel_person, client_for):
    made = client_for(nctv).post(
        f"/api/v1/persons/{stelsel_person.pk}/product-requests/",
        data=json.dumps({"kind": "da", "producer_org": "politie-den-haag", "question": "DA", "due_on": str(today())}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    open_requests = client_for(police).get("/api/v1/product-requests/").json()
    assert [item["id"] for item in open_requests] == [made.json()["id"]]
    delivered = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps(
            {
                "kind": "da",
                "request": made.json()["id"],
                "body": "Analyse",
                "marking": "benoemde_organisaties",
                "named_orgs": ["kmar"],
            }
        ),
        content_type="application/json",
    )
    assert delivered.status_code == 201, delivered.content
    assert delivered.json()["named_orgs"] == ["kmar"]
    assert client_for(police).get("/api/v1/product-requests/").json() == []


def test_api_refuses_a_municipality_in_the_marking_with_a_dutch_message(police, stelsel_person, client_for):
    before = counts()
    response = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps(
            {"kind": "di", "body": "x", "marking": "benoemde_organisaties", "named_orgs": ["gemeente-gm0518"]}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "gemeente" in json.dumps(response.json()).lower()
    assert counts() == before


def test_the_openapi_document_describes_the_product_endpoints(nctv, client_for):
    paths = client_for(nctv).get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/persons/{id}/threat-products/",
        "/api/v1/threat-products/{id}/",
        "/api/v1/persons/{id}/product-requests/",
        "/api/v1/product-requests/",
    ):
        assert path in paths, path


def test_the_rccb_and_adviser_of_the_producing_unit_do_not_read_an_authority_only_product(make_user, make_person):
    """Only the producing staff read their organisation's products whatever the marking (R51)."""
    from stelsel.intel import queries as intel_queries
    from stelsel.intel import services as intel_services

    producer = make_user(Role.POLICE_INTEL)
    person = make_person("Karin")
    product = intel_services.deliver_product(
        producer, person, kind="di", body="Inhoud alleen voor het gezag", marking="alleen_gezag"
    )
    assert intel_queries.product_for(producer, product.pk).pk == product.pk
    for reader in (make_user(Role.RCCB), make_user(Role.ADVISER_BB, org="politie-den-haag")):
        with pytest.raises(NotFound):
            intel_queries.product_for(reader, product.pk)
