"""Real headless Chromium, issue 5's "Done when": the HOvJ orders an IRD, police delivers it for the authority only,
the LCC is denied it, the OM builds a threat picture with two hypotheses, a peer review and a challenge, and the HOvJ
sets the threat level with motivation; the journal and the access log show every step."""

from datetime import timedelta

import pytest

from stelsel.access.models import AccessLogEntry
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.timeutil import today
from stelsel.intel.models import ThreatLevelAssessment, ThreatProduct
from stelsel.registry import services as registry
from stelsel.threatpicture.models import PictureStatus, ThreatPicture
from stelsel.triage.tests.test_browser import _as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def local_person(make_person, hovj):
    person = make_person("Johan", "Visser", home=address(number=12))
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigde wethouder")
    return person


def _from_worklist(page, live_server, task):
    page.goto(f"{live_server.url}/werkvoorraad/")
    page.get_by_role("link", name=task).first.click()
    page.wait_for_load_state()


def test_ird_authority_only_lcc_denied_threat_picture_reviewed_and_level_set(
    live_server, browser, local_person, hovj, make_user
):
    person = local_person
    police = make_user(Role.POLICE_INTEL)  # police intelligence of The Hague, where the person lives
    lcc = make_user(Role.LCC_COORDINATOR)
    peer = make_user(Role.ADVISER_BBC)  # advisers BB&C of the same district review and challenge
    challenger = make_user(Role.ADVISER_BBC)
    admin = make_user(Role.FUNCTIONAL_ADMIN)

    # The HOvJ orders an IRD from police.
    authority = _as(browser, live_server, hovj)
    authority.goto(f"{live_server.url}/personen/{person.pk}/")
    authority.get_by_role("link", name="Dreigingsproduct aanvragen").click()
    authority.get_by_label("Soort product").select_option("ird")
    authority.get_by_label("Op te stellen door").select_option(label="Politie eenheid Den Haag")
    authority.get_by_label("Vraag").fill("Wat is bekend over de dreiging tegen de wethouder?")
    authority.get_by_label("Gereed op").fill((today() + timedelta(days=3)).isoformat())
    authority.get_by_role("button", name="Aanvragen").click()
    authority.wait_for_selector("text=aangevraagd bij Politie eenheid Den Haag")

    # Police delivers it from its worklist, for the authority only.
    producing = _as(browser, live_server, police)
    _from_worklist(producing, live_server, "Informatierapport dreiging (IRD) opstellen op verzoek")
    producing.get_by_label("Inhoud").fill("Bedreiger heeft eerder geweld gebruikt; woont in de buurt.")
    producing.get_by_label("Wie mag het lezen (markering, R51)").select_option("alleen_gezag")
    producing.get_by_role("button", name="Leveren").click()
    producing.wait_for_selector("text=geleverd (Alleen het gezag)")
    product = ThreatProduct.objects.get(person=person)
    assert product.kind == "ird"
    assert product.request is not None

    # The LCC is denied it: the URL answers as if it did not exist.
    executing = _as(browser, live_server, lcc)
    denied = executing.goto(f"{live_server.url}/dreigingsinformatie/{product.pk}/")
    assert denied.status == 404
    assert "Bedreiger heeft eerder geweld" not in executing.content()

    # The HOvJ reads it and builds the threat picture: two hypotheses, the IRD scored against both.
    authority.goto(f"{live_server.url}/dreigingsinformatie/{product.pk}/")
    authority.wait_for_selector("text=Bedreiger heeft eerder geweld gebruikt")
    authority.goto(f"{live_server.url}/personen/{person.pk}/")
    authority.get_by_role("link", name="Dreigingsbeeld").click()
    authority.get_by_role("link", name="Dreigingsbeeld opstellen").click()
    authority.get_by_label("H1: stelling").fill("Wraak van de bedreiger na het raadsbesluit")
    authority.get_by_label("H1: indicatoren").fill("Verkenning bij de woning\nNieuwe berichten")
    authority.get_by_label("H2: stelling").fill("Eenmalige uiting van woede zonder intentie")
    authority.get_by_label("E1: bewijsstuk").fill("IRD politie: eerder geweld, woont in de buurt")
    authority.get_by_label("E1: product").select_option(str(product.pk))
    authority.get_by_label("E1: betrouwbaarheid").select_option("B")
    authority.get_by_label("E1 tegen H1").select_option("C")
    authority.get_by_label("E1 tegen H2").select_option("I")
    for label, text in {
        "Aannames": "De bedreiger is in Nederland",
        "Blinde vlekken": "Contacten van de bedreiger online",
        "Zachte informatie": "Buurtbewoner zag iemand fotograferen",
        "Ontbrekende informatie": "Of de bedreiger een wapen heeft",
        "Dreiging": "Concrete bedreiging door iemand met geweldsverleden",
        "Weerstand": "Woning zonder camera",
        "Maatregelen en hun effect": "Camera en surveillance verkleinen de kans op uitvoering",
        "Restrisico": "Aanvaardbaar met surveillance",
        "Eerder herbeoordelen als …": "De bedreiger opnieuw contact zoekt",
    }.items():
        authority.get_by_label(label, exact=True).fill(text)
    authority.get_by_label("Toetsdatum").fill((today() + timedelta(days=60)).isoformat())
    authority.get_by_role("button", name="Opslaan als concept").click()
    authority.wait_for_selector("text=Dreigingsbeeld opgeslagen als versie 1")
    assert authority.locator("[data-testid=minst-weerlegd]").inner_text() == "H1"
    # Not final without a peer review and a challenge.
    authority.get_by_role("button", name="Versie 1 definitief maken").click()
    authority.wait_for_selector(".alert:has-text('peer review')")
    assert ThreatPicture.objects.get(person=person).status == PictureStatus.DRAFT

    # A second analyst reviews, a third records the challenge; both from their worklist.
    for reviewer, kind, verdict, text in (
        (peer, "peer_review", "akkoord", "Navolgbaar; de IRD is goed gewogen."),
        (challenger, "tegenspraak", "", "Scenario getoetst: een derde handelt namens de bedreiger; geen indicatie."),
    ):
        page = _as(browser, live_server, reviewer)
        _from_worklist(page, live_server, "Peer review of tegenspraak op het dreigingsbeeld")
        page.get_by_label("Soort toetsing").select_option(kind)
        if verdict:
            page.get_by_label("Oordeel (bij peer review)").select_option(verdict)
        page.get_by_label("Bevindingen of tegenspraak").fill(text)
        page.get_by_role("button", name="Toetsing vastleggen").click()
        page.wait_for_selector("text=vastgelegd op versie 1")

    authority.goto(f"{live_server.url}/personen/{person.pk}/dreigingsbeeld/")
    authority.get_by_role("button", name="Versie 1 definitief maken").click()
    authority.wait_for_selector("text=Dreigingsbeeld versie 1 is definitief")
    assert authority.locator("[data-testid=definitieve-versies]").is_visible()

    # The HOvJ sets the threat level on the whole picture, with motivation.
    authority.goto(f"{live_server.url}/personen/{person.pk}/dreigingsniveau/")
    authority.get_by_label("Ernst van de dreiging").select_option("ernstig")
    authority.get_by_label("Waarschijnlijkheid dat de dreiging wordt uitgevoerd").select_option("waarschijnlijk")
    authority.get_by_label("Motivering").fill("Geïntegreerd dreigingsbeeld versie 1: wraak is het minst weerlegd.")
    authority.get_by_label("Informatie waarop het niveau rust").fill("IRD politie Den Haag\nDreigingsbeeld versie 1")
    authority.get_by_role("button", name="Vaststellen").click()
    authority.wait_for_selector("text=Dreigingsniveau vastgesteld")
    assert ThreatLevelAssessment.objects.get(person=person).motivation.startswith("Geïntegreerd dreigingsbeeld")

    # The journal on the person's page shows every step.
    authority.goto(f"{live_server.url}/personen/{person.pk}/")
    journal = authority.locator("[data-testid=journaal]").inner_text()
    for action in (
        "intel.product_requested",
        "intel.product_delivered",
        "threatpicture.saved",
        "threatpicture.reviewed",
        "threatpicture.finalised",
        "intel.threat_level_set",
    ):
        assert action in journal, action

    # The access log shows the reads, the LCC's denial among them.
    auditing = _as(browser, live_server, admin)
    auditing.goto(f"{live_server.url}/toegangslog/")
    log = auditing.locator("table").inner_text()
    assert f"threat_product {product.pk}" in log
    assert "Geweigerd" in log
    denial = AccessLogEntry.objects.get(actor=lcc, object_type="threat_product", object_id=str(product.pk))
    assert denial.result == AccessLogEntry.Result.DENIED
    assert AccessLogEntry.objects.filter(
        actor=hovj, object_type="threat_product", object_id=str(product.pk), result=AccessLogEntry.Result.ALLOWED
    ).exists()
    assert AccessLogEntry.objects.filter(actor=peer, action="threat_picture.view").exists()
