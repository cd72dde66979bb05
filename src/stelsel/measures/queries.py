"""Reads of measures, through the person's need-to-know."""

from django.db.models import QuerySet

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotFound
from stelsel.measures.models import Measure
from stelsel.registry.models import Person

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})


def measures_of(user: User, person: Person) -> QuerySet[Measure]:
    if not rules.may(user, rules.Action.VIEW_MEASURES, person):
        return Measure.objects.none()
    measures = Measure.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        # Inside the stelsel the OM has no role (R11): it sees the measures its own office decided.
        measures = measures.filter(authority=user.organisation)
    return measures.select_related("authority", "decided_by", "started_by", "ended_by")


def measure_for(user: User, pk: int) -> Measure:
    measure = Measure.objects.filter(pk=pk, person__in=rules.visible_persons(user)).select_related("person").first()
    if measure is None:
        raise NotFound()
    return measure
