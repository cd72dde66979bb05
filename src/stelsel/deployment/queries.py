"""Reads of capacity, demand, plans and the steering dashboard, through the access module.

Capacity and runs carry no case data: the role decides who reads them. Activities hang on a person: rows of plans
show only the activities of persons the reader sees (`rules.visible_persons`); the others are counted, not shown.
The dashboard (R49) aggregates per unit and day and names nobody. Query counts do not grow with the data: each
page reads a fixed number of querysets and joins in Python.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.core.errors import NotFound
from stelsel.deployment.instance import day_start, decided_levels, minutes_from, moment_at
from stelsel.deployment.models import (
    OPEN_STATUSES,
    Absence,
    Activity,
    DeploymentConcept,
    DeploymentUnit,
    PlanRun,
    Shift,
    StaffMember,
)
from stelsel.planner.model import ActivityKind, priority_weight
from stelsel.policy.deployment import MAX_RUN_DAYS, qualification_label, team_label
from stelsel.registry.models import Person


def runs_for(user: User) -> QuerySet[PlanRun]:
    if not rules.role_may(user, rules.Action.VIEW_DEPLOYMENT):
        return PlanRun.objects.none()
    # Lists never need the stored instances or plans (they can be large): not even of the run a re-plan is based on.
    return PlanRun.objects.select_related("started_by").defer("inputs", "result", "diff")


def run_for(user: User, pk: int) -> PlanRun:
    if not rules.role_may(user, rules.Action.VIEW_DEPLOYMENT):
        raise NotFound()
    run = PlanRun.objects.select_related("started_by", "based_on").filter(pk=pk).first()
    if run is None:
        raise NotFound()
    return run


def staff_for(user: User, pk: int) -> StaffMember:
    if not rules.role_may(user, rules.Action.VIEW_DEPLOYMENT):
        raise NotFound()
    member = StaffMember.objects.select_related("unit").filter(pk=pk).first()
    if member is None:
        raise NotFound()
    return member


def absence_for(user: User, pk: int) -> Absence:
    if not rules.role_may(user, rules.Action.VIEW_DEPLOYMENT):
        raise NotFound()
    absence = Absence.objects.select_related("staff__unit").filter(pk=pk).first()
    if absence is None:
        raise NotFound()
    return absence


def units() -> QuerySet[DeploymentUnit]:
    return DeploymentUnit.objects.select_related("base_municipality").order_by("name")


def in_force_for(first_day: date, days: int = 1) -> dict[date, PlanRun]:
    """Per day, the plan in force that covers it: when two do, the one derived from the newer plan."""
    last = first_day + timedelta(days=days)
    earliest = first_day - timedelta(days=MAX_RUN_DAYS - 1)  # a run covers at most MAX_RUN_DAYS days
    runs = PlanRun.objects.filter(in_force=True, first_day__lt=last, first_day__gte=earliest).order_by(
        "origin_at", "finished_at", "id"
    )
    result: dict[date, PlanRun] = {}
    for run in runs:
        for n in range(run.days):
            day = run.first_day + timedelta(days=n)
            if first_day <= day < last:
                result[day] = run
    return result


@dataclass
class ActivityRow:
    activity: Activity | None
    activity_id: str
    visible: bool
    starts_at: datetime
    ends_at: datetime
    kind: str
    team: str
    threat_level: int | None
    priority: float | None
    covered: bool | None  # None: not in the plan in force (registered after it)
    staff: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass
class DayPlan:
    day: date
    run: PlanRun | None
    rows: list[ActivityRow]
    hidden: int  # activities of persons the reader does not see
    unplanned: int  # activities registered after the plan in force
    advice: list[dict[str, Any]]
    utilisation: dict[str, dict[str, Any]]
    open_runs: list[PlanRun]


def _visible_ids(user: User, person_ids: set[int]) -> set[int]:
    return set(rules.visible_persons(user).filter(pk__in=person_ids).values_list("pk", flat=True))


def day_plan(user: User, day: date) -> DayPlan:
    run = in_force_for(day).get(day)
    activities = {
        f"A{a.pk}": a
        for a in Activity.objects.filter(
            starts_at__gte=day_start(day), starts_at__lt=day_start(day + timedelta(days=1))
        )
        .select_related("person", "municipality")
        .order_by("starts_at", "id")
    }
    visible = _visible_ids(user, {a.person_id for a in activities.values()})
    plan = (run.result or {}) if run else {}
    # The level each planned activity was planned at, read once from the run's inputs (None: not in the plan).
    planned_levels = {
        a["id"]: int(a.get("threat_level") or 0) or None for a in (run.inputs.get("activities", []) if run else [])
    }
    by_activity: dict[str, list[str]] = {}
    for assignment in plan.get("assignments", []):
        by_activity.setdefault(assignment["activity"], []).append(assignment["staff"])
    names = dict(
        StaffMember.objects.filter(number__in={s for team in by_activity.values() for s in team}).values_list(
            "number", "name"
        )
    )
    uncovered = {u["activity"]: u for u in plan.get("uncovered", [])}
    rows: list[ActivityRow] = []
    hidden = 0
    for aid, act in activities.items():
        if act.person_id not in visible:
            hidden += 1
            continue
        in_plan = aid in planned_levels
        level = planned_levels.get(aid)
        rows.append(
            ActivityRow(
                activity=act,
                activity_id=aid,
                visible=True,
                starts_at=act.starts_at,
                ends_at=act.ends_at,
                kind=act.get_kind_display(),
                team=team_label(act.team),
                threat_level=level,
                priority=priority_weight(level, ActivityKind(act.kind)) if level else None,
                covered=(aid not in uncovered) if in_plan else None,
                staff=[f"{n} {names.get(n, '')}".strip() for n in sorted(by_activity.get(aid, []))],
                reasons=uncovered.get(aid, {}).get("reasons", []),
            )
        )
    # A multi-day plan advises on every day; this page shows the day's items, of persons the reader sees.
    advice_items = [
        item
        for item in plan.get("advice", {}).get("items", [])
        if item["activity"] in activities and activities[item["activity"]].person_id in visible
    ]
    return DayPlan(
        day=day,
        run=run,
        rows=rows,
        hidden=hidden,
        unplanned=sum(1 for aid in activities if aid not in planned_levels),
        advice=_advice_rows(advice_items, activities),
        utilisation=_by_unit_name(plan.get("utilisation", {})),
        open_runs=[
            r
            for r in PlanRun.objects.filter(status__in=OPEN_STATUSES, first_day__lte=day).order_by("-id")
            if r.first_day + timedelta(days=r.days) > day
        ],
    )


def _by_unit_name(rows: dict[str, Any]) -> dict[str, Any]:
    if not rows:
        return {}
    names = dict(DeploymentUnit.objects.filter(code__in=rows).values_list("code", "name"))
    return {names.get(code, code): row for code, row in rows.items()}


def _advice_rows(items: list[dict[str, Any]], activities: dict[str, Activity]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        act = activities.get(item["activity"])
        rows.append(
            {**item, "person_name": str(act.person) if act else item["person"], "place": act.place if act else ""}
        )
    return rows


def run_view(user: User, run: PlanRun) -> dict[str, Any]:
    """A run's result for the reader: the diff of a re-plan with times and names of the persons the reader sees."""
    diff = run.diff or {}
    ids = {a["activity"] for a in diff.get("removed", []) + diff.get("added", [])}
    ids |= set(diff.get("newly_uncovered", [])) | set(diff.get("newly_covered", []))
    pks = {int(i.removeprefix("A")) for i in ids if i.startswith("A") and i[1:].isdigit()}
    activities = {f"A{a.pk}": a for a in Activity.objects.filter(pk__in=pks).select_related("person")}
    visible = _visible_ids(user, {a.person_id for a in activities.values()})

    def label(aid: str) -> str | None:
        act = activities.get(aid)
        if act is None or act.person_id not in visible:
            return None
        return f"{act.person} – {timezone.localtime(act.starts_at):%d-%m %H:%M} {act.place}"

    def changes(key: str) -> list[dict[str, str]]:
        out = []
        for a in diff.get(key, []):
            what = label(a["activity"])
            if what is not None:
                out.append(
                    {"activity": what, "staff": a["staff"], "qualification": qualification_label(a["qualification"])}
                )
        return out

    return {
        "removed": changes("removed"),
        "added": changes("added"),
        "newly_uncovered": [x for x in (label(a) for a in diff.get("newly_uncovered", [])) if x],
        "newly_covered": [x for x in (label(a) for a in diff.get("newly_covered", [])) if x],
        "changed_share": diff.get("changed_share"),
        "previous_assignments": diff.get("previous_assignments"),
    }


@dataclass
class StaffDay:
    member: StaffMember
    shifts: list[Shift]
    absences: list[Absence]


def capacity_on(day: date) -> list[tuple[DeploymentUnit, list[StaffDay]]]:
    """Every unit with its staff, their shifts and absences that touch the day."""
    lo, hi = day_start(day), day_start(day + timedelta(days=1))
    shifts: dict[int, list[Shift]] = {}
    for shift in Shift.objects.filter(starts_at__lt=hi, ends_at__gt=lo).order_by("starts_at"):
        shifts.setdefault(shift.staff_id, []).append(shift)
    absences: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(starts_at__lt=hi).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=lo)):
        absences.setdefault(absence.staff_id, []).append(absence)
    per_unit: dict[int, list[StaffDay]] = {}
    for member in StaffMember.objects.filter(active=True).order_by("number"):
        per_unit.setdefault(member.unit_id, []).append(
            StaffDay(member, shifts.get(member.pk, []), absences.get(member.pk, []))
        )
    return [(unit, per_unit.get(unit.pk, [])) for unit in units()]


def concepts_of(user: User, person: Person) -> list[DeploymentConcept]:
    if not rules.may(user, rules.Action.VIEW_DEPLOYMENT, person):
        return []
    return list(DeploymentConcept.objects.filter(person=person).select_related("unit", "entry").order_by("-id"))


def activities_of(user: User, person: Person, since: date) -> list[Activity]:
    if not rules.may(user, rules.Action.VIEW_DEPLOYMENT, person):
        return []
    return list(
        Activity.objects.filter(person=person, ends_at__gte=day_start(since)).select_related("municipality", "entry")[
            :50
        ]
    )


# --- the steering dashboard (R49) ------------------------------------------------------------------------------------


def _overlap_minutes(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    return max(0.0, (min(end, hi) - max(start, lo)).total_seconds() / 60)


def dashboard(first_day: date, days: int = 7, trend_days: int = 28) -> dict[str, Any]:
    """Per unit and day: available hours (shifts minus absences), deployed hours (assigned activity hours in the
    plans in force), demand, shortage; and a trend of coverage over the last weeks. Current at every call."""
    unit_list = list(units())
    codes = {u.code: u for u in unit_list}
    day_list = [first_day + timedelta(days=n) for n in range(days)]
    lo, hi = day_start(first_day), day_start(first_day + timedelta(days=days))
    available = {(u.code, d): 0.0 for u in unit_list for d in day_list}
    staff_unit = dict(StaffMember.objects.filter(active=True).values_list("pk", "unit__code"))
    absences: dict[int, list[tuple[datetime, datetime]]] = {}
    for staff_id, start, end in (
        Absence.objects.filter(starts_at__lt=hi)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=lo))
        .values_list("staff_id", "starts_at", "ends_at")
    ):
        absences.setdefault(staff_id, []).append((start, end or hi))
    for staff_id, start, end in Shift.objects.filter(starts_at__lt=hi, ends_at__gt=lo).values_list(
        "staff_id", "starts_at", "ends_at"
    ):
        unit_code = staff_unit.get(staff_id)
        if unit_code is None:
            continue
        for d in day_list:
            dlo, dhi = day_start(d), day_start(d + timedelta(days=1))
            minutes = _overlap_minutes(start, end, dlo, dhi)
            for a_start, a_end in absences.get(staff_id, []):
                minutes -= _overlap_minutes(max(start, a_start), min(end, a_end), dlo, dhi)
            available[(unit_code, d)] += max(0.0, minutes) / 60
    trend_first = first_day - timedelta(days=trend_days)
    plans = in_force_for(trend_first, trend_days + days)
    stats = {key: {"deployed": 0.0, "demand": 0.0, "covered": 0.0, "uncovered": 0} for key in available}
    trend: dict[date, dict[str, float]] = {}
    seen: set[int] = set()
    listed: set[str] = set()
    for run in set(plans.values()):
        if run.pk in seen or not run.result:
            continue
        seen.add(run.pk)
        listed |= _add_run(run, plans, stats, trend)
    _add_unlisted(day_start(trend_first), hi, plans, listed, stats, trend)
    rows = []
    for unit in unit_list:
        for d in day_list:
            s = stats[(unit.code, d)]
            rows.append(
                {
                    "unit": unit.name,
                    "unit_code": unit.code,
                    "day": d,
                    "available_hours": round(available[(unit.code, d)], 1),
                    "deployed_hours": round(s["deployed"], 1),
                    "utilisation": round(s["deployed"] / available[(unit.code, d)], 3)
                    if available[(unit.code, d)]
                    else None,
                    "uncovered_activities": int(s["uncovered"]),
                    "demand_weighted_hours": round(s["demand"], 1),
                    "covered_weighted_hours": round(s["covered"], 1),
                    "planned": d in plans,
                }
            )
    trend_rows = []  # every day; one without a plan in force has demand but no coverage (a gap in the chart)
    for n in range(trend_days + days):
        d = trend_first + timedelta(days=n)
        v = trend.get(d)
        trend_rows.append(
            {
                "day": d,
                "coverage": round(v["covered"] / v["demand"], 3) if v and v["demand"] and d in plans else None,
                "demand_weighted_hours": round(v["demand"], 1) if v else None,
                "covered_weighted_hours": round(v["covered"], 1) if v else None,
            }
        )
    return {
        "first_day": first_day,
        "days": day_list,
        "units": unit_list,
        "rows": rows,
        "trend": trend_rows,
        "codes": codes,
    }


def _add_run(
    run: PlanRun,
    plans: dict[date, PlanRun],
    stats: dict[tuple[str, date], dict[str, float]],
    trend: dict[date, dict[str, float]],
) -> set[str]:
    """Add a plan's figures to the days for which it is the plan in force; returns the activities it counted."""
    counted: set[str] = set()
    persons = {p["id"]: p["unit"] for p in run.inputs.get("persons", [])}
    activities = {a["id"]: a for a in run.inputs.get("activities", [])}
    uncovered = {u["activity"] for u in (run.result or {}).get("uncovered", [])}
    assigned: dict[str, int] = {}
    for a in (run.result or {}).get("assignments", []):
        assigned[a["activity"]] = assigned.get(a["activity"], 0) + 1
    for aid, act in activities.items():
        start = datetime.fromisoformat(act["start"])
        end = datetime.fromisoformat(act["end"])
        day = start.date()
        if plans.get(day) is not run:
            continue
        counted.add(aid)
        minutes = (end - start).total_seconds() / 60
        weight = priority_weight(int(act.get("threat_level") or 1), ActivityKind(act["kind"]))
        value = weight * minutes / 60
        day_trend = trend.setdefault(day, {"demand": 0.0, "covered": 0.0})
        day_trend["demand"] += value
        key = (persons.get(act["person"], ""), day)
        if aid not in uncovered:
            day_trend["covered"] += value
        if key not in stats:
            continue
        stats[key]["demand"] += value
        if aid in uncovered:
            stats[key]["uncovered"] += 1
        else:
            stats[key]["covered"] += value
            stats[key]["deployed"] += assigned.get(aid, 0) * minutes / 60
    return counted


def _add_unlisted(
    lo: datetime,
    hi: datetime,
    plans: dict[date, PlanRun],
    listed: set[str],
    stats: dict[tuple[str, date], dict[str, float]],
    trend: dict[date, dict[str, float]],
) -> None:
    """Demand that no plan in force counts: days without a plan, and activities registered after their day's plan.

    Nothing covers these yet. On a planned day such an activity is uncovered (it awaits a re-plan); a day without a
    plan shows its demand with the plan column saying so, not as uncovered activities."""
    acts = [
        act
        for act in Activity.objects.filter(starts_at__gte=lo, starts_at__lt=hi).select_related("concept__unit")
        if f"A{act.pk}" not in listed
    ]
    levels = decided_levels({act.person_id for act in acts}) if acts else {}
    for act in acts:
        day = timezone.localtime(act.starts_at).date()
        level = levels.get(act.person_id, act.concept.threat_level)
        value = priority_weight(level, ActivityKind(act.kind)) * (act.ends_at - act.starts_at).total_seconds() / 3600
        trend.setdefault(day, {"demand": 0.0, "covered": 0.0})["demand"] += value
        key = (act.concept.unit.code, day)
        if key in stats:
            stats[key]["demand"] += value
            if day in plans:
                stats[key]["uncovered"] += 1


__all__ = ["minutes_from", "moment_at"]
