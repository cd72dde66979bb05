"""The planner's input from the database: capacity and demand of whole days, as a `planner.model.Instance`.

The instance is stored with the run (JSON format `stelsel-planner/1`, docs/planner.md), so a run can be reproduced
from its inputs alone. It carries ids, not names: persons as `P<id>`, activities as `A<id>`, staff by service
number; the threat level is the one the authority's measures decision rests on (what the LCC needs, R51), not the
intelligence behind it.

Times are wall-clock minutes from midnight of the first day (Europe/Amsterdam). Positions are derived from the
municipality (planner.generator.municipality_position: plausible, not real, as in the benchmark) plus a fixed
offset of up to 3 km per place, so two places in one town are a short drive apart.
"""

import hashlib
import math
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from stelsel.deployment.models import Absence, Activity, DeploymentUnit, Shift, StaffMember, WorkingTimeRules
from stelsel.measures.models import PackageDecision, Review
from stelsel.planner.generator import Municipality as PlannerMunicipality
from stelsel.planner.generator import municipality_position
from stelsel.planner.model import (
    DAY,
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
from stelsel.planner.model import Activity as PlannerActivity
from stelsel.registry.models import Municipality

PLACE_RADIUS_KM = 3.0


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def minutes_from(origin: date, moment: datetime) -> int:
    """Wall-clock minutes from midnight of `origin` (a DST day counts as 24 hours of the clock)."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return int((local - datetime.combine(origin, time.min)).total_seconds() // 60)


def moment_at(origin: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(origin, time.min) + timedelta(minutes=minutes))


def current_rules() -> Rules:
    row = WorkingTimeRules.objects.order_by("-valid_from", "-id").first()
    if row is None:
        return Rules()
    return Rules(
        max_shift_minutes=row.max_shift_minutes,
        min_rest_minutes=row.min_rest_minutes,
        max_week_minutes=row.max_week_minutes,
        normal_shift_minutes=row.normal_shift_minutes,
    )


def decided_levels(person_ids: set[int]) -> dict[int, int]:
    """The threat level of each person's latest package decision or review: what the measures rest on."""
    latest: dict[int, tuple[datetime, int]] = {}
    rows = [
        *PackageDecision.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "decided_at", "threat_level"
        ),
        *Review.objects.filter(person_id__in=person_ids).values_list("person_id", "reviewed_at", "threat_level"),
    ]
    for person_id, at, level in rows:
        if person_id not in latest or at > latest[person_id][0]:
            latest[person_id] = (at, level)
    return {pk: level for pk, (_, level) in latest.items()}


def _position(municipality: Municipality, place: str) -> tuple[float, float]:
    x, y = municipality_position(
        PlannerMunicipality(municipality.code, municipality.name, municipality.police_unit.code)
    )
    if not place:
        return x, y
    digest = hashlib.sha256(f"{municipality.code}|{place.strip().lower()}".encode()).digest()
    angle = int.from_bytes(digest[:4], "big") / 2**32 * 2 * math.pi
    radius = PLACE_RADIUS_KM * math.sqrt(int.from_bytes(digest[4:8], "big") / 2**32)
    return round(x + radius * math.cos(angle), 3), round(y + radius * math.sin(angle), 3)


class _Locations:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Location] = {}

    def get(self, municipality: Municipality, place: str, prefix: str = "L") -> str:
        key = (municipality.code, place.strip().lower())
        if key not in self.by_key:
            x, y = _position(municipality, place)
            name = place.strip() or f"Basis {municipality.name}"
            # Stable across builds (a re-plan adds a location to an instance built earlier): from the place itself.
            location_id = f"{prefix}{hashlib.sha256('|'.join(key).encode()).hexdigest()[:12]}"
            self.by_key[key] = Location(location_id, municipality.code, name, x, y)
        return self.by_key[key].id

    def as_dict(self) -> dict[str, Location]:
        return {loc.id: loc for loc in self.by_key.values()}


def activities_in(first_day: date, days: int) -> list[Activity]:
    start, end = day_start(first_day), day_start(first_day + timedelta(days=days))
    return list(
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("concept__unit", "municipality__police_unit")
        .order_by("starts_at", "id")
    )


def build_instance(first_day: date, days: int) -> Instance:
    """Capacity and demand of `days` whole days from `first_day`, as the planner's instance."""
    activities = activities_in(first_day, days)
    levels = decided_levels({a.person_id for a in activities})
    locations = _Locations()
    persons: dict[str, Person] = {}
    for act in activities:
        person_id = f"P{act.person_id}"
        level = levels.get(act.person_id, act.concept.threat_level)
        persons.setdefault(person_id, Person(person_id, act.concept.unit.code, act.municipality.code, level))
    unit_ids = {a.concept.unit_id for a in activities}
    staff = _staff(first_day, days, unit_ids, locations)
    instance_activities = {
        f"A{act.pk}": PlannerActivity(
            id=f"A{act.pk}",
            person=f"P{act.person_id}",
            start=minutes_from(first_day, act.starts_at),
            end=minutes_from(first_day, act.ends_at),
            location=locations.get(act.municipality, act.place),
            kind=ActivityKind(act.kind),
            team=make_team({Qualification(q): int(n) for q, n in act.team.items()}),
            threat_level=persons[f"P{act.person_id}"].threat_level,
        )
        for act in activities
    }
    units = DeploymentUnit.objects.filter(pk__in=unit_ids).values_list("code", flat=True)
    return Instance(
        horizon_start=first_day,
        days=days,
        rules=current_rules(),
        locations=locations.as_dict(),
        persons=persons,
        staff=staff,
        activities=instance_activities,
        meta={"source": "stelsel", "units": sorted(units)},
    )


def _staff(first_day: date, days: int, unit_ids: set[int], locations: _Locations) -> dict[str, Staff]:
    # A shift or absence that touches the period (with a day's margin for travel) counts.
    lo, hi = day_start(first_day - timedelta(days=1)), day_start(first_day + timedelta(days=days + 1))
    members = list(
        StaffMember.objects.filter(unit_id__in=unit_ids, active=True)
        .select_related("unit", "base_municipality__police_unit")
        .order_by("number")
    )
    shifts: dict[int, list[Window]] = {}
    for shift in Shift.objects.filter(staff__in=members, starts_at__lt=hi, ends_at__gt=lo).order_by("starts_at"):
        shifts.setdefault(shift.staff_id, []).append(
            Window(minutes_from(first_day, shift.starts_at), minutes_from(first_day, shift.ends_at))
        )
    absences: dict[int, list[Window]] = {}
    open_end = days * DAY + DAY
    for absence in Absence.objects.filter(staff__in=members, starts_at__lt=hi).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=lo)
    ):
        end = minutes_from(first_day, absence.ends_at) if absence.ends_at else open_end
        absences.setdefault(absence.staff_id, []).append(Window(minutes_from(first_day, absence.starts_at), end))
    result: dict[str, Staff] = {}
    for member in members:
        if member.pk not in shifts:
            continue  # not rostered in the period: no capacity
        base = locations.get(member.base_municipality, "", prefix="B")
        result[member.number] = Staff(
            id=member.number,
            unit=member.unit.code,
            base=base,
            qualifications=frozenset(Qualification(q) for q in member.qualifications),
            availability=tuple(shifts[member.pk]),
            absences=tuple(absences.get(member.pk, [])),
        )
    return result
