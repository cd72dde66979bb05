"""Reads of the protected person's side of a case, filtered by need-to-know.

The authority's working notes (cooperation and the employer checklist, and what was deliberately not told) are for
the professionals with VIEW_CARE; the protected person sees the own communication log and declaration status only.
"""

from dataclasses import dataclass

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.portal.models import CommunicationEntry, ConfidentialityDeclaration, CooperationRecord, EmployerDuties
from stelsel.registry.models import Person


def cooperation_of(person: Person) -> CooperationRecord | None:
    """The latest cooperation record (the current status), or None when none was recorded. No access check."""
    return CooperationRecord.objects.filter(person=person).order_by("-recorded_at", "-id").first()


def employer_duties_of(person: Person) -> EmployerDuties | None:
    """The employer checklist to edit, or None. No access check: callers have checked the right to record."""
    return EmployerDuties.objects.filter(person=person).first()


@dataclass(frozen=True)
class CareOverview:
    person: Person
    # False for the protected person: cooperation, the employer checklist and what was withheld are not shown.
    shows_working_notes: bool
    cooperation_history: list[CooperationRecord]  # newest first; empty when not shown
    communications: list[CommunicationEntry]  # newest first
    declaration_events: list[ConfidentialityDeclaration]  # newest first
    employer_duties: EmployerDuties | None  # None when not recorded or not shown

    @property
    def cooperation(self) -> CooperationRecord | None:
        return self.cooperation_history[0] if self.cooperation_history else None

    @property
    def declaration(self) -> ConfidentialityDeclaration | None:
        return self.declaration_events[0] if self.declaration_events else None


def _own_view(person: Person) -> CareOverview:
    """The person's own view: what was told and the declaration, without the authority's notes on either."""
    communications = list(
        CommunicationEntry.objects.filter(person=person)
        .defer("withheld_note", "recorded_by")
        .order_by("-told_at", "-id")
    )
    for entry in communications:
        entry.withheld_note = ""  # never loaded; set so nothing can load it later
    events = list(
        ConfidentialityDeclaration.objects.filter(person=person).defer("note").order_by("-recorded_at", "-id")
    )
    for event in events:
        event.note = ""
    return CareOverview(person, False, [], communications, events, None)


def care_overview(user: User, person: Person) -> CareOverview:
    """Everything on the person's care page the user may see; NotFound outside need-to-know. A fixed query count."""
    rules.require(user, rules.Action.VIEW_CARE, person)
    if user.user_role is Role.PROTECTED_PERSON:
        return _own_view(person)
    return CareOverview(
        person=person,
        shows_working_notes=True,
        cooperation_history=list(
            CooperationRecord.objects.filter(person=person)
            .select_related("recorded_by__organisation", "entry")
            .order_by("-recorded_at", "-id")
        ),
        communications=list(
            CommunicationEntry.objects.filter(person=person)
            .select_related("recorded_by__organisation", "entry")
            .order_by("-told_at", "-id")
        ),
        declaration_events=list(
            ConfidentialityDeclaration.objects.filter(person=person)
            .select_related("recorded_by__organisation", "entry")
            .order_by("-recorded_at", "-id")
        ),
        employer_duties=EmployerDuties.objects.filter(person=person)
        .select_related("updated_by__organisation", "entry")
        .first(),
    )
