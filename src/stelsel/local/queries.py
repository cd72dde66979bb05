"""Reads of the local domain through the access module's scopes, and the worklists of the RCCB, the adviser BB&C, the
HOvJ and the mayor (§2.4, §2.5)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotFound
from stelsel.core.journal import entries_for_subject
from stelsel.core.models import JournalEntry
from stelsel.core.worklist import WorkItem
from stelsel.intel.models import RequestStatus
from stelsel.local.models import CollegeNotification, ObjectAdvice, ThreatReport
from stelsel.local.services import current_rules
from stelsel.measures.models import Measure, MeasureStatus
from stelsel.policy.local_domain import STATUS_LABELS, ReportStatus
from stelsel.triage.models import TriageCase


def _with_parts(reports: QuerySet[ThreatReport]) -> QuerySet[ThreatReport]:
    return reports.select_related(
        "person", "object", "rccb", "responsible_office", "producing_unit", "product_request", "advice"
    )


def reports_for(user: User, status: str = "") -> QuerySet[ThreatReport]:
    reports = _with_parts(rules.visible_reports(user))
    if status in {s.value for s in ReportStatus}:
        reports = reports.filter(status=status)
    return reports


def report_for(user: User, pk: int) -> ThreatReport:
    report = _with_parts(rules.visible_reports(user)).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def urgent_measures_of(report: ThreatReport) -> list[Measure]:
    return list(
        Measure.objects.filter(threat_report=report).select_related("confirmed_by", "decided_by").order_by("id")
    )


def urgent_measure_for(user: User, pk: int) -> Measure:
    measure = (
        Measure.objects.filter(pk=pk, threat_report__in=rules.visible_reports(user))
        .select_related("person", "threat_report")
        .first()
    )
    if measure is None:
        raise NotFound()
    return measure


def report_history(user: User, report: ThreatReport) -> QuerySet[JournalEntry]:
    """The report's own steps, as this user may read the journal (the OM its own office's, R11)."""
    # The report's own steps are readable by whoever reads the report (journal_scope's case family); other entries that
    # name it follow the journal's read rules (the package decision: the measures family).
    return (
        entries_for_subject(ThreatReport.journal_subject_type, report.pk)
        .filter(rules.journal_scope(user, report.person))
        .order_by("seq")
    )


def college_inbox(user: User) -> QuerySet[CollegeNotification]:
    return rules.visible_college_notifications(user).select_related("report__person", "report__responsible_office")


def object_advice_for(user: User, pk: int) -> ObjectAdvice:
    advice = (
        rules.visible_object_advice(user)
        .select_related("object__municipality", "addressed_to", "given_by", "responded_by")
        .filter(pk=pk)
        .first()
    )
    if advice is None:
        raise NotFound()
    return advice


def object_advice_list(user: User) -> QuerySet[ObjectAdvice]:
    return rules.visible_object_advice(user).select_related("object__municipality", "addressed_to")


def advice_of_object(user: User, obj_pk: int) -> list[ObjectAdvice]:
    return list(object_advice_list(user).filter(object_id=obj_pk))


# --- worklists -----------------------------------------------------------------------------------------------------


def _report_url(report: ThreatReport) -> str:
    return reverse("local:report", args=[report.pk])


def _items(task: str, reports: QuerySet[ThreatReport], since: str) -> list[WorkItem]:
    return [
        WorkItem(
            task=task,
            since=getattr(report, since) or report.registered_at,
            url=_report_url(report),
            person_name=report.subject_name,
            context=STATUS_LABELS[report.report_status],
        )
        for report in reports
    ]


def _rccb_items(user: User, reports: QuerySet[ThreatReport]) -> list[WorkItem]:
    org = user.organisation
    items = _items("Dreigingsmelding wegen", reports.filter(rccb=org, status=ReportStatus.REPORTED), "registered_at")
    drafted = TriageCase.objects.filter(person=OuterRef("person"), drafted_at__gte=OuterRef("decided_at"))
    proposed = reports.filter(Q(producing_unit=org) | Q(rccb=org, producing_unit__isnull=True)).filter(
        ~Exists(drafted), status=ReportStatus.PROPOSED_FOR_STELSEL
    )
    items += [
        WorkItem(
            task="Intakeformulier opstellen (opdracht adviseur BB&C)",
            since=report.decided_at or report.registered_at,
            url=reverse("triage:intake-new", args=[report.person_id]),
            person_name=report.subject_name,
            context=report.responsible_office.name if report.responsible_office else "",
        )
        for report in proposed
        if report.person_id is not None
    ]
    return items


def _adviser_items(user: User, reports: QuerySet[ThreatReport]) -> list[WorkItem]:
    items = _items("Casus beoordelen met de HOvJ", reports.filter(status=ReportStatus.WITH_ADVISER), "weighed_at")
    delivered = reports.filter(status=ReportStatus.PRODUCT_ORDERED, product_request__status=RequestStatus.DELIVERED)
    items += _items("Product geleverd: maatregelenadvies of basispolitiezorg", delivered, "decided_at")
    hours = current_rules().confirm_within_hours
    provisional = Measure.objects.filter(
        provisional=True,
        status=MeasureStatus.ACTIVE,
        authority=user.organisation,
        threat_report__in=reports,
    ).select_related("person", "threat_report")
    items += [
        WorkItem(
            task=f"Spoedmaatregel afstemmen: {measure.kind_name}",
            since=measure.decided_at,
            url=reverse("local:report", args=[measure.threat_report_id]),
            person_name=measure.person.full_name,
            context=f"Voorlopig, genomen door de RCCB; vaststellen binnen {hours} uur",
            due_at=measure.decided_at + timedelta(hours=hours),
        )
        for measure in provisional
    ]
    return items


def _mayor_items(user: User) -> list[WorkItem]:
    return [
        WorkItem(
            task="Advies van de NCTV over een object: opvolgen of niet",
            since=advice.given_at,
            url=reverse("local:object-advice", args=[advice.pk]),
            person_name=advice.object.name,
            context=advice.object.municipality.name,
        )
        for advice in object_advice_list(user).filter(followed__isnull=True, addressed_to=user.organisation)
    ]


def work_items(user: User) -> list[WorkItem]:
    role = user.user_role
    reports = rules.visible_reports(user).select_related("person", "object", "responsible_office")
    items: list[WorkItem] = []
    if role is Role.RCCB:
        items += _rccb_items(user, reports)
    if role is Role.ADVISER_BBC:
        items += _adviser_items(user, reports)
    if role is Role.HOVJ:
        items += _items(
            "Besluiten over lokale maatregelen", reports.filter(status=ReportStatus.LOCAL_MEASURES), "decided_at"
        )
    if role in {Role.MAYOR, Role.HOVJ}:
        items += _mayor_items(user)
    return items


def report_rows(user: User, status: str = "") -> list[ThreatReport]:
    """The list page: a bounded number of queries whatever the number of reports."""
    return list(
        reports_for(user, status).prefetch_related(
            Prefetch(
                "urgent_measures",
                queryset=Measure.objects.filter(provisional=True, status=MeasureStatus.ACTIVE),
                to_attr="open_urgent",
            )
        )[:200]
    )
