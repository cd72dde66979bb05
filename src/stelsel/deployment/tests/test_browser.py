"""Real headless Chromium, issue 7's "Done when": the LCC plans a day in the background and follows the progress,
takes a sick call that re-plans the day and shows what changed, and opens the steering dashboard."""

import pytest

from stelsel.deployment.models import PlanRun, RunKind, RunStatus
from stelsel.deployment.tests.conftest import DAY, activity
from stelsel.triage.tests.test_browser import _as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_until_finished(page) -> None:
    # htmx polls the status every second and reloads the page once the run is done.
    page.wait_for_selector("[data-testid=run-status][data-status=voltooid]", timeout=60_000)


def test_lcc_plans_a_day_takes_a_sick_call_replans_and_reads_the_dashboard(live_server, browser, lcc, protected, team):
    person = protected.person
    activity(lcc, person, 8, 12)
    activity(lcc, person, 13, 17, place="Ministerie van Justitie")
    activity(lcc, person, 18, 19, kind="private", place="Sportschool")

    page = _as(browser, live_server, lcc)
    page.get_by_role("link", name="Inzet", exact=True).click()
    page.goto(f"{live_server.url}/inzet/planning/?dag={DAY.isoformat()}")
    page.wait_for_selector("[data-testid=geen-plan]")
    page.get_by_label("Eerste dag").fill(DAY.isoformat())
    page.get_by_label("Rekentijd (seconden)").fill("10")
    page.get_by_role("button", name="Plannen").click()

    # The run page shows the run's status and progress until it is done; then it is the plan in force.
    page.wait_for_selector("[data-testid=run-status]")
    _wait_until_finished(page)
    assert page.get_by_test_id("van-kracht").is_visible()
    assert "3 van 3" in page.get_by_test_id("uitkomst").inner_text()
    run = PlanRun.objects.get(kind=RunKind.PLAN)
    assert run.in_force

    # The day's plan: every activity with its team.
    page.get_by_role("link", name="Naar het plan van de dag").click()
    plan = page.get_by_test_id("plan")
    assert plan.get_by_text("Ministerie van Justitie").is_visible()
    deployed = sorted({a["staff"] for a in run.result["assignments"]})
    assert deployed[0] in plan.inner_text()

    # A sick call for someone deployed: the plan is re-planned and the page says what changed.
    sick = next(number for number in deployed if number.startswith("PB"))  # an escort officer
    page.goto(f"{live_server.url}/inzet/capaciteit/?dag={DAY.isoformat()}")
    page.get_by_test_id(f"medewerker-{sick}").get_by_role("link", name="Ziek of afwezig melden").click()
    page.get_by_label("Afwezig vanaf").fill(f"{DAY.isoformat()}T07:00")
    assert page.get_by_label("Direct herplannen").is_checked()
    page.get_by_role("button", name="Melden", exact=True).click()
    _wait_until_finished(page)
    changes = page.get_by_test_id("wijzigingen").inner_text()
    assert "vervallen" in changes
    assert sick in changes
    assert "nieuw" in changes
    replan = PlanRun.objects.get(kind=RunKind.REPLAN)
    assert replan.status == RunStatus.DONE
    assert replan.in_force
    run.refresh_from_db()
    assert not run.in_force
    assert sick not in {a["staff"] for a in replan.result["assignments"]}

    # The steering dashboard: charts with a data table for the day, current at this page load.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.goto(f"{live_server.url}/inzet/dashboard/?dag={DAY.isoformat()}")
    assert page.locator("[data-testid=grafiek-le-dkdb] svg[role=img]").is_visible()
    row = page.get_by_test_id(f"rij-le-dkdb-{DAY.isoformat()}").inner_text()
    assert "van kracht" in row
    hours = sum(
        (int(a["end"][11:13]) * 60 + int(a["end"][14:16]) - int(a["start"][11:13]) * 60 - int(a["start"][14:16]))
        / 60
        * sum(1 for x in replan.result["assignments"] if x["activity"] == a["id"])
        for a in replan.inputs["activities"]
    )
    assert f"\t{round(hours, 1)}".replace(".", ",") in row  # deployed hours, Dutch notation
    assert page.get_by_test_id("trend").locator("svg[role=img]").is_visible()
    # The dashboard names nobody (R49, R51).
    assert str(person) not in page.content()
