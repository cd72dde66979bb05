"""Seeded, realistic benchmark instances over the real municipalities.

Positions: the municipality list (src/stelsel/registry/data/municipalities.csv) has codes, provinces and police
units but no coordinates. A municipality's position is therefore DERIVED, deterministically: the sixteen larger
cities below have their approximate Rijksdriehoek position (km); every other municipality lies around the centroid
of its police unit, at an angle and distance taken from the SHA-256 of its CBS code (within the unit's radius).
Positions are plausible, not real; travel times follow from them (`model.travel_minutes`).

Everything else (persons, activities, staff, rosters) comes from `random.Random(seed)`: the same arguments give
the same instance.
"""

import csv
import hashlib
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

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
    travel_minutes,
)

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[1] / "registry" / "data" / "municipalities.csv"
HORIZON_START = date(2026, 3, 2)  # a Monday

# Approximate Rijksdriehoek (x, y) in km of each police unit's centre, and the radius its municipalities spread over.
UNIT_CENTRES: dict[str, tuple[float, float, float]] = {
    "noord-nederland": (215.0, 565.0, 50.0),
    "oost-nederland": (215.0, 470.0, 50.0),
    "midden-nederland": (150.0, 470.0, 30.0),
    "noord-holland": (115.0, 515.0, 30.0),
    "amsterdam": (122.0, 485.0, 8.0),
    "den-haag": (85.0, 450.0, 15.0),
    "rotterdam": (95.0, 430.0, 20.0),
    "zeeland-west-brabant": (75.0, 390.0, 40.0),
    "oost-brabant": (160.0, 395.0, 25.0),
    "limburg": (190.0, 345.0, 30.0),
}
CITY_POSITIONS: dict[str, tuple[float, float]] = {
    "GM0518": (81.0, 455.0),  # 's-Gravenhage
    "GM0363": (121.0, 487.0),  # Amsterdam
    "GM0599": (92.0, 437.0),  # Rotterdam
    "GM0344": (136.0, 456.0),  # Utrecht
    "GM0772": (161.0, 383.0),  # Eindhoven
    "GM0014": (234.0, 582.0),  # Groningen
    "GM0935": (176.0, 318.0),  # Maastricht
    "GM0202": (191.0, 444.0),  # Arnhem
    "GM0193": (203.0, 502.0),  # Zwolle
    "GM0758": (112.0, 400.0),  # Breda
    "GM0392": (104.0, 488.0),  # Haarlem
    "GM0687": (31.0, 392.0),  # Middelburg
    "GM0796": (149.0, 411.0),  # 's-Hertogenbosch
    "GM0080": (183.0, 579.0),  # Leeuwarden
    "GM0268": (187.0, 428.0),  # Nijmegen
    "GM0153": (257.0, 471.0),  # Enschede
}
# Where protected persons live: the seat of government and the large cities weigh more.
PERSON_WEIGHTS = {"GM0518": 25, "GM0363": 15, "GM0599": 10, "GM0344": 6}

THREAT_DISTRIBUTION = ((1, 0.25), (2, 0.30), (3, 0.25), (4, 0.13), (5, 0.07))
CP, ESCORT, DRIVER, SURV = (
    Qualification.CLOSE_PROTECTION,
    Qualification.ESCORT,
    Qualification.DRIVER,
    Qualification.SURVEILLANCE,
)
# The team per threat level, on the move (with a driver) and at home (surveillance instead of a driver).
TEAMS: dict[int, dict[Qualification, int]] = {
    1: {CP: 1},
    2: {CP: 1, DRIVER: 1},
    3: {CP: 2, DRIVER: 1},
    4: {CP: 2, DRIVER: 1, ESCORT: 1},
    5: {CP: 3, DRIVER: 1, ESCORT: 1, SURV: 1},
}
DURATIONS = (30, 45, 60, 60, 90, 90, 120, 120, 180, 240)
ROSTERS = ((6 * 60, 19 * 60), (8 * 60, 21 * 60), (11 * 60, 24 * 60))  # 13-hour availability windows
# Productive (activity) minutes a staff member delivers per week; sizes the staff so that demand is about 10%
# above supply (see docs/planner.md for how the realised shortage compares).
PRODUCTIVE_MINUTES_PER_WEEK = 32 * 60
SHORTAGE = 1.10


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    unit: str


def municipalities() -> list[Municipality]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return [Municipality(row["code"], row["name"], row["police_unit"]) for row in csv.DictReader(handle)]


def _unit_hash(text: str) -> tuple[float, float]:
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64, int.from_bytes(digest[8:16], "big") / 2**64


def municipality_position(m: Municipality) -> tuple[float, float]:
    """Derived position in km (see the module docstring): deterministic, plausible, not real."""
    if m.code in CITY_POSITIONS:
        return CITY_POSITIONS[m.code]
    cx, cy, radius = UNIT_CENTRES.get(m.unit, (150.0, 450.0, 60.0))
    h1, h2 = _unit_hash(m.code)
    angle = h1 * 2 * math.pi
    r = radius * math.sqrt(h2)
    return round(cx + r * math.cos(angle), 2), round(cy + r * math.sin(angle), 2)


class _Places:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.locations: dict[str, Location] = {}

    def new(self, m: Municipality, label: str, spread_km: float = 3.0) -> Location:
        x, y = municipality_position(m)
        angle = self.rng.random() * 2 * math.pi
        r = spread_km * math.sqrt(self.rng.random())
        loc = Location(
            id=f"L{len(self.locations) + 1:05d}",
            municipality=m.code,
            name=f"{label} {m.name}",
            x_km=round(x + r * math.cos(angle), 2),
            y_km=round(y + r * math.sin(angle), 2),
        )
        self.locations[loc.id] = loc
        return loc


def _threat(rng: random.Random) -> int:
    roll = rng.random()
    acc = 0.0
    for level, p in THREAT_DISTRIBUTION:
        acc += p
        if roll < acc:
            return level
    return 5


def _near(rng: random.Random, origin: Municipality, pool: list[Municipality], km: float) -> Municipality:
    ox, oy = municipality_position(origin)
    close = [m for m in pool if math.dist((ox, oy), municipality_position(m)) <= km]
    return rng.choice(close or [origin])


def generate(persons: int, days: int, seed: int, rules: Rules | None = None) -> Instance:
    """An instance with `persons` protected persons over `days` days (see the module docstring)."""
    rules = rules or Rules()
    rng = random.Random(seed)  # noqa: S311 (seeded benchmark data, not security)
    places = _Places(rng)
    pool = municipalities()
    weights = [PERSON_WEIGHTS.get(m.code, 1) for m in pool]
    by_unit: dict[str, list[Municipality]] = {}
    for m in pool:
        by_unit.setdefault(m.unit, []).append(m)

    person_rows: dict[str, Person] = {}
    activities: dict[str, Activity] = {}
    for p in range(1, persons + 1):
        home_m = rng.choices(pool, weights=weights)[0]
        level = _threat(rng)
        person = Person(id=f"P{p:04d}", unit=home_m.unit, municipality=home_m.code, threat_level=level)
        person_rows[person.id] = person
        home = places.new(home_m, "Woning")
        work_m = home_m if rng.random() < 0.6 else _near(rng, home_m, pool, 40.0)
        work = places.new(work_m, "Werkplek")
        favourites = [places.new(_near(rng, home_m, pool, 25.0), "Locatie") for _ in range(3)]
        for day in range(days):
            weekend = (HORIZON_START + timedelta(days=day)).weekday() >= 5
            count = rng.randint(2, 6)
            t = day * DAY + rng.choice((7 * 60, 7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60))
            last = home
            for _ in range(count):
                if weekend:
                    kind = ActivityKind.WORK if rng.random() < 0.2 else ActivityKind.PRIVATE
                else:
                    evening = t - day * DAY >= 18 * 60
                    kind = ActivityKind.PRIVATE if rng.random() < (0.8 if evening else 0.25) else ActivityKind.WORK
                if kind == ActivityKind.WORK:
                    place = work if rng.random() < 0.7 else rng.choice([*favourites, work])
                else:
                    place = home if rng.random() < 0.35 else rng.choice(favourites)
                t += travel_minutes(last, place, rules)
                duration = rng.choice(DURATIONS)
                if t + duration > day * DAY + 23 * 60 + 30:
                    break
                act_level = min(5, level + 1) if rng.random() < 0.05 else level  # a moment of increased risk (R37)
                team = dict(TEAMS[act_level])
                if place is home and DRIVER in team:
                    team[SURV] = team.get(SURV, 0) + team.pop(DRIVER)
                activity = Activity(
                    id=f"A{len(activities) + 1:06d}",
                    person=person.id,
                    start=t,
                    end=t + duration,
                    location=place.id,
                    kind=kind,
                    team=make_team(team),
                    threat_level=act_level,
                )
                activities[activity.id] = activity
                last = place
                t += duration + rng.choice((15, 30, 45, 60, 90, 120))

    staff = _staff(rng, places, by_unit, person_rows, activities, days)
    return Instance(
        horizon_start=HORIZON_START,
        days=days,
        rules=rules,
        locations=places.locations,
        persons=person_rows,
        staff=staff,
        activities=activities,
        meta={"generator": "stelsel.planner.generator", "persons": persons, "days": days, "seed": seed},
    )


def _staff(
    rng: random.Random,
    places: _Places,
    by_unit: dict[str, list[Municipality]],
    persons: dict[str, Person],
    activities: dict[str, Activity],
    days: int,
) -> dict[str, Staff]:
    demand: dict[str, dict[Qualification, int]] = {}
    biggest: dict[str, dict[Qualification, int]] = {}
    for a in activities.values():
        unit = persons[a.person].unit
        per = demand.setdefault(unit, {})
        top = biggest.setdefault(unit, {})
        for q, n in a.team:
            per[q] = per.get(q, 0) + n * a.duration
            top[q] = max(top.get(q, 0), n)
    staff: dict[str, Staff] = {}
    weeks = days / 7
    for unit in sorted(demand):
        municipalities_here = sorted(by_unit[unit], key=lambda m: m.code)
        bases = [
            places.new(m, "Bureau", 1.0) for m in rng.sample(municipalities_here, min(3, len(municipalities_here)))
        ]
        for q in Qualification:
            minutes = demand[unit].get(q, 0)
            if minutes == 0:
                continue
            count = max(biggest[unit][q] + 1, round(minutes / (SHORTAGE * PRODUCTIVE_MINUTES_PER_WEEK * weeks)))
            for _ in range(count):
                quals = {q}
                if rng.random() < 0.3:
                    quals.add(rng.choice([DRIVER, SURV] if q == CP else [CP]))
                roster = rng.choice(ROSTERS)
                first_off = rng.randrange(7)
                off = {first_off, (first_off + 1) % 7}
                windows = tuple(
                    Window(d * DAY + roster[0], d * DAY + roster[1]) for d in range(days) if d % 7 not in off
                )
                absences: tuple[Window, ...] = ()
                if windows and rng.random() < 0.03:
                    leave = rng.choice(windows)
                    absences = (Window(leave.start - leave.start % DAY, leave.start - leave.start % DAY + DAY),)
                sid = f"S{len(staff) + 1:05d}"
                staff[sid] = Staff(
                    id=sid,
                    unit=unit,
                    base=rng.choice(bases).id,
                    qualifications=frozenset(quals),
                    availability=windows,
                    absences=absences,
                )
    return staff
