"""Reads of private parties and their deployment, through the access module's scopes.

The register of parties holds no person data: the role alone decides who sees it. An assignment hangs on a person's
measure, so it is case data: it is only ever reached through the persons the user has a need to know of.
"""

from django.db.models import F, QuerySet

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotFound
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.policy.private_parties import PRIVATE_EXECUTOR
from stelsel.registry.models import AuthorityPeriod, Person

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})


def parties_for(user: User) -> QuerySet[PrivateParty]:
    if not rules.role_may(user, rules.Action.VIEW_PRIVATE_PARTIES):
        return PrivateParty.objects.none()
    return PrivateParty.objects.order_by("name", "id")


def party_for(user: User, pk: int) -> PrivateParty:
    party = parties_for(user).filter(pk=pk).first()
    if party is None:
        raise NotFound()
    return party


def party_choices() -> QuerySet[PrivateParty]:
    """Every registered party, for the authority's choice; the service refuses an expired certification."""
    return PrivateParty.objects.order_by("name", "id")


def visible_assignments(user: User) -> QuerySet[PrivateAssignment]:
    if not rules.role_may(user, rules.Action.VIEW_PRIVATE_PARTIES):
        return PrivateAssignment.objects.none()
    assignments = PrivateAssignment.objects.filter(measure__person__in=rules.visible_persons(user))
    if user.user_role in OM_ROLES:
        # As with measures: inside the stelsel the OM has no role (R11); it sees what its own office consented to.
        assignments = assignments.filter(authority=user.organisation)
    return assignments.select_related(
        "measure", "party", "directing_unit", "authority", "consented_by", "entry", "ended_by"
    )


def _ordered(assignments: QuerySet[PrivateAssignment]) -> list[PrivateAssignment]:
    """Open deployments first, then by start."""
    return list(assignments.order_by(F("ended_at").asc(nulls_first=True), "starts_on", "id"))


def assignments_for(user: User, person: Person) -> list[PrivateAssignment]:
    """The deployments of private parties on the person's measures that the user may see; two queries, always."""
    if not rules.may(user, rules.Action.VIEW_PRIVATE_PARTIES, person):
        return []
    return _ordered(visible_assignments(user).filter(measure__person=person))


def assignments_of_measure(user: User, measure: Measure) -> list[PrivateAssignment]:
    return _ordered(visible_assignments(user).filter(measure=measure))


def assignment_for(user: User, pk: int) -> PrivateAssignment:
    """One deployment on a person the user may see, or NotFound (unknown and not visible answer the same)."""
    assignment = visible_assignments(user).filter(pk=pk).select_related("measure__person").first()
    if assignment is None:
        raise NotFound()
    return assignment


def assignable_measures(user: User, person: Person) -> list[Measure]:
    """The person's active measures under the user's organisation that a private party may support at all (R47)."""
    kinds = catalogue()
    allowed = [code for code, kind in kinds.items() if PRIVATE_EXECUTOR in kind.executors and not kind.person_directed]
    return list(
        Measure.objects.filter(
            person=person, authority=user.organisation, status=MeasureStatus.ACTIVE, kind__in=allowed
        ).order_by("starts_on", "id")
    )


def person_panel(user: User, person: Person, current: AuthorityPeriod | None) -> dict[str, object]:
    """Context for templates/lcc/_assignments.html on the person page; `current` is the person's open authority.

    A fixed number of queries whatever the number of measures and deployments.
    """
    may_assign = (
        current is not None
        and current.holder_id == user.organisation_id
        and rules.role_may(user, rules.Action.ASSIGN_PRIVATE_PARTY)
    )
    return {
        "private_assignments": assignments_for(user, person),
        "may_assign_private_party": may_assign,
        "assignable_measures": assignable_measures(user, person) if may_assign else [],
    }
