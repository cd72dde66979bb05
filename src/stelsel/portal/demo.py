"""Demo data for the protected person's side of a case, recorded through the services (so journaled as usual)."""

from datetime import timedelta

from stelsel.access.models import User
from stelsel.core.timeutil import now, today
from stelsel.portal import services
from stelsel.portal.models import CooperationRecord, DeclarationStatus
from stelsel.registry.models import Person


def add_demo_care(actor: User, person: Person) -> None:
    """A realistic cooperation status, one conversation, an offered and signed declaration and an employer checklist.

    `actor` must be able to record for the person: its current authority (e.g. an NCTV officer for a stelsel person)
    or an adviser B&B who sees the person. Does nothing when the person already has care records.
    """
    if CooperationRecord.objects.filter(person=person).exists():
        return
    services.record_cooperation(
        actor,
        person,
        status="gedeeltelijk",
        limits_accepted=False,
        note=(
            "Werkt mee aan de maatregelen op het werk en rond de woning. Meldt privéafspraken niet altijd vooraf "
            "bij het team persoonsbeveiliging; besproken in het weerbaarheidsgesprek."
        ),
    )
    services.record_communication(
        actor,
        person,
        told_at=(now() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0),
        channel="gesprek",
        about_threat=True,
        about_measures=True,
        summary=(
            "Periodiek gesprek met het gezag en de adviseur B&B: de dreiging blijft onverminderd; de camera bij de "
            "woning en de persoonsbeveiliging op het werk blijven. Gevraagd privéafspraken vooraf te melden."
        ),
        withheld_note="Details van de lopende opsporing niet gedeeld (belang van het onderzoek).",
    )
    offered_on = today() - timedelta(days=10)
    services.record_confidentiality(
        actor, person, status=DeclarationStatus.OFFERED, on=offered_on, note="Uitgereikt tijdens het intakegesprek."
    )
    services.record_confidentiality(actor, person, status=DeclarationStatus.SIGNED, on=offered_on + timedelta(days=3))
    services.update_employer_duties(
        actor,
        person,
        employer_name="Ministerie van Justitie en Veiligheid",
        alertness=True,
        resilience=True,
        prevention=True,
        security_measures=True,
        thinking_along=False,
        notes="Beveiligingsadviseur van de werkgever is aangesloten; afstemming over vervoer loopt nog.",
        expected_version=0,
    )
