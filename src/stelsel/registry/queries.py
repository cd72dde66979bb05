"""Reads of the registry. Functions taking a user return only what that user may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.core.errors import NotFound
from stelsel.core.journal import entries_for_subject
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now
from stelsel.policy.household import RelationKind, is_household_member
from stelsel.policy.versions import CIRCULAIRE_2026
from stelsel.registry.models import Address, AuthorityPeriod, Person, PersonAddress, ProtectedObject, Relation


def current_address(person: Person, kind: str) -> Address | None:
    record = (
        PersonAddress.objects.filter(person=person, kind=kind, valid_to__isnull=True)
        .select_related("address__municipality__district", "address__municipality__police_unit")
        .first()
    )
    return record.address if record else None


def current_home(person: Person) -> Address | None:
    return current_address(person, PersonAddress.Kind.HOME)


@dataclass(frozen=True)
class HouseholdLine:
    relation: Relation
    relative: Person
    in_household: bool
    rule: str


def relatives_of(person: Person) -> list[HouseholdLine]:
    """All linked relatives, each judged by the household rule at their current addresses (R07, R08)."""
    relations = list(
        Relation.objects.filter(Q(person=person) | Q(relative=person))
        .select_related("person", "relative")
        .order_by("id")
    )
    others = [r.relative if r.person_id == person.pk else r.person for r in relations]
    homes = dict(
        PersonAddress.objects.filter(
            person__in=[person, *others], kind=PersonAddress.Kind.HOME, valid_to__isnull=True
        ).values_list("person_id", "address_id")
    )
    lines = []
    for relation, other in zip(relations, others, strict=True):
        same = homes.get(person.pk) is not None and homes.get(person.pk) == homes.get(other.pk)
        outcome = is_household_member(RelationKind(relation.kind), same, CIRCULAIRE_2026)
        lines.append(HouseholdLine(relation, other, outcome.value, outcome.explanation()))
    return lines


PARTNER_CHILD_KINDS = frozenset({RelationKind.CHILD, RelationKind.STEPCHILD, RelationKind.ADOPTED_CHILD})


def household_of(person: Person) -> list[Person]:
    """The person's household (R07): resident relatives, and the resident children of a resident partner."""
    lines = [line for line in relatives_of(person) if line.in_household]
    members = {line.relative.pk: line.relative for line in lines}
    for partner in (line.relative for line in lines if line.relation.kind == RelationKind.PARTNER):
        for line in relatives_of(partner):
            is_child = line.relation.person_id == partner.pk and line.relation.kind in PARTNER_CHILD_KINDS
            if is_child and line.in_household and line.relative.pk != person.pk:
                members.setdefault(line.relative.pk, line.relative)
    return sorted(members.values(), key=lambda member: member.pk)


def authority_at(subject: Person | ProtectedObject, moment: datetime) -> AuthorityPeriod | None:
    """Who held authority over the subject at `moment` (None: nobody, e.g. basic police care)."""
    field = "person" if isinstance(subject, Person) else "object"
    return (
        AuthorityPeriod.objects.filter(**{field: subject}, valid_from__lte=moment)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=moment))
        .select_related("holder")
        .first()
    )


def current_authority(subject: Person | ProtectedObject) -> AuthorityPeriod | None:
    return authority_at(subject, now())


def holds_now(user: User, subject: Person | ProtectedObject) -> bool:
    """Whether the user's organisation is the subject's current authority."""
    authority = current_authority(subject)
    return authority is not None and authority.holder_id == user.organisation_id


def authority_history(subject: Person | ProtectedObject) -> QuerySet[AuthorityPeriod]:
    field = "person" if isinstance(subject, Person) else "object"
    return (
        AuthorityPeriod.objects.filter(**{field: subject})
        .select_related("holder", "via_person", "started_by", "ended_by")
        .order_by("-valid_from", "-id")
    )


def _current_addresses() -> Prefetch:
    return Prefetch(
        "addresses",
        queryset=PersonAddress.objects.filter(valid_to__isnull=True).select_related("address__municipality"),
        to_attr="current_addresses",
    )


def _open_periods() -> Prefetch:
    return Prefetch(
        "authority_periods",
        queryset=AuthorityPeriod.objects.filter(valid_to__isnull=True).select_related(
            "holder", "started_by", "ended_by"
        ),
        to_attr="open_periods",
    )


def search_persons(user: User, text: str = "") -> QuerySet[Person]:
    """Visible persons matching a name or a date of birth (dd-mm-jjjj), with what a list shows prefetched."""
    persons = rules.visible_persons(user)
    for word in text.split():
        persons = persons.filter(
            Q(given_names__icontains=word) | Q(surname__icontains=word) | Q(surname_prefix__iexact=word)
        )
    return persons.prefetch_related(_current_addresses(), _open_periods()).order_by("surname", "given_names", "id")


def person_for(user: User, pk: int) -> Person:
    """One person the user may see, or NotFound (the same answer for unknown and not-visible)."""
    person = rules.visible_persons(user).filter(pk=pk).prefetch_related(_current_addresses(), _open_periods()).first()
    if person is None:
        raise NotFound()
    return person


def objects_for(user: User) -> QuerySet[ProtectedObject]:
    return rules.visible_objects(user).select_related("municipality").prefetch_related(_open_periods())


def object_for(user: User, pk: int) -> ProtectedObject:
    obj = objects_for(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def person_journal(user: User, person: Person) -> QuerySet[JournalEntry]:
    """The person's journal as this user may read it (entries about measures only for who may see them)."""
    return entries_for_subject("person", person.pk).filter(rules.journal_scope(user, person))
