"""Small hand-made instances for the planner tests (no database)."""

from datetime import date

import pytest

from stelsel.planner.model import (
    DAY,
    Activity,
    ActivityKind,
    Instance,
    Location,
    Person,
    Qualification,
    Rules,
    Staff,
    Window,
    make_team,
)

CP, DRIVER = Qualification.CLOSE_PROTECTION, Qualification.DRIVER


def hm(day: int, hour: int, minute: int = 0) -> int:
    return day * DAY + hour * 60 + minute


def activity(aid: str, start: int, end: int, location: str = "L1", team=None, kind=ActivityKind.WORK, level=3):
    return Activity(aid, "P1", start, end, location, kind, make_team(team or {CP: 1}), level)


def tiny(rules: Rules | None = None, activities: list[Activity] | None = None) -> Instance:
    """One unit, a base beside L1, L-far 60 km away; three staff on 06:00-24:00 both days."""
    locations = {
        "B": Location("B", "GM0518", "Bureau", 0.0, 0.0),
        "L1": Location("L1", "GM0518", "Ministerie", 0.0, 0.0),
        "LFAR": Location("LFAR", "GM0363", "Ver weg", 60.0, 0.0),
    }
    windows = (Window(hm(0, 6), hm(1, 0)), Window(hm(1, 6), hm(2, 0)))
    staff = {
        "S1": Staff("S1", "den-haag", "B", frozenset({CP, DRIVER}), windows),
        "S2": Staff("S2", "den-haag", "B", frozenset({CP}), windows),
        "S3": Staff("S3", "den-haag", "B", frozenset({DRIVER}), windows),
    }
    acts = activities or [
        activity("A1", hm(0, 8), hm(0, 10)),
        activity("A2", hm(0, 9), hm(0, 11)),
        activity("A3", hm(0, 10, 5), hm(0, 11), "LFAR"),
        activity("A4", hm(0, 17), hm(0, 18, 30)),
        activity("A5", hm(0, 20), hm(0, 22)),
        activity("A6", hm(1, 6, 20), hm(1, 7)),
        activity("A7", hm(1, 8), hm(1, 11, 20)),
        activity("AT", hm(0, 12), hm(0, 13), team={CP: 1, DRIVER: 1}),
    ]
    return Instance(
        horizon_start=date(2026, 3, 2),
        days=2,
        rules=rules or Rules(),
        locations=locations,
        persons={"P1": Person("P1", "den-haag", "GM0518", 3)},
        staff=staff,
        activities={a.id: a for a in acts},
    )


@pytest.fixture
def tiny_instance() -> Instance:
    return tiny()
