"""Capacity, demand and planner runs through the services: rules, bad input, runs in force, cancel, fail, re-plan."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.models import JournalEntry
from stelsel.deployment import runner, services
from stelsel.deployment.models import (
    Absence,
    Activity,
    DeploymentConcept,
    DeploymentUnit,
    PlanRun,
    RunStatus,
    StaffMember,
)
from stelsel.deployment.tests.conftest import DAY, activity, at, decide_escort, staff
from stelsel.planner import serialize
from stelsel.planner.validate import validate
from stelsel.registry.models import Person

pytestmark = pytest.mark.django_db


def result_of(run: PlanRun) -> dict[str, Any]:
    assert run.result is not None
    return run.result


def diff_of(run: PlanRun) -> dict[str, Any]:
    assert run.diff is not None
    return run.diff


def plan_day(lcc: User) -> PlanRun:
    run = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    return runner.execute(run.pk)


# --- deployment concept (R39, R21) ---------------------------------------------------------------------------------


def test_concept_needs_a_decided_person_directed_measure(
    lcc: User, stelsel_person: Person, unit: DeploymentUnit
) -> None:
    with pytest.raises(InvalidInput, match="persoonsgerichte maatregel"):
        services.register_concept(lcc, stelsel_person, unit=unit, team=None, motivation="x")
    assert not DeploymentConcept.objects.exists()


def test_concept_takes_the_team_of_the_decided_level(protected: DeploymentConcept) -> None:
    assert protected.threat_level == 4
    assert protected.team == {"escort": 2, "driver": 1}
    assert {r["rule"] for r in protected.reasons} == {"R39", "R21"}


def test_a_regional_unit_does_not_execute_person_directed_measures(
    lcc: User, nctv: User, stelsel_person: Person, unit: DeploymentUnit
) -> None:
    decide_escort(nctv, stelsel_person)
    regional = services.register_unit(
        lcc, code="haaglanden", name="Eenheid Den Haag", kind="regionaal", base_municipality="GM0518"
    )
    with pytest.raises(InvalidInput) as error:
        services.register_concept(lcc, stelsel_person, unit=regional, team=None, motivation="x")
    assert "Landelijke Eenheid" in error.value.field_errors["unit"]
    assert not DeploymentConcept.objects.exists()


def test_a_new_concept_ends_the_open_one(lcc: User, protected: DeploymentConcept, unit: DeploymentUnit) -> None:
    newer = services.register_concept(
        lcc, protected.person, unit=unit, team={"escort": 1}, motivation="Lichter concept"
    )
    protected.refresh_from_db()
    assert protected.ended_by_id == newer.entry_id
    assert services.open_concept(protected.person) == newer


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ({"sniper": 1}, "Onbekende kwalificatie 'sniper'"),
        ({"close_protection": 0}, "minstens één medewerker"),
        ({"close_protection": -1}, "geen geheel getal"),
        ({"close_protection": 13}, "groter dan enig inzetconcept"),
    ],
)
def test_bad_teams_are_refused(
    lcc: User, nctv: User, stelsel_person: Person, unit: DeploymentUnit, team: dict, message: str
) -> None:
    decide_escort(nctv, stelsel_person)
    with pytest.raises(InvalidInput) as error:
        services.register_concept(lcc, stelsel_person, unit=unit, team=team, motivation="x")
    assert message in error.value.field_errors["team"]
    assert not DeploymentConcept.objects.exists()


# --- capacity --------------------------------------------------------------------------------------------------------


def test_staff_without_qualifications_is_refused(lcc: User, unit: DeploymentUnit) -> None:
    with pytest.raises(InvalidInput) as error:
        services.register_staff(lcc, unit, number="X1", name="Zonder", qualifications=[])
    assert "minstens één kwalificatie" in error.value.field_errors["qualifications"]
    assert not StaffMember.objects.exists()


def test_working_time_rules_are_checked_and_journalled(lcc: User) -> None:
    with pytest.raises(InvalidInput) as error:
        services.set_working_time_rules(
            lcc,
            max_shift_minutes=480,
            min_rest_minutes=660,
            max_week_minutes=2880,
            normal_shift_minutes=540,
            motivation="x",
        )
    assert "niet langer dan de langste dienst" in error.value.field_errors["normal_shift_minutes"]
    rules = services.set_working_time_rules(
        lcc,
        max_shift_minutes=540,
        min_rest_minutes=660,
        max_week_minutes=2400,
        normal_shift_minutes=480,
        motivation="CAO",
    )
    assert rules.entry.action == "deployment.working_time_rules_set"


# --- activities ------------------------------------------------------------------------------------------------------


def test_activity_bad_input_changes_nothing(lcc: User, protected: DeploymentConcept, team: list[StaffMember]) -> None:
    person = protected.person
    before = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.register_activity(
            lcc, person, starts_at=at(10), ends_at=at(9), place="", municipality="GM9999", kind="feest"
        )
    fields = error.value.field_errors
    assert "eindigt" in fields["ends_at"]
    assert "voordat zij begint" in fields["ends_at"]
    assert "plaats" in fields["place"]
    assert "GM9999" in fields["municipality"]
    assert "werk of privé" in fields["kind"]
    with pytest.raises(InvalidInput) as error:
        services.register_activity(
            lcc,
            person,
            starts_at=at(9),
            ends_at=at(10),
            place="Binnenhof",
            municipality="GM0518",
            kind="work",
            team={"escort": 6},
        )
    assert "groter dan Landelijke Eenheid DKDB" in error.value.field_errors["team"]
    assert not Activity.objects.exists()
    assert JournalEntry.objects.count() == before


def test_activity_without_concept_is_refused(lcc: User, stelsel_person: Person) -> None:
    with pytest.raises(InvalidInput, match="inzetconcept"):
        services.register_activity(
            lcc, stelsel_person, starts_at=at(9), ends_at=at(10), place="x", municipality="GM0518", kind="work"
        )


# --- runs ------------------------------------------------------------------------------------------------------------


def test_nothing_to_plan_is_said(lcc: User, team: list[StaffMember]) -> None:
    with pytest.raises(InvalidInput) as error:
        services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    assert "geen activiteiten" in error.value.field_errors["first_day"]
    with pytest.raises(InvalidInput) as error:
        services.start_run(lcc, first_day=None, days=9, time_limit=0)
    assert set(error.value.field_errors) == {"first_day", "days", "time_limit"}
    assert not PlanRun.objects.exists()


def test_a_finished_run_is_in_force_with_a_valid_plan_and_its_reasons(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    person = protected.person
    activity(lcc, person, 8, 12)
    activity(lcc, person, 13, 17, place="Ministerie van Justitie")
    activity(lcc, person, 18, 19, kind="private", place="Sportschool")
    run = plan_day(lcc)
    assert run.status == RunStatus.DONE
    assert run.in_force
    assert run.progress_done == run.progress_total > 0
    instance = serialize.instance_from_dict(run.inputs)
    plan = serialize.plan_from_dict(result_of(run))
    assert validate(instance, plan) == []
    assert run.summary["activities"] == 3
    assert run.summary["covered_activities"] == 3
    assert {r["rule"] for r in run.reasons} >= {"R39", "R40", "R50"}
    assert run.policy_version
    actions = list(journal.entries_for_subject("plan_run", run.pk).values_list("action", flat=True))
    assert sorted(actions) == ["deployment.run_finished", "deployment.run_running", "deployment.run_started"]
    # The inputs name no person: ids only (R51).
    assert str(person.surname) not in str(run.inputs)


def test_a_shortage_gives_the_advice_by_priority(lcc: User, protected: DeploymentConcept, unit: DeploymentUnit) -> None:
    members = [
        staff(lcc, unit, "PB1", "escort"),
        staff(lcc, unit, "PB2", "escort"),
        staff(lcc, unit, "CH1", "driver"),
    ]
    services.set_roster(lcc, [services.ShiftInput(m, at(6), at(20)) for m in members], "Rooster")
    person = protected.person
    activity(lcc, person, 9, 11, kind="private", place="Thuis")
    work = activity(lcc, person, 10, 12, kind="work", place="Binnenhof")
    run = plan_day(lcc)
    covered = serialize.plan_from_dict(result_of(run)).covered(serialize.instance_from_dict(run.inputs))
    assert covered == {f"A{work.pk}"}  # work goes before private (R50)
    items = result_of(run)["advice"]["items"]
    assert [i["rank"] for i in items] == [1]
    assert "tekort aan" in items[0]["shortage"][0]
    assert {r["rule"] for r in result_of(run)["advice"]["reasons"]} >= {"R40"}


def test_a_second_run_replaces_the_plan_in_force(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    first = plan_day(lcc)
    second = plan_day(lcc)
    first.refresh_from_db()
    assert second.in_force
    assert not first.in_force


def test_one_run_at_a_time_per_period(lcc: User, protected: DeploymentConcept, team: list[StaffMember]) -> None:
    activity(lcc, protected.person, 8, 12)
    services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    with pytest.raises(Conflict, match="loopt al"):
        services.start_run(lcc, first_day=DAY - timedelta(days=1), days=2, time_limit=5)


def test_a_cancelled_run_leaves_the_previous_plan_in_force(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    previous = plan_day(lcc)
    queued = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    services.cancel_run(lcc, queued, "Verkeerde dag")
    assert runner.execute(queued.pk).status == RunStatus.CANCELLED
    # Cancelled while it computes: the runner stops at the next sub-problem.
    running = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    services.claim_run(running.pk)
    services.cancel_run(lcc, running)
    PlanRun.objects.filter(pk=running.pk).update(status=RunStatus.QUEUED)  # let the runner claim it again
    PlanRun.objects.filter(pk=running.pk).update(cancel_requested=True)
    assert runner.execute(running.pk).status == RunStatus.CANCELLED
    previous.refresh_from_db()
    assert previous.in_force
    assert PlanRun.objects.filter(in_force=True).get() == previous
    with pytest.raises(Conflict):
        services.cancel_run(lcc, previous)


def test_a_failed_run_leaves_the_previous_plan_in_force(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    previous = plan_day(lcc)
    broken = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    inputs = dict(broken.inputs)
    inputs["activities"] = [{**inputs["activities"][0], "end": inputs["activities"][0]["start"]}]
    PlanRun.objects.filter(pk=broken.pk).update(inputs=inputs)
    failed = runner.execute(broken.pk)
    assert failed.status == RunStatus.FAILED
    assert "Ongeldige invoer" in failed.message
    assert "nul minuten" in failed.message
    previous.refresh_from_db()
    assert previous.in_force
    assert not failed.in_force


def test_a_lost_run_expires(lcc: User, protected: DeploymentConcept, team: list[StaffMember]) -> None:
    activity(lcc, protected.person, 8, 12)
    run = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    PlanRun.objects.filter(pk=run.pk).update(started_at=run.started_at - timedelta(hours=1))
    assert services.expire_stale_runs() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


def test_a_sick_call_replans_and_says_what_changed(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    person = protected.person
    activity(lcc, person, 8, 12)
    activity(lcc, person, 13, 17)
    previous = plan_day(lcc)
    deployed = {a["staff"] for a in result_of(previous)["assignments"]}
    sick = next(m for m in team if m.number in deployed)
    absence, runs = services.report_absence(lcc, sick, kind="ziek", starts_at=at(7), replan=True)
    assert absence.entry.action == "deployment.absence_reported"
    assert len(runs) == 1
    assert runs[0].based_on == previous
    replanned = runner.execute(runs[0].pk)
    assert replanned.status == RunStatus.DONE
    assert replanned.in_force
    assert sick.number not in {a["staff"] for a in result_of(replanned)["assignments"]}
    assert any(r["staff"] == sick.number for r in diff_of(replanned)["removed"])
    assert diff_of(replanned)["added"]
    assert (
        validate(serialize.instance_from_dict(replanned.inputs), serialize.plan_from_dict(result_of(replanned))) == []
    )
    previous.refresh_from_db()
    assert not previous.in_force
    assert Absence.objects.filter(staff=sick).exists()


def test_a_new_activity_can_be_replanned_into_the_plan(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    person = protected.person
    activity(lcc, person, 8, 12)
    previous = plan_day(lcc)
    added, runs = services.register_activity(
        lcc,
        person,
        starts_at=at(14),
        ends_at=at(15),
        place="Tweede Kamer",
        municipality="GM0518",
        kind="work",
        replan=True,
    )
    replanned = runner.execute(runs[0].pk)
    assert replanned.status == RunStatus.DONE
    assert f"A{added.pk}" in diff_of(replanned)["newly_covered"]
    assert result_of(previous)["assignments"][0] in result_of(replanned)["assignments"]  # the rest stays


def test_only_the_lcc_plans(make_user: Callable[..., User], protected: DeploymentConcept) -> None:
    for role in (Role.ADVISER_BB, Role.NCTV_OFFICER, Role.KMAR_OFFICER):
        with pytest.raises(NotAllowed):
            services.start_run(make_user(role), first_day=DAY, days=1, time_limit=5)


def test_a_sick_call_during_an_open_run_is_kept_and_replaces_that_run(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    previous = plan_day(lcc)
    outdated = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)  # took its inputs before the sick call
    sick = next(m for m in team if m.number in {a["staff"] for a in result_of(previous)["assignments"]})
    absence, runs = services.report_absence(lcc, sick, kind="ziek", starts_at=at(7), replan=True)
    assert absence.pk is not None
    outdated.refresh_from_db()
    assert outdated.cancel_requested
    assert outdated.status == RunStatus.CANCELLED
    assert "Vervangen door herplannen" in outdated.message
    assert runner.execute(runs[0].pk).in_force


def test_a_new_activity_earlier_in_the_day_keeps_its_own_place(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    person = protected.person
    activity(lcc, person, 13, 15, place="Binnenhof 1")
    previous = plan_day(lcc)
    added, runs = services.register_activity(
        lcc,
        person,
        starts_at=at(8),
        ends_at=at(9),
        place="Tweede Kamer",
        municipality="GM0518",
        kind="work",
        replan=True,
    )
    replanned = runner.execute(runs[0].pk)
    instance = serialize.instance_from_dict(replanned.inputs)
    places = {aid: instance.locations[a.location].name for aid, a in instance.activities.items()}
    assert places[f"A{added.pk}"] == "Tweede Kamer"
    assert places[next(iter(serialize.instance_from_dict(previous.inputs).activities))] == "Binnenhof 1"


def test_two_sick_calls_in_a_row_both_count(lcc: User, protected: DeploymentConcept, team: list[StaffMember]) -> None:
    person = protected.person
    activity(lcc, person, 8, 12)
    activity(lcc, person, 13, 17)
    previous = plan_day(lcc)
    deployed = [m for m in team if m.number in {a["staff"] for a in result_of(previous)["assignments"]}]
    first, second = deployed[0], deployed[1]
    _, runs = services.report_absence(lcc, first, kind="ziek", starts_at=at(7), replan=True)
    _, later = services.report_absence(lcc, second, kind="ziek", starts_at=at(7), replan=True)
    runs[0].refresh_from_db()
    assert runs[0].status == RunStatus.CANCELLED  # replaced: it did not know of the second sick call
    assert [c["staff"] for c in services.changes_of(later[0])] == [first.number, second.number]
    replanned = runner.execute(later[0].pk)
    assert replanned.in_force
    staff_after = {a["staff"] for a in result_of(replanned)["assignments"]}
    assert first.number not in staff_after
    assert second.number not in staff_after
    assert (
        validate(serialize.instance_from_dict(replanned.inputs), serialize.plan_from_dict(result_of(replanned))) == []
    )


def test_a_replan_of_an_older_plan_does_not_override_a_newer_plan_of_the_day(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    from stelsel.deployment.queries import in_force_for

    activity(lcc, protected.person, 8, 12)
    older = runner.execute(services.start_run(lcc, first_day=DAY - timedelta(days=1), days=2, time_limit=5).pk)
    newer = plan_day(lcc)
    older.refresh_from_db()
    assert older.in_force  # it reaches beyond the newer plan's day, so it stays in force for its other day
    assert in_force_for(DAY)[DAY] == newer
    sick = next(m for m in team if m.number in {a["staff"] for a in result_of(newer)["assignments"]})
    _, runs = services.report_absence(lcc, sick, kind="ziek", starts_at=at(7), replan=True)
    assert {r.based_on_id for r in runs} == {older.pk, newer.pk}  # each plan in force gets its own re-plan
    done = [runner.execute(r.pk) for r in runs]
    assert all(r.in_force for r in done)
    by_base = {r.based_on_id: r for r in done}
    assert in_force_for(DAY)[DAY] == by_base[newer.pk]


def test_a_replan_of_a_replaced_plan_is_outdated(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    previous = plan_day(lcc)
    sick = next(m for m in team if m.number in {a["staff"] for a in result_of(previous)["assignments"]})
    _, runs = services.report_absence(lcc, sick, kind="ziek", starts_at=at(7), replan=True)
    # While the re-plan computes, its plan stops being in force (a full plan can only start once no run is open over
    # the period, so here this is a race; the re-plan must not bring the replaced plan's days back).
    PlanRun.objects.filter(pk=previous.pk).update(in_force=False)
    outdated = runner.execute(runs[0].pk)
    assert outdated.status == RunStatus.CANCELLED
    assert "Verouderd" in outdated.message
    assert not outdated.in_force


def test_leave_with_an_end_is_absent_only_for_that_window(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    previous = plan_day(lcc)
    member = next(m for m in team if m.number in {a["staff"] for a in result_of(previous)["assignments"]})
    _, runs = services.report_absence(lcc, member, kind="verlof", starts_at=at(9), ends_at=at(10), replan=True)
    instance = serialize.instance_from_dict(runs[0].inputs)
    windows = [(w.start, w.end) for w in instance.staff[member.number].absences]
    assert windows == [(9 * 60, 10 * 60)]  # minutes from midnight of the run's first day


def test_a_fit_report_ends_an_open_absence(lcc: User, team: list[StaffMember]) -> None:
    absence, _ = services.report_absence(lcc, team[0], kind="ziek", starts_at=at(7))
    with pytest.raises(InvalidInput) as error:
        services.report_fit(lcc, absence, fit_at=at(6))
    assert "na het begin" in error.value.field_errors["fit_at"]
    ended = services.report_fit(lcc, absence, fit_at=at(12))
    assert ended.ends_at == at(12)
    with pytest.raises(Conflict):
        services.report_fit(lcc, absence, fit_at=at(13))


def test_a_run_expired_as_lost_is_not_rewritten_when_its_thread_ends(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 12)
    run = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    services.claim_run(run.pk)
    services.fail_run(run.pk, "Afgebroken")
    assert not services.record_progress(run.pk, 1, 1)  # the thread is told to stop
    finished = services.finish_run(run.pk, result={"assignments": []}, summary={}, diff=None)
    assert finished.status == RunStatus.FAILED
    assert finished.message == "Afgebroken"
    assert not finished.in_force
