"""A stelsel person with active measures, certified parties, and the organisations that may or may not direct them."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from stelsel.access.models import Organisation, User
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.timeutil import today
from stelsel.lcc import services
from stelsel.lcc.models import PrivateParty
from stelsel.measures import services as measures
from stelsel.measures.models import Measure
from stelsel.registry import services as registry
from stelsel.registry.models import Person


@pytest.fixture
def lcc(make_user: Callable[..., User]) -> User:
    return make_user(Role.LCC_COORDINATOR)


@pytest.fixture
def stelsel_person(nctv: User) -> Person:
    """Under the NCTV's authority (limitative list, category II), living in The Hague."""
    person = registry.register_person(
        nctv,
        given_names="Pieter",
        surname="de Vries",
        date_of_birth=date(1968, 4, 12),
        home=address("Laan van Meerdervoort", 112, "2517 AP"),
        reason="functie op de lijst",
    )
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="functie op de lijst")
    return person


def decide(actor: User, person: Person, kind: str, scope: str = "prive") -> Measure:
    """One active measure through the measures service (person-directed kinds for work only: no facilitation)."""
    return measures.decide_measure(
        actor,
        person,
        kind=kind,
        scope=scope,
        starts_on=today(),
        review_on=today() + timedelta(days=30),
        reevaluate_when="Nieuwe dreigingsinformatie",
        motivation="Dreiging vraagt om maatregelen.",
        threat_level=5,
        threat_duration="langdurig",
    )


@pytest.fixture
def camera(nctv: User, stelsel_person: Person) -> Measure:
    return decide(nctv, stelsel_person, "camera")


def register(
    actor: User, kvk: str = "12345678", until: date | None = None, name: str = "Wachtdienst BV"
) -> PrivateParty:
    return services.register_private_party(
        actor,
        name=name,
        kvk_number=kvk,
        certification="Wpbr-vergunning beveiligingsorganisatie; aanvullende eisen NCTV",
        certified_until=until or today() + timedelta(days=365),
        training="Beveiliger 2 en training beveiligen van personen",
    )


@pytest.fixture
def party(lcc: User) -> PrivateParty:
    return register(lcc)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


@pytest.fixture
def police_unit(reference: None) -> Organisation:
    return org("politie-den-haag")


def consent(actor: User, measure: Measure, party: PrivateParty, **overrides: object):
    fields: dict[str, object] = {
        "party": party,
        "directing_unit": org("politie-den-haag"),
        "task": "Camerabeelden uitlezen en storingen melden aan de eenheid",
        "starts_on": today(),
        "ends_on": None,
        "consent_motivation": "De eenheid heeft capaciteit nodig voor de camerabewaking.",
    }
    fields.update(overrides)
    return services.assign_private_party(actor, measure, **fields)  # type: ignore[arg-type]
