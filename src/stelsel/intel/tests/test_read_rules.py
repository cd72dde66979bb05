"""Who reads which threat product (R51, R46), from the security review: the KMar's intelligence apart from the KMar
officer who executes, the inspectorate on police products only, and the inbox filtered in the database by the same
rule as a single product, paged, at a fixed number of queries."""

import itertools
import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stelsel.access.models import Organisation
from stelsel.access.roles import OrgKind, Role
from stelsel.access.rules import ROLE_ACTIONS, Action
from stelsel.conftest import address
from stelsel.core.errors import NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.intel import queries, services
from stelsel.intel.models import ThreatProduct
from stelsel.policy.authority import HolderKind
from stelsel.policy.products import Marking, may_read
from stelsel.registry import services as registry
from stelsel.registry.models import AuthorityPeriod
from stelsel.worklist import worklist

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(code=code)


def ask(nctv, person, producer, kind="da"):
    return services.request_product(
        nctv, person, kind=kind, producer_org=org(producer), question="Vraag", due_on=today() + timedelta(days=5)
    )


def deliver(actor, person, **fields):
    return services.deliver_product(
        actor, person, **{"kind": "melding", "body": "Inhoud", "marking": "alleen_gezag", **fields}
    )


@pytest.fixture
def users(make_user):
    return {
        role: make_user(role)
        for role in (
            Role.KMAR_INTEL,
            Role.KMAR_OFFICER,
            Role.POLICE_INTEL,
            Role.SERVICE_ANALYST,
            Role.INSPECTOR,
            Role.LCC_COORDINATOR,
        )
    }


# --- 1. the KMar's intelligence produces; the KMar officer executes and reads by marking -------------------------


def test_the_kmar_officer_no_longer_reads_kmar_products_whatever_the_marking(nctv, users, stelsel_person, client_for):
    kmar_intel, officer = users[Role.KMAR_INTEL], users[Role.KMAR_OFFICER]
    request = ask(nctv, stelsel_person, "kmar")
    secret = deliver(
        kmar_intel,
        stelsel_person,
        kind="da",
        request=request,
        body="Bron binnen de KMar",
        sanitised_summary="Er is een actuele analyse; de inhoud is alleen voor het gezag.",
    )
    shared = deliver(kmar_intel, stelsel_person, marking="gezag_en_uitvoering", body="Voor de uitvoering")
    # The producer reads its organisation's products whatever the marking.
    assert queries.product_for(kmar_intel, secret.pk) == secret
    assert set(queries.inbox(kmar_intel)) == {secret, shared}
    # The officer of the same organisation executes: only what is marked for execution, else the summary.
    with pytest.raises(NotFound):
        queries.product_for(officer, secret.pk)
    assert list(queries.inbox(officer)) == [shared]
    assert [(entry.product, entry.readable) for entry in queries.products_for(officer, stelsel_person)] == [
        (shared, True),
        (secret, False),
    ]
    client = client_for(officer)
    assert client.get(f"/dreigingsinformatie/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v1/threat-products/{secret.pk}/").status_code == 404
    assert "Bron binnen de KMar" not in client.get("/dreigingsinformatie/").content.decode()
    assert client_for(kmar_intel).get(f"/dreigingsinformatie/{secret.pk}/").status_code == 200


def test_the_kmar_officer_no_longer_produces_and_requests_go_to_the_intelligence(
    nctv, users, stelsel_person, client_for
):
    kmar_intel, officer = users[Role.KMAR_INTEL], users[Role.KMAR_OFFICER]
    request = ask(nctv, stelsel_person, "kmar")
    before = ThreatProduct.objects.count(), JournalEntry.objects.count()
    with pytest.raises(NotAllowed):
        deliver(officer, stelsel_person, kind="da", request=request)
    assert client_for(officer).get(f"/personen/{stelsel_person.pk}/product/nieuw/").status_code == 403
    assert client_for(officer).get("/api/v1/product-requests/").status_code == 403
    assert (ThreatProduct.objects.count(), JournalEntry.objects.count()) == before
    assert not [item for item in worklist(officer) if "opstellen op verzoek" in item.task]
    assert [item.url for item in worklist(kmar_intel) if "opstellen op verzoek" in item.task] == [
        f"/personen/{stelsel_person.pk}/product/nieuw/?verzoek={request.pk}"
    ]


def test_the_kmar_intelligence_sees_a_person_only_once_asked_like_the_services(nctv, users, stelsel_person, client_for):
    """Decision: no registry sight, not even of the stelsel persons the KMar helps protect (that is the officer's,
    for executing measures); the request (or its own earlier delivery) is the need to know."""
    kmar_intel = users[Role.KMAR_INTEL]
    client = client_for(kmar_intel)
    with pytest.raises(NotFound):
        deliver(kmar_intel, stelsel_person)
    assert client.get(f"/personen/{stelsel_person.pk}/product/nieuw/").status_code == 404
    assert client.get(f"/personen/{stelsel_person.pk}/").status_code == 403
    assert client.get("/personen/").status_code == 403
    assert client.get(f"/personen/{stelsel_person.pk}/dreigingsniveau/").status_code == 403
    ask(nctv, stelsel_person, "kmar", kind="melding")
    assert client.get(f"/personen/{stelsel_person.pk}/product/nieuw/").status_code == 200
    deliver(kmar_intel, stelsel_person)  # unasked, now that it was asked about the person
    assert client.get(f"/personen/{stelsel_person.pk}/").status_code == 403  # still no registry sight


def test_the_kmar_intelligence_role_belongs_to_the_kmar_with_its_own_purpose():
    from stelsel.access.roles import ROLE_LABELS, ROLE_ORG_KINDS, ROLE_PURPOSES

    assert Role.KMAR_INTEL.value == "kmar_informatie"
    assert ROLE_LABELS[Role.KMAR_INTEL] == "Informatieorganisatie (KMar)"
    assert ROLE_PURPOSES[Role.KMAR_INTEL] == "Opstellen dreigingsinformatie"
    assert ROLE_ORG_KINDS[Role.KMAR_INTEL] == frozenset({OrgKind.KMAR})
    assert Role.KMAR_INTEL in ROLE_ACTIONS[Action.DELIVER_PRODUCT]
    assert Role.KMAR_OFFICER not in ROLE_ACTIONS[Action.DELIVER_PRODUCT]
    assert Role.KMAR_OFFICER in ROLE_ACTIONS[Action.VIEW_PRODUCTS]


# --- 2. the inspectorate oversees NCTV and police: it reads police products only (R46) ---------------------------


def test_the_inspectorate_reads_police_products_not_those_of_kmar_or_services(nctv, users, stelsel_person, client_for):
    police, kmar_intel, aivd = users[Role.POLICE_INTEL], users[Role.KMAR_INTEL], users[Role.SERVICE_ANALYST]
    inspector = users[Role.INSPECTOR]
    ask(nctv, stelsel_person, "kmar")
    ask(nctv, stelsel_person, "aivd", kind="wa")
    by_police = deliver(police, stelsel_person, body="Politie")
    by_kmar = deliver(kmar_intel, stelsel_person, marking="gezag_en_uitvoering", body="KMar", sanitised_summary="Kort")
    by_aivd = deliver(aivd, stelsel_person, body="AIVD")
    assert queries.product_for(inspector, by_police.pk) == by_police
    for product in (by_kmar, by_aivd):
        with pytest.raises(NotFound):
            queries.product_for(inspector, product.pk)
        assert client_for(inspector).get(f"/dreigingsinformatie/{product.pk}/").status_code == 404
        assert client_for(inspector).get(f"/api/v1/threat-products/{product.pk}/").status_code == 404
    assert list(queries.inbox(inspector)) == [by_police]
    # Like any reader without the right, it meets the KMar's product only by its sanitised summary.
    listed = client_for(inspector).get(f"/api/v1/persons/{stelsel_person.pk}/threat-products/").json()
    assert [(item["id"], item["readable"], item["sanitised_summary"]) for item in listed] == [
        (by_kmar.pk, False, "Kort"),
        (by_police.pk, True, ""),
    ]
    assert "KMar" not in json.dumps(listed)


# --- 4. the inbox: one rule, filtered in the database, paged ---------------------------------------------------

NAMED_A = ("kmar", "lcc", "politie-den-haag")  # every nameable kind is named in exactly one of the two lists
NAMED_B = ("nctv", "om-den-haag", "aivd", "mivd")
READER_ORGS = {
    OrgKind.NCTV: "nctv",
    OrgKind.OM_DISTRICT: "om-den-haag",
    OrgKind.OM_COLLEGE: "om-college",
    OrgKind.POLICE_UNIT: "politie-den-haag",
    OrgKind.LCC: "lcc",
    OrgKind.KMAR: "kmar",
    OrgKind.AIVD: "aivd",
    OrgKind.MIVD: "mivd",
    OrgKind.MUNICIPALITY: "gemeente-gm0518",
    OrgKind.INSPECTORATE: "inspectie-jenv",
    OrgKind.PROTECTED_PERSONS: "beveiligden",
}


@pytest.fixture
def every_combination(nctv, make_user):
    """Per reader organisation (one of every kind) a person whose current authority it is, and on every person
    products of every producer kind with every marking (the named ones naming or not naming each reader)."""
    producers = {
        "politie-den-haag": make_user(Role.POLICE_INTEL),
        "kmar": make_user(Role.KMAR_INTEL),
        "aivd": make_user(Role.SERVICE_ANALYST),
        "mivd": make_user(Role.SERVICE_ANALYST, org="mivd"),
    }
    started_by = JournalEntry.objects.order_by("seq").first()
    authority_of = {}
    for number, code in enumerate(READER_ORGS.values(), start=1):
        person = registry.register_person(
            nctv,
            given_names=f"Persoon {number}",
            surname="Test",
            date_of_birth=date(1980, 1, number),
            home=address(number=number),
            reason="test",
        )
        registry.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="test")  # the NCTV asks
        for producer in ("kmar", "aivd", "mivd"):
            ask(nctv, person, producer, kind="melding")
        for actor in producers.values():
            deliver(actor, person)
            deliver(actor, person, marking="gezag_en_uitvoering")
            deliver(actor, person, marking="benoemde_organisaties", named_orgs=[org(code) for code in NAMED_A])
            deliver(actor, person, marking="benoemde_organisaties", named_orgs=[org(code) for code in NAMED_B])
        if code != "nctv":
            # Test data straight into the table: the authority of every kind of organisation, even unlikely ones.
            registry.end_authority(nctv, person, reason="test")
            AuthorityPeriod.objects.create(
                person=person,
                holder=org(code),
                holder_kind=HolderKind.HOVJ,
                basis="lokaal_domein",
                valid_from=timezone.now() - timedelta(hours=1),
                policy_version="test",
                started_by=started_by,
            )
        authority_of[person.pk] = org(code).pk
    return authority_of


def test_the_database_filter_agrees_with_may_read_on_every_combination(every_combination):
    rows = list(ThreatProduct.objects.select_related("producer_org").prefetch_related("named_orgs"))
    assert len(rows) == len(READER_ORGS) * 16
    for kind, code in READER_ORGS.items():
        reader = org(code)
        in_db = set(ThreatProduct.objects.filter(queries.readable_by_org_q(reader)).values_list("pk", flat=True))
        seen = set()
        by_rule = set()
        for product in rows:
            authority = every_combination[product.person_id] == reader.pk
            named = [named.pk for named in product.named_orgs.all()]
            seen.add((product.marking, product.producer_org.kind, authority, reader.pk in named))
            if may_read(product.marking, product.producer_org.kind, reader.kind, authority, named, reader.pk):
                by_rule.add(product.pk)
        assert in_db == by_rule, kind
        # Every marking x producer kind x authority was judged for this reader kind (and named or not, if nameable).
        assert {(m, p, a) for m, p, a, _ in seen} == set(
            itertools.product([m.value for m in Marking], ["politie_eenheid", "kmar", "aivd", "mivd"], [False, True])
        )
        if code in NAMED_A + NAMED_B:
            assert {n for m, _, _, n in seen if m == Marking.NAMED_ORGANISATIONS} == {False, True}
    assert not ThreatProduct.objects.filter(queries.readable_by_org_q(org("gemeente-gm0518"))).exists()


def test_the_inbox_filter_agrees_with_may_read_product_for_every_role(every_combination, make_user):
    everything = ThreatProduct.objects.all()
    for role in Role:
        for code in ["aivd", "mivd"] if role is Role.SERVICE_ANALYST else [None]:
            user = make_user(role, org=code)
            in_db = set(everything.filter(queries.readable_products_q(user)).values_list("pk", flat=True))
            by_rule = {p.pk for p in queries._readable_rows(user, everything) if queries.may_read_product(user, p)}
            assert in_db == by_rule, role


def test_the_inbox_page_is_paged_by_50_at_a_fixed_number_of_queries(nctv, users, stelsel_person, client_for):
    police = users[Role.POLICE_INTEL]
    client = client_for(nctv)

    def page_queries(path="/dreigingsinformatie/"):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(path)
        assert page.status_code == 200
        return len(captured), page.content.decode()

    for _ in range(5):
        deliver(police, stelsel_person)
    products = 'data-testid="dreigingsproducten"'
    with_five, html = page_queries()
    assert len(re.findall(r'href="/dreigingsinformatie/\d+/"', html[html.index(products) :])) == 5
    assert "Volgende pagina" not in html
    for _ in range(50):
        deliver(police, stelsel_person, marking="benoemde_organisaties", named_orgs=[org("kmar"), org("lcc")])
    with_55, html = page_queries()
    assert with_55 == with_five
    assert len(re.findall(r'href="/dreigingsinformatie/\d+/"', html[html.index(products) :])) == 50
    assert "(55)" in html
    assert "Pagina 1 van 2" in html
    assert 'href="?pagina=2" rel="next">Volgende pagina' in html
    with_page_two, html = page_queries("/dreigingsinformatie/?pagina=2")
    assert with_page_two == with_five
    assert len(re.findall(r'href="/dreigingsinformatie/\d+/"', html[html.index(products) :])) == 5
    assert "Pagina 2 van 2" in html
    assert "Vorige pagina" in html
