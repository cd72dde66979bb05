"""The Dutch web UI of the local domain and of the NCTV's object advice. Thin over services and queries."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.access.rules import Action, may
from stelsel.core.errors import DomainError, NotAllowed
from stelsel.core.timeutil import now, today
from stelsel.intel.queries import current_threat_level
from stelsel.local import queries, services
from stelsel.local.forms import (
    AnswerForm,
    ConfirmForm,
    DecisionForm,
    ObjectAdviceForm,
    ReportForm,
    RulesForm,
    UrgentMeasureForm,
    WeighingForm,
)
from stelsel.local.models import ThreatReport
from stelsel.measures.forms import ItemFormSet, PackageDecisionForm, package_items, put_item_errors
from stelsel.measures.models import AdviceStatus, MeasureStatus
from stelsel.policy.local_domain import (
    STATUS_LABELS,
    WITH_OM,
    AdviserDecision,
    ReportStatus,
    confirmation_overdue,
)
from stelsel.registry import queries as registry_queries

DECISIONS_BY_STATUS = {
    ReportStatus.WITH_ADVISER: [
        AdviserDecision.LOCAL_MEASURES,
        AdviserDecision.PROPOSE_STELSEL,
        AdviserDecision.BASIC_CARE,
        AdviserDecision.ORDER_PRODUCT,
    ],
    ReportStatus.PRODUCT_ORDERED: [AdviserDecision.ORDER_ADVICE, AdviserDecision.BASIC_CARE],
}


def _form_page(
    request: HttpRequest, report: ThreatReport | None, form: forms.Form, title: str, **extra: Any
) -> HttpResponse:
    obj = extra.get("obj")
    cancel_url = (
        reverse("local:report", args=[report.pk])
        if report
        else reverse("registry:object-detail", args=[obj.pk])
        if obj
        else reverse("local:report-list")
    )
    context = {
        "report": report,
        "form": form,
        "title": title,
        "action": request.path,
        "cancel_url": cancel_url,
        **extra,
    }
    return render(request, "local/form.html", context, status=400 if form.errors else 200)


def _to_report(request: HttpRequest, message: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect("local:report", pk=pk)


# --- reports -------------------------------------------------------------------------------------------------------


@page(Action.VIEW_REPORTS)
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = queries.report_rows(_user(request), status)
    statuses = [(s.value, label) for s, label in STATUS_LABELS.items()]
    return render(request, "local/report_list.html", {"reports": rows, "statuses": statuses, "status": status})


def _actions(user: User, report: ThreatReport) -> dict[str, bool]:
    status, org = report.report_status, user.organisation_id
    at_rccb = report.rccb_id == org
    at_office = report.responsible_office_id == org
    return {
        "weigh": may(user, Action.WEIGH_REPORT) and at_rccb and status is ReportStatus.REPORTED,
        "urgent": may(user, Action.TAKE_URGENT_MEASURE)
        and at_rccb
        and status in WITH_OM
        and report.person_id is not None,
        "decide": may(user, Action.DECIDE_LOCAL_CASE) and at_office and status in DECISIONS_BY_STATUS,
        "measures": user.user_role is Role.HOVJ
        and may(user, Action.DECIDE_MEASURE)
        and at_office
        and status is ReportStatus.LOCAL_MEASURES,
        "advice_decide": may(user, Action.DECIDE_MEASURE)
        and at_office
        and status is ReportStatus.ADVICE_ORDERED
        and report.advice is not None
        and report.advice.status == AdviceStatus.SUBMITTED,
        "confirm": may(user, Action.CONFIRM_URGENT_MEASURE) and at_office,
    }


@page(Action.VIEW_REPORTS, logs="threat_report")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = queries.report_for(user, pk)
    hours = services.current_rules().confirm_within_hours
    moment = now()
    measures = [
        (m, m.provisional and m.status == MeasureStatus.ACTIVE and confirmation_overdue(m.decided_at, moment, hours))
        for m in queries.urgent_measures_of(report)
    ]
    context = {
        "report": report,
        "measures": measures,
        "confirm_hours": hours,
        "actions": _actions(user, report),
        "history": list(queries.report_history(user, report)[:100]),
    }
    return render(request, "local/report_detail.html", context)


def _new_report(request: HttpRequest, **subject: Any) -> HttpResponse:
    user = _user(request)
    form = ReportForm(request.POST or None, initial={"occurred_at": now().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.register_report(user, **subject, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Melding geregistreerd en doorgezet naar {report.rccb.name} (RCCB).")
            return redirect("local:report", pk=report.pk)
    name = subject["person"].full_name if subject.get("person") else subject["obj"].name
    return _form_page(request, None, form, f"Dreigingsmelding registreren: {name}")


@page(Action.REGISTER_REPORT)
def report_new_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _new_report(request, person=registry_queries.person_for(_user(request), pk), obj=None)


@page(Action.REGISTER_REPORT)
def report_new_object(request: HttpRequest, pk: int) -> HttpResponse:
    return _new_report(request, person=None, obj=registry_queries.object_for(_user(request), pk))


@page(Action.WEIGH_REPORT)
def weigh(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = queries.report_for(user, pk)
    form = WeighingForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            weighed = services.weigh_report(
                user,
                report,
                criteria=form.criteria(),
                motivation=form.cleaned_data["motivation"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _to_report(request, f"Weging vastgelegd: {STATUS_LABELS[weighed.report_status].lower()}.", pk)
    return _form_page(request, report, form, "Eerste weging (RCCB)")


@page(Action.TAKE_URGENT_MEASURE)
def urgent_measure(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = queries.report_for(user, pk)
    form = UrgentMeasureForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.take_urgent_measure(
                user,
                report,
                kind=data["kind"],
                scope=data["scope"],
                motivation=data["motivation"],
                expected_version=data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _to_report(request, f"Voorlopige spoedmaatregel genomen: {measure.kind_name}.", pk)
    return _form_page(request, report, form, "Spoedmaatregel nemen (voorlopig)")


@page(Action.CONFIRM_URGENT_MEASURE)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    measure = queries.urgent_measure_for(user, pk)
    assert measure.threat_report is not None
    form = ConfirmForm(request.POST or None, initial={"version": measure.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.confirm_urgent_measure(
                user, measure, confirm=data["confirm"], motivation=data["motivation"], expected_version=data["version"]
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            word = "vastgesteld" if data["confirm"] else "niet vastgesteld en beëindigd"
            return _to_report(request, f"Spoedmaatregel {measure.kind_name} {word}.", measure.threat_report.pk)
    return _form_page(request, measure.threat_report, form, f"Spoedmaatregel afstemmen: {measure.kind_name}")


@page(Action.DECIDE_LOCAL_CASE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = queries.report_for(user, pk)
    options = DECISIONS_BY_STATUS.get(report.report_status, [])
    form = DecisionForm(request.POST or None, options=options, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.decide_case(
                user,
                report,
                decision=data["decision"],
                motivation=data["motivation"],
                product_kind=data["product_kind"],
                question=data["question"],
                due_on=data["due_on"],
                expected_version=data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _to_report(request, f"Besluit vastgelegd: {decided.decision_label.lower()}.", pk)
    return _form_page(request, report, form, "Besluit adviseur BB&C met de HOvJ")


@page(Action.DECIDE_MEASURE)
def local_measures(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = queries.report_for(user, pk)
    level = current_threat_level(report.person) if report.person else None
    form = PackageDecisionForm(
        request.POST or None, initial={"starts_on": today(), "threat_level": level.level if level else None}
    )
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide_local_measures(
                user,
                report,
                items=package_items(formset),
                starts_on=data["starts_on"],
                threat_level=data["threat_level"],
                threat_duration=data["threat_duration"],
                motivation=data["motivation"],
            )
        except DomainError as error:
            put_item_errors(formset, error.field_errors, form) if error.field_errors else form.add_service_errors(error)
        else:
            return _to_report(request, f"Lokale maatregelen besloten: {decision.measures.count()}.", pk)
    invalid = bool(form.errors) or any(f.errors for f in formset.forms) or bool(formset.non_form_errors())
    context = {
        "form": form,
        "formset": formset,
        "action": request.path,
        "title": "Besluiten over lokale maatregelen (HOvJ)",
        "back_url": reverse("local:report", args=[report.pk]),
        "back_label": f"Dreigingsmelding over {report.subject_name}",
        "intro": report.decision_motivation,
        "submit_label": "Maatregelen besluiten",
    }
    return render(request, "measures/package_form.html", context, status=400 if invalid else 200)


# --- the College of PGs (R30) ----------------------------------------------------------------------------------------


@page(Action.VIEW_COLLEGE_NOTIFICATIONS)
def college_inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(queries.college_inbox(_user(request))[:200])
    return render(request, "local/college_inbox.html", {"notifications": notifications})


# --- the NCTV's object advice (R31) ----------------------------------------------------------------------------------


@page(Action.GIVE_OBJECT_ADVICE)
def object_advice_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    obj = registry_queries.object_for(user, pk)
    form = ObjectAdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.give_object_advice(user, obj, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Advies gegeven aan {advice.addressed_to.name}.")
            return redirect("local:object-advice", pk=advice.pk)
    return _form_page(request, None, form, f"Advies aan het lokale gezag: {obj.name}", obj=obj)


@page(Action.VIEW_OBJECT_ADVICE)
def object_advice(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    advice = queries.object_advice_for(user, pk)
    may_answer = (
        may(user, Action.ANSWER_OBJECT_ADVICE)
        and advice.addressed_to_id == user.organisation_id
        and advice.followed is None
    )
    form = AnswerForm(request.POST or None, initial={"version": advice.version}) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise NotAllowed("U kunt dit advies niet (meer) beantwoorden.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer_object_advice(
                    user,
                    advice,
                    followed=data["followed"],
                    motivation=data["motivation"],
                    expected_version=data["version"],
                )
            except DomainError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Uw antwoord op het advies is vastgelegd.")
                return redirect("local:object-advice", pk=pk)
    status = 400 if form is not None and form.errors else 200
    return render(request, "local/object_advice.html", {"advice": advice, "form": form}, status=status)


# --- rules -----------------------------------------------------------------------------------------------------------


def _pairs_text(pairs: dict[str, str]) -> str:
    return "\n".join(f"{source} = {target}" for source, target in sorted(pairs.items()))


@page(Action.MANAGE_LOCAL_RULES)
def rules(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = services.current_rules()
    form = RulesForm(
        request.POST or None,
        initial={
            "confirm_within_hours": current.confirm_within_hours,
            "partner_districts": _pairs_text(dict(current.partner_districts)),
            "partner_units": _pairs_text(dict(current.partner_units)),
        },
    )
    if request.method == "POST" and form.is_valid():
        districts, units = form.pairs("partner_districts"), form.pairs("partner_units")
        if not form.errors:
            try:
                services.set_rules(
                    user,
                    confirm_within_hours=form.cleaned_data["confirm_within_hours"],
                    partner_districts=districts,
                    partner_units=units,
                    motivation=form.cleaned_data["motivation"],
                )
            except DomainError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "De regels van het lokaal domein zijn gewijzigd.")
                return redirect("local:rules")
    return _form_page(request, None, form, "Regels lokaal domein", rules=current)
