"""Every state change of the registry. One transaction each: access check, policy, change, journal entry."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import overload

from django.db import IntegrityError, transaction

from stelsel.access.models import Organisation, User
from stelsel.access.roles import OrgKind, Role
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.policy.authority import (
    BASIS_LABELS,
    HOLDER_LABELS,
    HOUSEHOLD_FOLLOWS,
    AuthorityRuleError,
    Basis,
    HolderKind,
    SubjectKind,
    holder_for,
    household_follows,
    object_basis_is_fixed,
)
from stelsel.policy.household import RELATION_LABELS, RelationKind, is_household_member
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.registry.models import (
    Address,
    AuthorityPeriod,
    District,
    Municipality,
    Person,
    PersonAddress,
    PoliceUnit,
    ProtectedObject,
    Relation,
)
from stelsel.registry.queries import current_home, household_of

POSTCODE = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})\s*$")


@dataclass(frozen=True)
class AddressInput:
    street: str
    house_number: int | None
    postcode: str
    city: str
    municipality_code: str
    house_number_addition: str = ""


def _policy() -> PolicyVersion:
    return version_on(today())


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidInput.for_field("reason", "Reden is verplicht: leg vast waarom u dit doet.")
    return reason.strip()


def _check_version(subject: Person | ProtectedObject, expected_version: int | None) -> None:
    if expected_version is not None and subject.version != expected_version:
        raise Conflict(
            "Iemand anders heeft deze gegevens intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens."
        )


@overload
def _locked(subject: Person) -> Person: ...
@overload
def _locked(subject: ProtectedObject) -> ProtectedObject: ...
def _locked(subject: Person | ProtectedObject) -> Person | ProtectedObject:
    return type(subject).objects.select_for_update().get(pk=subject.pk)


def _resolve_address(data: AddressInput, prefix: str) -> Address:
    errors: dict[str, str] = {}
    if not data.street.strip():
        errors[f"{prefix}.street"] = "Straat is verplicht."
    if data.house_number is None or data.house_number < 1:
        errors[f"{prefix}.house_number"] = "Huisnummer moet een positief getal zijn."
    match = POSTCODE.match(data.postcode or "")
    if not match:
        errors[f"{prefix}.postcode"] = "Postcode moet de vorm 1234 AB hebben."
    if not data.city.strip():
        errors[f"{prefix}.city"] = "Woonplaats is verplicht."
    municipality = Municipality.objects.filter(code=(data.municipality_code or "").strip().upper()).first()
    if municipality is None:
        errors[f"{prefix}.municipality_code"] = (
            f"Gemeente '{data.municipality_code}' is onbekend; gebruik een CBS-gemeentecode zoals GM0363."
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    assert match is not None
    assert municipality is not None
    assert data.house_number is not None
    postcode = f"{match.group(1)}{match.group(2).upper()}"
    address, created = Address.objects.get_or_create(
        postcode=postcode,
        house_number=data.house_number,
        house_number_addition=data.house_number_addition.strip().upper(),
        defaults={"street": data.street.strip(), "city": data.city.strip(), "municipality": municipality},
    )
    if not created and address.municipality_id != municipality.pk:
        raise InvalidInput.for_field(
            f"{prefix}.municipality_code",
            f"Dit adres ligt in gemeente {address.municipality.name}, niet in {municipality.name}.",
        )
    return address


def _address_payload(address: Address) -> dict[str, object]:
    return {"address_id": address.pk, "address": str(address), "municipality": address.municipality.code}


# --- persons -----------------------------------------------------------------------------------------------


def register_person(
    actor: User,
    *,
    given_names: str,
    surname: str,
    date_of_birth: date | None,
    home: AddressInput,
    reason: str,
    surname_prefix: str = "",
    work: AddressInput | None = None,
) -> Person:
    require(actor, Action.REGISTER_PERSON)
    errors: dict[str, str] = {}
    if not given_names.strip():
        errors["given_names"] = "Voornamen zijn verplicht."
    if not surname.strip():
        errors["surname"] = "Achternaam is verplicht."
    if date_of_birth is None:
        errors["date_of_birth"] = "Geboortedatum is verplicht."
    elif date_of_birth > today():
        errors["date_of_birth"] = "Geboortedatum ligt in de toekomst."
    if not reason or not reason.strip():
        errors["reason"] = "Reden is verplicht: leg vast waarom u dit doet."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert date_of_birth is not None
    with transaction.atomic():
        home_address = _resolve_address(home, "home")
        work_address = _resolve_address(work, "work") if work else None
        person = Person.objects.create(
            given_names=given_names.strip(),
            surname_prefix=surname_prefix.strip(),
            surname=surname.strip(),
            date_of_birth=date_of_birth,
            registered_at=now(),
            registered_by_org=actor.organisation,
        )
        PersonAddress.objects.create(
            person=person, address=home_address, kind=PersonAddress.Kind.HOME, valid_from=today()
        )
        if work_address:
            PersonAddress.objects.create(
                person=person, address=work_address, kind=PersonAddress.Kind.WORK, valid_from=today()
            )
        journal.record(
            actor=actor,
            action="person.registered",
            subjects=[person],
            reason=reason.strip(),
            policy_version=_policy().key,
            payload={
                "name": person.full_name,
                "date_of_birth": date_of_birth,
                "home": _address_payload(home_address),
                "work": _address_payload(work_address) if work_address else None,
            },
        )
    return person


def change_address(
    actor: User,
    person: Person,
    *,
    kind: str,
    address: AddressInput,
    valid_from: date | None,
    reason: str,
    expected_version: int | None = None,
) -> PersonAddress:
    require(actor, Action.EDIT_PERSON, person)
    reason = _require_reason(reason)
    if kind not in PersonAddress.Kind.values:
        raise InvalidInput.for_field("kind", "Soort adres moet 'woonadres' of 'werkadres' zijn.")
    if valid_from is None:
        raise InvalidInput.for_field("valid_from", "Ingangsdatum is verplicht.")
    if valid_from > today():
        raise InvalidInput.for_field("valid_from", "Ingangsdatum ligt in de toekomst.")
    with transaction.atomic():
        locked = _locked(person)
        _check_version(locked, expected_version)
        new_address = _resolve_address(address, "address")
        current = PersonAddress.objects.filter(person=locked, kind=kind, valid_to__isnull=True).first()
        if current is not None:
            if valid_from < current.valid_from:
                raise InvalidInput.for_field(
                    "valid_from",
                    f"Ingangsdatum ligt vóór het huidige adres (sinds {current.valid_from:%d-%m-%Y}).",
                )
            current.valid_to = valid_from
            current.save(update_fields=["valid_to"])
        record = PersonAddress.objects.create(person=locked, address=new_address, kind=kind, valid_from=valid_from)
        _bump(locked)
        journal.record(
            actor=actor,
            action="person.address_changed",
            subjects=[locked],
            reason=reason,
            policy_version=_policy().key,
            payload={"kind": kind, "valid_from": valid_from, **_address_payload(new_address)},
        )
    return record


def link_relative(
    actor: User,
    person: Person,
    relative: Person,
    *,
    kind: str,
    household: bool,
    reason: str,
    expected_version: int | None = None,
) -> Relation:
    """Link a relative. `household=True` asserts the relative lives at the person's address (R07)."""
    require(actor, Action.EDIT_PERSON, person)
    require(actor, Action.EDIT_PERSON, relative)
    reason = _require_reason(reason)
    if kind not in RelationKind.__members__.values():
        raise InvalidInput.for_field("kind", "Onbekende soort relatie.")
    if relative.pk == person.pk:
        raise InvalidInput.for_field("relative", "Een persoon kan niet aan zichzelf worden gekoppeld.")
    policy = _policy()
    with transaction.atomic():
        locked = _locked(person)
        _check_version(locked, expected_version)
        person_home, relative_home = current_home(locked), current_home(relative)
        same_address = person_home is not None and relative_home is not None and person_home.pk == relative_home.pk
        outcome = is_household_member(RelationKind(kind), same_address, policy)
        if household and not outcome.value:
            raise InvalidInput.for_field(
                "relative",
                f"{relative.full_name} woont niet op het adres van {locked.full_name} en hoort daarom niet bij het "
                "kerngezin (§2.3, R07). Koppel als niet-inwonend familielid.",
            )
        if Relation.objects.filter(person=locked, relative=relative).exists():
            raise InvalidInput.for_field("relative", f"{relative.full_name} is al gekoppeld.")
        relation = Relation.objects.create(person=locked, relative=relative, kind=kind)
        _bump(locked)
        journal.record(
            actor=actor,
            action="person.relative_linked",
            subjects=[locked, relative],
            reason=reason,
            policy_version=policy.key,
            payload={
                "relative": relative.full_name,
                "kind": RELATION_LABELS[RelationKind(kind)],
                "household": outcome.value,
                "rule": outcome.reasons_as_dicts,
            },
        )
    return relation


def _bump(subject: Person | ProtectedObject) -> None:
    subject.version += 1
    subject.save(update_fields=["version"])


# --- objects and services ----------------------------------------------------------------------------------


def register_object(
    actor: User,
    *,
    name: str,
    kind: str,
    municipality_code: str,
    reason: str,
    address: AddressInput | None = None,
    on_limitative_list: bool = False,
    art4_category: str = "",
) -> ProtectedObject:
    require(actor, Action.REGISTER_OBJECT)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Naam is verplicht."
    if kind not in ProtectedObject.Kind.values:
        errors["kind"] = "Soort moet gebouw, terrein of dienst zijn."
    if art4_category not in ProtectedObject.Art4.values:
        errors["art4_category"] = "Onbekende categorie art. 4 Politiewet."
    municipality = Municipality.objects.filter(code=(municipality_code or "").strip().upper()).first()
    if municipality is None:
        errors["municipality_code"] = f"Gemeente '{municipality_code}' is onbekend."
    if not reason or not reason.strip():
        errors["reason"] = "Reden is verplicht: leg vast waarom u dit doet."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert municipality is not None
    with transaction.atomic():
        obj = ProtectedObject.objects.create(
            name=name.strip(),
            kind=kind,
            municipality=municipality,
            address=_resolve_address(address, "address") if address else None,
            on_limitative_list=on_limitative_list,
            art4_category=art4_category,
            registered_at=now(),
            registered_by_org=actor.organisation,
        )
        journal.record(
            actor=actor,
            action="object.registered",
            subjects=[obj],
            reason=reason.strip(),
            policy_version=_policy().key,
            payload={
                "name": obj.name,
                "kind": kind,
                "municipality": municipality.code if municipality else None,
                "on_limitative_list": on_limitative_list,
                "art4_category": art4_category,
            },
        )
    return obj


# --- authority over time -----------------------------------------------------------------------------------

ROLE_HOLDERS: dict[Role, HolderKind] = {
    Role.NCTV_OFFICER: HolderKind.NCTV,
    Role.HOVJ: HolderKind.HOVJ,
    Role.MAYOR: HolderKind.MAYOR,
}


def _holder_organisation(actor: User, holder: HolderKind, subject: Person | ProtectedObject) -> Organisation:
    """The organisation that becomes the authority; the actor must act for exactly that organisation."""
    if ROLE_HOLDERS.get(actor.user_role) is not holder:
        raise NotAllowed(f"Alleen {HOLDER_LABELS[holder]} kan dit gezag vastleggen.")
    org = actor.organisation
    if holder is HolderKind.HOVJ:
        district = _district_of(subject)
        if district is None or org.district_id != district.pk:
            raise NotAllowed(
                "Alleen de HOvJ van het arrondissement waar de persoon woont of het object ligt, kan dit gezag "
                "vastleggen (§2.4)."
            )
    if holder is HolderKind.MAYOR and (
        not isinstance(subject, ProtectedObject) or org.municipality_id != subject.municipality_id
    ):
        raise NotAllowed("Alleen de burgemeester van de gemeente waar het object ligt, is hier gezag (§2.5).")
    return org


def _routed_holder(office: Organisation, holder: HolderKind) -> Organisation:
    if holder is not HolderKind.HOVJ or office.org_kind is not OrgKind.OM_DISTRICT:
        raise NotAllowed("Alleen een arrondissementsparket kan langs de routering van het lokaal domein gezag worden.")
    return office


def _district_of(subject: Person | ProtectedObject) -> District | None:
    if isinstance(subject, ProtectedObject):
        return subject.municipality.district
    home = current_home(subject)
    return home.municipality.district if home else None


def _open_period(subject: Person | ProtectedObject) -> AuthorityPeriod | None:
    field = "person" if isinstance(subject, Person) else "object"
    return AuthorityPeriod.objects.filter(**{field: subject}, valid_to__isnull=True).select_related("holder").first()


def assign_authority(
    actor: User,
    subject: Person | ProtectedObject,
    *,
    basis: str,
    reason: str,
    expected_version: int | None = None,
) -> AuthorityPeriod:
    """Start a period of authority over a person or object; for a person the household follows (R07)."""
    require(actor, Action.ASSIGN_AUTHORITY, subject)
    reason = _require_reason(reason)
    try:
        chosen = Basis(basis)
    except ValueError:
        raise InvalidInput.for_field("basis", f"Onbekende grondslag '{basis}'.") from None
    with transaction.atomic():
        period, _ = take_up_authority(actor, subject, basis=chosen, reason=reason, expected_version=expected_version)
    return period


def take_up_authority(
    actor: User,
    subject: Person | ProtectedObject,
    *,
    basis: Basis,
    reason: str,
    expected_version: int | None = None,
    action: str = "authority.assigned",
    extra_subjects: Iterable[journal.Subject] = (),
    extra_payload: Mapping[str, object] | None = None,
    routed_to: Organisation | None = None,
) -> tuple[AuthorityPeriod, JournalEntry]:
    """The authority change itself, inside the caller's transaction, as one journal entry.

    Other services (triage's judgement and designation) call this so that their own decision, the person's new
    authority and the household's follow in one transaction and one entry, never half (R07). The caller has
    checked the actor's right to take the decision; the holder rules are checked here.

    `routed_to`: the office a routing rule of the circulaire chose (the local domain's R25, R29, R30), when the actor
    is not the authority itself but the RCCB sending a serious threat to the responsible HOvJ.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_up_authority hoort binnen de transactie van een service.")
    kind = SubjectKind.PERSON if isinstance(subject, Person) else SubjectKind.OBJECT
    policy = _policy()
    try:
        if isinstance(subject, ProtectedObject):
            object_basis_is_fixed(subject.is_art4, basis)
        outcome = holder_for(basis, kind, policy)
    except AuthorityRuleError as error:
        raise InvalidInput.for_field("basis", str(error)) from None
    holder_org = (
        _routed_holder(routed_to, outcome.value) if routed_to else _holder_organisation(actor, outcome.value, subject)
    )
    locked = _locked(subject)
    _check_version(locked, expected_version)
    current = _open_period(locked)
    if (
        isinstance(locked, Person)
        and current is not None
        and current.holder_kind == HolderKind.NCTV
        and outcome.value is not HolderKind.NCTV
    ):
        raise NotAllowed(
            "Deze persoon valt in het stelsel onder gezag van de NCTV; de HOvJ heeft daar geen gezagsrol "
            "(§2.3.1, R11). Eerst moet de NCTV de aanwijzing beëindigen."
        )
    moment = now()
    principal = locked if isinstance(locked, Person) else None
    members = _following_members(principal, basis) if principal else []
    entry = journal.record(
        actor=actor,
        action=action,
        subjects=[locked, *members, *extra_subjects],
        reason=reason,
        policy_version=policy.key,
        payload={
            **(extra_payload or {}),
            "holder": holder_org.name,
            "holder_kind": outcome.value.value,
            "basis": BASIS_LABELS[basis],
            "previous": current.holder.name if current else None,
            "household": [m.full_name for m in members],
            "reasons": outcome.reasons_as_dicts,
        },
    )
    period = _start_period(locked, holder_org, outcome.value, basis, moment, entry, outcome.reasons_as_dicts)
    for member in members:
        _start_period(
            member,
            holder_org,
            outcome.value,
            Basis.HOUSEHOLD,
            moment,
            entry,
            [HOUSEHOLD_FOLLOWS.as_dict()],
            via_person=principal,
        )
    _bump(locked)
    return period, entry


def _following_members(person: Person, basis: Basis) -> list[Person]:
    """Household members who move with the person: all of them, except one in the stelsel on their own basis."""
    if not household_follows(basis):
        return []
    members = []
    for member in household_of(person):
        own = _open_period(member)
        if own is not None and own.holder_kind == HolderKind.NCTV and own.via_person_id is None:
            continue
        members.append(member)
    return members


def _start_period(
    subject: Person | ProtectedObject,
    holder: Organisation,
    holder_kind: HolderKind,
    basis: Basis,
    moment: datetime,
    entry: JournalEntry,
    reasons: list[dict[str, str]],
    via_person: Person | None = None,
) -> AuthorityPeriod:
    current = _open_period(subject)
    if current is not None:
        current.valid_to = moment
        current.ended_by = entry
        current.save(update_fields=["valid_to", "ended_by"])
    field = "person" if isinstance(subject, Person) else "object"
    try:
        with transaction.atomic():
            return AuthorityPeriod.objects.create(
                **{field: subject},
                holder=holder,
                holder_kind=holder_kind,
                basis=basis,
                via_person=via_person,
                valid_from=moment,
                reasons=reasons,
                policy_version=entry.policy_version,
                started_by=entry,
            )
    except IntegrityError:
        raise Conflict("Het gezag over deze persoon is intussen door iemand anders gewijzigd.") from None


def end_authority(
    actor: User, subject: Person | ProtectedObject, *, reason: str, expected_version: int | None = None
) -> AuthorityPeriod:
    """End the current authority; for a person the household members who follow the person end with it."""
    require(actor, Action.END_AUTHORITY, subject)
    reason = _require_reason(reason)
    with transaction.atomic():
        ended, _ = give_up_authority(actor, subject, reason=reason, expected_version=expected_version)
    return ended


def give_up_authority(
    actor: User,
    subject: Person | ProtectedObject,
    *,
    reason: str,
    expected_version: int | None = None,
    action: str = "authority.ended",
    return_to_hovj: bool = False,
    extra_subjects: Iterable[journal.Subject] = (),
    extra_payload: Mapping[str, object] | None = None,
    for_office: bool = False,
) -> tuple[AuthorityPeriod, JournalEntry]:
    """End the actor's authority inside the caller's transaction, as one journal entry.

    With `return_to_hovj` the HOvJ of the person's home district is the authority again from the same moment,
    and the household moves back with the person (§2.3, R07): the NCTV ending a designation hands the case back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("give_up_authority hoort binnen de transactie van een service.")
    locked = _locked(subject)
    _check_version(locked, expected_version)
    current = _open_period(locked)
    if current is None:
        raise InvalidInput.for_field("subject", "Er is geen lopend gezag om te beëindigen.")
    # `for_office`: the adviser BB&C decides with the HOvJ for the office (R27), so may close its local case.
    if current.holder_id != actor.organisation_id or (ROLE_HOLDERS.get(actor.user_role) is None and not for_office):
        raise NotAllowed("Alleen het gezag zelf kan zijn gezag beëindigen.")
    followers = (
        list(AuthorityPeriod.objects.filter(via_person=locked, valid_to__isnull=True).select_related("person"))
        if isinstance(locked, Person)
        else []
    )
    if current.holder_kind == HolderKind.NCTV and isinstance(locked, Person):
        _refuse_while_central_measures_run([locked, *(p.person for p in followers if p.person)])
    successor = _home_hovj(locked) if return_to_hovj else None
    local = holder_for(Basis.LOCAL_DOMAIN, SubjectKind.PERSON, _policy()) if successor else None
    entry = journal.record(
        actor=actor,
        action=action,
        subjects=[locked, *(p.person for p in followers if p.person), *extra_subjects],
        reason=reason,
        policy_version=_policy().key,
        payload={
            **(extra_payload or {}),
            "holder": current.holder.name,
            "basis": current.basis_label,
            "next_holder": successor.name if successor else "geen (basispolitiezorg)",
            "reasons": local.reasons_as_dicts if local else [],
        },
    )
    moment = now()
    for period in [current, *followers]:
        period.valid_to, period.ended_by = moment, entry
        period.save(update_fields=["valid_to", "ended_by"])
    if successor is not None and local is not None and isinstance(locked, Person):
        _start_period(locked, successor, HolderKind.HOVJ, Basis.LOCAL_DOMAIN, moment, entry, local.reasons_as_dicts)
        for follower in followers:
            if follower.person is not None:
                _start_period(
                    follower.person,
                    successor,
                    HolderKind.HOVJ,
                    Basis.HOUSEHOLD,
                    moment,
                    entry,
                    [HOUSEHOLD_FOLLOWS.as_dict()],
                    via_person=locked,
                )
    _bump(locked)
    return current, entry


def _refuse_while_central_measures_run(persons: list[Person]) -> None:
    """R10: nobody leaves the NCTV's authority, the household included, while a measure it decided still runs."""
    from stelsel.measures.models import Measure, MeasureStatus  # measures build on the registry, not the reverse

    running = Measure.objects.filter(
        person__in=persons, status=MeasureStatus.ACTIVE, holder_kind=HolderKind.NCTV
    ).count()
    if running:
        raise InvalidInput.for_field(
            "subject",
            f"Er lopen nog {running} centraal genomen maatregel(en) voor de persoon of het kerngezin; het gezag van "
            "de NCTV eindigt pas als die zijn afgebouwd (§2.3, R10).",
        )


def _home_hovj(subject: Person | ProtectedObject) -> Organisation:
    district = _district_of(subject)
    office = Organisation.objects.filter(kind=OrgKind.OM_DISTRICT, district=district).first() if district else None
    if office is None:
        raise InvalidInput.for_field(
            "subject", "Er is geen woonadres bekend, dus geen HOvJ om het gezag aan terug te geven."
        )
    return office


# --- reference geography -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    province: str
    district: str
    police_unit: str


def import_municipalities(actor: User | None, rows: Iterable[MunicipalityRow], *, reason: str) -> dict[str, int]:
    """Upsert municipalities (with their mayor's organisation). Operators run it from the command line."""
    if actor is not None and actor.user_role is not Role.FUNCTIONAL_ADMIN:
        raise NotAllowed("Alleen een functioneel beheerder kan referentiegegevens importeren.")
    reason = _require_reason(reason)
    districts = {d.code: d for d in District.objects.all()}
    units = {u.code: u for u in PoliceUnit.objects.all()}
    rows = list(rows)
    errors: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        if not re.fullmatch(r"GM\d{4}", row.code):
            errors[f"regel {number}"] = f"code '{row.code}' is geen CBS-gemeentecode (GM0000)."
        elif row.district not in districts:
            errors[f"regel {number}"] = f"onbekend arrondissement '{row.district}'."
        elif row.police_unit not in units:
            errors[f"regel {number}"] = f"onbekende politie-eenheid '{row.police_unit}'."
        elif not row.name.strip():
            errors[f"regel {number}"] = "naam ontbreekt."
    if errors:
        raise InvalidInput.for_fields(errors)
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            municipality, was_created = Municipality.objects.update_or_create(
                code=row.code,
                defaults={
                    "name": row.name.strip(),
                    "province": row.province.strip(),
                    "district": districts[row.district],
                    "police_unit": units[row.police_unit],
                },
            )
            Organisation.objects.update_or_create(
                code=f"gemeente-{row.code.lower()}",
                defaults={
                    "kind": OrgKind.MUNICIPALITY,
                    "name": f"Gemeente {municipality.name}",
                    "municipality": municipality,
                },
            )
            created, updated = created + was_created, updated + (not was_created)
        journal.record(
            actor=actor,
            action="reference.municipalities_imported",
            subjects=[],
            reason=reason,
            policy_version=_policy().key,
            payload={"created": created, "updated": updated},
        )
    return {"created": created, "updated": updated}
