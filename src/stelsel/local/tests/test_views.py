"""Pages and API of the local domain: constant query counts, Dutch errors naming the field with nothing changed, the
worklists, the rules page and the object advice round trip."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stelsel.access.models import AccessLogEntry, User
from stelsel.access.roles import Role
from stelsel.conftest import verified_client
from stelsel.local import services
from stelsel.local.models import ObjectAdvice, ThreatReport
from stelsel.measures.models import Measure
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db

SERIOUS = services.Criteria(violent_offence=True, max_sentence_years=8, life_threat="direct")


def _report(rccb: User, person: Any) -> ThreatReport:
    return services.register_report(
        rccb, person=person, obj=None, threatened_function="geen", received_as="melding",
        what_happened="Bedreiging", occurred_at=timezone.now(),
    )  # fmt: skip


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_report_page_and_worklist_query_counts_do_not_grow(
    rccb: User, make_person: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    adviser = make_user(Role.ADVISER_BBC)

    def add(n: int) -> ThreatReport:
        report = services.weigh_report(
            rccb, _report(rccb, make_person(f"P{n}", "Test")), criteria=SERIOUS, motivation="x"
        )
        services.take_urgent_measure(rccb, report, kind="camera", scope="prive", motivation="Direct")
        return report

    first = add(0)
    police, om = verified_client(rccb), verified_client(adviser)
    pages = [
        (police, "/lokaal/meldingen/"),
        (om, "/lokaal/meldingen/"),
        (om, "/werkvoorraad/"),
        (police, "/werkvoorraad/"),
    ]
    detail = f"/lokaal/meldingen/{first.pk}/"
    small = [_queries(client, url) for client, url in pages] + [_queries(om, detail)]
    for n in range(1, 6):
        add(n)
    services.take_urgent_measure(rccb, first, kind="alarm", scope="beide", motivation="Nog een")
    large = [_queries(client, url) for client, url in pages] + [_queries(om, detail)]
    assert large == small


def test_api_report_without_threatened_party_is_refused_in_dutch(rccb: User) -> None:
    response = verified_client(rccb).post(
        "/api/v1/local/reports/",
        {"received_as": "melding", "what_happened": "x", "occurred_at": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Kies de bedreigde" in str(response.json())
    assert not ThreatReport.objects.exists()


def test_api_walks_report_weighing_urgent_measure_and_decision(
    rccb: User, make_person: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    person = make_person()
    police, adviser = verified_client(rccb), verified_client(make_user(Role.ADVISER_BBC))
    created = police.post(
        "/api/v1/local/reports/",
        {"person": person.pk, "received_as": "aangifte", "what_happened": "Dreigbrief",
         "occurred_at": timezone.now().isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    refused = police.post(f"/api/v1/local/reports/{pk}/weighing/", {"life_threat": "direct"}, "application/json")
    assert refused.status_code == 400
    assert "motivation" in str(refused.json())
    weighed = police.post(
        f"/api/v1/local/reports/{pk}/weighing/",
        {"violent_offence": True, "max_sentence_years": 8, "life_threat": "direct", "motivation": "Ernstig"},
        "application/json",
    )
    assert weighed.json()["status"] == "bij_adviseur"
    escort = police.post(
        f"/api/v1/local/reports/{pk}/urgent-measures/",
        {"kind": "personal_escort", "scope": "beide", "motivation": "Nu"},
        "application/json",
    )
    assert escort.status_code == 400
    assert "persoonsgericht" in str(escort.json())
    camera = police.post(
        f"/api/v1/local/reports/{pk}/urgent-measures/",
        {"kind": "camera", "scope": "prive", "motivation": "Nu"},
        "application/json",
    )
    assert camera.status_code == 201
    confirmed = adviser.post(
        f"/api/v1/local/urgent-measures/{camera.json()['id']}/confirmation/",
        {"confirm": True, "motivation": "Afgestemd"},
        "application/json",
    )
    assert confirmed.status_code == 200
    assert Measure.objects.get(pk=camera.json()["id"]).provisional is False
    decided = adviser.post(
        f"/api/v1/local/reports/{pk}/decision/",
        {"decision": "basispolitiezorg", "motivation": "Dreiger aangehouden"},
        "application/json",
    )
    assert decided.json()["status"] == "basispolitiezorg"
    # Once closed, nothing more: another decision is refused and names the field.
    again = adviser.post(
        f"/api/v1/local/reports/{pk}/decision/",
        {"decision": "lokale_maatregelen", "motivation": "x"},
        "application/json",
    )
    assert again.status_code == 400
    assert "decision" in str(again.json())


def test_a_rccb_of_another_unit_gets_the_reason_on_the_page_and_nothing_changes(
    rccb: User, make_person: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    rotterdam = make_user(Role.RCCB, "politie-rotterdam")
    report = _report(rotterdam, make_person(actor=rotterdam))  # registered in Rotterdam, routed to The Hague
    assert report.rccb.code == "politie-den-haag"
    response = verified_client(rotterdam).post(
        f"/lokaal/meldingen/{report.pk}/weging/",
        {"violent_offence": "on", "max_sentence_years": "8", "life_threat": "direct", "motivation": "Ernstig"},
    )
    assert response.status_code == 400
    assert "alleen die RCCB weegt haar" in response.content.decode()
    assert ThreatReport.objects.get(pk=report.pk).status == "gemeld"


def test_rules_page_sets_partners_and_refuses_bad_lines(make_user: Callable[..., User]) -> None:
    admin = verified_client(make_user(Role.FUNCTIONAL_ADMIN))
    bad = admin.post(
        "/lokaal/regels/",
        {
            "confirm_within_hours": "12",
            "partner_districts": "den-haag rotterdam",
            "partner_units": "",
            "motivation": "x",
        },
    )
    assert bad.status_code == 400
    assert "mist" in bad.content.decode()
    assert services.current_rules().confirm_within_hours == 24
    good = admin.post(
        "/lokaal/regels/",
        {"confirm_within_hours": "12", "partner_districts": "den-haag = rotterdam", "partner_units": "",
         "motivation": "Afspraak"},
    )  # fmt: skip
    assert good.status_code == 302
    rules = services.current_rules()
    assert (rules.confirm_within_hours, dict(rules.partner_districts)) == (12, {"den-haag": "rotterdam"})


def test_object_advice_round_trip_over_pages(make_user: Callable[..., User], nctv: User) -> None:
    mayor = make_user(Role.MAYOR)
    listed = registry.register_object(
        nctv, name="Tweede Kamer", kind="gebouw", municipality_code="GM0518", reason="Lijst", on_limitative_list=True
    )
    given = verified_client(nctv).post(f"/objecten/{listed.pk}/advies-nctv/", {"advice": "Extra toegangscontrole"})
    assert given.status_code == 302
    advice = ObjectAdvice.objects.get()
    client = verified_client(mayor)
    assert "Advies van de NCTV over een object" in client.get("/werkvoorraad/").content.decode()
    empty = client.post(f"/objectadviezen/{advice.pk}/", {"version": advice.version})
    assert empty.status_code == 400
    assert "Kies of u het advies opvolgt" in empty.content.decode()
    done = client.post(
        f"/objectadviezen/{advice.pk}/", {"followed": "nee", "motivation": "Eigen maatregelen", "version": "1"}
    )
    assert done.status_code == 302
    assert ObjectAdvice.objects.get().followed is False
    page = client.get(f"/objecten/{listed.pk}/").content.decode()
    assert "niet opgevolgd" in page


def test_every_read_of_a_report_is_in_the_access_log(
    rccb: User, make_person: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    report = _report(rccb, make_person())
    outsider = make_user(Role.ADVISER_BBC, "om-rotterdam")
    assert verified_client(rccb).get(f"/lokaal/meldingen/{report.pk}/").status_code == 200
    assert verified_client(outsider).get(f"/api/v1/local/reports/{report.pk}/").status_code == 404
    logged = list(
        AccessLogEntry.objects.filter(object_type="threat_report", object_id=str(report.pk))
        .order_by("id")
        .values_list("actor", "result", "origin")
    )
    assert [(actor, result, origin.split()[0]) for actor, result, origin in logged] == [
        (rccb.pk, "toegestaan", "ui"),
        (outsider.pk, "geweigerd", "api"),
    ]


def test_a_unit_that_sees_the_person_but_not_the_report_reads_none_of_its_steps(
    rccb: User, make_person: Callable[..., Any], make_user: Callable[..., User]
) -> None:
    rotterdam = make_user(Role.RCCB, "politie-rotterdam")
    person = make_person(actor=rotterdam)  # registered in Rotterdam, so Rotterdam sees the person
    report = services.weigh_report(rccb, _report(rccb, person), criteria=SERIOUS, motivation="Geheime weging")

    def actions(user: User) -> set[str]:
        response = verified_client(user).get(f"/api/v1/persons/{person.pk}/journal/")
        assert response.status_code == 200
        body = response.json()
        return {entry["action"] for entry in (body["results"] if isinstance(body, dict) else body)}

    assert {"local.report_registered", "local.report_weighed"} <= actions(rccb)
    assert not {a for a in actions(rotterdam) if a.startswith("local.")}
    assert report.rccb.code == "politie-den-haag"


def test_the_menu_offers_only_what_the_role_may_open(make_user: Callable[..., User]) -> None:
    def menu(role: Role) -> list[str]:
        page = verified_client(make_user(role)).get("/werkvoorraad/").content.decode()
        nav = page[page.index('aria-label="Hoofdmenu"') : page.index("</nav>")]
        return re.findall(r'<a href="[^"]+">([^<]+)</a>', nav)

    assert menu(Role.PG_COLLEGE) == ["Werkvoorraad", "OM-medewerkers"]
    assert menu(Role.MAYOR) == ["Werkvoorraad", "Meldingen", "Objecten en diensten"]
    assert "Lokaal domein" in menu(Role.RCCB)
    assert "Regels lokaal domein" in menu(Role.FUNCTIONAL_ADMIN)
