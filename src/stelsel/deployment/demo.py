"""Demo capacity and demand for the LCC: a minister under personal escort, three units, a week's roster, a plan."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from stelsel.access.models import User
from stelsel.deployment import runner, services
from stelsel.deployment.models import DeploymentUnit, StaffMember
from stelsel.intel.services import set_threat_level
from stelsel.measures.services import decide_measure
from stelsel.registry import services as registry
from stelsel.registry.models import Person
from stelsel.registry.services import AddressInput

# (number prefix, count, qualifications) per unit; names are fictional.
STAFF = {
    "le-dkdb": [("DK", 6, ["escort", "driver"]), ("DE", 4, ["escort"]), ("DC", 2, ["driver"])],
    "kmar-bsb": [("KM", 4, ["escort", "driver"])],
    "politie-haaglanden": [("HL", 3, ["surveillance"])],
}
NAMES = ["de Jong", "Jansen", "de Groot", "Visser", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker"]
# (start, end, place, kind) of the minister's day; weekends only the private items.
AGENDA = [
    ((8, 30), (12, 0), "Binnenhof 1", "work"),
    ((13, 0), (17, 30), "Ministerie, Turfmarkt 147", "work"),
    ((19, 0), (21, 0), "Theater aan het Spui", "private"),
]


def _at(day: date, hm: tuple[int, int]) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(*hm)))


def _minister(nctv: User) -> Person:
    person = registry.register_person(
        nctv,
        given_names="Karel",
        surname="Hoekstra",
        date_of_birth=date(1971, 2, 3),
        home=AddressInput("Javastraat", 40, "2585 AP", "Den Haag", "GM0518"),
        reason="Minister; functie op de limitatieve lijst.",
    )
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_1", reason="Functie op de limitatieve lijst.")
    set_threat_level(
        nctv,
        person,
        severity="zeer_ernstig",
        likelihood="voorstelbaar",
        motivation="Concrete online dreiging na een omstreden besluit; één dreiger is in beeld.",
        information=["Dreigingsanalyse NCTV", "Dreigingsinschatting politie (DI)"],
    )
    return person


def create_demo_deployment(users: dict[str, User]) -> None:
    nctv, lcc = users["nctv"], users["lcc"]
    minister = _minister(nctv)
    decide_measure(
        nctv,
        minister,
        kind="personal_escort",
        scope="werk",
        starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=60),
        reevaluate_when="Nieuwe dreigingsinformatie of een aanhouding van de dreiger.",
        motivation="Concrete dreiging rond werkbezoeken: persoonsbegeleiding door de DKDB.",
        threat_level=4,
        threat_duration="kort",
    )
    units = {
        "le-dkdb": services.register_unit(
            lcc, code="le-dkdb", name="Landelijke Eenheid DKDB", kind="landelijk", base_municipality="GM0518"
        ),
        "kmar-bsb": services.register_unit(
            lcc,
            code="kmar-bsb",
            name="KMar Brigade Speciale Beveiligingsopdrachten",
            kind="kmar",
            base_municipality="GM0363",
        ),
        "politie-haaglanden": services.register_unit(
            lcc, code="politie-haaglanden", name="Eenheid Den Haag", kind="regionaal", base_municipality="GM0518"
        ),
    }
    members = _staff(lcc, units)
    first = timezone.localdate()
    shifts = [
        services.ShiftInput(m, _at(first + timedelta(days=n), (7, 0)), _at(first + timedelta(days=n), (21, 30)))
        for m in members
        for n in range(7)
        if (int(m.number[2:]) + n) % 7 != 6 or m.number.startswith("DK")  # a day off now and then
    ]
    services.set_roster(lcc, shifts, "Demorooster: een week vanaf vandaag, 07:00-21:30.")
    services.register_concept(
        lcc, minister, unit=units["le-dkdb"], team=None, motivation="De DKDB voert de persoonsbegeleiding uit."
    )
    for n in range(7):
        day = first + timedelta(days=n)
        for start, end, place, kind in AGENDA:
            if day.weekday() >= 5 and kind == "work":
                continue
            services.register_activity(
                lcc,
                minister,
                starts_at=_at(day, start),
                ends_at=_at(day, end),
                place=place,
                municipality="GM0518",
                kind=kind,
            )
    # Today is planned, so the plan page and the dashboard show a plan in force from the start. The run is
    # computed here, inside the transaction; the background thread started on commit then finds it done.
    with transaction.atomic():
        run = services.start_run(lcc, first_day=first, days=1, time_limit=10)
        runner.execute(run.pk)


def _staff(lcc: User, units: dict[str, DeploymentUnit]) -> list[StaffMember]:
    members = []
    n = 0
    for code, groups in STAFF.items():
        for prefix, count, quals in groups:
            for i in range(1, count + 1):
                n += 1
                members.append(
                    services.register_staff(
                        lcc,
                        units[code],
                        number=f"{prefix}{i:03d}",
                        name=f"{NAMES[n % len(NAMES)]} ({prefix}{i})",
                        qualifications=quals,
                    )
                )
    return members
