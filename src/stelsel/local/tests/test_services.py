"""The local domain's services (§2.4, §2.5; R24–R32): routing, weighing, urgent measures, the adviser's and the HOvJ's
decisions, the College of PGs, the NCTV's object advice; and bad input that changes nothing."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from stelsel.access.models import Organisation, User
from stelsel.access.roles import Role
from stelsel.access.rules import visible_persons
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.intel import services as intel
from stelsel.local import queries, services
from stelsel.local.models import CollegeNotification, ThreatReport
from stelsel.measures import services as measures
from stelsel.measures.models import AdviceStatus, Measure, MeasureStatus
from stelsel.measures.services import ItemInput
from stelsel.registry import services as registry
from stelsel.registry.models import AuthorityPeriod, Person, ProtectedObject
from stelsel.registry.queries import current_authority

pytestmark = pytest.mark.django_db

NIGHT = timezone.make_aware(datetime(2026, 11, 25, 2, 30))
SERIOUS = services.Criteria(violent_offence=True, max_sentence_years=8, life_threat="direct")
NOT_SERIOUS = services.Criteria(art285_threat=True, life_threat="direct")


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "rccb": make_user(Role.RCCB),
        "rccb_rotterdam": make_user(Role.RCCB, "politie-rotterdam"),
        "adviser": make_user(Role.ADVISER_BBC),
        "adviser_rotterdam": make_user(Role.ADVISER_BBC, "om-rotterdam"),
        "hovj": make_user(Role.HOVJ),
        "hovj_gelderland": make_user(Role.HOVJ, "om-gelderland"),
        "adviser_gelderland": make_user(Role.ADVISER_BBC, "om-gelderland"),
        "nctv": make_user(Role.NCTV_OFFICER),
        "mayor": make_user(Role.MAYOR),
        "admin": make_user(Role.FUNCTIONAL_ADMIN),
        "intel": make_user(Role.POLICE_INTEL),
        "bb": make_user(Role.ADVISER_BB, "politie-den-haag"),
    }


def _report(users: dict[str, User], person: Person | None = None, obj: ProtectedObject | None = None, **extra: Any):
    fields: dict[str, Any] = {
        "threatened_function": "geen",
        "received_as": "aangifte",
        "what_happened": "Dreigbericht via sociale media: 'vannacht kom ik langs'.",
        "threatener": "Ex-partner, bekend",
        "occurred_at": NIGHT,
    }
    return services.register_report(users["rccb"], person=person, obj=obj, **{**fields, **extra})


def _serious(users: dict[str, User], report: ThreatReport) -> ThreatReport:
    return services.weigh_report(users["rccb"], report, criteria=SERIOUS, motivation="Concrete doodsbedreiging.")


def test_night_time_threat_from_report_to_the_hovjs_local_measures(users: dict[str, User], make_person: Any) -> None:
    person = make_person("Els", "de Vries")
    report = _report(users, person)
    assert report.rccb.code == "politie-den-haag"
    assert report.responsible_office.code == "om-den-haag"
    assert report.status == "gemeld"
    assert {r["rule"] for r in report.routing_reasons} == {"R25", "R24"}

    weighed = _serious(users, report)
    assert weighed.status == "bij_adviseur"
    assert weighed.serious is True
    assert "R14" in {r["rule"] for r in weighed.weighing_reasons}
    authority = current_authority(person)
    assert authority is not None
    assert authority.holder.code == "om-den-haag"
    assert authority.basis == "lokaal_domein"

    with pytest.raises(InvalidInput) as refused:
        services.take_urgent_measure(
            users["rccb"], weighed, kind="personal_escort", scope="beide", motivation="Begeleiding vannacht"
        )
    assert "persoonsgericht" in refused.value.field_errors["kind"]
    assert not Measure.objects.filter(person=person).exists()

    urgent = services.take_urgent_measure(
        users["rccb"], weighed, kind="extra_surveillance", scope="prive", motivation="Direct surveillance bij woning"
    )
    assert urgent.provisional is True
    assert urgent.authority.code == "om-den-haag"
    assert {r["rule"] for r in urgent.reasons} >= {"R26", "R38"}
    items = queries.work_items(users["adviser"])
    assert any(item.task.startswith("Spoedmaatregel afstemmen") and not item.overdue for item in items)

    confirmed = services.confirm_urgent_measure(users["adviser"], urgent, confirm=True, motivation="Afgestemd")
    assert confirmed.provisional is False
    assert confirmed.confirmed_by == users["adviser"]

    decided = services.decide_case(
        users["adviser"], weighed, decision="lokale_maatregelen", motivation="Aanvullend lokaal nodig."
    )
    assert decided.status == "lokale_maatregelen"
    assert any(i.task == "Besluiten over lokale maatregelen" for i in queries.work_items(users["hovj"]))

    package = services.decide_local_measures(
        users["hovj"],
        decided,
        items=[
            ItemInput(
                kind="camera", scope="prive", review_on=date.today() + timedelta(days=90), reevaluate_when="Bij nieuw"
            )
        ],
        starts_on=date.today(),
        threat_level=3,
        threat_duration="kort",
        motivation="Camera bij de woning naast de surveillance.",
    )
    final = ThreatReport.objects.get(pk=report.pk)
    assert final.status == "maatregelen_besloten"
    assert final.package == package
    assert sorted(Measure.objects.filter(person=person, status="actief").values_list("kind", flat=True)) == [
        "camera",
        "extra_surveillance",
    ]
    actions = list(
        JournalEntry.objects.filter(subject_links__subject_type="threat_report", subject_links__subject_id=report.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "local.report_registered",
        "local.report_weighed",
        "local.urgent_measure_taken",
        "local.urgent_measure_confirmed",
        "local.decided_lokale_maatregelen",
        "measure.package_decided",  # the HOvJ's package names the case it decides
    ]
    with pytest.raises(Conflict):  # decided once: a second package for the same case is refused
        services.decide_local_measures(
            users["hovj"], final, items=[ItemInput(kind="alarm", scope="beide")], starts_on=date.today(),
            threat_level=3, threat_duration="kort", motivation="Nog eens",
        )  # fmt: skip
    assert not CollegeNotification.objects.exists()


def test_a_threatened_hovj_who_lives_and_works_in_one_district_gets_another_hovj(
    users: dict[str, User], make_person: Any
) -> None:
    person = registry.register_person(
        users["rccb"],
        given_names="Hanna",
        surname="Visser",
        date_of_birth=date(1970, 5, 5),
        home=address(),
        work=address("Prins Clauslaan", 60, "2595 AJ"),
        reason="Bedreigde HOvJ",
    )
    report = _report(users, person, threatened_function="hovj")
    assert report.responsible_office.code == "om-gelderland"  # the standard rule: next district after den-haag
    assert "R30" in {r["rule"] for r in report.routing_reasons}
    assert "den-haag" in report.routing_rules["district_rule"]
    assert report.notify_college
    first = CollegeNotification.objects.get()
    assert first.kind == "dreiging"
    assert "Hanna Visser" in first.content

    weighed = _serious(users, report)
    assert current_authority(person).holder.code == "om-gelderland"  # type: ignore[union-attr]
    # The threatened HOvJ's own office does not see the case another HOvJ holds (R30).
    assert not visible_persons(users["hovj"]).filter(pk=person.pk).exists()
    assert visible_persons(users["hovj_gelderland"]).filter(pk=person.pk).exists()
    with pytest.raises(NotFound):  # outside its need-to-know altogether
        services.decide_case(users["adviser"], weighed, decision="basispolitiezorg", motivation="Niets")
    services.take_urgent_measure(users["rccb"], weighed, kind="camera", scope="prive", motivation="Direct")
    assert CollegeNotification.objects.filter(kind="maatregelen").count() == 1


def test_configured_partner_district_wins_over_the_standard_rule(users: dict[str, User]) -> None:
    services.set_rules(
        users["admin"],
        confirm_within_hours=12,
        partner_districts={"den-haag": "rotterdam"},
        partner_units={},
        motivation="Afspraak tussen de parketten",
    )
    person = registry.register_person(
        users["rccb"],
        given_names="Piet",
        surname="Bakker",
        date_of_birth=date(1970, 5, 5),
        home=address(),
        work=address("Prins Clauslaan", 60, "2595 AJ"),
        reason="test",
    )
    report = _report(users, person, threatened_function="hovj")
    assert report.responsible_office.code == "om-rotterdam"
    assert "ingestelde partner" in report.routing_rules["district_rule"]


def test_a_hovj_working_elsewhere_is_assessed_by_the_home_district(users: dict[str, User]) -> None:
    person = registry.register_person(
        users["rccb"],
        given_names="Kees",
        surname="Smit",
        date_of_birth=date(1970, 5, 5),
        home=address(),
        work=address("Wilhelminakade", 179, "3072 AP", "Rotterdam", "GM0599"),
        reason="test",
    )
    report = _report(users, person, threatened_function="hovj")
    assert report.responsible_office.code == "om-den-haag"
    assert "R30" in {r["rule"] for r in report.routing_reasons}


def test_a_police_chief_living_in_his_own_unit_gets_product_and_advice_from_another_unit(
    users: dict[str, User],
) -> None:
    person = registry.register_person(
        users["rccb"],
        given_names="Ali",
        surname="Yilmaz",
        date_of_birth=date(1970, 5, 5),
        home=address(),
        work=address("Burgemeester Patijnlaan", 35, "2585 BG"),
        reason="test",
    )
    report = _report(users, person, threatened_function="politiechef")
    assert report.responsible_office.code == "om-den-haag"
    assert report.rccb.code == "politie-den-haag"
    assert report.producing_unit.code == "politie-limburg"  # the unit after den-haag in alphabetical order
    assert {"R29"} <= {r["rule"] for r in report.routing_reasons}
    _serious(users, report)
    # The producing unit gets sight of the person for the product and the advice (need-to-know made explicit).
    limburg_intel = User.objects.create(username="x", role=Role.POLICE_INTEL, organisation=report.producing_unit)
    assert visible_persons(limburg_intel).filter(pk=person.pk).exists()
    # ... until the last open case of the office about the person is closed.
    second = _serious(users, _report(users, person, threatened_function="politiechef", what_happened="Tweede brief"))
    services.decide_case(users["adviser"], second, decision="basispolitiezorg", motivation="Afgedaan")
    assert visible_persons(limburg_intel).filter(pk=person.pk).exists()
    closed = services.decide_case(users["adviser"], report, decision="basispolitiezorg", motivation="Geen dreiging")
    assert not visible_persons(limburg_intel).filter(pk=person.pk).exists()
    first_close, last_close = JournalEntry.objects.filter(action="local.decided_basispolitiezorg").order_by("seq")
    assert (first_close.payload["share_ended"], last_close.payload["share_ended"]) == (None, "Politie eenheid Limburg")
    assert closed.status == "basispolitiezorg"


def test_a_police_chief_without_work_address_is_refused_with_the_reason(
    users: dict[str, User], make_person: Any
) -> None:
    person = make_person()
    with pytest.raises(InvalidInput) as refused:
        _report(users, person, threatened_function="politiechef")
    assert "werkadres" in refused.value.field_errors["threatened_function"]
    assert not ThreatReport.objects.exists()


def test_a_threatened_mayor_is_assessed_by_the_home_districts_hovj(users: dict[str, User], make_person: Any) -> None:
    report = _report(users, make_person(), threatened_function="burgemeester")
    assert report.responsible_office.code == "om-den-haag"
    assert "R29" in {r["rule"] for r in report.routing_reasons}
    assert not report.notify_college


def test_a_report_about_a_stelsel_person_goes_to_the_nctv(users: dict[str, User], make_person: Any) -> None:
    person = make_person(actor=users["nctv"])
    registry.assign_authority(users["nctv"], person, basis="limitatieve_lijst_2", reason="Minister")
    report = _report(users, person)
    assert report.status == "naar_nctv"
    assert report.responsible_office is None
    assert "R11" in {r["rule"] for r in report.routing_reasons}
    assert queries.reports_for(users["nctv"]).filter(pk=report.pk).exists()


def test_objects_art4_to_the_nctv_and_others_to_the_hovj_under_criminal_law(
    users: dict[str, User], make_object: Any
) -> None:
    palace = make_object("Paleis Noordeinde", art4="koninklijk_paleis")
    assert _report(users, obj=palace).status == "naar_nctv"
    town_hall = make_object("Stadhuis")
    report = _report(users, obj=town_hall)
    _serious(users, report)
    authority = current_authority(town_hall)
    assert authority is not None
    assert (authority.holder.code, authority.basis) == ("om-den-haag", "strafrechtelijke_handhaving")
    with pytest.raises(InvalidInput) as refused:
        services.take_urgent_measure(users["rccb"], report, kind="camera", scope="prive", motivation="x")
    assert "report" in refused.value.field_errors


def test_a_threat_that_is_not_serious_stays_with_basic_police_care(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = services.weigh_report(users["rccb"], _report(users, person), criteria=NOT_SERIOUS, motivation="Geen")
    assert report.status == "basispolitiezorg"
    assert current_authority(person) is None
    assert not queries.reports_for(users["adviser"]).exists()


def test_basic_care_ends_urgent_measures_and_the_offices_authority(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    services.take_urgent_measure(users["rccb"], report, kind="camera", scope="prive", motivation="Direct")
    services.decide_case(users["hovj"], report, decision="basispolitiezorg", motivation="Dreiging weggenomen")
    assert current_authority(person) is None
    assert Measure.objects.get(person=person).status == MeasureStatus.PHASED_OUT


def test_propose_for_the_stelsel_asks_police_for_the_intake_form(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    services.decide_case(users["adviser"], report, decision="aandragen_stelsel", motivation="Stelselwaardig")
    items = [i for i in queries.work_items(users["rccb"]) if i.task.startswith("Intakeformulier opstellen")]
    assert [i.url for i in items] == [f"/personen/{person.pk}/intake/"]


def test_product_then_measures_advice_then_the_hovj_decides_on_it(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    due = date.today() + timedelta(days=3)
    ordered = services.decide_case(
        users["adviser"], report, decision="product", motivation="Eerst duiding", product_kind="ird",
        question="Wat weten we van de dreiger?", due_on=due,
    )  # fmt: skip
    assert ordered.status == "product_gevraagd"
    with pytest.raises(InvalidInput) as early:
        services.decide_case(users["adviser"], ordered, decision="maatregelenadvies", motivation="x", question="q",
                             due_on=due)  # fmt: skip
    assert "nog niet geleverd" in early.value.field_errors["decision"]
    assert ordered.product_request is not None
    intel.deliver_product(
        users["intel"], person, kind="ird", request=ordered.product_request, body="IRD", marking="alleen_gezag"
    )
    advised = services.decide_case(
        users["adviser"], ordered, decision="maatregelenadvies", motivation="Maatregelen nodig",
        question="Welke maatregelen bij de woning?", due_on=due,
    )  # fmt: skip
    assert advised.status == "advies_gevraagd"
    assert advised.advice is not None
    assert advised.advice.adviser_org.code == "politie-den-haag"
    review_on = date.today() + timedelta(days=60)
    measures.submit_advice(
        users["bb"], advised.advice, items=[ItemInput(kind="alarm", scope="beide", review_on=review_on)],
        threat_level=3, threat_duration="kort", explanation="Alarm",
    )  # fmt: skip
    measures.decide_package(
        users["hovj"], person, advice=advised.advice, starts_on=date.today(), threat_level=3, threat_duration="kort",
        motivation="Conform advies",
        items=[ItemInput(kind="alarm", scope="beide", review_on=review_on, reevaluate_when="Bij nieuwe dreiging")],
    )  # fmt: skip
    final = ThreatReport.objects.get(pk=report.pk)
    assert final.status == "maatregelen_besloten"
    assert final.advice.status == AdviceStatus.DECIDED  # type: ignore[union-attr]


def test_provisional_measures_older_than_the_configured_hours_are_overdue(
    users: dict[str, User], make_person: Any
) -> None:
    report = _serious(users, _report(users, make_person()))
    urgent = services.take_urgent_measure(users["rccb"], report, kind="camera", scope="prive", motivation="Direct")
    Measure.objects.filter(pk=urgent.pk).update(decided_at=timezone.now() - timedelta(hours=25))
    [item] = [i for i in queries.work_items(users["adviser"]) if i.task.startswith("Spoedmaatregel")]
    assert item.overdue
    services.set_rules(
        users["admin"], confirm_within_hours=48, partner_districts={}, partner_units={}, motivation="Ruimer"
    )
    [item] = [i for i in queries.work_items(users["adviser"]) if i.task.startswith("Spoedmaatregel")]
    assert not item.overdue


# --- bad input: a Dutch message naming the field, and nothing changed -----------------------------------------------


def _unchanged(report: ThreatReport) -> None:
    fresh = ThreatReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.version) == (report.status, report.version)


def test_a_report_without_a_threatened_party_is_refused(users: dict[str, User]) -> None:
    entries = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.register_report(
            users["rccb"], person=None, obj=None, threatened_function="geen", received_as="melding",
            what_happened="Dreiging", occurred_at=NIGHT,
        )  # fmt: skip
    assert "bedreigde" in refused.value.field_errors["subject"]
    assert not ThreatReport.objects.exists()
    assert JournalEntry.objects.count() == entries


def test_a_weighing_without_reasons_is_refused(users: dict[str, User], make_person: Any) -> None:
    report = _report(users, make_person())
    with pytest.raises(InvalidInput) as refused:
        services.weigh_report(users["rccb"], report, criteria=SERIOUS, motivation="  ")
    assert "Motiveer" in refused.value.field_errors["motivation"]
    with pytest.raises(InvalidInput) as no_criteria:
        services.weigh_report(users["rccb"], report, criteria=services.Criteria(), motivation="Ernstig")
    assert "life_threat" in no_criteria.value.field_errors
    _unchanged(report)


def test_a_weighing_by_the_rccb_of_another_unit_is_refused(users: dict[str, User], make_person: Any) -> None:
    # Rotterdam registered the person (so sees it), but the report went to the RCCB where the person lives.
    report = _report(users, make_person(actor=users["rccb_rotterdam"]))
    assert queries.reports_for(users["rccb_rotterdam"]).count() == 0
    with pytest.raises(NotAllowed) as refused:
        services.weigh_report(users["rccb_rotterdam"], report, criteria=SERIOUS, motivation="Ernstig")
    assert "RCCB van Politie eenheid Den Haag" in refused.value.detail
    _unchanged(report)


def test_a_decision_by_a_user_of_another_district_is_refused(users: dict[str, User], make_person: Any) -> None:
    person = make_person(actor=users["adviser_rotterdam"])  # registered there, so Rotterdam sees the person
    report = _serious(users, _report(users, person))
    with pytest.raises(NotAllowed) as refused:
        services.decide_case(users["adviser_rotterdam"], report, decision="basispolitiezorg", motivation="Niets")
    assert "Over deze casus beslist OM Arrondissementsparket Den Haag" in refused.value.detail
    _unchanged(report)
    assert current_authority(person).holder.code == "om-den-haag"  # type: ignore[union-attr]


def test_outside_need_to_know_the_case_does_not_exist(users: dict[str, User], make_person: Any) -> None:
    report = _serious(users, _report(users, make_person()))
    with pytest.raises(NotFound):
        services.decide_case(users["adviser_rotterdam"], report, decision="basispolitiezorg", motivation="Niets")
    with pytest.raises(NotFound):
        queries.report_for(users["adviser_rotterdam"], report.pk)
    _unchanged(report)


def test_a_measure_of_a_kind_the_rccb_may_not_take_changes_nothing(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    for kind in ("close_protection", "personal_escort"):
        with pytest.raises(InvalidInput) as refused:
            services.take_urgent_measure(users["rccb"], report, kind=kind, scope="beide", motivation="Nu")
        assert "R26" in refused.value.field_errors["kind"]
    with pytest.raises(InvalidInput):
        services.take_urgent_measure(users["rccb"], report, kind="bestaat-niet", scope="x", motivation="")
    assert not Measure.objects.filter(person=person).exists()
    _unchanged(report)


def test_the_hovj_may_not_decide_person_directed_local_measures(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    report = services.decide_case(users["adviser"], report, decision="lokale_maatregelen", motivation="Lokaal")
    with pytest.raises(InvalidInput) as refused:
        services.decide_local_measures(
            users["hovj"], report, starts_on=date.today(), threat_level=4, threat_duration="kort", motivation="PB",
            items=[ItemInput(kind="close_protection", scope="beide", review_on=date.today() + timedelta(days=30),
                             reevaluate_when="x")],
        )  # fmt: skip
    assert "R21" in next(iter(refused.value.field_errors.values()))
    _unchanged(report)


def test_a_decision_not_open_in_this_state_is_refused(users: dict[str, User], make_person: Any) -> None:
    report = _serious(users, _report(users, make_person()))
    with pytest.raises(InvalidInput) as refused:
        services.decide_case(users["adviser"], report, decision="maatregelenadvies", motivation="x", question="q",
                             due_on=date.today())  # fmt: skip
    assert "wel:" in refused.value.field_errors["decision"]
    _unchanged(report)


# --- the NCTV's advice on objects (R31, R32) -------------------------------------------------------------------------


def test_nctv_advice_on_a_listed_object_is_followed_or_not_by_the_mayor(users: dict[str, User]) -> None:
    ministry = registry.register_object(
        users["nctv"], name="Ministerie", kind="gebouw", municipality_code="GM0518", reason="Lijst",
        on_limitative_list=True,
    )  # fmt: skip
    advice = services.give_object_advice(users["nctv"], ministry, advice="Toegangscontrole verscherpen")
    assert advice.addressed_to.code == "gemeente-gm0518"
    assert [i.task for i in queries.work_items(users["mayor"])] == [
        "Advies van de NCTV over een object: opvolgen of niet"
    ]
    with pytest.raises(InvalidInput) as refused:
        services.answer_object_advice(users["mayor"], advice, followed=False, motivation="")
    assert "motivation" in refused.value.field_errors
    with pytest.raises(NotAllowed):
        services.answer_object_advice(users["hovj"], advice, followed=True, motivation="Wij volgen")
    answered = services.answer_object_advice(users["mayor"], advice, followed=False, motivation="Geen budget")
    assert answered.followed is False
    assert queries.work_items(users["mayor"]) == []


def test_no_nctv_advice_for_art4_objects(users: dict[str, User], make_object: Any) -> None:
    with pytest.raises(InvalidInput) as art4:
        services.give_object_advice(users["nctv"], make_object("Paleis", art4="koninklijk_paleis"), advice="x")
    assert "R32" in art4.value.field_errors["object"]
    # An object off the list is not even in the NCTV's sight (§2.5): nothing to advise on.
    with pytest.raises(NotFound):
        services.give_object_advice(users["nctv"], make_object("Sporthal"), advice="x")


def test_rules_refuse_unknown_codes_and_missing_motivation(users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.set_rules(
            users["admin"], confirm_within_hours=0, partner_districts={}, partner_units={}, motivation=""
        )
    assert set(refused.value.field_errors) == {"confirm_within_hours", "motivation"}
    with pytest.raises(InvalidInput) as unknown:
        services.set_rules(
            users["admin"], confirm_within_hours=24, partner_districts={"den-haag": "atlantis"}, partner_units={},
            motivation="x",
        )  # fmt: skip
    assert "atlantis" in unknown.value.field_errors["partner_districts"]
    assert services.current_rules().confirm_within_hours == 24  # still the default


# --- one authority, and no case left without an exit (review findings) ---------------------------------------------


def test_a_threat_against_a_mayor_is_assessed_by_the_hovj_even_when_not_serious(
    users: dict[str, User], make_person: Any
) -> None:
    person = make_person()
    report = _report(users, person, threatened_function="burgemeester")
    weighed = services.weigh_report(users["rccb"], report, criteria=NOT_SERIOUS, motivation="Geen geweldsdelict")
    assert weighed.status == "bij_adviseur"
    assert weighed.serious is False
    assert "R29" in {r["rule"] for r in weighed.weighing_reasons}
    assert queries.reports_for(users["adviser"]).filter(pk=report.pk).exists()
    assert current_authority(person).holder.code == "om-den-haag"  # type: ignore[union-attr]


def test_nothing_is_decided_on_a_case_whose_office_no_longer_holds_the_authority(
    users: dict[str, User], make_person: Any
) -> None:
    person = make_person()
    report = _serious(users, _report(users, person))
    urgent = services.take_urgent_measure(users["rccb"], report, kind="camera", scope="prive", motivation="Direct")
    registry.end_authority(users["hovj"], person, reason="Overgedragen")
    report = ThreatReport.objects.get(pk=report.pk)
    with pytest.raises(Conflict) as refused:
        services.decide_case(users["adviser"], report, decision="lokale_maatregelen", motivation="Lokaal")
    assert "R11" in refused.value.detail
    with pytest.raises(Conflict):
        services.take_urgent_measure(users["rccb"], report, kind="alarm", scope="beide", motivation="Nog een")
    with pytest.raises(Conflict):
        services.confirm_urgent_measure(users["adviser"], urgent, confirm=True, motivation="Afgestemd")
    _unchanged(report)


def test_a_serious_weighing_does_not_take_a_case_from_another_hovj(users: dict[str, User], make_person: Any) -> None:
    person = make_person()
    rotterdam = Organisation.objects.get(code="om-rotterdam")
    registered = JournalEntry.objects.order_by("-seq").first()
    assert registered is not None
    # Rotterdam took the case while the person lived there; it has not handed it over since the move.
    AuthorityPeriod.objects.create(
        person=person, holder=rotterdam, holder_kind="hovj", basis="lokaal_domein", valid_from=timezone.now(),
        reasons=[], policy_version="circulaire-bb-2026", started_by=registered,
    )  # fmt: skip
    report = _report(users, person)
    with pytest.raises(Conflict) as refused:
        _serious(users, report)
    assert "OM Arrondissementsparket Rotterdam" in refused.value.detail
    _unchanged(report)
    assert current_authority(person).holder == rotterdam  # type: ignore[union-attr]


def test_basic_care_keeps_the_authority_while_another_case_of_the_office_is_open(
    users: dict[str, User], make_person: Any
) -> None:
    person = make_person()
    first = _serious(users, _report(users, person))
    second = _serious(users, _report(users, person, what_happened="Tweede dreigbrief"))
    services.decide_case(users["adviser"], first, decision="basispolitiezorg", motivation="Eerste afgedaan")
    assert current_authority(person).holder.code == "om-den-haag"  # type: ignore[union-attr]
    services.decide_case(users["adviser"], second, decision="basispolitiezorg", motivation="Ook afgedaan")
    assert current_authority(person) is None


def test_the_hovj_may_still_close_a_case_to_basic_care_after_local_measures_were_chosen(
    users: dict[str, User], make_person: Any
) -> None:
    report = _serious(users, _report(users, make_person()))
    report = services.decide_case(users["adviser"], report, decision="lokale_maatregelen", motivation="Lokaal")
    closed = services.decide_case(users["hovj"], report, decision="basispolitiezorg", motivation="Dreiger aangehouden")
    assert closed.status == "basispolitiezorg"
    assert {r["rule"] for r in closed.decision_reasons} == {"R28"}


def test_local_measures_at_an_object_are_the_hovjs_own_decision(users: dict[str, User], make_object: Any) -> None:
    report = _serious(users, _report(users, obj=make_object("Moskee")))
    with pytest.raises(NotAllowed):
        services.decide_case(users["adviser"], report, decision="lokale_maatregelen", motivation="Camera's")
    with pytest.raises(InvalidInput) as no_product:
        services.decide_case(
            users["adviser"], report, decision="product", motivation="x", product_kind="ird", question="q",
            due_on=date.today(),
        )  # fmt: skip
    assert "object" in no_product.value.field_errors["decision"]
    decided = services.decide_case(users["hovj"], report, decision="lokale_maatregelen", motivation="Camera's en hek")
    assert decided.status == "maatregelen_besloten"
    assert "R31" in {r["rule"] for r in decided.decision_reasons}


def test_the_college_hears_of_every_decision_on_an_om_staff_case(users: dict[str, User]) -> None:
    person = registry.register_person(
        users["rccb"], given_names="Olga", surname="Kramer", date_of_birth=date(1980, 2, 2), home=address(),
        reason="OM-medewerker",
    )  # fmt: skip
    report = _serious(users, _report(users, person, threatened_function="om_medewerker"))
    services.decide_case(users["adviser"], report, decision="basispolitiezorg", motivation="Geen maatregelen nodig")
    assert list(CollegeNotification.objects.order_by("id").values_list("kind", flat=True)) == ["dreiging", "besluit"]
