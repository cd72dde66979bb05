"""Deciding and phasing out measures: who may, which kinds, review dates, and the triage rules that depend on them."""

from datetime import timedelta

import pytest

from stelsel.core.errors import InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.measures import services
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.policy.authority import HolderKind
from stelsel.registry import services as registry
from stelsel.registry.queries import current_authority
from stelsel.triage import services as triage
from stelsel.triage.tests.test_services import DIRECT_FORM

pytestmark = pytest.mark.django_db

IN_90_DAYS = today() + timedelta(days=90)


@pytest.fixture
def local_person(make_person, hovj):
    person = make_person("Johan", "Visser")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigd wethouder")
    return person


@pytest.fixture
def admitted(make_person, rccb, hovj, nctv):
    """A person designated after triage whose handover file has not arrived yet."""
    person = make_person("Pieter", "de Vries")
    case = triage.draft_intake(rccb, person, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    triage.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    case.refresh_from_db()
    return person, case


def _decide(actor, person, kind="camera", review_on=IN_90_DAYS, **extra):
    # Person-directed measures cover work first (duty of care); the rest of the catalogue here is for the home.
    scope = "werk" if catalogue()[kind].person_directed else "prive"
    return services.decide_measure(
        actor,
        person,
        kind=kind,
        scope=extra.pop("scope", scope),
        starts_on=today(),
        review_on=review_on,
        reevaluate_when="Nieuwe dreigingsinformatie.",
        motivation="Dreiging vraagt om zichtbare maatregelen.",
        threat_level=extra.pop("threat_level", 5),
        threat_duration="langdurig",
        **extra,
    )


def test_the_catalogue_is_data_with_two_person_directed_kinds():
    kinds = catalogue()
    assert {k.code for k in kinds.values() if k.person_directed} == {"personal_escort", "close_protection"}
    assert kinds["guard_container"].needs_municipality


@pytest.mark.parametrize("kind", ["close_protection", "personal_escort"])
def test_person_directed_measures_are_refused_in_the_local_domain_and_nothing_is_stored(local_person, hovj, kind):
    before = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _decide(hovj, local_person, kind=kind)
    assert "R21" in refused.value.field_errors["kind"]
    assert not Measure.objects.exists()
    assert JournalEntry.objects.count() == before


def test_the_hovj_decides_local_measures_with_reasons_while_triage_runs(make_person, rccb, hovj):
    person = make_person("Eva")
    case = triage.draft_intake(rccb, person, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    measure = _decide(hovj, person, kind="extra_surveillance")
    assert measure.holder_kind == HolderKind.HOVJ
    assert {r["rule"] for r in measure.reasons} == {"R02", "R38", "R50"}
    assert measure.policy_version == "circulaire-bb-2026"
    with pytest.raises(InvalidInput):
        _decide(hovj, person, kind="close_protection")


def test_a_decision_without_motivation_or_review_date_is_refused(local_person, hovj):
    with pytest.raises(InvalidInput) as no_motivation:
        services.decide_measure(
            hovj,
            local_person,
            kind="camera",
            scope="prive",
            starts_on=today(),
            review_on=IN_90_DAYS,
            reevaluate_when="Nieuwe informatie",
            motivation=" ",
            threat_level=2,
            threat_duration="kort",
        )
    assert set(no_motivation.value.field_errors) == {"motivation"}
    with pytest.raises(InvalidInput) as no_review:
        _decide(hovj, local_person, review_on=None)
    assert "R38" in no_review.value.field_errors["review_on"]
    with pytest.raises(InvalidInput):
        _decide(hovj, local_person, review_on=today())
    assert not Measure.objects.exists()


def test_a_category_i_standard_measure_needs_no_review_date(make_person, nctv):
    person = make_person("Koning", actor=nctv)
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_1", reason="categorie I")
    measure = _decide(nctv, person, kind="object_protection_home", review_on=None)
    assert any(r["rule"] == "R04" for r in measure.reasons)


def test_only_the_persons_authority_decides(local_person, rccb, make_user):
    from stelsel.access.roles import Role

    with pytest.raises(NotFound):  # the HOvJ Rotterdam does not even see a Hague case
        _decide(make_user(Role.HOVJ, org="om-rotterdam"), local_person)
    with pytest.raises(NotAllowed):  # police advises and executes; it does not decide (R02)
        _decide(rccb, local_person)
    assert not Measure.objects.exists()


def test_the_nctv_is_warned_when_the_handover_file_is_missing(admitted, nctv, hovj):
    person, case = admitted
    with pytest.raises(InvalidInput) as warned:
        _decide(nctv, person, kind="close_protection")
    assert "R19" in warned.value.field_errors["despite_missing_handover"]
    measure = _decide(nctv, person, kind="close_protection", despite_missing_handover=True)
    assert measure.holder_kind == HolderKind.NCTV
    triage.send_handover_file(hovj, case, contents="dossier", expected_version=None)
    _decide(nctv, person, kind="camera")  # no warning once the file is in


def test_leaving_the_stelsel_waits_until_central_measures_are_phased_out(admitted, nctv):
    person, _ = admitted
    measure = _decide(nctv, person, kind="camera", despite_missing_handover=True)
    with pytest.raises(InvalidInput, match="R10"):
        triage.end_designation(nctv, person, reason="dreiging geweken", return_to_hovj=False)
    with pytest.raises(InvalidInput):
        services.phase_out_measure(nctv, measure, motivation="")
    services.phase_out_measure(nctv, measure, motivation="Dreiging geweken.")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PHASED_OUT
    triage.end_designation(nctv, person, reason="dreiging geweken", return_to_hovj=False)
    assert current_authority(person) is None
    actions = list(JournalEntry.objects.order_by("-seq").values_list("action", flat=True)[:3])
    assert actions == ["triage.left_stelsel", "measure.phased_out", "measure.package_decided"]


def test_after_an_emergency_designation_person_directed_measures_are_possible_at_once(make_person, hovj, nctv):
    from django.utils import timezone

    from stelsel.access.services import share_person

    person = make_person("Karin")
    share_person(hovj, person, organisation_code="nctv", purpose="Telefonisch spoedverzoek")
    triage.emergency_designation(
        nctv, person, caller="HOvJ Den Haag", called_at=timezone.now(), information="Aanslag op handen."
    )
    measure = _decide(nctv, person, kind="close_protection", review_on=today() + timedelta(days=7))
    assert measure.holder_kind == HolderKind.NCTV
    assert any(r["rule"] == "R21" for r in measure.reasons)


def test_the_nctv_cannot_end_its_authority_around_r10_nor_while_the_household_has_measures(admitted, nctv, rccb):
    person, _ = admitted
    partner = registry.register_person(
        rccb,
        given_names="Anna",
        surname="Vries",
        date_of_birth=person.date_of_birth,
        home=registry.AddressInput("Spui", 70, "2511BT", "Den Haag", "GM0518"),
        reason="partner",
    )
    registry.link_relative(rccb, person, partner, kind="levensgezel", household=True, reason="gezin")
    registry.assign_authority(nctv, person, basis="aanwijzing", reason="kerngezin erbij")
    measure = _decide(nctv, partner, kind="camera", despite_missing_handover=True)
    with pytest.raises(InvalidInput, match="R10"):
        registry.end_authority(nctv, person, reason="via het register")
    with pytest.raises(InvalidInput, match="R10"):
        triage.end_designation(nctv, person, reason="klaar", return_to_hovj=True)
    services.phase_out_measure(nctv, measure, motivation="Niet meer nodig.")
    triage.end_designation(nctv, person, reason="klaar", return_to_hovj=True)
    assert current_authority(partner).holder_kind == HolderKind.HOVJ


def test_the_om_sees_only_the_measures_its_own_office_decided(make_person, hovj, nctv):
    from stelsel.access.services import share_person
    from stelsel.measures.queries import measures_of

    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    _decide(hovj, person, kind="camera")
    share_person(hovj, person, organisation_code="nctv", purpose="Spoedverzoek")
    registry.end_authority(hovj, person, reason="over naar de NCTV")
    registry.assign_authority(nctv, person, basis="spoedaanwijzing", reason="spoed")
    _decide(nctv, person, kind="close_protection", review_on=today() + timedelta(days=7))
    assert [m.kind for m in measures_of(nctv, person)] == ["camera", "close_protection"]
    assert [m.kind for m in measures_of(hovj, person)] == ["camera"]
