"""Pages and API of deployment: constant query counts, progress, need-to-know in plans, Dutch errors over the API."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.conftest import verified_client
from stelsel.deployment import queries, runner, services
from stelsel.deployment.models import DeploymentConcept, DeploymentUnit, PlanRun, RunStatus, StaffMember
from stelsel.deployment.tests.conftest import DAY, activity, at, staff

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_data(lcc: User, unit: DeploymentUnit, person, n: int) -> None:
    members = [staff(lcc, unit, f"EX{n}{i}", "escort", "driver") for i in range(6)]
    services.set_roster(lcc, [services.ShiftInput(m, at(6), at(22)) for m in members], "extra")
    for hour in range(6, 6 + n):
        activity(lcc, person, hour + 0, hour + 1, place=f"Plek {hour}")


def test_day_plan_and_dashboard_query_counts_do_not_grow(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember], unit: DeploymentUnit
) -> None:
    person = protected.person
    activity(lcc, person, 8, 9)
    runner.execute(services.start_run(lcc, first_day=DAY, days=1, time_limit=5).pk)
    client = verified_client(lcc)
    urls = [f"/inzet/planning/?dag={DAY}", f"/inzet/dashboard/?dag={DAY}", f"/inzet/capaciteit/?dag={DAY}"]
    small = [_queries(client, url) for url in urls]
    _more_data(lcc, unit, person, 8)
    runner.execute(services.start_run(lcc, first_day=DAY, days=1, time_limit=5).pk)
    large = [_queries(client, url) for url in urls]
    assert large == small


def test_the_dashboard_counts_demand_that_no_plan_in_force_lists(lcc: User, protected: DeploymentConcept, team) -> None:
    """An activity registered after its day's plan is demand and uncovered (it awaits a re-plan); a day without any
    plan shows its demand, with no coverage figure rather than 0% (R49: the steering table sees the shortage)."""
    person, unit = protected.person, protected.unit.code
    activity(lcc, person, 8, 9)
    runner.execute(services.start_run(lcc, first_day=DAY, days=1, time_limit=5).pk)
    next_day = DAY + timedelta(days=1)

    def row(data, day):
        return next(r for r in data["rows"] if r["unit_code"] == unit and r["day"] == day)

    def trend(data, day):
        return next(t for t in data["trend"] if t["day"] == day)

    before = queries.dashboard(DAY)
    weight = row(before, DAY)["demand_weighted_hours"]  # one hour of work at the person's level
    assert weight > 0
    assert row(before, DAY)["uncovered_activities"] == 0
    assert row(before, next_day)["demand_weighted_hours"] == 0
    activity(lcc, person, 14, 15, place="Later")
    services.register_activity(
        lcc,
        person,
        starts_at=at(8, day=next_day),
        ends_at=at(10, day=next_day),
        place="Binnenhof 1",
        municipality="GM0518",
        kind="work",
    )
    after = queries.dashboard(DAY)
    assert row(after, DAY)["demand_weighted_hours"] == 2 * weight
    assert row(after, DAY)["uncovered_activities"] == 1
    assert trend(after, DAY)["coverage"] == pytest.approx(trend(before, DAY)["coverage"] / 2, abs=0.001)
    assert row(after, next_day)["demand_weighted_hours"] == 2 * weight
    assert row(after, next_day)["uncovered_activities"] == 0
    assert row(after, next_day)["planned"] is False
    assert trend(after, next_day)["coverage"] is None
    assert trend(after, next_day)["demand_weighted_hours"] == 2 * weight


def test_the_run_page_shows_progress_while_open_and_reloads_when_done(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 9)
    run = services.start_run(lcc, first_day=DAY, days=1, time_limit=5)
    client = verified_client(lcc)
    page = client.get(f"/inzet/runs/{run.pk}/").content.decode()
    assert "<progress" in page
    assert 'hx-trigger="every 1s"' in page
    assert "Run annuleren" in page
    runner.execute(run.pk)
    fragment = client.get(f"/inzet/runs/{run.pk}/voortgang/", headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true"
    assert "<progress" not in fragment.content.decode()


def test_plans_show_only_persons_the_reader_sees(
    lcc: User,
    protected: DeploymentConcept,
    team: list[StaffMember],
    make_user: Callable[..., User],
) -> None:
    activity(lcc, protected.person, 8, 9)
    runner.execute(services.start_run(lcc, first_day=DAY, days=1, time_limit=5).pk)
    name = str(protected.person)
    assert name in verified_client(lcc).get(f"/inzet/planning/?dag={DAY}").content.decode()
    # The adviser B&B of Rotterdam reads plans but has no need to know of a person living in The Hague.
    rotterdam = make_user(Role.ADVISER_BB, org="politie-rotterdam")
    page = verified_client(rotterdam).get(f"/inzet/planning/?dag={DAY}").content.decode()
    assert name not in page
    assert "1 activiteit(en) van personen buiten uw zicht" in page
    detail = verified_client(rotterdam).get(f"/api/v1/deployment/runs/{PlanRun.objects.get().pk}/").json()
    assert detail["assignments"] == []
    assert detail["summary"]["activities"] == 1
    # A re-plan for a new activity stores whose it is; the API says only what kind of change it was.
    _, runs = services.register_activity(
        lcc,
        protected.person,
        starts_at=at(10),
        ends_at=at(11),
        place="Kamer",
        municipality="GM0518",
        kind="work",
        replan=True,
    )
    replan = verified_client(rotterdam).get(f"/api/v1/deployment/runs/{runs[0].pk}/").json()
    assert replan["change_kind"] == "new_activity"
    assert f"P{protected.person.pk}" not in str(replan)
    assert "Kamer" not in str(replan)


def test_the_api_starts_follows_and_cancels_a_run(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    activity(lcc, protected.person, 8, 9)
    client = verified_client(lcc)
    bad = client.post("/api/v1/deployment/runs/", {"days": 9}, content_type="application/json")
    assert bad.status_code == 400
    assert "Plan 1 tot en met 7 dagen" in str(bad.json())
    assert not PlanRun.objects.exists()
    started = client.post(
        "/api/v1/deployment/runs/",
        {"first_day": DAY.isoformat(), "days": 1, "time_limit": 5},
        content_type="application/json",
    )
    assert started.status_code == 201
    assert started.json()["status"] == RunStatus.QUEUED
    run_id = started.json()["id"]
    cancelled = client.post(f"/api/v1/deployment/runs/{run_id}/cancel/", {}, content_type="application/json")
    assert cancelled.json()["status"] == RunStatus.CANCELLED
    again = client.post(f"/api/v1/deployment/runs/{run_id}/cancel/", {}, content_type="application/json")
    assert again.status_code == 409


def test_an_activity_over_the_api_with_bad_times_is_refused_in_dutch(
    lcc: User, protected: DeploymentConcept, team: list[StaffMember]
) -> None:
    response = verified_client(lcc).post(
        f"/api/v1/persons/{protected.person.pk}/activities/",
        {
            "starts_at": at(10).isoformat(),
            "ends_at": at(9).isoformat(),
            "place": "x",
            "municipality": "GM0518",
            "kind": "work",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "voordat zij begint" in str(response.json())


def test_the_lcc_reaches_concept_and_activities_from_the_person_page(
    lcc: User, protected: DeploymentConcept, make_user: Callable[..., User]
) -> None:
    page = verified_client(lcc).get(f"/personen/{protected.person.pk}/").content.decode()
    assert f"/personen/{protected.person.pk}/inzetconcept/" in page
    assert f"/personen/{protected.person.pk}/activiteit/" in page
    concept_page = verified_client(lcc).get(f"/personen/{protected.person.pk}/inzetconcept/").content.decode()
    assert "1× chauffeur, 2× escorte" in concept_page  # the default team of personal escort at level 4
    kmar = verified_client(make_user(Role.KMAR_OFFICER)).get(f"/personen/{protected.person.pk}/").content.decode()
    assert f"/personen/{protected.person.pk}/inzetconcept/" not in kmar
