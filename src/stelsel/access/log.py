"""The access log: every view of a person's record, allowed or denied, with its purpose (BIO 8.15, Wpg).

Audit rows are written here directly, not through a journal service: the log is itself the audit trail of reads
and is append-only in the database, like the journal.
"""

from typing import Any

from django.http import HttpRequest

from stelsel.access.models import AccessLogEntry, User
from stelsel.access.roles import ROLE_PURPOSES
from stelsel.core.timeutil import now

PURPOSE_PARAMETER = "doel"


def origin_of(request: HttpRequest, channel: str) -> str:
    return f"{channel} {request.META.get('REMOTE_ADDR', '')}".strip()


def purpose_of(request: HttpRequest, user: Any) -> str:
    """A purpose the user states (?doel=...) or else the role's legal purpose."""
    stated = (request.GET.get(PURPOSE_PARAMETER) or "").strip()[:200]
    if stated:
        return stated
    if isinstance(user, User):
        return ROLE_PURPOSES[user.user_role]
    return "onbekend"


def log_access(
    request: HttpRequest, *, channel: str, action: str, object_type: str, object_id: Any, allowed: bool
) -> None:
    user = getattr(request, "user", None)
    actor = user if isinstance(user, User) else None
    AccessLogEntry.objects.create(
        at=now(),
        actor=actor,
        actor_label=actor.get_username() if actor else "anoniem",
        organisation_label=actor.organisation.name if actor else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        result=AccessLogEntry.Result.ALLOWED if allowed else AccessLogEntry.Result.DENIED,
        origin=origin_of(request, channel),
        purpose=purpose_of(request, user),
    )
