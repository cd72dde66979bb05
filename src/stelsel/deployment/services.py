"""Every state change of capacity, demand and planner runs (§4.1, §1.4; R39, R40, R49). One transaction each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state, apply the policy with its
reasons, change rows, write the journal entry.

A planner run is started by the LCC and executed in the background (`deployment.runner`); the runner reports
through the `*_run` functions at the bottom, which act as the system. Only a finished run is put in force, in the
same transaction that finishes it: a failed or cancelled run leaves the previous plan in force.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stelsel.access.models import User
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput
from stelsel.core.models import JournalHead
from stelsel.core.timeutil import now, today
from stelsel.deployment.instance import build_instance, day_start, decided_levels, minutes_from
from stelsel.deployment.models import (
    OPEN_STATUSES,
    Absence,
    AbsenceKind,
    Activity,
    ActivityKind,
    DeploymentConcept,
    DeploymentUnit,
    PlanRun,
    RunKind,
    RunStatus,
    Shift,
    StaffMember,
    UnitKind,
    WorkingTimeRules,
)
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.planner import serialize
from stelsel.planner.replan import NewActivity, SickStaff, apply_change
from stelsel.policy.deployment import (
    MAX_RUN_DAYS,
    PERSON_DIRECTED_KINDS,
    R_FLEXIBLE,
    R_KEEP_PREVIOUS,
    R_LCC,
    RUN_REASONS,
    DeploymentRuleError,
    check_activity_times,
    check_qualifications,
    check_team,
    concept_team,
    qualification_label,
    team_label,
)
from stelsel.policy.private_parties import R_PERSON_DIRECTED
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.registry.models import Municipality, Person

MAX_TIME_LIMIT = 300  # seconds; the benchmark's 1000 persons x 7 days fit in it
STALE_AFTER = timedelta(minutes=10)  # a run without a sign of life this long was lost with its process
# The executing organisations of person-directed measures (R21), as unit kinds.
EXECUTOR_UNIT_KINDS = {"politie_le": UnitKind.NATIONAL, "kmar": UnitKind.KMAR}


def _policy() -> PolicyVersion:
    return version_on(today())


def _text(value: str | None) -> str:
    return (value or "").strip()


def _rule_error(error: DeploymentRuleError) -> InvalidInput:
    return InvalidInput.for_field(error.field, error.message)


def _municipality(code: str, field: str, errors: dict[str, str]) -> Municipality | None:
    found = Municipality.objects.filter(code=_text(code).upper()).select_related("police_unit").first()
    if found is None:
        errors[field] = f"Onbekende gemeentecode '{code}'; gebruik de CBS-code, bijvoorbeeld GM0518."
    return found


# --- capacity -------------------------------------------------------------------------------------------------------


def register_unit(actor: User, *, code: str, name: str, kind: str, base_municipality: str) -> DeploymentUnit:
    require(actor, Action.PLAN_DEPLOYMENT)
    errors: dict[str, str] = {}
    if not _text(code):
        errors["code"] = "Code van de eenheid is verplicht."
    elif DeploymentUnit.objects.filter(code=_text(code)).exists():
        errors["code"] = f"Er is al een eenheid met code {_text(code)}."
    if not _text(name):
        errors["name"] = "Naam van de eenheid is verplicht."
    if kind not in UnitKind.values:
        errors["kind"] = "Kies de soort eenheid: Landelijke Eenheid, KMar of regionale eenheid."
    municipality = _municipality(base_municipality, "base_municipality", errors)
    if errors:
        raise InvalidInput.for_fields(errors)
    assert municipality is not None
    with transaction.atomic():
        unit = DeploymentUnit.objects.create(
            code=_text(code), name=_text(name), kind=kind, base_municipality=municipality
        )
        journal.record(
            actor=actor,
            action="deployment.unit_registered",
            subjects=[unit],
            reason=f"Inzeteenheid {unit.name} geregistreerd.",
            policy_version=_policy().key,
            payload={"code": unit.code, "kind": unit.kind, "base": base_municipality},
        )
    return unit


def register_staff(
    actor: User,
    unit: DeploymentUnit,
    *,
    number: str,
    name: str,
    qualifications: list[str],
    base_municipality: str = "",
) -> StaffMember:
    require(actor, Action.PLAN_DEPLOYMENT)
    errors: dict[str, str] = {}
    if not _text(number):
        errors["number"] = "Het personeelsnummer is verplicht."
    elif StaffMember.objects.filter(number=_text(number)).exists():
        errors["number"] = f"Er is al een medewerker met personeelsnummer {_text(number)}."
    if not _text(name):
        errors["name"] = "Naam van de medewerker is verplicht."
    try:
        codes = check_qualifications(list(qualifications))
    except DeploymentRuleError as error:
        errors[error.field] = error.message
    base = unit.base_municipality if not _text(base_municipality) else _municipality(base_municipality, "base", errors)
    if errors:
        raise InvalidInput.for_fields(errors)
    assert base is not None
    with transaction.atomic():
        member = StaffMember.objects.create(
            unit=unit, number=_text(number), name=_text(name), qualifications=codes, base_municipality=base
        )
        journal.record(
            actor=actor,
            action="deployment.staff_registered",
            subjects=[member, unit],
            reason=f"Medewerker {member.number} toegevoegd aan {unit.name}.",
            policy_version=_policy().key,
            payload={"number": member.number, "unit": unit.code, "qualifications": codes},
        )
    return member


@dataclass(frozen=True)
class ShiftInput:
    staff: StaffMember
    starts_at: datetime
    ends_at: datetime


def set_roster(actor: User, shifts: list[ShiftInput], motivation: str) -> list[Shift]:
    """The units' roster: the windows in which staff are on duty. One journal entry for the whole roster."""
    require(actor, Action.PLAN_DEPLOYMENT)
    for n, item in enumerate(shifts):
        if item.ends_at <= item.starts_at:
            raise InvalidInput.for_field(
                f"shifts[{n}].ends_at", f"De dienst van {item.staff.number} eindigt voordat zij begint."
            )
        if item.ends_at - item.starts_at > timedelta(hours=24):
            raise InvalidInput.for_field(f"shifts[{n}].ends_at", "Een dienst duurt hoogstens 24 uur.")
    if not _text(motivation):
        raise InvalidInput.for_field("motivation", "Geef aan welk rooster dit is.")
    with transaction.atomic():
        created = Shift.objects.bulk_create(
            Shift(staff=s.staff, starts_at=s.starts_at, ends_at=s.ends_at) for s in shifts
        )
        units = {s.staff.unit_id: s.staff.unit for s in shifts}
        journal.record(
            actor=actor,
            action="deployment.roster_set",
            subjects=list(units.values()),
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={"shifts": len(created), "units": sorted(u.code for u in units.values())},
        )
    return created


def set_working_time_rules(
    actor: User,
    *,
    max_shift_minutes: int | None,
    min_rest_minutes: int | None,
    max_week_minutes: int | None,
    normal_shift_minutes: int | None,
    motivation: str,
) -> WorkingTimeRules:
    """New working-time limits for the planner (configurable); earlier runs keep the rules they were made under."""
    require(actor, Action.PLAN_DEPLOYMENT)
    errors: dict[str, str] = {}
    limits = {
        "max_shift_minutes": (max_shift_minutes, 60, 24 * 60, "langste dienst"),
        "min_rest_minutes": (min_rest_minutes, 0, 24 * 60, "rust tussen diensten"),
        "max_week_minutes": (max_week_minutes, 60, 7 * 24 * 60, "uren per week"),
        "normal_shift_minutes": (normal_shift_minutes, 60, 24 * 60, "normale dienst"),
    }
    for field, (value, low, high, label) in limits.items():
        if value is None or not low <= value <= high:
            errors[field] = f"De {label} ligt tussen {low} en {high} minuten."
    if not errors and normal_shift_minutes and max_shift_minutes and normal_shift_minutes > max_shift_minutes:
        errors["normal_shift_minutes"] = "De normale dienst is niet langer dan de langste dienst."
    if not _text(motivation):
        errors["motivation"] = "Motiveer de wijziging van de arbeidstijdregels."
    if errors:
        raise InvalidInput.for_fields(errors)
    with transaction.atomic():
        values = {field: int(spec[0] or 0) for field, spec in limits.items()}
        entry = journal.record(
            actor=actor,
            action="deployment.working_time_rules_set",
            subjects=[],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload=values,
        )
        return WorkingTimeRules.objects.create(valid_from=now(), motivation=_text(motivation), entry=entry, **values)


def report_absence(
    actor: User,
    staff: StaffMember,
    *,
    kind: str,
    starts_at: datetime | None,
    ends_at: datetime | None = None,
    note: str = "",
    replan: bool = False,
) -> tuple[Absence, list[PlanRun]]:
    """A sick call or leave. With `replan`, every plan in force that deployed the staff member after the start is
    re-planned in the background (the runs start in the same transaction)."""
    require(actor, Action.PLAN_DEPLOYMENT)
    errors: dict[str, str] = {}
    if kind not in AbsenceKind.values:
        errors["kind"] = "Kies ziek of verlof."
    if starts_at is None:
        errors["starts_at"] = "Geef aan vanaf wanneer de medewerker afwezig is."
    elif ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "De afwezigheid eindigt voordat zij begint."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert starts_at is not None
    with transaction.atomic():
        label = AbsenceKind(kind).label.lower()
        entry = journal.record(
            actor=actor,
            action="deployment.absence_reported",
            subjects=[staff, staff.unit],
            reason=f"{staff.number} {label} gemeld vanaf {timezone.localtime(starts_at):%d-%m-%Y %H:%M}."
            + (f" {_text(note)}" if note else ""),
            policy_version=_policy().key,
            payload={"staff": staff.number, "kind": kind, "starts_at": starts_at, "ends_at": ends_at},
        )
        absence = Absence.objects.create(
            staff=staff, kind=kind, starts_at=starts_at, ends_at=ends_at, note=_text(note), entry=entry
        )
        runs = (
            [
                _start_replan(actor, run, _sick_change(run, staff, starts_at, ends_at))
                for run in _plans_deploying(staff, starts_at)
            ]
            if replan
            else []
        )
    return absence, runs


def _plans_deploying(staff: StaffMember, starts_at: datetime) -> list[PlanRun]:
    """Plans in force, not over before `starts_at`, in which the staff member is deployed."""
    found = []
    for run in PlanRun.objects.filter(in_force=True).order_by("first_day", "id"):
        if day_start(run.first_day + timedelta(days=run.days)) <= starts_at:
            continue
        if any(a["staff"] == staff.number for a in (run.result or {}).get("assignments", [])):
            found.append(run)
    return found


def _sick_change(run: PlanRun, staff: StaffMember, starts_at: datetime, ends_at: datetime | None) -> dict[str, Any]:
    change: dict[str, Any] = {
        "kind": "sick",
        "staff": staff.number,
        "from_minute": max(0, minutes_from(run.first_day, starts_at)),
        "from": starts_at.isoformat(),
    }
    if ends_at is not None:
        change["until_minute"] = minutes_from(run.first_day, ends_at)
    return change


def report_fit(actor: User, absence: Absence, *, fit_at: datetime | None) -> Absence:
    """The end of an open absence (fit again): from then on the staff member counts as capacity for new plans."""
    require(actor, Action.PLAN_DEPLOYMENT)
    if fit_at is None:
        raise InvalidInput.for_field("fit_at", "Geef aan vanaf wanneer de medewerker weer inzetbaar is.")
    with transaction.atomic():
        locked = Absence.objects.select_for_update().select_related("staff__unit").get(pk=absence.pk)
        if locked.ends_at is not None:
            raise Conflict(f"Deze afwezigheid eindigde al op {timezone.localtime(locked.ends_at):%d-%m-%Y %H:%M}.")
        if fit_at <= locked.starts_at:
            raise InvalidInput.for_field("fit_at", "De betermelding ligt na het begin van de afwezigheid.")
        locked.ends_at = fit_at
        locked.save(update_fields=["ends_at"])
        journal.record(
            actor=actor,
            action="deployment.fit_reported",
            subjects=[locked.staff, locked.staff.unit],
            reason=f"{locked.staff.number} weer inzetbaar vanaf {timezone.localtime(fit_at):%d-%m-%Y %H:%M}.",
            policy_version=_policy().key,
            payload={"staff": locked.staff.number, "absence": locked.pk, "fit_at": fit_at},
        )
    return locked


# --- demand ---------------------------------------------------------------------------------------------------------


def person_directed_measure(person: Person) -> Measure | None:
    return (
        Measure.objects.filter(person=person, status=MeasureStatus.ACTIVE, kind__in=PERSON_DIRECTED_KINDS)
        .order_by("-decided_at", "-id")
        .first()
    )


def open_concept(person: Person) -> DeploymentConcept | None:
    return DeploymentConcept.objects.filter(person=person, ended_by__isnull=True).select_related("unit").first()


def register_concept(
    actor: User,
    person: Person,
    *,
    unit: DeploymentUnit | None,
    team: dict[str, Any] | None,
    motivation: str,
) -> DeploymentConcept:
    """Which unit executes the person's person-directed measure, with which team (R39, R21). Replaces the open one."""
    require(actor, Action.PLAN_DEPLOYMENT, person)
    measure = person_directed_measure(person)
    if measure is None:
        raise InvalidInput.for_field(
            "person",
            f"{person}: er loopt geen besloten persoonsgerichte maatregel (persoonsbegeleiding of "
            f"persoonsbeveiliging). {R_LCC.text} ({R_LCC.paragraph}, {R_LCC.rule})",
        )
    errors: dict[str, str] = {}
    executors = {EXECUTOR_UNIT_KINDS[e] for e in catalogue()[measure.kind].executors if e in EXECUTOR_UNIT_KINDS}
    if unit is None:
        errors["unit"] = "Kies de eenheid die de maatregel uitvoert."
    elif unit.kind not in executors:
        errors["unit"] = f"{unit.name} voert geen {measure.kind_name.lower()} uit: {R_PERSON_DIRECTED}"
    level = decided_levels({person.pk}).get(person.pk, 3)
    checked: dict[str, int] = {}
    try:
        checked = check_team(team or concept_team(measure.kind, level))
    except DeploymentRuleError as error:
        errors[error.field] = error.message
    if not _text(motivation):
        errors["motivation"] = "Motiveer het inzetconcept."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert unit is not None
    policy = _policy()
    reasons = [R_LCC.as_dict(), R_PERSON_DIRECTED.as_dict()]
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        entry = journal.record(
            actor=actor,
            action="deployment.concept_set",
            subjects=[person, unit],
            reason=_text(motivation),
            policy_version=policy.key,
            payload={
                "measure": measure.pk,
                "unit": unit.code,
                "team": checked,
                "team_label": team_label(checked),
                "threat_level": level,
                "reasons": reasons,
            },
        )
        DeploymentConcept.objects.filter(person=person, ended_by__isnull=True).update(ended_by=entry)
        return DeploymentConcept.objects.create(
            person=person,
            measure=measure,
            unit=unit,
            team=checked,
            threat_level=level,
            motivation=_text(motivation),
            reasons=reasons,
            policy_version=policy.key,
            entry=entry,
        )


def _qualified_counts(unit: DeploymentUnit) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quals in StaffMember.objects.filter(unit=unit, active=True).values_list("qualifications", flat=True):
        for code in quals:
            counts[code] = counts.get(code, 0) + 1
    return counts


def register_activity(
    actor: User,
    person: Person,
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str,
    municipality: str,
    kind: str,
    team: dict[str, Any] | None = None,
    replan: bool = False,
) -> tuple[Activity, list[PlanRun]]:
    """One item of the person's agenda; it leads the deployment (seed 001). With `replan`, a plan in force for the
    day is re-planned with the activity in it."""
    require(actor, Action.PLAN_DEPLOYMENT, person)
    concept = open_concept(person)
    if concept is None:
        raise InvalidInput.for_field(
            "person", f"{person} heeft geen inzetconcept: leg eerst vast welke eenheid de maatregel uitvoert (R39)."
        )
    errors = check_activity_times(starts_at, ends_at)
    if not _text(place):
        errors["place"] = "Geef de plaats van de activiteit (adres of omschrijving)."
    found = _municipality(municipality, "municipality", errors)
    if kind not in ActivityKind.values:
        errors["kind"] = "Kies werk of privé: werk gaat voor privé (R50)."
    checked: dict[str, int] = {}
    try:
        checked = check_team(team if team else concept.team)
    except DeploymentRuleError as error:
        errors[error.field] = error.message
    if checked and "team" not in errors:
        have = _qualified_counts(concept.unit)
        short = [
            f"{n}× {qualification_label(q)} (de eenheid heeft er {have.get(q, 0)})"
            for q, n in checked.items()
            if n > have.get(q, 0)
        ]
        if short:
            errors["team"] = f"Het team is groter dan {concept.unit.name}: " + "; ".join(short) + "."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert starts_at is not None
    assert ends_at is not None
    assert found is not None
    with transaction.atomic():
        entry = journal.record(
            actor=actor,
            action="deployment.activity_registered",
            subjects=[person],
            reason=f"Activiteit ({ActivityKind(kind).label.lower()}) op "
            f"{timezone.localtime(starts_at):%d-%m-%Y %H:%M} vastgelegd.",
            policy_version=_policy().key,
            payload={
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place": _text(place),
                "municipality": found.code,
                "kind": kind,
                "team": checked,
                "reasons": [R_FLEXIBLE.as_dict()],
            },
        )
        activity = Activity.objects.create(
            person=person,
            concept=concept,
            starts_at=starts_at,
            ends_at=ends_at,
            place=_text(place),
            municipality=found,
            kind=kind,
            team=checked,
            entry=entry,
        )
        runs = []
        if replan:
            day = timezone.localdate(starts_at)
            for run in PlanRun.objects.filter(in_force=True, first_day__lte=day).order_by("id"):
                if run.first_day + timedelta(days=run.days) > day:
                    runs.append(_start_replan(actor, run, _new_activity_change(run, activity)))
    return activity, runs


def _new_activity_change(run: PlanRun, activity: Activity) -> dict[str, Any]:
    """The new activity as the planner sees it, with what the plan's instance may lack: its location (and the
    staff bases it needs), its person and the staff of its unit."""
    document = serialize.instance_to_dict(build_instance(run.first_day, run.days))
    planned = next(a for a in document["activities"] if a["id"] == f"A{activity.pk}")
    person = next(p for p in document["persons"] if p["id"] == planned["person"])
    staff_members = [m for m in document["staff"] if m["unit"] == person["unit"]]
    needed = {planned["location"]} | {m["base"] for m in staff_members}
    return {
        "kind": "new_activity",
        "activity": planned,
        "person": person,
        "staff_members": staff_members,
        "locations": [loc for loc in document["locations"] if loc["id"] in needed],
    }


# --- planner runs ---------------------------------------------------------------------------------------------------


def _check_period(first_day: date | None, days: int | None, time_limit: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if first_day is None:
        errors["first_day"] = "Kies de eerste dag die gepland wordt."
    if days is None or not 1 <= days <= MAX_RUN_DAYS:
        errors["days"] = f"Plan 1 tot en met {MAX_RUN_DAYS} dagen."
    if time_limit is None or not 1 <= time_limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = f"De rekentijd ligt tussen 1 en {MAX_TIME_LIMIT} seconden."
    return errors


def _open_runs_over(first_day: date, days: int) -> list[PlanRun]:
    """Open runs, not already being cancelled, whose period overlaps the given one."""
    last = first_day + timedelta(days=days)
    runs = PlanRun.objects.filter(status__in=OPEN_STATUSES, cancel_requested=False, first_day__lt=last)
    return [run for run in runs.order_by("id") if run.first_day + timedelta(days=run.days) > first_day]


def _overlapping_open(first_day: date, days: int) -> PlanRun | None:
    runs = _open_runs_over(first_day, days)
    return runs[0] if runs else None


def changes_of(run: PlanRun) -> list[dict[str, Any]]:
    """Every change a re-plan applies to its base, oldest first (earlier changes of runs it replaced included)."""
    if not run.change:
        return []
    own = {k: v for k, v in run.change.items() if k != "earlier"}
    return [*run.change.get("earlier", []), own]


def _supersede_open_runs(actor: User, based_on: PlanRun, why: str) -> list[dict[str, Any]]:
    """A change arrived after these runs took their inputs: a full plan over the period and a re-plan of the same
    plan would put an outdated plan in force, so they are cancelled (journalled). The changes of a cancelled re-plan
    are returned, so the new re-plan carries them forward; re-plans of other plans in force go on."""
    carried: list[dict[str, Any]] = []
    for run in _open_runs_over(based_on.first_day, based_on.days):
        if run.kind == RunKind.REPLAN and run.based_on_id != based_on.pk:
            continue
        cancel_run(actor, run, f"Vervangen door herplannen na {why}: deze run rekende nog zonder die wijziging.")
        if run.kind == RunKind.REPLAN:
            carried.extend(changes_of(run))
    return carried


def start_run(actor: User, *, first_day: date | None, days: int | None = 1, time_limit: int | None = 20) -> PlanRun:
    """Plan whole days in the background; the inputs are taken now and stored with the run."""
    require(actor, Action.PLAN_DEPLOYMENT)
    errors = _check_period(first_day, days, time_limit)
    if errors:
        raise InvalidInput.for_fields(errors)
    assert first_day is not None
    assert days is not None
    assert time_limit is not None
    expire_stale_runs()
    instance = build_instance(first_day, days)
    if not instance.activities:
        raise InvalidInput.for_field(
            "first_day", f"Er zijn geen activiteiten vanaf {first_day:%d-%m-%Y} ({days} dag(en)): niets te plannen."
        )
    policy = _policy()
    with transaction.atomic():
        # Every journalled change serialises on the journal head; taking it before the check makes "one open run
        # per period" hold under concurrent starts on PostgreSQL too (SQLite's IMMEDIATE transactions already do).
        JournalHead.objects.select_for_update().get_or_create(id=1)
        busy = _overlapping_open(first_day, days)
        if busy is not None:
            raise Conflict(f"Planningsrun {busy.pk} loopt al voor deze periode; wacht die af of annuleer hem.")
        run = _create_run(
            actor,
            kind=RunKind.PLAN,
            origin_at=now(),
            first_day=first_day,
            days=days,
            time_limit=time_limit,
            inputs=serialize.instance_to_dict(instance),
            policy=policy,
            reason=f"Planning gestart voor {first_day:%d-%m-%Y} ({days} dag(en)): {len(instance.activities)} "
            f"activiteiten, {len(instance.staff)} medewerkers in dienst.",
        )
    return run


def _create_run(actor: User, *, reason: str, policy: PolicyVersion, **fields: Any) -> PlanRun:
    from stelsel.deployment import runner

    reasons = [r.as_dict() for r in RUN_REASONS]
    run = PlanRun.objects.create(
        started_by=actor, started_at=now(), reasons=reasons, policy_version=policy.key, **fields
    )
    run.entry = journal.record(
        actor=actor,
        action="deployment.run_started",
        subjects=[run],
        reason=reason,
        policy_version=policy.key,
        payload={
            "kind": run.kind,
            "first_day": run.first_day,
            "days": run.days,
            "time_limit": run.time_limit,
            "based_on": run.based_on_id,
            # What changed, not whose activity it is (the run is no subject a person's readers follow).
            "change": {k: run.change[k] for k in ("kind", "staff", "from") if k in run.change},
            "reasons": reasons,
        },
    )
    run.save(update_fields=["entry"])
    transaction.on_commit(lambda: runner.launch(run.pk))
    return run


def _start_replan(actor: User, based_on: PlanRun, change: dict[str, Any]) -> PlanRun:
    """Re-plan the plan in force after a change; the change itself (the sick call, the activity) is recorded
    already, in the same transaction, so it is never lost to a run that happens to be open."""
    what = f"ziekmelding {change['staff']}" if change["kind"] == "sick" else "nieuwe activiteit"
    earlier = _supersede_open_runs(actor, based_on, what)
    stored = {**change, "earlier": earlier} if earlier else change
    changed = serialize.instance_from_dict(based_on.inputs)
    for step in [*earlier, change]:
        changed = apply_change(changed, planner_change(step, changed))
    return _create_run(
        actor,
        kind=RunKind.REPLAN,
        first_day=based_on.first_day,
        days=based_on.days,
        time_limit=based_on.time_limit,
        based_on=based_on,
        origin_at=based_on.origin_at,
        change=stored,
        inputs=serialize.instance_to_dict(changed),
        policy=_policy(),
        reason=f"Herplannen van planningsrun {based_on.pk} na {what}"
        + (f" (met {len(earlier)} eerdere wijziging(en) uit een vervangen run)" if earlier else "")
        + "; het bestaande plan blijft zo veel mogelijk staan.",
    )


def planner_change(change: dict[str, Any], base: Any) -> SickStaff | NewActivity:
    """The planner's change from its stored form; a new activity also brings its location and person."""
    if change["kind"] == "sick":
        until = change.get("until_minute")
        return SickStaff(change["staff"], int(change["from_minute"]), int(until) if until is not None else None)
    # A new activity brings its location, its person and, for a unit not yet in the plan, the unit's staff.
    document = serialize.instance_to_dict(base)
    known = {key: {item["id"] for item in document[key]} for key in ("locations", "persons", "staff")}
    document["locations"] += [loc for loc in change.get("locations", []) if loc["id"] not in known["locations"]]
    document["persons"] += [p for p in [change["person"]] if p["id"] not in known["persons"]]
    document["staff"] += [m for m in change.get("staff_members", []) if m["id"] not in known["staff"]]
    document["activities"] = [*document["activities"], change["activity"]]
    extended = serialize.instance_from_dict(document)
    base.locations.update(extended.locations)
    base.persons.update(extended.persons)
    base.staff.update(extended.staff)
    return NewActivity(extended.activities[change["activity"]["id"]])


def cancel_run(actor: User, run: PlanRun, motivation: str = "") -> PlanRun:
    """Stop a run; what it had found is dropped and the previous plan stays in force."""
    require(actor, Action.PLAN_DEPLOYMENT)
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().get(pk=run.pk)
        if not locked.is_open:
            raise Conflict(f"Planningsrun {locked.pk} is al {locked.get_status_display().lower()}.")
        locked.cancel_requested = True
        fields = ["cancel_requested"]
        if locked.status == RunStatus.QUEUED:
            locked.status, locked.finished_at = RunStatus.CANCELLED, now()
            locked.message = _text(motivation) or "Geannuleerd voordat de run begon."
            fields += ["status", "finished_at", "message"]
        locked.save(update_fields=fields)
        journal.record(
            actor=actor,
            action="deployment.run_cancelled",
            subjects=[locked],
            reason=_text(motivation) or f"Planningsrun {locked.pk} geannuleerd.",
            policy_version=locked.policy_version,
            payload={"status": locked.status, "reasons": [R_KEEP_PREVIOUS.as_dict()]},
        )
    return locked


# --- the runner reports (the system acts) ----------------------------------------------------------------------------


def claim_run(run_id: int) -> PlanRun | None:
    """The runner takes a queued run; None when it was cancelled or taken meanwhile."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return None
        run.status, run.heartbeat_at = RunStatus.RUNNING, now()
        run.save(update_fields=["status", "heartbeat_at"])
        journal.record(
            actor=None,
            action="deployment.run_running",
            subjects=[run],
            reason=f"Planningsrun {run.pk} rekent.",
            policy_version=run.policy_version,
        )
    return run


def record_progress(run_id: int, done: int, total: int) -> bool:
    """Progress and sign of life; answers whether the run should go on. No journal entry: a progress counter
    is not a decision, and the start and the end of every run are journalled."""
    PlanRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress_done=done, progress_total=total, heartbeat_at=now()
    )
    return PlanRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, cancel_requested=False).exists()


def finish_run(run_id: int, *, result: dict[str, Any], summary: dict[str, Any], diff: dict[str, Any] | None) -> PlanRun:
    """Put the finished plan in force, in place of the plans in force that it covers; unless it was cancelled."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run_id)
        if not run.is_open:
            return run  # ended meanwhile (expired as lost); its end is journalled already
        if run.cancel_requested:
            return _stop(run, RunStatus.CANCELLED, "Geannuleerd; het vorige plan blijft van kracht.")
        replaced = _replaced_by(run)
        if replaced is None:
            return _stop(
                run,
                RunStatus.CANCELLED,
                "Verouderd: het plan dat herplant werd, is intussen vervangen; het plan van kracht blijft.",
            )
        PlanRun.objects.filter(pk__in=replaced).update(in_force=False)
        run.status, run.finished_at, run.in_force = RunStatus.DONE, now(), True
        run.result, run.summary, run.diff = result, summary, diff
        run.progress_done = run.progress_total
        run.save(update_fields=["status", "finished_at", "in_force", "result", "summary", "diff", "progress_done"])
        journal.record(
            actor=None,
            action="deployment.run_finished",
            subjects=[run],
            reason=(
                f"Planningsrun {run.pk} voltooid en van kracht: {summary.get('covered_activities', 0)} van "
                f"{summary.get('activities', 0)} activiteiten gedekt, {summary.get('uncovered_activities', 0)} in het "
                "tekortadvies."
            ),
            policy_version=run.policy_version,
            payload={"summary": summary, "replaces": replaced, "reasons": run.reasons},
        )
    return run


def _replaced_by(run: PlanRun) -> list[int] | None:
    """The plans in force a finished run replaces; None when it is outdated. A re-plan replaces exactly the plan it
    re-planned, as long as that is in force; a full plan replaces the plans in force inside its period (a plan
    in force that reaches beyond it stays for its other days; per day the newest origin wins, see in_force_for)."""
    if run.kind == RunKind.REPLAN:
        assert run.based_on_id is not None
        base = PlanRun.objects.select_for_update().get(pk=run.based_on_id)
        return [base.pk] if base.in_force else None
    last = run.first_day + timedelta(days=run.days)
    inside = PlanRun.objects.select_for_update().filter(in_force=True, first_day__gte=run.first_day, first_day__lt=last)
    return [other.pk for other in inside if other.first_day + timedelta(days=other.days) <= last]


def fail_run(run_id: int, message: str) -> PlanRun:
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run_id)
        if not run.is_open:
            return run
        return _stop(run, RunStatus.FAILED, message)


def cancelled_run(run_id: int) -> PlanRun:
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run_id)
        if not run.is_open:
            return run
        return _stop(run, RunStatus.CANCELLED, "Geannuleerd tijdens het rekenen; het vorige plan blijft van kracht.")


def _stop(run: PlanRun, status: RunStatus, message: str) -> PlanRun:
    run.status, run.finished_at, run.message = status, now(), message
    run.save(update_fields=["status", "finished_at", "message"])
    journal.record(
        actor=None,
        action="deployment.run_failed" if status == RunStatus.FAILED else "deployment.run_stopped",
        subjects=[run],
        reason=f"Planningsrun {run.pk} {status.label.lower()}: {message}",
        policy_version=run.policy_version,
        payload={"reasons": [R_KEEP_PREVIOUS.as_dict()]},
    )
    return run


def expire_stale_runs() -> int:
    """Open runs whose process was lost (no sign of life for a while) fail; the previous plan stays in force."""
    limit = now() - STALE_AFTER
    stale = PlanRun.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )
    count = 0
    for run_id in stale.values_list("pk", flat=True):
        fail_run(run_id, "Afgebroken: het rekenproces gaf geen teken van leven meer.")
        count += 1
    return count
