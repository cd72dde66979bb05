"""State changes of the access module: sharing a person's record with another organisation."""

from django.db import transaction

from stelsel.access.models import Organisation, PersonShare, User
from stelsel.access.roles import OrgKind
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import InvalidInput
from stelsel.core.timeutil import now, today
from stelsel.policy.versions import version_on
from stelsel.registry.models import Person

# A mayor learns of a case only through the NCTV's notification with what it chose to share (§2.3.5, R22);
# a protected person sees only their own record.
UNSHAREABLE_KINDS: dict[OrgKind, str] = {
    OrgKind.MUNICIPALITY: "Een gemeente krijgt geen inzage in het dossier; de burgemeester wordt geïnformeerd "
    "via een melding van de NCTV (§2.3.5).",
    OrgKind.PROTECTED_PERSONS: "Het portaal voor beveiligde personen kan geen dossier van een ander inzien.",
}


def share_person(actor: User, person: Person, *, organisation_code: str, purpose: str) -> PersonShare:
    """Give another organisation sight of this record, with the task it needs it for (need-to-know, R51)."""
    require(actor, Action.SHARE_PERSON, person)
    errors: dict[str, str] = {}
    organisation = Organisation.objects.filter(code=(organisation_code or "").strip()).first()
    if organisation is None:
        errors["organisation"] = f"Organisatie '{organisation_code}' is onbekend."
    elif organisation.pk == actor.organisation_id:
        errors["organisation"] = "Uw eigen organisatie heeft al inzage."
    elif organisation.org_kind in UNSHAREABLE_KINDS:
        errors["organisation"] = UNSHAREABLE_KINDS[organisation.org_kind]
    if not purpose or not purpose.strip():
        errors["purpose"] = "Doel is verplicht: voor welke taak heeft de organisatie dit dossier nodig?"
    if errors:
        raise InvalidInput.for_fields(errors)
    assert organisation is not None
    with transaction.atomic():
        if PersonShare.objects.filter(person=person, organisation=organisation, valid_to__isnull=True).exists():
            raise InvalidInput.for_field("organisation", f"Het dossier is al gedeeld met {organisation.name}.")
        entry = journal.record(
            actor=actor,
            action="person.shared",
            subjects=[person],
            reason=purpose.strip(),
            policy_version=version_on(today()).key,
            payload={
                "organisation": organisation.name,
                "rule": {"rule": "R51", "paragraph": "§3.2", "text": "Delen binnen het eigen wettelijk kader."},
            },
        )
        return PersonShare.objects.create(
            person=person, organisation=organisation, purpose=purpose.strip(), valid_from=now(), started_by=entry
        )
