"""Every state change of private parties and their deployment (§1.3, R47). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state and version (409 when it
moved on), apply the policy with its reasons, change rows, write the journal entry.
"""

from datetime import date

from django.db import IntegrityError, transaction

from stelsel.access.models import Organisation, User
from stelsel.access.roles import OrgKind
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.timeutil import now, today
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.policy.private_parties import (
    R_CERTIFICATION,
    R_DIRECTION,
    PrivatePartyRuleError,
    check_private_assignment,
    is_valid_kvk_number,
)
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.registry.models import Person
from stelsel.registry.queries import current_authority

# The executing organisations (§1.3): a private party always works under the direction of one of them.
DIRECTING_ORG_KINDS = frozenset({OrgKind.POLICE_UNIT, OrgKind.KMAR})


def _policy() -> PolicyVersion:
    return version_on(today())


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- the register of certified parties ---------------------------------------------------------------------------


def _certification_date_errors(certified_until: date | None, errors: dict[str, str]) -> None:
    if certified_until is None:
        errors["certified_until"] = "Geef op tot wanneer de certificering geldig is."
    elif certified_until < today():
        errors["certified_until"] = (
            f"De certificering is verlopen op {certified_until:%d-%m-%Y}; alleen een partij die voldoet aan de "
            "certificeringseisen van het gezag kan ondersteunen (§1.3, R47)."
        )


def register_private_party(
    actor: User,
    *,
    name: str,
    kvk_number: str,
    certification: str,
    certified_until: date | None,
    training: str,
) -> PrivateParty:
    """The LCC, an adviser B&B or the KMar records a party that meets the authority's demands (§1.3, R47)."""
    require(actor, Action.REGISTER_PRIVATE_PARTY)
    errors: dict[str, str] = {}
    kvk = "".join(_text(kvk_number).split())
    if not _text(name):
        errors["name"] = "Naam van de partij is verplicht."
    if not is_valid_kvk_number(kvk):
        errors["kvk_number"] = "Het KvK-nummer bestaat uit precies 8 cijfers."
    elif PrivateParty.objects.filter(kvk_number=kvk).exists():
        errors["kvk_number"] = f"Er is al een partij geregistreerd met KvK-nummer {kvk}."
    if not _text(certification):
        errors["certification"] = (
            "Beschrijf de certificering: de vergunning (bijv. Wpbr-vergunning beveiligingsorganisatie) en de "
            "aanvullende eisen van het gezag (§1.3, R47)."
        )
    _certification_date_errors(certified_until, errors)
    if not _text(training):
        errors["training"] = "Beschrijf aan welke opleidingseisen van het gezag de partij voldoet (§1.3, R47)."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert certified_until is not None
    try:
        with transaction.atomic():
            party = PrivateParty.objects.create(
                name=_text(name),
                kvk_number=kvk,
                certification=_text(certification),
                certified_until=certified_until,
                training=_text(training),
                registered_by=actor,
                registered_at=now(),
            )
            party.entry = journal.record(
                actor=actor,
                action="lcc.private_party_registered",
                subjects=[party],
                reason=f"{party.name} geregistreerd als gecertificeerde particuliere partij.",
                policy_version=_policy().key,
                payload={
                    "name": party.name,
                    "kvk_number": kvk,
                    "certification": party.certification,
                    "certified_until": certified_until,
                    "training": party.training,
                    "reasons": [R_CERTIFICATION.as_dict()],
                },
            )
            party.save(update_fields=["entry"])
    except IntegrityError:
        # Someone registered the same KvK number at the same moment; the unique constraint kept it out.
        raise InvalidInput.for_field("kvk_number", f"Er is al een partij geregistreerd met KvK-nummer {kvk}.") from None
    return party


def renew_certification(
    actor: User,
    party: PrivateParty,
    certified_until: date | None,
    motivation: str,
    expected_version: int | None = None,
) -> PrivateParty:
    """A renewed certification: a later end date; each renewal stays in the journal with its motivation."""
    require(actor, Action.REGISTER_PRIVATE_PARTY)
    errors: dict[str, str] = {}
    _certification_date_errors(certified_until, errors)
    if not _text(motivation):
        errors["motivation"] = "Motiveer de verlenging: welke certificering en welke opleidingseisen zijn getoetst?"
    if errors:
        raise InvalidInput.for_fields(errors)
    assert certified_until is not None
    policy = _policy()
    with transaction.atomic():
        locked = PrivateParty.objects.select_for_update().get(pk=party.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("Iemand anders heeft de certificering van deze partij intussen gewijzigd.")
        if certified_until <= locked.certified_until:
            raise InvalidInput.for_field(
                "certified_until",
                f"Een verlenging loopt tot na de huidige einddatum ({locked.certified_until:%d-%m-%Y}).",
            )
        previous = locked.certified_until
        locked.certified_until = certified_until
        locked.version += 1
        locked.save(update_fields=["certified_until", "version"])
        journal.record(
            actor=actor,
            action="lcc.private_party_certification_renewed",
            subjects=[locked],
            reason=_text(motivation),
            policy_version=policy.key,
            payload={
                "name": locked.name,
                "previous_certified_until": previous,
                "certified_until": certified_until,
                "reasons": [R_CERTIFICATION.as_dict()],
            },
        )
    return locked


# --- deployment on a measure, with the authority's consent ---------------------------------------------------------


def _consenting_authority(actor: User, person: Person, what: str) -> None:
    authority = current_authority(person)
    if authority is None or authority.holder_id != actor.organisation_id:
        raise NotAllowed(
            f"Alleen het gezag over deze persoon {what}: een particuliere partij werkt met instemming van het "
            "bevoegde gezag (§1.3, R47)."
        )


def assign_private_party(
    actor: User,
    measure: Measure,
    *,
    party: PrivateParty | None,
    directing_unit: Organisation | None,
    task: str,
    starts_on: date | None,
    ends_on: date | None = None,
    consent_motivation: str,
) -> PrivateAssignment:
    """The person's authority consents to a party supporting a measure under police or KMar direction (§1.3, R47)."""
    require(actor, Action.ASSIGN_PRIVATE_PARTY, measure.person)
    errors: dict[str, str] = {}
    if party is None:
        errors["party"] = "Kies een geregistreerde, gecertificeerde particuliere partij."
    if directing_unit is None or directing_unit.org_kind not in DIRECTING_ORG_KINDS:
        errors["directing_unit"] = (
            "Kies een eenheid van de politie of de KMar: de particuliere partij werkt onder hun regie en ondersteunt "
            "hen (§1.3, R47)."
        )
    if not _text(task):
        errors["task"] = "Beschrijf de ondersteunende taak van de partij."
    if starts_on is None:
        errors["starts_on"] = "Begindatum van de inzet is verplicht."
    elif starts_on < today():
        errors["starts_on"] = "De inzet kan niet met terugwerkende kracht beginnen; het gezag stemt nu in."
    if not _text(consent_motivation):
        errors["consent_motivation"] = (
            "Motiveer de instemming van het gezag met de inzet van deze partij; zonder instemming geen inzet "
            "(§1.3, R47)."
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    assert party is not None
    assert directing_unit is not None
    assert starts_on is not None
    policy = _policy()
    with transaction.atomic():
        locked = Measure.objects.select_for_update().select_related("person").get(pk=measure.pk)
        if locked.status != MeasureStatus.ACTIVE:
            raise InvalidInput.for_field(
                "measure",
                "Deze maatregel is afgebouwd; een particuliere partij ondersteunt alleen een actieve maatregel.",
            )
        _consenting_authority(actor, locked.person, "stemt in met de inzet van een particuliere partij")
        locked_party = PrivateParty.objects.select_for_update().get(pk=party.pk)
        kind = catalogue().get(locked.kind)
        if kind is None:
            raise InvalidInput.for_field("measure", f"Onbekende maatregel '{locked.kind}' in de catalogus.")
        try:
            outcome = check_private_assignment(
                kind.code,
                kind.name,
                kind.executors,
                kind.person_directed,
                locked_party.certified_until,
                starts_on,
                ends_on,
                policy,
            )
        except PrivatePartyRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        if PrivateAssignment.objects.filter(measure=locked, party=locked_party, ended_at__isnull=True).exists():
            raise InvalidInput.for_field("party", f"{locked_party.name} ondersteunt deze maatregel al.")
        reasons = outcome.reasons_as_dicts
        entry = journal.record(
            actor=actor,
            action="lcc.private_party_assigned",
            subjects=[locked.person, locked_party],
            reason=_text(consent_motivation),
            policy_version=outcome.policy_version.key,
            payload={
                "measure": locked.kind_name,
                "party": locked_party.name,
                "kvk_number": locked_party.kvk_number,
                "certified_until": locked_party.certified_until,
                "directing_unit": directing_unit.name,
                "task": _text(task),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "reasons": reasons,
            },
        )
        return PrivateAssignment.objects.create(
            measure=locked,
            party=locked_party,
            directing_unit=directing_unit,
            task=_text(task),
            starts_on=starts_on,
            ends_on=ends_on,
            authority=actor.organisation,
            consent_motivation=_text(consent_motivation),
            consented_by=actor,
            consented_at=entry.recorded_at,
            reasons=reasons,
            policy_version=outcome.policy_version.key,
            entry=entry,
        )


def end_private_assignment(actor: User, assignment: PrivateAssignment, motivation: str) -> PrivateAssignment:
    """The person's authority ends a party's support, motivated; the journal keeps the deployment's history."""
    require(actor, Action.ASSIGN_PRIVATE_PARTY, assignment.measure.person)
    if not _text(motivation):
        raise InvalidInput.for_field("motivation", "Motiveer waarom de inzet van deze partij eindigt.")
    with transaction.atomic():
        locked = (
            PrivateAssignment.objects.select_for_update()
            .select_related("measure__person", "party")
            .get(pk=assignment.pk)
        )
        if locked.ended_at is not None:
            raise Conflict("De inzet van deze partij is al beëindigd.")
        person = locked.measure.person
        _consenting_authority(actor, person, "beëindigt de inzet van een particuliere partij")
        entry = journal.record(
            actor=actor,
            action="lcc.private_assignment_ended",
            subjects=[person, locked.party],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={
                "measure": locked.measure.kind_name,
                "party": locked.party.name,
                "consented_at": locked.consented_at,
                "reasons": [R_DIRECTION.as_dict()],
            },
        )
        locked.ended_at, locked.ended_by, locked.end_motivation = entry.recorded_at, entry, _text(motivation)
        locked.save(update_fields=["ended_at", "ended_by", "end_motivation"])
    return locked
