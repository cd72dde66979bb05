"""Real headless Chromium against the live server: what a user of the registry sees and does."""

import os
from datetime import date
from pathlib import Path

import pytest

from stelsel.access.roles import Role
from stelsel.conftest import TEST_PASSWORD, address, current_code
from stelsel.registry import services
from stelsel.registry.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(os.environ.get("STELSEL_TEST_ARTIFACTS", Path(__file__).resolve().parents[4] / "test-artifacts"))


@pytest.fixture
def family(nctv):
    pieter = services.register_person(
        nctv,
        given_names="Pieter",
        surname_prefix="de",
        surname="Vries",
        date_of_birth=date(1968, 4, 12),
        home=address("Laan van Meerdervoort", 112, "2517 AP"),
        reason="functie op de lijst",
    )
    anna = services.register_person(
        nctv,
        given_names="Anna",
        surname="Bakker",
        date_of_birth=date(1970, 9, 3),
        home=address("Laan van Meerdervoort", 112, "2517 AP"),
        reason="partner",
    )
    lotte = services.register_person(
        nctv,
        given_names="Lotte",
        surname_prefix="de",
        surname="Vries",
        date_of_birth=date(1996, 6, 30),
        home=address("Oudegracht", 41, "3511 AB", "Utrecht", "GM0344"),
        reason="dochter",
    )
    services.link_relative(nctv, pieter, anna, kind="levensgezel", household=True, reason="gezin")
    services.link_relative(nctv, pieter, lotte, kind="kind", household=False, reason="dochter woont elders")
    services.assign_authority(nctv, pieter, basis="limitatieve_lijst_2", reason="Functie op de limitatieve lijst.")
    return pieter


def _login(page, live_server, user):
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/personen/")


def test_nctv_finds_a_person_and_sees_household_authority_and_journal(live_server, browser, nctv, family):
    page = browser.new_page()
    _login(page, live_server, nctv)
    page.get_by_label("Zoek op naam").fill("Vries")
    page.wait_for_selector("#resultaten >> text=Pieter de Vries")
    page.get_by_role("link", name="Pieter de Vries").click()
    page.wait_for_selector("h1:has-text('Pieter de Vries')")

    authority = page.locator("[data-testid=huidig-gezag]").inner_text()
    assert "NCTV" in authority
    assert "Limitatieve lijst, categorie II" in authority
    household = page.locator("[data-testid=kerngezin]").inner_text()
    assert "Anna Bakker" in household
    assert "Kerngezin" in household
    assert "Lotte de Vries" in household
    assert "Niet-inwonend" in household
    history = page.locator("[data-testid=gezagshistorie]").inner_text()
    assert "§2.3.2" in history
    assert "circulaire-bb-2026" in history
    journal = page.locator("[data-testid=journaal]").inner_text()
    assert "authority.assigned" in journal
    assert "person.registered" in journal
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "persoonspagina.png"), full_page=True)


def test_registering_with_an_unknown_municipality_shows_a_dutch_error_and_saves_nothing(
    live_server, browser, make_user
):
    rccb = make_user(Role.RCCB)
    page = browser.new_page()
    _login(page, live_server, rccb)
    page.goto(f"{live_server.url}/personen/nieuw/")
    page.get_by_label("Voornamen").fill("Karin")
    page.get_by_label("Achternaam").fill("Mol")
    page.get_by_label("Geboortedatum").fill("1984-02-29")
    page.get_by_label("Straat").fill("Spui")
    page.get_by_label("Huisnummer", exact=True).fill("70")
    page.get_by_label("Postcode").fill("2511 BT")
    page.get_by_label("Woonplaats").fill("Den Haag")
    page.get_by_label("Gemeentecode (CBS)").fill("GM9999")
    page.get_by_label("Reden").fill("Melding van bedreiging via sociale media")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_selector("text=Gemeente 'GM9999' is onbekend")
    assert not Person.objects.filter(surname="Mol").exists()

    page.get_by_label("Gemeentecode (CBS)").fill("GM0518")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_selector("h1:has-text('Karin Mol')")
    assert Person.objects.filter(surname="Mol").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "registratie.png"), full_page=True)


def test_a_user_without_need_to_know_gets_not_found(live_server, browser, family, make_user):
    outsider = make_user(Role.RCCB, org="politie-amsterdam")
    page = browser.new_page()
    _login(page, live_server, outsider)
    response = page.goto(f"{live_server.url}/personen/{family.pk}/")
    assert response is not None
    assert response.status == 404
    assert "Pieter" not in page.content()
