"""Threat levels of objects and services (§2.5; R31, R32, R33): the NCTV sets them for the limitative list and its own
objects, the HOvJ for the objects it holds; the local authority reads them and decides on the measures."""

import pytest
from django.db import IntegrityError, transaction

from stelsel.access.roles import Role
from stelsel.core.errors import InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.intel import queries, services
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db

LEVEL = {
    "severity": "ernstig",
    "likelihood": "voorstelbaar",
    "motivation": "Demonstraties met geweld aangekondigd bij de ambassade.",
    "information": ["DI politie Den Haag"],
}


@pytest.fixture
def embassy(nctv, hovj):
    obj = registry.register_object(
        nctv,
        name="Ambassade, Lange Voorhout",
        kind="gebouw",
        municipality_code="GM0518",
        on_limitative_list=True,
        reason="limitatieve lijst",
    )
    registry.assign_authority(hovj, obj, basis="strafrechtelijke_handhaving", reason="concrete dreiging")
    return obj


@pytest.fixture
def court(hovj):
    obj = registry.register_object(
        hovj, name="Rechtbank Den Haag", kind="gebouw", municipality_code="GM0518", reason="strafzaak"
    )
    registry.assign_authority(hovj, obj, basis="strafrechtelijke_handhaving", reason="bedreiging rechters")
    return obj


@pytest.fixture
def city_hall(make_user):
    mayor = make_user(Role.MAYOR)
    obj = registry.register_object(
        mayor, name="Stadhuis Den Haag", kind="gebouw", municipality_code="GM0518", reason="demonstraties"
    )
    registry.assign_authority(mayor, obj, basis="openbare_orde", reason="openbare orde")
    return obj


def test_the_nctv_sets_the_level_of_an_object_on_the_limitative_list_under_local_authority(nctv, embassy):
    level = services.set_threat_level(nctv, embassy, **LEVEL)
    assert level.object == embassy
    assert level.person is None
    rules = [reason["rule"] for reason in level.reasons]
    assert rules[0] == "R31"
    assert "R33" in rules
    entry = JournalEntry.objects.get(action="intel.threat_level_set")
    assert entry.payload["reasons"][0]["paragraph"] == "§2.5"


def test_the_local_authority_does_not_set_the_level_of_a_listed_object_but_reads_it(hovj, nctv, embassy, make_user):
    with pytest.raises(NotAllowed, match="NCTV"):
        services.set_threat_level(hovj, embassy, **LEVEL)
    assert ThreatLevelAssessment.objects.count() == 0
    services.set_threat_level(nctv, embassy, **LEVEL)
    assert [level.level for level in queries.threat_levels_of(hovj, embassy)] == [
        ThreatLevelAssessment.objects.get().level
    ]
    mayor = make_user(Role.MAYOR)  # The Hague: the object lies in the municipality
    assert len(queries.threat_levels_of(mayor, embassy)) == 1
    other_mayor = make_user(Role.MAYOR, org="gemeente-gm0599")
    assert queries.threat_levels_of(other_mayor, embassy) == []


def test_the_hovj_sets_the_level_of_an_object_it_holds_and_the_nctv_does_not(hovj, nctv, court):
    with pytest.raises(NotFound):  # a local object off the list is outside the NCTV's need to know
        services.set_threat_level(nctv, court, **LEVEL)
    level = services.set_threat_level(hovj, court, **LEVEL)
    assert level.reasons[0]["rule"] == "R35"


def test_nobody_sets_the_level_of_an_object_the_mayor_holds_off_the_list(hovj, nctv, city_hall):
    with pytest.raises(NotAllowed, match="limitatieve"):
        services.set_threat_level(hovj, city_hall, **LEVEL)
    with pytest.raises(NotFound):
        services.set_threat_level(nctv, city_hall, **LEVEL)
    assert ThreatLevelAssessment.objects.count() == 0


def test_bad_input_for_an_object_is_named_and_nothing_stored(nctv, embassy):
    with pytest.raises(InvalidInput) as error:
        services.set_threat_level(nctv, embassy, **{**LEVEL, "motivation": " "})
    assert "motivation" in error.value.field_errors
    assert ThreatLevelAssessment.objects.count() == 0


@pytest.mark.parametrize("person_too", [False, True])
def test_a_level_belongs_to_exactly_one_person_or_object(nctv, embassy, make_person, person_too):
    services.set_threat_level(nctv, embassy, **LEVEL)
    row = ThreatLevelAssessment.objects.get()
    values = {
        field.name: getattr(row, field.name)
        for field in ThreatLevelAssessment._meta.concrete_fields
        if field.name not in {"id", "object", "person"}
    }
    values.update(object=embassy if person_too else None, person=make_person() if person_too else None)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        ThreatLevelAssessment.objects.create(**values)
    assert "intel_level_of_a_person_or_an_object" in str(error.value)


def test_the_object_page_and_api_show_and_set_the_level(nctv, embassy, make_user, client_for):
    client = client_for(nctv)
    response = client.post(
        f"/objecten/{embassy.pk}/dreigingsniveau/",
        {**LEVEL, "information": "DI politie Den Haag"},
    )
    assert response.status_code == 302
    mayor = make_user(Role.MAYOR)
    page = client_for(mayor).get(f"/objecten/{embassy.pk}/dreigingsniveau/")
    assert page.status_code == 200
    assert "Ernstig" in page.content.decode() or "ernstig" in page.content.decode()
    assert "Demonstraties met geweld" not in page.content.decode()  # the authority's reasoning stays with it (R51)
    assert "Alleen voor het gezag" in page.content.decode()
    assert "Dreigingsniveau vaststellen" not in page.content.decode()
    api = client_for(mayor).get(f"/api/v1/objects/{embassy.pk}/threat-levels/")
    assert api.status_code == 200
    assert api.json()[0]["object"] == embassy.pk
    assert api.json()[0]["motivation"] == ""
    assert api.json()[0]["information"] == []
    own = client_for(nctv).get(f"/api/v1/objects/{embassy.pk}/threat-levels/").json()[0]
    assert own["motivation"].startswith("Demonstraties met geweld")


def test_the_local_authority_reads_the_nctvs_reasoning_on_its_object_and_the_journal_keeps_it_from_others(
    nctv, hovj, embassy, make_user, client_for
):
    services.set_threat_level(nctv, embassy, **LEVEL)
    assert queries.threat_levels_of(hovj, embassy)[0].motivation == LEVEL["motivation"]  # holds the object
    police = make_user(Role.POLICE_INTEL)
    assert queries.threat_levels_of(police, embassy)[0].motivation == ""
    journal = client_for(police).get(f"/api/v1/objects/{embassy.pk}/journal/").json()
    actions = [entry["action"] for entry in journal["results"]]
    assert "intel.threat_level_set" not in actions
    assert "object.registered" in actions  # the rest of the object's journal stays readable
