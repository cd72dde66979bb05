"""A stelsel person under personal escort, a national unit with a rostered day, and the LCC coordinator."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.timeutil import today
from stelsel.deployment import services
from stelsel.deployment.models import Activity, DeploymentConcept, DeploymentUnit, StaffMember
from stelsel.lcc.tests.conftest import stelsel_person  # noqa: F401 (fixture)
from stelsel.measures import services as measures
from stelsel.measures.models import Measure
from stelsel.registry.models import Person

DAY = today() + timedelta(days=1)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def lcc(make_user: Callable[..., User]) -> User:
    return make_user(Role.LCC_COORDINATOR)


@pytest.fixture
def unit(lcc: User) -> DeploymentUnit:
    return services.register_unit(
        lcc, code="le-dkdb", name="Landelijke Eenheid DKDB", kind="landelijk", base_municipality="GM0518"
    )


def staff(lcc: User, unit: DeploymentUnit, number: str, *quals: str) -> StaffMember:
    return services.register_staff(lcc, unit, number=number, name=f"Agent {number}", qualifications=list(quals))


@pytest.fixture
def team(lcc: User, unit: DeploymentUnit) -> list[StaffMember]:
    """Five escort officers and two drivers, on duty 06:00-20:00 on DAY."""
    members = [staff(lcc, unit, f"PB{n}", "escort") for n in range(1, 6)]
    members += [staff(lcc, unit, f"CH{n}", "driver") for n in range(1, 3)]
    services.set_roster(lcc, [services.ShiftInput(m, at(6), at(20)) for m in members], "Rooster DKDB")
    return members


def decide_escort(nctv: User, person: Person, level: int = 4) -> Measure:
    """Personal escort (weight 4) needs at least threat level 4 (R50: measures build up with the level)."""
    return measures.decide_measure(
        nctv,
        person,
        kind="personal_escort",
        scope="werk",
        starts_on=today(),
        review_on=today() + timedelta(days=30),
        reevaluate_when="Nieuwe dreigingsinformatie",
        motivation="Dreiging vraagt om persoonsbegeleiding.",
        threat_level=level,
        threat_duration="langdurig",
    )


@pytest.fixture
def protected(nctv: User, stelsel_person: Person, lcc: User, unit: DeploymentUnit) -> DeploymentConcept:  # noqa: F811
    """Personal escort decided at level 4: the concept's team is two escort officers and a driver."""
    decide_escort(nctv, stelsel_person)
    return services.register_concept(lcc, stelsel_person, unit=unit, team=None, motivation="DKDB voert uit")


def activity(
    lcc: User, person: Person, start: int, end: int, kind: str = "work", place: str = "Binnenhof 1"
) -> Activity:
    created, _ = services.register_activity(
        lcc, person, starts_at=at(start), ends_at=at(end), place=place, municipality="GM0518", kind=kind
    )
    return created
