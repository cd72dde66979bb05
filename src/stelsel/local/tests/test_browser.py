"""Real headless Chromium through the local domain (issue: Done when): a night-time threat from report to the HOvJ's
local measures, with the escort refused; and a threatened HOvJ who lives and works in one district."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.timeutil import today
from stelsel.local.models import CollegeNotification, ThreatReport
from stelsel.measures.models import Measure
from stelsel.registry import services as registry
from stelsel.registry.queries import current_authority
from stelsel.triage.tests.test_browser import _as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _from_worklist(page, live_server, task):
    page.goto(f"{live_server.url}/werkvoorraad/")
    page.get_by_role("link", name=task).first.click()
    page.wait_for_selector("[data-testid=melding]")


def _register(page, live_server, person, *, function="Geen bijzondere functie", when, what):
    page.goto(f"{live_server.url}/personen/{person.pk}/")
    page.get_by_role("link", name="Dreigingsmelding registreren").click()
    page.get_by_label("Functie van de bedreigde").select_option(label=function)
    page.get_by_label("Binnengekomen als").select_option(label="Aangifte")
    page.get_by_label("Moment van de dreiging").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Wat is er gebeurd").fill(what)
    page.get_by_label("Dreiger (indien bekend)").fill("Buurman, bekend van eerdere incidenten")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector(".message:has-text('Melding geregistreerd')")


def _weigh_serious(page):
    page.get_by_role("link", name="Eerste weging").click()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector(".alert:has-text('Motiveer de weging')")  # a weighing without reasons changes nothing
    page.get_by_label("(Mede)plegen van een geweldsdelict").check()
    page.get_by_label("Strafmaximum van dat delict (jaren)").fill("8")
    page.get_by_label("Gericht tegen het leven").select_option(label="Direct tegen het leven gericht")
    page.get_by_label("Motivering van de weging").fill("Poging tot brandstichting bij de woning, dreiger bekend.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("[data-testid=stand]:has-text('Ernstige dreiging, bij de adviseur BB&C')")


def test_night_time_threat_escort_refused_adviser_confirms_hovj_decides(live_server, browser, make_user, rccb):
    person = registry.register_person(
        rccb, given_names="Mirjam", surname="Kok", date_of_birth=date(1979, 3, 3),
        home=address(), reason="Aangifte bedreiging",
    )  # fmt: skip
    adviser, hovj = make_user(Role.ADVISER_BBC), make_user(Role.HOVJ)
    night = timezone.localtime().replace(hour=2, minute=40, second=0, microsecond=0)

    # 02:40 — the RCCB of The Hague registers the complaint and weighs it: serious.
    police = _as(browser, live_server, rccb)
    _register(police, live_server, person, when=night, what="Molotovcocktail tegen de voordeur gegooid.")
    routing = police.locator("[data-testid=routering]").inner_text()
    assert "OM Arrondissementsparket Den Haag" in routing
    assert "R25" in routing
    _weigh_serious(police)

    # Urgent measures at once: personal escort is refused (person-directed, R26), surveillance is taken provisionally.
    police.get_by_role("link", name="Spoedmaatregel nemen").click()
    police.get_by_label("Maatregel").select_option(label="Persoonsbegeleiding")
    police.get_by_label("Geldt voor").select_option(label="Werk en privé")
    police.get_by_label("Motivering: waarom per direct").fill("Dreiger loopt vrij rond.")
    police.get_by_role("button", name="Opslaan").click()
    police.wait_for_selector(".alert:has-text('nooit persoonsgericht')")
    assert not Measure.objects.filter(person=person).exists()
    police.get_by_label("Maatregel").select_option(label="Extra surveillance (attentie)")
    police.get_by_label("Geldt voor").select_option(label="Privé")
    police.get_by_role("button", name="Opslaan").click()
    police.wait_for_selector(".message:has-text('Voorlopige spoedmaatregel genomen')")
    assert "Voorlopig" in police.locator("[data-testid=spoedmaatregelen]").inner_text()

    # Morning — the adviser BB&C of The Hague finds it in the worklist and confirms it, then decides with the HOvJ.
    advising = _as(browser, live_server, adviser)
    _from_worklist(advising, live_server, "Spoedmaatregel afstemmen: Extra surveillance (attentie)")
    advising.get_by_role("link", name="Afstemmen").click()
    advising.get_by_label("Afstemming").select_option(label="Vaststellen")
    advising.get_by_label("Motivering").fill("Passend tot de maatregelen van de HOvJ ingaan.")
    advising.get_by_role("button", name="Opslaan").click()
    advising.wait_for_selector(".message:has-text('vastgesteld')")
    assert "Vastgesteld" in advising.locator("[data-testid=spoedmaatregelen]").inner_text()
    advising.get_by_role("link", name="Besluit adviseur BB&C").click()
    advising.get_by_label("Besluit", exact=True).select_option(
        label="Aanvullende veiligheidsmaatregelen in het lokaal domein"
    )
    advising.get_by_label("Motivering van het besluit").fill("Besproken met de HOvJ: aanvullend lokaal beveiligen.")
    advising.get_by_role("button", name="Opslaan").click()
    advising.wait_for_selector("[data-testid=stand]:has-text('Aanvullende lokale maatregelen, besluit HOvJ')")

    # The HOvJ decides the local measures; a person-directed one would be refused, a camera is decided.
    deciding = _as(browser, live_server, hovj)
    _from_worklist(deciding, live_server, "Besluiten over lokale maatregelen")
    deciding.get_by_role("link", name="Lokale maatregelen besluiten").click()
    deciding.get_by_label("Dreigingsniveau").select_option("3")
    deciding.get_by_label("Verwachte duur van de dreiging").select_option("kort")
    deciding.get_by_label("Motivering van het besluit").fill("Camera bij de woning, naast de surveillance.")
    deciding.locator("[name=items-0-kind]").select_option(label="Persoonsbeveiliging")
    deciding.locator("[name=items-0-scope]").select_option("beide")
    deciding.locator("[name=items-0-review_on]").fill((today() + timedelta(days=30)).isoformat())
    deciding.locator("[name=items-0-reevaluate_when]").fill("Bij aanhouding van de dreiger.")
    deciding.get_by_role("button", name="Maatregelen besluiten").click()
    deciding.wait_for_selector(".alert:has-text('R21')")
    deciding.locator("[name=items-0-kind]").select_option(label="Camera bij woning")
    deciding.locator("[name=items-0-scope]").select_option("prive")
    deciding.get_by_role("button", name="Maatregelen besluiten").click()
    deciding.wait_for_selector(".message:has-text('Lokale maatregelen besloten')")
    assert "Lokale maatregelen besloten" in deciding.locator("[data-testid=stand]").inner_text()

    report = ThreatReport.objects.get(person=person)
    assert report.status == "maatregelen_besloten"
    assert sorted(Measure.objects.filter(person=person).values_list("kind", "provisional")) == [
        ("camera", False),
        ("extra_surveillance", False),
    ]
    assert current_authority(person).holder.code == "om-den-haag"


def test_threatened_hovj_living_and_working_in_one_district_gets_another_hovj_and_the_college_is_told(
    live_server, browser, make_user, rccb
):
    person = registry.register_person(
        rccb, given_names="Gerard", surname="Mulder", date_of_birth=date(1965, 6, 1),
        home=address(), work=address("Prins Clauslaan", 60, "2595 AJ"), reason="Bedreigde HOvJ Den Haag",
    )  # fmt: skip
    own_office, other_office = make_user(Role.HOVJ), make_user(Role.HOVJ, "om-gelderland")
    other_adviser = make_user(Role.ADVISER_BBC, "om-gelderland")
    college = make_user(Role.PG_COLLEGE)

    police = _as(browser, live_server, rccb)
    _register(
        police, live_server, person, function="Hoofdofficier van Justitie", when=timezone.localtime(),
        what="Dreigbrief thuis bezorgd met foto's van de kinderen.",
    )  # fmt: skip
    assert police.locator("[data-testid=verantwoordelijke-hovj]").inner_text() == "OM Arrondissementsparket Gelderland"
    assert police.locator("[data-testid=college]").inner_text() == "Ja"
    assert "eerstvolgende arrondissement" in police.locator("[data-testid=regel]").inner_text()
    assert "R30" in police.locator("[data-testid=routering]").inner_text()
    _weigh_serious(police)

    # The assigned HOvJ's adviser sees the case; the threatened HOvJ's own office does not.
    advising = _as(browser, live_server, other_adviser)
    _from_worklist(advising, live_server, "Casus beoordelen met de HOvJ")
    assert "Gerard Mulder" in advising.locator("[data-testid=melding]").inner_text()
    own = _as(browser, live_server, own_office)
    own.goto(f"{live_server.url}/lokaal/meldingen/")
    assert "Gerard Mulder" not in own.content()
    assert own.goto(f"{live_server.url}/personen/{person.pk}/").status == 404
    assert current_authority(person).holder.code == "om-gelderland"

    # The College of procurators general is informed, and sees only what it was told.
    told = _as(browser, live_server, college)
    told.goto(f"{live_server.url}/college/meldingen/")
    notices = told.locator("[data-testid=college-meldingen]").inner_text()
    assert "Gerard Mulder" in notices
    assert "OM Arrondissementsparket Gelderland" in notices
    assert told.goto(f"{live_server.url}/personen/{person.pk}/").status == 403
    assert CollegeNotification.objects.filter(report__person=person).count() == 1

    # The assigned HOvJ holds the case now: its page shows the routing with its reasons.
    assigned = _as(browser, live_server, other_office)
    report = ThreatReport.objects.get(person=person)
    assert assigned.goto(f"{live_server.url}/lokaal/meldingen/{report.pk}/").status == 200
    assert "andere HOvJ" in assigned.locator("[data-testid=routering]").inner_text()
