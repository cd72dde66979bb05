"""Every state change of the protected person's side of a case (R42, R44, R50; §2.2, §5.1, §5.2; seed 002).

Who records: the person's current authority (the NCTV for a stelsel person; the HOvJ or adviser BB&C of the holding
OM office in the local domain) and the adviser B&B of police or KMar, the authority's single point of contact (§4.1),
who can see the person. A person without authority (basic police care) has no such records.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), the right to
record for this person (403), input validation with Dutch messages per field, then inside one transaction: lock the
person, check the authority again and the state or version (409 when it moved on), write the journal entry with the
reasons and the policy version, and the row that points to it.

The journal of a person is read by more roles than the care records (RCCB, LCC, KMar), so it names what was recorded
and why, but not the free texts: the cooperation note, what the person was told and what was withheld stay in the
rows, which only VIEW_CARE reaches (need-to-know, R51).
"""

from datetime import date, datetime

from django.db import transaction

from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.access.rules import Action, require, role_may
from stelsel.core import journal
from stelsel.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from stelsel.core.timeutil import now, today
from stelsel.policy.cooperation import CooperationRuleError, cooperation_effect
from stelsel.policy.reasons import Reason
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.portal.models import (
    EMPLOYER_DUTIES,
    Channel,
    CommunicationEntry,
    ConfidentialityDeclaration,
    CooperationRecord,
    CooperationStatus,
    DeclarationStatus,
    EmployerDuties,
)
from stelsel.registry.models import AuthorityPeriod, Person
from stelsel.registry.queries import current_authority

R_COMMUNICATION = Reason(
    "R44",
    "§5.2",
    "De te beveiligen persoon wordt periodiek, en tussentijds als daar aanleiding voor is, geïnformeerd over de aard "
    "van de dreiging en de getroffen maatregelen, zodat hij of zij de eigen verantwoordelijkheid kan invullen.",
)
R_NOT_EVERYTHING = Reason(
    "R44",
    "§5.2",
    "Het is niet mogelijk de persoon te allen tijde over iedere dreiging te informeren; belangen van inlichtingen, "
    "opsporing of vervolging kunnen in de weg staan.",
)
R_INFORM_WITHOUT_COOPERATION = Reason(
    "R42",
    "§5.1",
    "Ook zonder medewerking blijft de overheid de persoon informeren over de dreiging en adviseren over "
    "handelingsperspectieven (beleidslijn zorgplicht).",
)
R_CONFIDENTIALITY = Reason(
    "R44",
    "§5.2",
    "Tegen derden worden geen uitlatingen gedaan over dreigingsinformatie en maatregelen; daartoe kan een "
    "geheimhoudingsverklaring ter ondertekening worden voorgelegd.",
)
R_DECLINED = Reason(
    "R44",
    "§5.2",
    "Bij openbare uitspraken over maatregelen kan het gezag besluiten terughoudender te zijn met informatie aan de "
    "persoon en het beveiligingsconcept aan te passen.",
)
R_EMPLOYER = Reason(
    "R50",
    "§2.2",
    "Gelaagde verantwoordelijkheid: van de werkgever wordt naar redelijkheid en draagkracht verwacht dat hij zijn "
    "zorgplicht invult: alertheid, weerbaarheid, preventie, beveiligingsmaatregelen (woning, werkplek, vervoer) en "
    "meedenken met de overheid (beleidslijn zorgplicht).",
)

# Roles that record as the person's authority; the adviser B&B records as its single point of contact (§4.1).
AUTHORITY_ROLES = frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC})
NO_AUTHORITY = (
    "Voor deze persoon is geen gezag vastgelegd (basispolitiezorg); medewerking, communicatie, geheimhouding en "
    "zorgplicht van de werkgever worden alleen vastgelegd voor een persoon onder gezag."
)
NOT_THE_AUTHORITY = (
    "Alleen het gezag over deze persoon of de adviseur B&B (het eerste aanspreekpunt van het gezag) legt dit vast "
    "(§1.3, §4.1)."
)


def _policy() -> PolicyVersion:
    return version_on(today())


def _text(value: str | None) -> str:
    return (value or "").strip()


def _reason_dicts(reasons: tuple[Reason, ...] | list[Reason]) -> list[dict[str, str]]:
    return [reason.as_dict() for reason in reasons]


# --- who may record ----------------------------------------------------------------------------------------------


def _recording_authority(actor: User, person: Person) -> AuthorityPeriod:
    """The person's current authority, when the actor may record for the person under it; otherwise a DomainError."""
    authority = current_authority(person)
    if authority is None:
        raise InvalidInput.for_field("person", NO_AUTHORITY)
    if actor.user_role is Role.ADVISER_BB:
        return authority  # require() has established that the adviser sees the person
    if actor.user_role in AUTHORITY_ROLES and actor.organisation_id == authority.holder_id:
        return authority
    raise NotAllowed(NOT_THE_AUTHORITY)


def check_may_record(actor: User, person: Person) -> AuthorityPeriod:
    """404 outside need-to-know, 403 for the wrong role or organisation, 400 without authority (basic police care)."""
    require(actor, Action.RECORD_CARE, person)
    return _recording_authority(actor, person)


def may_record(actor: User, person: Person) -> bool:
    """For pages: whether to offer the forms. The person must already be one the actor sees."""
    if not role_may(actor, Action.RECORD_CARE):
        return False
    try:
        _recording_authority(actor, person)
    except DomainError:
        return False
    return True


def _locked(actor: User, person: Person) -> Person:
    """Inside the transaction: lock the person and check the authority again (it may have moved on meanwhile)."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    _recording_authority(actor, locked)
    return locked


# --- cooperation (R42, §2.2, §5.1, seed 002) -------------------------------------------------------------------


def record_cooperation(
    actor: User, person: Person, *, status: str, note: str, limits_accepted: bool = False
) -> CooperationRecord:
    """Record the person's cooperation as now observed. The history stays; the current status is the latest record."""
    check_may_record(actor, person)
    policy = _policy()
    errors: dict[str, str] = {}
    outcome = None
    try:
        outcome = cooperation_effect(status, bool(limits_accepted), policy)
    except CooperationRuleError as error:
        errors[error.field] = str(error)
    if not _text(note):
        errors["note"] = "Motiveer de vastgestelde medewerking: wat is waargenomen of besproken."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert outcome is not None
    effect = outcome.value
    with transaction.atomic():
        locked = _locked(actor, person)
        previous = CooperationRecord.objects.filter(person=locked).order_by("-recorded_at", "-id").first()
        record = CooperationRecord(
            person=locked,
            status=effect.cooperation.value,
            limits_accepted=effect.limits_accepted,
            note=_text(note),
            effect=effect.as_dict(),
            reasons=outcome.reasons_as_dicts,
            policy_version=policy.key,
            recorded_by=actor,
            recorded_at=now(),
        )
        limits = "; de persoon aanvaardt meer beperkingen" if effect.limits_accepted else ""
        record.entry = journal.record(
            actor=actor,
            action="portal.cooperation_recorded",
            subjects=[locked],
            reason=f"Medewerking vastgesteld: {effect.label.lower()}{limits}. {effect.summary}",
            policy_version=policy.key,
            payload={
                "status": effect.label,
                "previous_status": previous.get_status_display() if previous else None,
                "limits_accepted": effect.limits_accepted,
                "effect": effect.as_dict(),
                "reasons": outcome.reasons_as_dicts,
            },
        )
        record.save()
    return record


# --- communication (R44, §5.2) ---------------------------------------------------------------------------------


def record_communication(
    actor: User,
    person: Person,
    *,
    told_at: datetime | None,
    channel: str,
    summary: str,
    about_threat: bool = False,
    about_measures: bool = False,
    withheld_note: str = "",
) -> CommunicationEntry:
    """Log what the person was told about the threat and the measures, when and how; and what was withheld."""
    check_may_record(actor, person)
    errors: dict[str, str] = {}
    if told_at is None:
        errors["told_at"] = "Vul in wanneer de persoon is geïnformeerd (datum en tijd)."
    elif told_at > now():
        errors["told_at"] = "Het tijdstip ligt in de toekomst; leg een gesprek vast nadat het heeft plaatsgevonden."
    if channel not in Channel.values:
        errors["channel"] = "Kies hoe de persoon is geïnformeerd: gesprek, telefoon, brief of app."
    if not (about_threat or about_measures):
        errors["about_threat"] = "Kruis aan waarover de persoon is geïnformeerd: de dreiging, de maatregelen of beide."
    if not _text(summary):
        errors["summary"] = "Beschrijf wat de persoon is verteld."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert told_at is not None
    policy = _policy()
    reasons = [R_COMMUNICATION]
    if _text(withheld_note):
        reasons.append(R_NOT_EVERYTHING)
    with transaction.atomic():
        locked = _locked(actor, person)
        latest = CooperationRecord.objects.filter(person=locked).order_by("-recorded_at", "-id").first()
        if latest is not None and latest.status == CooperationStatus.NONE:
            reasons.append(R_INFORM_WITHOUT_COOPERATION)
        entry = CommunicationEntry(
            person=locked,
            told_at=told_at,
            channel=channel,
            about_threat=bool(about_threat),
            about_measures=bool(about_measures),
            summary=_text(summary),
            withheld_note=_text(withheld_note),
            recorded_by=actor,
            recorded_at=now(),
        )
        entry.entry = journal.record(
            actor=actor,
            action="portal.communication_recorded",
            subjects=[locked],
            reason=f"Persoon geïnformeerd over {entry.topics} ({Channel(channel).label.lower()}).",
            policy_version=policy.key,
            payload={
                "told_at": told_at,
                "channel": Channel(channel).label,
                "about_threat": entry.about_threat,
                "about_measures": entry.about_measures,
                "something_withheld": bool(entry.withheld_note),
                "reasons": _reason_dicts(reasons),
            },
        )
        entry.save()
    return entry


# --- the confidentiality declaration (§5.2) ---------------------------------------------------------------------


def _declaration_errors(status: str, on: date, latest: ConfidentialityDeclaration | None) -> dict[str, str]:
    """Offer first; sign or decline only an open offer; offer again only after a refusal; dates never go back."""
    offered, signed = DeclarationStatus.OFFERED.value, DeclarationStatus.SIGNED.value
    if latest is None:
        if status == offered:
            return {}
        what = DeclarationStatus(status).label.lower()
        return {
            "status": f"Een verklaring kan alleen worden {what} nadat zij is aangeboden; leg eerst het aanbod vast."
        }
    previous = f"{latest.get_status_display().lower()} op {latest.on:%d-%m-%Y}"
    if status == offered and latest.status == offered:
        return {
            "status": f"De verklaring is al aangeboden ({previous}); leg vast of de persoon ondertekent of weigert."
        }
    if status == offered and latest.status == signed:
        return {"status": f"De persoon heeft de verklaring al ondertekend ({previous})."}
    if status != offered and latest.status != offered:
        return {"status": f"Er is geen openstaand aanbod (laatst: {previous}); leg eerst een (nieuw) aanbod vast."}
    if on < latest.on:
        return {"on": f"De datum ligt vóór de vorige gebeurtenis ({previous})."}
    return {}


def record_confidentiality(
    actor: User, person: Person, *, status: str, on: date | None, note: str = ""
) -> ConfidentialityDeclaration:
    """Record that the declaration was offered, signed or declined; every event stays in the history."""
    check_may_record(actor, person)
    errors: dict[str, str] = {}
    if status not in DeclarationStatus.values:
        errors["status"] = "Kies wat er gebeurde: aangeboden, ondertekend of geweigerd."
    if on is None:
        errors["on"] = "Vul de datum in."
    elif on > today():
        errors["on"] = "De datum ligt in de toekomst."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert on is not None
    policy = _policy()
    with transaction.atomic():
        locked = _locked(actor, person)
        latest = ConfidentialityDeclaration.objects.filter(person=locked).order_by("-recorded_at", "-id").first()
        errors = _declaration_errors(status, on, latest)
        if errors:
            raise InvalidInput.for_fields(errors)
        reasons = [R_CONFIDENTIALITY] + ([R_DECLINED] if status == DeclarationStatus.DECLINED else [])
        event = ConfidentialityDeclaration(
            person=locked, status=status, on=on, note=_text(note), recorded_by=actor, recorded_at=now()
        )
        label = DeclarationStatus(status).label
        event.entry = journal.record(
            actor=actor,
            action="portal.confidentiality_recorded",
            subjects=[locked],
            reason=f"Geheimhoudingsverklaring {label.lower()} op {on:%d-%m-%Y}.",
            policy_version=policy.key,
            payload={
                "status": label,
                "on": on,
                "previous_status": latest.get_status_display() if latest else None,
                "reasons": _reason_dicts(reasons),
            },
        )
        event.save()
    return event


# --- the employer's duty of care (seed 002) ----------------------------------------------------------------------


def update_employer_duties(
    actor: User,
    person: Person,
    *,
    employer_name: str,
    expected_version: int | None,
    alertness: bool = False,
    resilience: bool = False,
    prevention: bool = False,
    security_measures: bool = False,
    thinking_along: bool = False,
    notes: str = "",
) -> EmployerDuties:
    """Create or change the employer checklist. `expected_version` is the version edited, 0 for a new checklist."""
    check_may_record(actor, person)
    errors: dict[str, str] = {}
    if not _text(employer_name):
        errors["employer_name"] = "Noem de werkgever (organisatie) van de persoon."
    if expected_version is None:
        errors["expected_version"] = "Geef de versie op die u hebt bewerkt (0 voor een nieuwe checklist)."
    if errors:
        raise InvalidInput.for_fields(errors)
    after: dict[str, object] = {
        "employer_name": _text(employer_name),
        "alertness": bool(alertness),
        "resilience": bool(resilience),
        "prevention": bool(prevention),
        "security_measures": bool(security_measures),
        "thinking_along": bool(thinking_along),
        "notes": _text(notes),
    }
    policy = _policy()
    with transaction.atomic():
        locked = _locked(actor, person)
        duties = EmployerDuties.objects.select_for_update().filter(person=locked).first()
        current_version = duties.version if duties else 0
        if expected_version != current_version:
            raise Conflict(
                "Iemand anders heeft de zorgplicht van de werkgever intussen gewijzigd "
                f"(u bewerkte versie {expected_version}, nu is het versie {current_version}). Laad de pagina opnieuw."
            )
        before = {name: getattr(duties, name) for name in after} if duties else dict.fromkeys(after)
        changes = {
            name: {"before": before[name], "after": value} for name, value in after.items() if before[name] != value
        }
        if duties is not None and not changes:
            raise InvalidInput("Er is niets gewijzigd ten opzichte van de vastgelegde checklist.")
        version = current_version + 1
        fulfilled = [EMPLOYER_DUTIES[name][0] for name in EMPLOYER_DUTIES if after[name]]
        entry = journal.record(
            actor=actor,
            action="portal.employer_duties_updated",
            subjects=[locked],
            reason=(
                f"Zorgplicht werkgever {after['employer_name']} {'bijgewerkt' if duties else 'vastgelegd'}: "
                f"{len(fulfilled)} van de {len(EMPLOYER_DUTIES)} verwachtingen ingevuld (versie {version})."
            ),
            policy_version=policy.key,
            payload={
                "version": version,
                "changes": changes,
                "fulfilled": fulfilled,
                "reasons": _reason_dicts([R_EMPLOYER]),
            },
        )
        if duties is None:
            duties = EmployerDuties(person=locked)
        for name, value in after.items():
            setattr(duties, name, value)
        duties.version, duties.updated_by, duties.updated_at, duties.entry = version, actor, now(), entry
        duties.save()
    return duties
