"""Realistic fictional demo data, created through the real services so the journal tells the story."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from stelsel.access.models import Organisation, User
from stelsel.access.roles import Role
from stelsel.deployment.demo import create_demo_deployment
from stelsel.intel.attachments import from_bytes
from stelsel.intel.models import ThreatProduct
from stelsel.intel.services import deliver_product, set_threat_level
from stelsel.lcc.services import assign_private_party, register_private_party
from stelsel.local.demo import create_demo_local
from stelsel.measures.models import Measure
from stelsel.measures.services import (
    ItemInput,
    decide_package,
    register_risk_moment,
    request_advice,
    send_mayor_notification,
)
from stelsel.portal.demo import add_demo_care
from stelsel.registry import services
from stelsel.registry.models import Person
from stelsel.registry.reference import load_reference
from stelsel.registry.services import AddressInput
from stelsel.threatpicture.services import save_picture
from stelsel.triage import services as triage

DEMO_SOURCES_TEXT = (
    "Bronnenoverzicht bij de dreigingsinschatting (demo)\n"
    "1. Berichten op sociale media, drie accounts, betrouwbaarheid C.\n"
    "2. Melding van de beveiligingsadviseur van het ministerie, betrouwbaarheid B.\n"
)
DEMO_PASSWORD = "demo-Stelsel-2026"  # noqa: S105 (printed demo login, never production)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation_code: str


DEMO_USERS = [
    DemoUser("nctv", "Eva", "Smit", Role.NCTV_OFFICER, "nctv"),
    DemoUser("nctv.analist", "Lotte", "Bos", Role.NCTV_OFFICER, "nctv"),
    DemoUser("hovj.denhaag", "Marieke", "van Leeuwen", Role.HOVJ, "om-den-haag"),
    DemoUser("adviseur.denhaag", "Ruben", "Kok", Role.ADVISER_BBC, "om-den-haag"),
    DemoUser("secretariaat.denhaag", "Fatima", "Bouzid", Role.OM_SECRETARIAT, "om-den-haag"),
    DemoUser("hovj.rotterdam", "Henk", "Mulder", Role.HOVJ, "om-rotterdam"),
    DemoUser("hovj.amsterdam", "Sanne", "Vos", Role.HOVJ, "om-amsterdam"),
    DemoUser("hovj.gelderland", "Joris", "Willemsen", Role.HOVJ, "om-gelderland"),
    DemoUser("adviseur.gelderland", "Esther", "Kramer", Role.ADVISER_BBC, "om-gelderland"),
    DemoUser("college", "Maarten", "de Graaf", Role.PG_COLLEGE, "om-college"),
    DemoUser("rccb.denhaag", "Jeroen", "de Boer", Role.RCCB, "politie-den-haag"),
    DemoUser("info.denhaag", "Ilse", "Hendriks", Role.POLICE_INTEL, "politie-den-haag"),
    DemoUser("rccb.rotterdam", "Daan", "Jacobs", Role.RCCB, "politie-rotterdam"),
    DemoUser("rccb.amsterdam", "Mohamed", "Yilmaz", Role.RCCB, "politie-amsterdam"),
    DemoUser("adviseur.le", "Bas", "Verhoeven", Role.ADVISER_BB, "politie-landelijke-eenheid"),
    DemoUser("lcc", "Linda", "Dekker", Role.LCC_COORDINATOR, "lcc"),
    DemoUser("kmar", "Tom", "Brouwer", Role.KMAR_OFFICER, "kmar"),
    DemoUser("kmar.info", "Iris", "Janssen", Role.KMAR_INTEL, "kmar"),
    DemoUser("aivd", "Noor", "Peters", Role.SERVICE_ANALYST, "aivd"),
    DemoUser("burgemeester.denhaag", "Willem", "van den Berg", Role.MAYOR, "gemeente-gm0518"),
    DemoUser("burgemeester.rotterdam", "Annemarie", "Kuipers", Role.MAYOR, "gemeente-gm0599"),
    DemoUser("inspecteur", "Petra", "Schouten", Role.INSPECTOR, "inspectie-jenv"),
    DemoUser("beheer", "Koen", "Willems", Role.FUNCTIONAL_ADMIN, "nctv"),
    DemoUser("beveiligde", "Pieter", "de Vries", Role.PROTECTED_PERSON, "beveiligden"),
]


def _address(street: str, number: int, postcode: str, city: str, municipality: str) -> AddressInput:
    return AddressInput(
        street=street, house_number=number, postcode=postcode, city=city, municipality_code=municipality
    )


def create_user(spec: DemoUser, password: str = DEMO_PASSWORD) -> User:
    user = User.objects.create_user(
        username=spec.username,
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=f"{spec.username}@demo.stelsel.invalid",
        role=spec.role,
        organisation=Organisation.objects.get(code=spec.organisation_code),
    )
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def _person(actor: User, given: str, surname: str, born: date, home: AddressInput, prefix: str = "") -> Person:
    return services.register_person(
        actor,
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        date_of_birth=born,
        home=home,
        reason="Registratie na melding van dreiging (demo).",
    )


def _family(actor: User, person: Person, relative: Person, kind: str, household: bool) -> None:
    services.link_relative(
        actor,
        person,
        relative,
        kind=kind,
        household=household,
        reason="Gezinssamenstelling vastgesteld (demo).",
    )


@transaction.atomic
def create_demo_data() -> None:
    load_reference()
    users = {spec.username: create_user(spec) for spec in DEMO_USERS}
    nctv, rccb_dh, rccb_ams = users["nctv"], users["rccb.denhaag"], users["rccb.amsterdam"]

    # A person on the limitative list (category II) with a household and a son living elsewhere.
    noordeinde = _address("Laan van Meerdervoort", 112, "2517 AP", "Den Haag", "GM0518")
    pieter = _person(nctv, "Pieter", "Vries", date(1968, 4, 12), noordeinde, prefix="de")
    anna = _person(nctv, "Anna", "Bakker", date(1970, 9, 3), noordeinde)
    sem = _person(nctv, "Sem", "Vries", date(2009, 1, 21), noordeinde, prefix="de")
    lotte = _person(
        nctv,
        "Lotte",
        "Vries",
        date(1996, 6, 30),
        _address("Oudegracht", 41, "3511 AB", "Utrecht", "GM0344"),
        prefix="de",
    )
    _family(nctv, pieter, anna, "levensgezel", household=True)
    _family(nctv, pieter, sem, "kind", household=True)
    _family(nctv, pieter, lotte, "kind", household=False)
    services.assign_authority(
        nctv,
        pieter,
        basis="limitatieve_lijst_2",
        reason="Functie staat op de limitatieve lijst, categorie II.",
    )
    set_threat_level(
        nctv,
        pieter,
        severity="ernstig",
        likelihood="voorstelbaar",
        motivation="Aanhoudende, niet-concrete dreiging uit extremistische hoek tegen deze functie.",
        information=["Dreigingsinschatting politie (DI)", "Signaalrapportage extremisme"],
    )
    trigger = "Nieuwe dreigingsinformatie, een functiewissel of een verhuizing."
    in_90_days = timezone.localdate() + timedelta(days=90)
    package = decide_package(
        nctv,
        pieter,
        items=[
            ItemInput("object_protection_home", "prive", review_on=in_90_days, reevaluate_when=trigger),
            ItemInput("secured_transport", "werk", review_on=in_90_days, reevaluate_when=trigger),
        ],
        starts_on=timezone.localdate(),
        threat_level=3,
        threat_duration="langdurig",
        motivation="Standaardbeveiliging van de woning bij deze functie; beveiligd vervoer rond werkbezoeken.",
    )
    home_protection = package.measures.get(kind="object_protection_home")
    users["beveiligde"].person = pieter
    users["beveiligde"].save(update_fields=["person"])
    _demo_measures_around(users, pieter)
    deliver_product(
        users["info.denhaag"],
        pieter,
        kind="di",
        body="Dreigingsinschatting: aanhoudende online dreiging uit extremistische hoek; geen concreet plan bekend.",
        threatened=pieter.full_name,
        threatener="Onbekend; meerdere accounts in een extremistisch netwerk",
        severity="ernstig",
        likelihood="voorstelbaar",
        marking="alleen_gezag",
        sanitised_summary="Er is een actuele dreigingsinschatting; de inhoud is alleen voor het gezag.",
        attachments=[from_bytes("bronnenoverzicht.txt", DEMO_SOURCES_TEXT.encode())],
    )
    _demo_private_party(users, home_protection)
    add_demo_care(nctv, pieter)
    _demo_threat_picture(nctv, pieter)

    # A journalist: first local domain under the HOvJ Rotterdam, then designated by the NCTV.
    home_r = _address("Witte de Withstraat", 27, "3012 BN", "Rotterdam", "GM0599")
    rccb_r = users["rccb.rotterdam"]
    samira = _person(rccb_r, "Samira", "El Amrani", date(1985, 11, 8), home_r)
    youssef = _person(rccb_r, "Youssef", "El Amrani", date(1983, 2, 14), home_r)
    _family(rccb_r, samira, youssef, "levensgezel", household=True)
    services.assign_authority(
        users["hovj.rotterdam"],
        samira,
        basis="lokaal_domein",
        reason="Ernstige dreiging na publicatie; lokale maatregelen nodig in afwachting van triage.",
    )
    samira_case = triage.draft_intake(rccb_r, samira, _direct_intake("Doodsbedreiging na publicatie over drugshandel."))
    triage.sign_intake(
        users["hovj.rotterdam"],
        samira_case,
        route="directe_opname",
        motivation="Ernstige dreiging uit georganiseerde criminaliteit; dader bekend.",
        expected_version=None,
    )
    triage.judge(
        nctv,
        samira_case,
        admitted=True,
        motivation="Opgenomen na triage: ernstige dreiging uit georganiseerde ondermijnende criminaliteit.",
        information=["Intakeformulier HOvJ Rotterdam", "Dreigingsinschatting politie Rotterdam"],
        expected_version=None,
    )  # the handover file is still to come: it shows as missing in both worklists
    request_advice(
        nctv,
        samira,
        adviser_org=Organisation.objects.get(code="politie-landelijke-eenheid"),
        question="Welk pakket past na opname? Zij werkt als journalist in Rotterdam en reist veel.",
        due_on=timezone.localdate() + timedelta(days=5),
    )  # waits in the worklist of the adviser B&B of the national unit

    # A local-domain case in The Hague: an alderman under the HOvJ, with partner and stepchild.
    home_v = _address("Prinsegracht", 8, "2512 GA", "Den Haag", "GM0518")
    johan = _person(rccb_dh, "Johan", "Visser", date(1975, 7, 19), home_v)
    mira = _person(rccb_dh, "Mira", "Visser-Kaya", date(1978, 3, 2), home_v)
    daan = _person(rccb_dh, "Daan", "Kaya", date(2005, 10, 10), home_v)
    _family(rccb_dh, johan, mira, "levensgezel", household=True)
    _family(rccb_dh, johan, daan, "stiefkind", household=True)
    services.assign_authority(
        users["hovj.denhaag"],
        johan,
        basis="lokaal_domein",
        reason="Bedreigd wethouder; weerbaarheid onvoldoende volgens politieadvies.",
    )

    johan_case = triage.draft_intake(
        rccb_dh, johan, _direct_intake("Bedreiging met de dood door een lid van een motorclub.")
    )
    triage.sign_intake(
        users["hovj.denhaag"],
        johan_case,
        route="directe_opname",
        motivation="Voldoet aan het toetsingskader; de lokale maatregelen volstaan niet meer.",
        expected_version=None,
    )  # waits for the NCTV's judgement

    # Basic police care only: a threat that did not meet the criteria.
    _person(
        rccb_ams,
        "Kees",
        "Jansen",
        date(1959, 12, 1),
        _address("Damrak", 70, "1012 LM", "Amsterdam", "GM0363"),
    )
    ingrid = _person(rccb_dh, "Ingrid", "Bos", date(1990, 5, 5), _address("Spui", 70, "2511 BT", "Den Haag", "GM0518"))
    ingrid_case = triage.draft_intake(
        rccb_dh,
        ingrid,
        triage.IntakeInput(
            threat_summary="Anonieme dreigbrieven aan een rechter-commissaris; afzender onbekend.",
            life_threat="indirect",
            professional_insight=True,
            professional_insight_text="Politie ziet overeenkomsten met eerdere intimidatie in ondermijningszaken.",
        ),
    )
    triage.sign_intake(
        users["hovj.denhaag"],
        ingrid_case,
        route="triagetafel",
        motivation="Niet voor directe opname, wel reden tot bespreking.",
        expected_version=None,
    )
    triage.put_on_table(
        users["hovj.denhaag"], ingrid_case, meeting_date=timezone.localdate() + timedelta(days=3), expected_version=None
    )

    # Objects and services.
    palace = services.register_object(
        nctv,
        name="Paleis Noordeinde",
        kind="gebouw",
        municipality_code="GM0518",
        art4_category="koninklijk_paleis",
        reason="Koninklijk paleis (art. 4 Politiewet 2012).",
    )
    services.assign_authority(nctv, palace, basis="art4_politiewet", reason="Art. 4 Politiewet: altijd de NCTV.")
    city_hall = services.register_object(
        users["burgemeester.denhaag"],
        name="Stadhuis Den Haag",
        kind="gebouw",
        municipality_code="GM0518",
        reason="Demonstraties aangekondigd.",
    )
    services.assign_authority(
        users["burgemeester.denhaag"], city_hall, basis="openbare_orde", reason="Handhaving openbare orde."
    )
    embassy = services.register_object(
        nctv,
        name="Ambassade (fictief), Lange Voorhout",
        kind="gebouw",
        municipality_code="GM0518",
        on_limitative_list=True,
        reason="Object op de limitatieve lijst.",
    )
    services.assign_authority(
        users["hovj.denhaag"],
        embassy,
        basis="strafrechtelijke_handhaving",
        reason="Concrete dreiging: maatregelen ter voorkoming van strafbare feiten.",
    )
    create_demo_deployment(users)
    create_demo_local(users, embassy)


def _demo_threat_picture(nctv: User, pieter: Person) -> None:
    """A draft integrated threat picture that waits for a second analyst's peer review and challenge."""
    product = ThreatProduct.objects.filter(person=pieter).order_by("-delivered_at").first()
    save_picture(
        nctv,
        pieter,
        version=0,
        summary="Aanhoudende online dreiging uit extremistische hoek tegen de functie; geen concreet plan bekend.",
        hypotheses=[
            {
                "statement": "Een individu uit het netwerk gaat over tot een aanslag",
                "indicators": ["Verkenning bij woning of werk", "Persoonlijke gegevens gedeeld in het netwerk"],
            },
            {
                "statement": "De dreiging blijft bij online intimidatie",
                "indicators": ["Alleen berichten op sociale media", "Geen fysieke nabijheid"],
            },
        ],
        evidence=[
            {
                "description": "Dreigingsinschatting politie: geen concreet plan bekend",
                "reliability": "B",
                "product_id": product.pk if product else None,
                "scores": {"H1": "I", "H2": "C"},
            },
            {
                "description": "Adres gedeeld in een besloten groep",
                "reliability": "C",
                "scores": {"H1": "C", "H2": "NVT"},
            },
        ],
        assumptions=["Het netwerk heeft geen leden met een geweldsverleden in de regio"],
        blind_spots=["Besloten kanalen waar de politie geen zicht op heeft"],
        soft_information=["Melding van een buurtbewoner over een geparkeerde auto"],
        missing_information=["Wie het adres heeft gedeeld"],
        threat="Aanhoudende, niet-concrete dreiging; adres bekend in het netwerk.",
        resistance="Woning met basisbeveiliging; werk in een beveiligd ministerie.",
        measures_effect="Woningbeveiliging en beveiligd woon-werkverkeer verkleinen de kans op uitvoering.",
        residual_risk="Aanvaardbaar met de huidige maatregelen.",
        review_on=timezone.localdate() + timedelta(days=90),
        triggers=["Nieuwe dreigingsinformatie over het netwerk", "Een verhuizing of functiewissel"],
    )


def _demo_measures_around(users: dict[str, User], pieter: Person) -> None:
    """The mayor of The Hague informed, a moment of increased risk waiting for the NCTV."""
    nctv = users["nctv"]
    send_mayor_notification(
        nctv,
        pieter,
        municipality_code="GM0518",
        scenario="nieuwe_persoon",
        content="Een te beveiligen persoon woont in uw gemeente; zichtbare objectbeveiliging bij de woning.",
    )
    start = timezone.now() + timedelta(days=4)
    register_risk_moment(
        users["rccb.denhaag"],
        pieter,
        reporter_kind="werkgever",
        reporter_name="Ministerie, bureau beveiliging",
        description="Openbare toespraak op het Plein bij de opening van het parlementaire jaar.",
        location="Plein, Den Haag",
        municipality_code="GM0518",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


def _demo_private_party(users: dict[str, User], home_protection: Measure) -> None:
    """A certified security company guards the home under the national unit's direction, with the NCTV's consent."""
    party = register_private_party(
        users["lcc"],
        name="Veilig Wonen Beveiliging B.V. (fictief)",
        kvk_number="12345678",
        certification="Wpbr-vergunning beveiligingsorganisatie; aanvullende eisen NCTV objectbeveiliging",
        certified_until=timezone.localdate() + timedelta(days=300),
        training="Objectbeveiliging woning, samenwerking met LE EO",
    )
    assign_private_party(
        users["nctv"],
        home_protection,
        party=party,
        directing_unit=Organisation.objects.get(code="politie-landelijke-eenheid"),
        task="Toezicht op de woning en alarmopvolging tot aankomst politie; geen taken die geweld vragen.",
        starts_on=timezone.localdate(),
        consent_motivation="Capaciteit LE vrijmaken; bewaking van de woning vraagt geen geweldsbevoegdheid.",
    )


def _direct_intake(summary: str) -> triage.IntakeInput:
    return triage.IntakeInput(
        threat_summary=summary,
        violent_offence=True,
        max_sentence_years=12,
        life_threat="direct",
        actor_known=True,
        actor_description="Bekend lid van een crimineel samenwerkingsverband.",
        phenomenon="georganiseerde_criminaliteit",
        phenomenon_facts="Eerdere veroordelingen stellen de geweldsbereidheid van het CSV vast.",
    )


def demo_logins() -> list[tuple[str, str, str, str]]:
    rows = []
    for user in User.objects.select_related("organisation").order_by("organisation__name", "username"):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        rows.append((user.username, user.role_label, user.organisation.name, device.config_url if device else ""))
    return rows
