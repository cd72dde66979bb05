"""Reads of triage: cases the user may see, and the worklist of what waits for each role, oldest first."""

from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotFound
from stelsel.core.worklist import WorkItem
from stelsel.policy.framework import Route
from stelsel.triage.models import CaseStatus, Escalation, TableItem, TriageCase


def cases_for(user: User) -> QuerySet[TriageCase]:
    return rules.visible_triage_cases(user).select_related("person", "district", "drafted_by", "signed_by")


def case_for(user: User, pk: int) -> TriageCase:
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def _item(task: str, case: TriageCase, since: datetime) -> WorkItem:
    return WorkItem(
        task=task,
        since=since,
        url=reverse("triage:case-detail", args=[case.pk]),
        person_name=case.person.full_name,
        context=case.district.name,
        case_id=case.pk,
    )


def _items(task: str, cases: QuerySet[TriageCase], since: str) -> list[WorkItem]:
    return [_item(task, case, getattr(case, since) or case.drafted_at) for case in cases]


def worklist(user: User) -> list[WorkItem]:
    """What waits for this user's role, oldest first (issue: worklists with age)."""
    cases = cases_for(user)
    role = user.user_role
    items: list[WorkItem] = []
    if role is Role.HOVJ:
        items += _items("Intakeformulier ondertekenen", cases.filter(status=CaseStatus.DRAFT), "drafted_at")
        items += _items(
            "Agenderen voor de triagetafel",
            cases.filter(status=CaseStatus.SIGNED, chosen_route=Route.TRIAGE_TABLE),
            "signed_at",
        )
        admitted = cases.filter(status=CaseStatus.ADMITTED, handover_received_at__isnull=True)
        items += _items("Oordeel NCTV: opgenomen; overdrachtsdossier sturen", admitted, "signed_at")
        items += _items(
            "Oordeel NCTV: niet opgenomen; eventueel escaleren", cases.filter(status=CaseStatus.DECLINED), "signed_at"
        )
    elif role in {Role.RCCB, Role.POLICE_INTEL}:
        items += _items("Intakeformulier (concept) aanvullen", cases.filter(status=CaseStatus.DRAFT), "drafted_at")
    elif role is Role.OM_SECRETARIAT:
        items += _items("Conclusie triagetafel vastleggen", cases.filter(status=CaseStatus.ON_TABLE), "signed_at")
    elif role is Role.NCTV_OFFICER:
        items += _items(
            "Oordelen (directe opname)",
            cases.filter(status=CaseStatus.SIGNED, chosen_route=Route.DIRECT_ADMISSION),
            "signed_at",
        )
        items += _items("Oordelen na triagetafel", cases.filter(status=CaseStatus.DISCUSSED), "signed_at")
        items += _items(
            "Overdrachtsdossier ontbreekt",
            cases.filter(status=CaseStatus.ADMITTED, handover_received_at__isnull=True),
            "signed_at",
        )
        pending = Escalation.objects.filter(
            case__in=cases.filter(status=CaseStatus.ESCALATED), decided_at__isnull=True
        ).select_related("case__person", "case__district")
        items += [_item(f"Escalatie: {e.get_step_display()}", e.case, e.raised_at) for e in pending]
    return sorted(items, key=lambda item: item.since)


def escalation_for(user: User, pk: int) -> Escalation:
    escalation = (
        Escalation.objects.filter(pk=pk, case__in=rules.visible_triage_cases(user)).select_related("case").first()
    )
    if escalation is None:
        raise NotFound()
    return escalation


def table_agenda(user: User) -> QuerySet[TableItem]:
    """The triage table's agenda as the OM secretariat keeps it: open items by meeting date (§2.3.3, R16)."""
    return (
        TableItem.objects.filter(case__in=rules.visible_triage_cases(user), concluded_at__isnull=True)
        .select_related("case__person", "case__district", "added_by")
        .order_by("meeting_date", "id")
    )
