"""Reads of threat levels, through the access module's scopes (§3.2: sensitive information only for who needs it)."""

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.registry.models import Person

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})


def current_threat_level(person: Person) -> ThreatLevelAssessment | None:
    """The person's current level: the latest assessment. No access check: callers decide who sees it."""
    return (
        ThreatLevelAssessment.objects.filter(person=person)
        .select_related("set_by", "set_by_org", "entry")
        .order_by("-set_at", "-id")
        .first()
    )


def threat_levels_of(user: User, person: Person) -> list[ThreatLevelAssessment]:
    """The person's history of levels the user may read, newest first; two queries whatever the number of rows.

    The OM reads only the levels its own office set: inside the stelsel the OM has no role (R11), and of a person who
    moved from the OM to the NCTV it keeps what it set itself, not what the NCTV sets later.
    """
    if not rules.may(user, rules.Action.VIEW_THREAT_LEVEL, person):
        return []
    levels = ThreatLevelAssessment.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        levels = levels.filter(set_by_org=user.organisation)
    return list(levels.select_related("set_by", "set_by_org", "entry").order_by("-set_at", "-id"))
