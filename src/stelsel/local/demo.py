"""Demo data of the local domain: a night-time threat waiting for the adviser BB&C, a threatened HOvJ assigned to
another district (the College informed), and the NCTV's advice on an embassy waiting for the HOvJ's answer."""

from datetime import date, timedelta

from django.utils import timezone

from stelsel.access.models import User
from stelsel.local import services
from stelsel.registry import services as registry
from stelsel.registry.models import ProtectedObject
from stelsel.registry.services import AddressInput

SERIOUS = services.Criteria(violent_offence=True, max_sentence_years=8, life_threat="direct")


def create_demo_local(users: dict[str, User], embassy: ProtectedObject) -> None:
    rccb, nctv = users["rccb.denhaag"], users["nctv"]
    night = timezone.localtime() - timedelta(hours=6)
    mirjam = registry.register_person(
        rccb,
        given_names="Mirjam",
        surname="Kok",
        date_of_birth=date(1979, 3, 3),
        home=AddressInput("Weimarstraat", 120, "2562GX", "Den Haag", "GM0518"),
        reason="Aangifte van bedreiging.",
    )
    report = services.register_report(
        rccb,
        person=mirjam,
        obj=None,
        threatened_function="geen",
        received_as="aangifte",
        what_happened="Molotovcocktail tegen de voordeur; dreigbericht op de telefoon.",
        threatener="Ex-partner, bekend bij de politie",
        occurred_at=night,
    )
    report = services.weigh_report(
        rccb, report, criteria=SERIOUS, motivation="Poging tot brandstichting bij de woning, dreiger bekend."
    )
    services.take_urgent_measure(
        rccb, report, kind="extra_surveillance", scope="prive", motivation="Direct surveillance bij de woning."
    )
    gerard = registry.register_person(
        rccb,
        given_names="Gerard",
        surname="Mulder",
        date_of_birth=date(1965, 6, 1),
        home=AddressInput("Van Stolkweg", 9, "2585JL", "Den Haag", "GM0518"),
        work=AddressInput("Prins Clauslaan", 60, "2595AJ", "Den Haag", "GM0518"),
        reason="Bedreigde HOvJ.",
    )
    services.register_report(
        rccb,
        person=gerard,
        obj=None,
        threatened_function="hovj",
        received_as="melding",
        what_happened="Dreigbrief thuis bezorgd met foto's van de kinderen.",
        threatener="",
        occurred_at=timezone.localtime() - timedelta(hours=2),
    )
    services.give_object_advice(
        nctv, embassy, advice="Verscherpte toegangscontrole en cameratoezicht aan de straatzijde, op niveau 3."
    )
