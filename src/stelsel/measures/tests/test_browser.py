"""Real headless Chromium: advice, package decision, both mayors, the review and a phase-out, through the UI."""

from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.core.timeutil import today
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.measures.tests.test_package import ROTTERDAM_WORK
from stelsel.registry import services as registry
from stelsel.triage import services as triage
from stelsel.triage.tests.test_browser import _as
from stelsel.triage.tests.test_services import DIRECT_FORM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newly_admitted(make_person, rccb, hovj, nctv):
    person = make_person("Samira", "El Amrani")
    registry.change_address(
        rccb, person, kind="werkadres", address=ROTTERDAM_WORK, valid_from=today(), reason="werkgever"
    )
    case = triage.draft_intake(rccb, person, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    triage.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    triage.send_handover_file(hovj, case, contents="dossier", expected_version=None)
    return person


def _from_worklist(page, live_server, task):
    page.goto(f"{live_server.url}/werkvoorraad/")
    page.get_by_role("link", name=task, exact=True).first.click()
    page.wait_for_load_state()


def _inform(page, live_server, municipality, content):
    _from_worklist(page, live_server, f"Burgemeester {municipality} informeren: nieuwe te beveiligen persoon")
    page.get_by_label("Wat u met de burgemeester deelt").fill(content)
    page.get_by_role("button", name="Opslaan").click()
    page.locator(".message", has_text=f"Burgemeester van {municipality} geïnformeerd").wait_for()


def _read_as_mayor(browser, live_server, mayor, content):
    page = _as(browser, live_server, mayor)
    page.goto(f"{live_server.url}/meldingen/")
    rows = page.locator("[data-testid=meldingen] tbody tr")
    assert rows.count() == 1  # only the own municipality's notification
    page.get_by_role("link", name="Nieuwe te beveiligen persoon opgenomen").click()
    assert page.locator("[data-testid=melding-inhoud]").inner_text() == content
    page.get_by_role("button", name="Gelezen").click()
    page.wait_for_selector("text=Gelezen op")
    return page


def test_advice_decision_mayors_review_and_phase_out(live_server, browser, newly_admitted, nctv, make_user):
    person = newly_admitted
    adviser = make_user(Role.ADVISER_BB)
    mayor_the_hague = make_user(Role.MAYOR)
    mayor_rotterdam = make_user(Role.MAYOR, org="gemeente-gm0599")

    # The NCTV asks the national unit's adviser B&B for a measures advice.
    authority = _as(browser, live_server, nctv)
    authority.goto(f"{live_server.url}/personen/{person.pk}/")
    authority.get_by_role("link", name="Maatregelenadvies vragen").click()
    authority.get_by_label("Adviseur B&B van").select_option(label="Politie eenheid Landelijke Eenheid")
    authority.get_by_label("Vraag aan de adviseur").fill("Welk pakket is nodig na opname in het stelsel?")
    authority.get_by_label("Advies gewenst uiterlijk").fill((today() + timedelta(days=5)).isoformat())
    authority.get_by_role("button", name="Opslaan").click()
    authority.wait_for_selector("[data-testid=advies-status]:has-text('Gevraagd')")

    # The adviser drafts the package: work protection, limited private activities, camera at home.
    advising = _as(browser, live_server, adviser)
    _from_worklist(advising, live_server, "Maatregelenadvies opstellen")
    advising.get_by_role("link", name="Advies opstellen").click()
    advising.get_by_label("Dreigingsniveau").select_option("4")
    advising.get_by_label("Verwachte duur van de dreiging").select_option("langdurig")
    advising.get_by_label("Toelichting: dreiging en benodigd weerstandsniveau").fill("Langdurige dreiging uit een CSV.")
    advising.get_by_label("Advies over schaarse middelen").fill("Twee teams persoonsbeveiliging LE.")
    for row, (kind, scope, facilitation) in enumerate(
        [("close_protection", "werk", ""), ("personal_escort", "prive", "beperkt"), ("camera", "prive", "")]
    ):
        advising.locator(f"[name=items-{row}-kind]").select_option(kind)
        advising.locator(f"[name=items-{row}-scope]").select_option(scope)
        advising.locator(f"[name=items-{row}-facilitation]").select_option(facilitation)
    # First without the private facilitation: the duty-of-care rule is named on the row.
    advising.locator("[name=items-1-facilitation]").select_option("")
    advising.get_by_role("button", name="Advies indienen").click()
    advising.wait_for_selector(".alert:has-text('kies hoe ver privéactiviteiten worden gefaciliteerd')")
    advising.locator("[name=items-1-facilitation]").select_option("beperkt")
    advising.get_by_role("button", name="Advies indienen").click()
    advising.wait_for_selector("[data-testid=advies-status]:has-text('Ingediend')")
    # Each choice names the rule it follows (folded under "n regels"; text_content reads the folded text too).
    advised = advising.locator("[data-testid=adviespakket]").text_content()
    assert "Werkactiviteiten gaan voor privéactiviteiten" in advised

    # The NCTV decides the package with motivation and a re-evaluation trigger per measure.
    _from_worklist(authority, live_server, "Maatregelenadvies beoordelen en besluiten")
    authority.get_by_role("link", name="Besluiten over het pakket").click()
    for row in range(3):
        authority.locator(f"[name=items-{row}-reevaluate_when]").fill("Vonnis in de strafzaak of nieuwe DI.")
    authority.get_by_role("button", name="Pakket besluiten").click()
    authority.wait_for_selector(".alert:has-text('Motivering van het besluit is verplicht')")
    authority.get_by_label("Motivering van het besluit").fill("Het advies volgt de beleidslijn zorgplicht.")
    authority.get_by_role("button", name="Pakket besluiten").click()
    authority.wait_for_selector(".message:has-text('Pakket van 3 maatregelen besloten')")
    measures = authority.locator("[data-testid=maatregelen]").inner_text()
    assert "Persoonsbeveiliging" in measures
    assert "Beperkt: alleen noodzakelijke" in measures

    # Both mayors, of the home and of the work municipality, get their notification.
    _inform(authority, live_server, "'s-Gravenhage", "Nieuwe te beveiligen persoon woont in uw gemeente.")
    _inform(authority, live_server, "Rotterdam", "Nieuwe te beveiligen persoon werkt in uw gemeente.")
    _read_as_mayor(browser, live_server, mayor_the_hague, "Nieuwe te beveiligen persoon woont in uw gemeente.")
    mayor = _read_as_mayor(browser, live_server, mayor_rotterdam, "Nieuwe te beveiligen persoon werkt in uw gemeente.")
    mayor.goto(f"{live_server.url}/personen/{person.pk}/")
    assert "Persoonsbeveiliging" not in mayor.content()  # the mayor sees nothing beyond the notification

    # Time passes: the review comes due and shows as overdue; the camera is phased out.
    Measure.objects.filter(person=person).update(review_on=today() - timedelta(days=1))
    _from_worklist(authority, live_server, "Maatregelen herbeoordelen (te laat)")
    authority.get_by_label("Dreigingsniveau").select_option("4")
    authority.get_by_label("Verwachte duur van de dreiging").select_option("langdurig")
    next_review = (today() + timedelta(days=90)).isoformat()
    for measure in Measure.objects.filter(person=person):
        outcome = "afbouwen" if measure.kind == "camera" else "voortzetten"
        authority.locator(f"[name=measures_{measure.pk}_outcome]").select_option(outcome)
        if outcome == "voortzetten":
            authority.locator(f"[name=measures_{measure.pk}_next_review_on]").fill(next_review)
            authority.locator(f"[name=measures_{measure.pk}_reevaluate_when]").fill("Vonnis in de strafzaak.")
    authority.get_by_label("Motivering van de herbeoordeling").fill("De dreiger is verhuisd; camera niet meer nodig.")
    authority.get_by_role("button", name="Herbeoordeling vastleggen").click()
    authority.wait_for_selector(".message:has-text('Herbeoordeling vastgelegd')")
    camera_row = authority.locator("[data-testid=maatregel-camera]").inner_text()
    assert "Afgebouwd" in camera_row
    assert Measure.objects.get(person=person, kind="camera").status == MeasureStatus.PHASED_OUT

    journal = authority.locator("[data-testid=journaal]").inner_text()
    for action in (
        "measures.advice_requested",
        "measures.advice_submitted",
        "measure.package_decided",
        "measures.mayor_informed",
        "measures.mayor_acknowledged",
        "measure.reviewed",
    ):
        assert action in journal
