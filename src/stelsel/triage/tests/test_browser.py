"""Real headless Chromium: two triage cases walked through the UI by police, HOvJ, OM secretariat and NCTV."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from stelsel.access.roles import Role
from stelsel.conftest import TEST_PASSWORD, address, current_code
from stelsel.registry import services as registry
from stelsel.registry.queries import current_authority
from stelsel.triage import services
from stelsel.triage.models import CaseStatus, TriageCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(os.environ.get("STELSEL_TEST_ARTIFACTS", Path(__file__).resolve().parents[4] / "test-artifacts"))


@pytest.fixture
def family(rccb):
    def person(given, surname, home, prefix=""):
        return registry.register_person(
            rccb,
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=date(1972, 3, 14),
            home=home,
            reason="melding van bedreiging",
        )

    home = address("Laan van Meerdervoort", 112, "2517 AP")
    sanne = person("Sanne", "Jansen", home)
    ruud = person("Ruud", "Jansen", home)
    registry.link_relative(rccb, sanne, ruud, kind="levensgezel", household=True, reason="partner")
    return sanne, ruud


def _as(browser, live_server, user):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/personen/")
    return page


def _open_from_worklist(page, live_server, task):
    page.goto(f"{live_server.url}/werkvoorraad/")
    page.get_by_role("link", name=task).first.click()
    page.wait_for_selector("[data-testid=zaakstatus]")


def _act(page, action, fill, button="Vastleggen", refused=False):
    page.get_by_role("link", name=action).click()
    for label, value in fill.items():
        if value is True:
            page.get_by_label(label, exact=True).check()
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(".alert" if refused else "[data-testid=zaakstatus]")


def test_a_direct_case_from_police_draft_to_designation_and_handover(live_server, browser, family, rccb, hovj, nctv):
    sanne, ruud = family

    police = _as(browser, live_server, rccb)
    police.goto(f"{live_server.url}/personen/{sanne.pk}/")
    police.get_by_role("link", name="Intakeformulier triage opstellen").click()
    police.get_by_label("Omschrijving van de dreiging").fill("Doodsbedreiging na getuigenis in liquidatieproces.")
    police.get_by_label("(Mede)plegen van een geweldsdelict").check()
    police.get_by_label("Strafmaximum van dat delict (jaren)").fill("12")
    police.get_by_label("Gericht tegen het leven").select_option("direct")
    police.get_by_label("De dreigende actor is bekend").check()
    police.get_by_label("Wie is de dreigende actor?").fill("Lid van een crimineel samenwerkingsverband.")
    police.get_by_label("Dreigingsfenomeen").select_option("georganiseerde_criminaliteit")
    assert "Directe opname" not in police.locator("[data-testid=uitkomst]").inner_text()
    police.get_by_label("Feiten die de actor in dit fenomeen plaatsen").fill(
        "Vonnis 2024 stelt geweldsbereidheid vast."
    )
    # The framework answers live while the form is filled in.
    police.wait_for_selector("[data-testid=uitkomst-route]:has-text('Directe opname')")
    assert "§2.3.3 b" in police.locator("[data-testid=uitkomst]").inner_text()
    police.get_by_role("button", name="Opslaan").click()
    police.wait_for_selector("[data-testid=zaakstatus]:has-text('Concept')")

    prosecutor = _as(browser, live_server, hovj)
    _open_from_worklist(prosecutor, live_server, "Intakeformulier ondertekenen")
    _act(
        prosecutor,
        "Ondertekenen en versturen",
        {"Directe opname": True, "Motivering van de HOvJ": "Ernstige dreiging uit georganiseerde criminaliteit."},
    )
    assert "Ondertekend" in prosecutor.locator("[data-testid=zaakstatus]").inner_text()
    assert "§2.3.3 a" in prosecutor.locator("[data-testid=redenen]").inner_text()

    authority = _as(browser, live_server, nctv)
    _open_from_worklist(authority, live_server, "Oordelen (directe opname)")
    _act(
        authority,
        "Oordeelsformulier invullen",
        {
            "Ja": True,
            "Motivering (afwegingen)": "Ernstige, concrete dreiging; opname in het stelsel.",
            "Informatie waarop het oordeel rust": "Intakeformulier\nDreigingsinschatting politie",
        },
    )
    assert "Opgenomen" in authority.locator("[data-testid=zaakstatus]").inner_text()
    assert authority.locator("[data-testid=dossier-ontbreekt]").is_visible()

    _open_from_worklist(prosecutor, live_server, "Oordeel NCTV: opgenomen; overdrachtsdossier sturen")
    _act(prosecutor, "Overdrachtsdossier sturen", {"Inhoud van het overdrachtsdossier": "PV's, DI en tapverslagen."})

    authority.reload()
    assert authority.locator("[data-testid=dossier-ontbreekt]").count() == 0
    authority.goto(f"{live_server.url}/personen/{sanne.pk}/")
    current = authority.locator("[data-testid=huidig-gezag]").inner_text()
    assert "NCTV" in current
    assert "Aanwijzing na triage" in current
    history = authority.locator("[data-testid=gezagshistorie]").inner_text()
    assert "§2.3" in history
    assert "Lokaal domein" in history  # the HOvJ held authority while triage ran
    journal = authority.locator("[data-testid=journaal]").inner_text()
    for action in ("triage.intake_drafted", "triage.intake_signed", "triage.admitted", "triage.handover_sent"):
        assert action in journal
    assert "Ernstige, concrete dreiging" in journal
    authority.goto(f"{live_server.url}/personen/{ruud.pk}/")
    assert "Kerngezin" in authority.locator("[data-testid=huidig-gezag]").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    authority.screenshot(path=str(ARTIFACTS / "triage-household-designated.png"), full_page=True)


def test_a_table_case_is_declined_and_escalated(live_server, browser, family, rccb, hovj, nctv, make_user):
    sanne, _ = family
    form = services.IntakeInput(
        threat_summary="Dreigende berichten van een onbekende afzender.",
        life_threat="indirect",
        professional_insight=True,
        professional_insight_text="Patroon past bij eerdere aanslagen.",
    )
    case = services.draft_intake(rccb, sanne, form)
    secretariat = make_user(Role.OM_SECRETARIAT)

    prosecutor = _as(browser, live_server, hovj)
    prosecutor.goto(f"{live_server.url}/triage/{case.pk}/")
    _act(
        prosecutor,
        "Ondertekenen en versturen",
        {"Directe opname": True, "Motivering van de HOvJ": "Ernstig"},
        refused=True,
    )
    assert "Directe opname kan alleen" in prosecutor.locator(".alert").inner_text()  # refused against the framework
    prosecutor.get_by_label("Bespreking aan de triagetafel", exact=True).check()
    prosecutor.get_by_role("button", name="Vastleggen").click()
    prosecutor.wait_for_selector("[data-testid=zaakstatus]:has-text('Ondertekend')")
    meeting = (date.today() + timedelta(days=2)).isoformat()
    _act(prosecutor, "Agenderen voor de triagetafel", {"Datum triagetafel": meeting})

    chair = _as(browser, live_server, secretariat)
    _open_from_worklist(chair, live_server, "Conclusie triagetafel vastleggen")
    _act(
        chair,
        "Conclusie vastleggen",
        {"Conclusie van de triagetafel": "Voorleggen aan de NCTV.", "Deelnemers": "OM (voorzitter), NCTV, politie"},
    )

    authority = _as(browser, live_server, nctv)
    _open_from_worklist(authority, live_server, "Oordelen na triagetafel")
    _act(
        authority,
        "Oordeelsformulier invullen",
        {
            "Nee": True,
            "Motivering (afwegingen)": "Dreiging niet ernstig genoeg.",
            "Informatie waarop het oordeel rust": "Conclusie triagetafel",
        },
    )
    assert "Niet opgenomen" in authority.locator("[data-testid=zaakstatus]").inner_text()

    _open_from_worklist(prosecutor, live_server, "Oordeel NCTV: niet opgenomen; eventueel escaleren")
    _act(prosecutor, "Escaleren", {"Waarom hoort de casus toch bij de NCTV?": "De dreiging neemt toe."})
    assert "Landelijk coördinerend HOvJ" in prosecutor.locator("[data-testid=escalatie]").inner_text()

    _open_from_worklist(authority, live_server, "Escalatie: Landelijk coördinerend HOvJ met de directeur NCTV")
    _act(authority, "Uitkomst escalatie vastleggen", {"Nee": True, "Uitkomst van het overleg": "Oordeel blijft staan."})
    assert "oordeel blijft staan" in authority.locator("[data-testid=escalatie]").inner_text()

    case.refresh_from_db()
    assert case.status == CaseStatus.DECLINED
    assert current_authority(sanne).holder_kind == "hovj"
    assert TriageCase.objects.get(pk=case.pk).escalations.get().upheld_decline is True
