"""Deciding and phasing out measures (§1.3, §2.3.4, §3.3). One transaction and one journal entry each."""

from datetime import date

from django.db import transaction

from stelsel.access.models import User
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.timeutil import now, today
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasureStatus, Scope
from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.measures import MeasureRuleError, check_measure
from stelsel.policy.versions import version_on
from stelsel.registry.models import AuthorityPeriod, Person
from stelsel.registry.queries import current_authority
from stelsel.triage.models import CaseStatus, TriageCase

HANDOVER_WARNING = (
    "Het overdrachtsdossier van de HOvJ is nog niet binnen (§2.3.3, R19): de NCTV neemt in de praktijk pas "
    "aanvullende maatregelen als het volledige dossier er is. Bevestig dat u toch nu besluit."
)


def _principal_basis(period: AuthorityPeriod) -> Basis:
    """A household member's measures follow the basis of the protected person's own authority."""
    if period.via_person_id is not None:
        principal = current_authority(period.via_person) if period.via_person else None
        if principal is not None:
            return Basis(principal.basis)
    return Basis(period.basis)


def handover_missing(person: Person) -> bool:
    return TriageCase.objects.filter(
        person=person, status=CaseStatus.ADMITTED, handover_received_at__isnull=True
    ).exists()


def decide_measure(
    actor: User,
    person: Person,
    *,
    kind: str,
    scope: str,
    starts_on: date | None,
    review_on: date | None,
    motivation: str,
    despite_missing_handover: bool = False,
) -> Measure:
    """The authority over the person decides one measure, motivated, temporary unless category I (R02, R21, R38)."""
    require(actor, Action.DECIDE_MEASURE, person)
    errors: dict[str, str] = {}
    measure_kind = catalogue().get(kind)
    if measure_kind is None:
        errors["kind"] = f"Onbekende maatregel '{kind}'."
    if scope not in Scope.values:
        errors["scope"] = "Kies werk, privé of beide."
    if starts_on is None:
        errors["starts_on"] = "Ingangsdatum is verplicht."
    if not motivation or not motivation.strip():
        errors["motivation"] = "Motivering van het besluit is verplicht."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert measure_kind is not None
    assert starts_on is not None
    policy = version_on(today())
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        authority = current_authority(locked)
        if authority is None or authority.holder_id != actor.organisation_id:
            raise NotAllowed("Alleen het gezag over deze persoon besluit over maatregelen (§1.3, R02).")
        try:
            outcome = check_measure(
                measure_kind,
                HolderKind(authority.holder_kind),
                _principal_basis(authority),
                starts_on,
                review_on,
                policy,
            )
        except MeasureRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        if authority.holder_kind == HolderKind.NCTV and handover_missing(locked) and not despite_missing_handover:
            raise InvalidInput.for_field("despite_missing_handover", HANDOVER_WARNING)
        measure = Measure(
            person=locked,
            kind=measure_kind.code,
            scope=scope,
            starts_on=starts_on,
            review_on=review_on,
            authority=actor.organisation,
            holder_kind=authority.holder_kind,
            motivation=motivation.strip(),
            reasons=outcome.reasons_as_dicts,
            policy_version=policy.key,
            decided_by=actor,
            decided_at=now(),
        )
        measure.started_by = journal.record(
            actor=actor,
            action="measure.decided",
            subjects=[locked],
            reason=measure.motivation,
            policy_version=policy.key,
            payload={
                "measure": measure_kind.name,
                "scope": Scope(scope).label,
                "starts_on": starts_on,
                "review_on": review_on,
                "reasons": outcome.reasons_as_dicts,
                "despite_missing_handover": despite_missing_handover,
            },
        )
        measure.save()
    return measure


def phase_out_measure(
    actor: User, measure: Measure, *, motivation: str, expected_version: int | None = None
) -> Measure:
    """End a measure as soon as it is no longer needed (R38), motivated, by the authority that holds it now."""
    require(actor, Action.PHASE_OUT_MEASURE, measure.person)
    if not motivation or not motivation.strip():
        raise InvalidInput.for_field("motivation", "Motivering van de afbouw is verplicht.")
    with transaction.atomic():
        locked = Measure.objects.select_for_update().select_related("person").get(pk=measure.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("Iemand anders heeft deze maatregel intussen gewijzigd.")
        if locked.status != MeasureStatus.ACTIVE:
            raise Conflict("Deze maatregel is al afgebouwd.")
        authority = current_authority(locked.person)
        if authority is None or authority.holder_id != actor.organisation_id:
            raise NotAllowed("Alleen het gezag over deze persoon bouwt maatregelen af (§1.3, R02).")
        entry = journal.record(
            actor=actor,
            action="measure.phased_out",
            subjects=[locked.person],
            reason=motivation.strip(),
            policy_version=version_on(today()).key,
            payload={"measure": locked.kind_name, "decided_at": locked.decided_at},
        )
        locked.status, locked.ended_at, locked.ended_by = MeasureStatus.PHASED_OUT, now(), entry
        locked.end_motivation = motivation.strip()
        locked.version += 1
        locked.save(update_fields=["status", "ended_at", "ended_by", "end_motivation", "version"])
    return locked
