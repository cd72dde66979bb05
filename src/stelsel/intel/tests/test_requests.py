"""Product requests (§3.2, R34, R11): only the current authority asks, for every kind; the requesting organisation
withdraws its open request, with a reason and the version it saw; a withdrawn request gets no product."""

import json
from datetime import timedelta

import pytest

from stelsel.access.models import Organisation
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.intel import queries, services
from stelsel.intel.models import ProductRequest, RequestStatus, ThreatProduct
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(code=code)


@pytest.fixture
def police(make_user):
    return make_user(Role.POLICE_INTEL)


@pytest.fixture
def adviser_bbc(make_user):
    return make_user(Role.ADVISER_BBC)


def ask(actor, person, **changes):
    fields = {
        "kind": "di",
        "producer_org": org("politie-den-haag"),
        "question": "Hoe ernstig is de dreiging?",
        "due_on": today() + timedelta(days=5),
        **changes,
    }
    return services.request_product(actor, person, **fields)


def state(request):
    request.refresh_from_db()
    return request.status, request.version, request.withdrawal_reason, JournalEntry.objects.count()


# --- every kind only by the current authority (§3.2, R34, R11) ---------------------------------------------------


@pytest.mark.parametrize("kind", ["melding", "di", "ra"])
def test_an_om_office_that_still_sees_a_person_the_nctv_now_holds_asks_for_nothing(
    nctv, hovj, make_person, client_for, kind
):
    person = make_person("Johan", "Visser", home=address(number=14), actor=nctv)
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigde wethouder")
    producer = org("aivd") if kind == "ra" else org("politie-den-haag")
    assert ask(hovj, person, kind=kind, producer_org=producer).kind == kind  # the HOvJ holds the case: allowed
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="aangewezen")
    before = ProductRequest.objects.count(), JournalEntry.objects.count()
    assert queries.product_persons(hovj).filter(pk=person.pk).exists()  # it held the case, so it still sees it
    with pytest.raises(InvalidInput) as error:
        ask(hovj, person, kind=kind, producer_org=producer)
    message = error.value.field_errors["kind"]
    assert "Alleen het huidige gezag van deze persoon (de NCTV)" in message
    assert "OM geen rol" in message
    assert "(§3.2, R34, R11)" in message
    response = client_for(hovj).post(
        f"/api/v1/persons/{person.pk}/product-requests/",
        data=json.dumps(
            {"kind": kind, "producer_org": producer.code, "question": "?", "due_on": str(today() + timedelta(days=1))}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (ProductRequest.objects.count(), JournalEntry.objects.count()) == before
    made = ask(nctv, person, kind=kind, producer_org=producer)
    assert [reason["rule"] for reason in made.reasons] == ["R34", "R34", "R11"]


# --- withdrawing ---------------------------------------------------------------------------------------------------


def test_the_requester_withdraws_an_open_request_it_leaves_the_worklist(nctv, police, stelsel_person):
    request = ask(nctv, stelsel_person, kind="ird")
    assert len(queries.work_items(police)) == 1
    withdrawn = services.withdraw_request(nctv, request, reason="Niet meer nodig na de aanhouding.", version=1)
    assert (withdrawn.status, withdrawn.version, withdrawn.withdrawal_reason) == (
        RequestStatus.WITHDRAWN,
        2,
        "Niet meer nodig na de aanhouding.",
    )
    entry = JournalEntry.objects.latest("seq")
    assert entry.action == "intel.product_request_withdrawn"
    assert entry.reason == "Niet meer nodig na de aanhouding."
    assert entry.payload["reasons"][0]["rule"] == "R34"
    assert withdrawn.withdrawn_at == entry.recorded_at
    assert queries.work_items(police) == []
    assert list(queries.requests_for_producer(police)) == []


def test_a_producer_cannot_deliver_on_a_withdrawn_request(nctv, police, stelsel_person, client_for):
    request = ask(nctv, stelsel_person, kind="ird")
    services.withdraw_request(nctv, request, reason="Ingehaald door de DA.", version=1)
    request.refresh_from_db()
    before = ThreatProduct.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.deliver_product(
            police, stelsel_person, kind="ird", request=request, body="Te laat", marking="alleen_gezag"
        )
    assert "ingetrokken" in error.value.field_errors["request"]
    assert (
        client_for(police).get(f"/personen/{stelsel_person.pk}/product/nieuw/?verzoek={request.pk}").status_code == 404
    )
    assert ThreatProduct.objects.count() == before


@pytest.mark.parametrize(
    ("reason", "version", "field"),
    [("", 1, "reason"), ("   ", 1, "reason"), ("Reden", None, "version")],
)
def test_bad_withdrawal_input_names_the_field_and_changes_nothing(nctv, stelsel_person, reason, version, field):
    request = ask(nctv, stelsel_person)
    before = state(request)
    with pytest.raises(InvalidInput) as error:
        services.withdraw_request(nctv, request, reason=reason, version=version)
    assert field in error.value.field_errors
    assert state(request) == before


def test_a_stale_version_is_a_conflict_and_changes_nothing(nctv, stelsel_person):
    request = ask(nctv, stelsel_person)
    before = state(request)
    with pytest.raises(Conflict):
        services.withdraw_request(nctv, request, reason="Reden", version=7)
    assert state(request) == before


def test_a_delivered_request_is_not_withdrawn(nctv, police, stelsel_person):
    request = ask(nctv, stelsel_person)
    services.deliver_product(police, stelsel_person, kind="di", request=request, body="DI", marking="alleen_gezag")
    before = state(request)
    with pytest.raises(InvalidInput) as error:
        services.withdraw_request(nctv, request, reason="Toch niet", version=request.version)
    assert "al geleverd" in error.value.field_errors["request"]
    assert state(request) == before


def test_only_the_requesting_organisation_withdraws(nctv, make_user, police, stelsel_person):
    request = ask(nctv, stelsel_person)
    before = state(request)
    with pytest.raises(NotAllowed):
        services.withdraw_request(police, request, reason="Reden", version=1)  # the producer may not request
    with pytest.raises(NotFound):
        services.withdraw_request(make_user(Role.HOVJ), request, reason="Reden", version=1)
    assert state(request) == before
    colleague = make_user(Role.NCTV_OFFICER)  # another officer of the requesting organisation may
    assert services.withdraw_request(colleague, request, reason="Reden", version=1).status == RequestStatus.WITHDRAWN


def test_withdraw_through_the_request_page(nctv, stelsel_person, client_for):
    request = ask(nctv, stelsel_person)
    client = client_for(nctv)
    url = f"/personen/{stelsel_person.pk}/product-aanvragen/"
    page = client.get(url).content.decode()
    assert f'data-testid="verzoek-intrekken-{request.pk}"' in page
    before = state(request)
    bad = client.post(url, {"intrekken": "1", "verzoek": request.pk, "version": 1, "reason": ""})
    assert bad.status_code == 400
    assert "Geef een reden waarom het verzoek wordt ingetrokken." in bad.content.decode()
    assert state(request) == before
    stale = client.post(url, {"intrekken": "1", "verzoek": request.pk, "version": 0, "reason": "Reden"})
    assert stale.status_code == 400
    assert "intussen gewijzigd" in stale.content.decode()
    assert state(request) == before
    good = client.post(url, {"intrekken": "1", "verzoek": request.pk, "version": 1, "reason": "Niet meer nodig"})
    assert good.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    after = client.get(url).content.decode()
    assert f'data-testid="verzoek-intrekken-{request.pk}"' not in after
    assert "Niet meer nodig" in after


def test_withdraw_through_the_api(nctv, make_user, stelsel_person, client_for):
    request = ask(nctv, stelsel_person)
    url = f"/api/v1/product-requests/{request.pk}/withdraw/"
    client = client_for(nctv)
    before = state(request)
    empty = client.post(url, data=json.dumps({}), content_type="application/json")
    assert empty.status_code == 400
    assert {param["name"] for param in empty.json()["invalid-params"]} == {"reason", "version"}
    stale = client.post(url, data=json.dumps({"reason": "R", "version": 3}), content_type="application/json")
    assert stale.status_code == 409
    other = client_for(make_user(Role.HOVJ)).post(
        url, data=json.dumps({"reason": "R", "version": 1}), content_type="application/json"
    )
    assert other.status_code == 404
    assert state(request) == before
    done = client.post(
        url, data=json.dumps({"reason": "Niet meer nodig", "version": 1}), content_type="application/json"
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["version"], done.json()["withdrawal_reason"]) == (
        "ingetrokken",
        2,
        "Niet meer nodig",
    )
    again = client.post(url, data=json.dumps({"reason": "R", "version": 2}), content_type="application/json")
    assert again.status_code == 400
    assert "al ingetrokken" in again.json()["detail"]


def test_the_openapi_document_describes_the_new_endpoints(nctv, client_for):
    paths = client_for(nctv).get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/product-requests/{id}/withdraw/" in paths
    assert "/api/v1/threat-products/{product}/attachments/{id}/" in paths
