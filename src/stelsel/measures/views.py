"""The Dutch web UI of measures: advice, package decisions, reviews, risk moments, mayors. Thin over services."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.rules import Action, may
from stelsel.core.errors import DomainError, NotAllowed
from stelsel.core.timeutil import today
from stelsel.intel.queries import current_threat_level
from stelsel.measures import queries, services
from stelsel.measures.forms import (
    AdviceDraftForm,
    AdviceItemFormSet,
    AdviceRequestForm,
    DecideForm,
    FourWayForm,
    ItemFormSet,
    NotifyMayorForm,
    PackageDecisionForm,
    PhaseOutForm,
    ReviewForm,
    RiskDecisionForm,
    RiskMomentForm,
    package_items,
    put_item_errors,
    review_choices,
    review_fields,
)
from stelsel.measures.models import AdviceStatus, Scenario
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person


def _edit_page(request: HttpRequest, person: Person, form: forms.Form, title: str, **extra: Any) -> HttpResponse:
    context = {"person": person, "form": form, "title": title, "action": request.path, **extra}
    return render(request, "registry/person_edit.html", context, status=400 if form.errors else 200)


def _assessed(person: Person) -> int | None:
    """The threat level the authority set for the person (issue 5), as the starting value of a package's level."""
    assessed = current_threat_level(person)
    return assessed.level if assessed else None


def _done(request: HttpRequest, message: str, person_id: int) -> HttpResponse:
    messages.success(request, message)
    return redirect("registry:person-detail", pk=person_id)


@page(Action.DECIDE_MEASURE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = DecideForm(request.POST or None, initial={"starts_on": today(), "threat_level": _assessed(person)})
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.decide_measure(user, person, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, f"Besluit vastgelegd: {measure.kind_name}.", person.pk)
    return _edit_page(request, person, form, "Maatregel besluiten")


@page(Action.PHASE_OUT_MEASURE)
def phase_out(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    measure = queries.measure_for(user, pk)
    form = PhaseOutForm(request.POST or None, initial={"version": measure.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_out_measure(
                user, measure, motivation=form.cleaned_data["motivation"], expected_version=form.cleaned_data["version"]
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, f"{measure.kind_name} is afgebouwd.", measure.person_id)
    return _edit_page(request, measure.person, form, f"{measure.kind_name} afbouwen")


# --- measures advice ---------------------------------------------------------------------------------------------


@page(Action.REQUEST_ADVICE)
def advice_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = AdviceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.request_advice(user, person, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Maatregelenadvies gevraagd aan {advice.adviser_org.name}.")
            return redirect("measures:advice-detail", pk=advice.pk)
    return _edit_page(request, person, form, "Maatregelenadvies vragen")


@page(Action.VIEW_ADVICE)
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    advice = queries.advice_for(user, pk)
    context = {
        "advice": advice,
        "person": advice.person,
        "may_draft": advice.status == AdviceStatus.REQUESTED
        and may(user, Action.DRAFT_ADVICE)
        and advice.adviser_org_id == user.organisation_id,
        "may_decide": advice.status == AdviceStatus.SUBMITTED
        and may(user, Action.DECIDE_MEASURE)
        and advice.authority_id == user.organisation_id,
    }
    return render(request, "measures/advice_detail.html", context)


def _package_page(
    request: HttpRequest, template: str, form: forms.Form, formset: forms.BaseFormSet, **context: Any
) -> HttpResponse:
    invalid = bool(form.errors) or any(f.errors for f in formset.forms) or bool(formset.non_form_errors())
    context.update({"form": form, "formset": formset, "action": request.path})
    return render(request, template, context, status=400 if invalid else 200)


@page(Action.DRAFT_ADVICE)
def advice_draft(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    advice = queries.advice_for(user, pk)
    if advice.status != AdviceStatus.REQUESTED:
        messages.info(request, "Dit advies is al ingediend.")
        return redirect("measures:advice-detail", pk=advice.pk)
    form = AdviceDraftForm(
        request.POST or None, initial={"version": advice.version, "threat_level": _assessed(advice.person)}
    )
    formset = AdviceItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.submit_advice(
                user,
                advice,
                items=package_items(formset),
                threat_level=data["threat_level"],
                threat_duration=data["threat_duration"],
                explanation=data["explanation"],
                scarce_means=data["scarce_means"],
                expected_version=data["version"],
            )
        except DomainError as error:
            put_item_errors(formset, error.field_errors, form) if error.field_errors else form.add_service_errors(error)
        else:
            messages.success(request, "Het maatregelenadvies is ingediend bij het gezag.")
            return redirect("measures:advice-detail", pk=advice.pk)
    title = "Maatregelenadvies opstellen"
    return _package_page(request, "measures/package_form.html", form, formset, advice=advice, title=title)


@page(Action.DECIDE_MEASURE)
def advice_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    advice = queries.advice_for(user, pk)
    if advice.status != AdviceStatus.SUBMITTED:
        messages.info(request, f"Over dit advies kan nu niet worden besloten: {advice.get_status_display().lower()}.")
        return redirect("measures:advice-detail", pk=advice.pk)
    initial = [
        {
            "kind": i.kind,
            "scope": i.scope,
            "facilitation": i.facilitation,
            "review_on": i.review_on,
            "reevaluate_when": "",
            "note": i.note,
        }
        for i in services.advice_items(advice)
    ]
    form = PackageDecisionForm(
        request.POST or None,
        initial={
            "starts_on": today(),
            "threat_level": advice.threat_level,
            "threat_duration": advice.threat_duration,
        },
    )
    formset = ItemFormSet(request.POST or None, prefix="items", initial=initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide_package(
                user,
                advice.person,
                items=package_items(formset),
                advice=advice,
                starts_on=data["starts_on"],
                threat_level=data["threat_level"],
                threat_duration=data["threat_duration"],
                motivation=data["motivation"],
                despite_missing_handover=data["despite_missing_handover"],
            )
        except DomainError as error:
            put_item_errors(formset, error.field_errors, form) if error.field_errors else form.add_service_errors(error)
        else:
            count = decision.measures.count()
            return _done(request, f"Pakket van {count} maatregelen besloten.", advice.person_id)
    title = "Besluiten over het maatregelenpakket"
    return _package_page(request, "measures/package_form.html", form, formset, advice=advice, title=title)


# --- review ------------------------------------------------------------------------------------------------------


@page(Action.REVIEW_MEASURES)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    measures = queries.active_measures(person)
    initial: dict[str, object] = {f"measures_{m.pk}_version": m.version for m in measures}
    form = ReviewForm(request.POST or None, initial={**initial, "threat_level": _assessed(person)})
    for measure in measures:
        form.fields.update(review_fields(measure.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_package(
                user,
                person,
                choices=review_choices(form, [m.pk for m in measures]),
                threat_level=data["threat_level"],
                threat_duration=data["threat_duration"],
                motivation=data["motivation"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, "Herbeoordeling vastgelegd.", person.pk)
    rows = [(m, [form[name] for name in review_fields(m.pk)]) for m in measures]
    # The threat and motivation fields are placed by the template; the rest belong to a measure's row.
    context = {"person": person, "form": form, "rows": rows, "action": request.path}
    return render(request, "measures/review_form.html", context, status=400 if form.errors else 200)


# --- moments of increased risk -------------------------------------------------------------------------------------


@page(Action.REPORT_RISK_MOMENT)
def risk_moment_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = RiskMomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moment = services.register_risk_moment(user, person, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, f"Risicomoment aangemeld bij {moment.routed_to.name}.", person.pk)
    return _edit_page(request, person, form, "Verhoogd risicomoment aanmelden")


@page(Action.DECIDE_RISK_MOMENT)
def risk_moment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    moment = queries.risk_moment_for(user, pk)
    if moment.routed_to_id != user.organisation_id:
        raise NotAllowed("Dit risicomoment is aangemeld bij een andere organisatie (§3.3, R37).")
    form = RiskDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_risk_moment(user, moment, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            if may(user, Action.NOTIFY_MAYOR):
                # Scenario 2 of §2.3.5: a plannable situation; the NCTV decides whether and what to share.
                url = reverse("measures:notify-mayor", args=[moment.person_id])
                query = f"?gemeente={moment.municipality.code}&scenario={Scenario.PLANNED}&risicomoment={moment.pk}"
                messages.success(
                    request, "Besluit over het risicomoment vastgelegd; informeer zo nodig de burgemeester."
                )
                return redirect(url + query)
            return _done(request, "Besluit over het risicomoment vastgelegd.", moment.person_id)
    return _edit_page(request, moment.person, form, "Verhoogd risicomoment beoordelen", moment=moment)


# --- mayors --------------------------------------------------------------------------------------------------------


@page(Action.NOTIFY_MAYOR)
def notify_mayor(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    initial = {
        "municipality_code": request.GET.get("gemeente", "")[:6],
        "scenario": request.GET.get("scenario", "") if request.GET.get("scenario") in Scenario.values else "",
        "measure": request.GET.get("maatregel") if (request.GET.get("maatregel") or "").isdigit() else None,
        "risk_moment": request.GET.get("risicomoment") if (request.GET.get("risicomoment") or "").isdigit() else None,
    }
    form = NotifyMayorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure_id, moment_id = data.pop("measure"), data.pop("risk_moment")
        try:
            measure = queries.measure_for(user, measure_id) if measure_id else None
            moment = queries.risk_moment_for(user, moment_id) if moment_id else None
            notification = services.send_mayor_notification(user, person, measure=measure, risk_moment=moment, **data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, f"Burgemeester van {notification.municipality.name} geïnformeerd.", person.pk)
    return _edit_page(request, person, form, "Burgemeester informeren")


@page(Action.READ_MAYOR_NOTIFICATIONS)
def mayor_inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(queries.mayor_inbox(_user(request))[:200])
    return render(request, "measures/mayor_inbox.html", {"notifications": notifications})


@page(Action.READ_MAYOR_NOTIFICATIONS)
def mayor_notification(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notification = queries.notification_for(user, pk)
    if request.method == "POST":
        try:
            services.acknowledge_notification(user, notification)
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, "Melding als gelezen bevestigd.")
        return redirect("measures:mayor-notification", pk=pk)
    return render(request, "measures/mayor_notification.html", {"notification": notification})


@page(Action.RECORD_FOUR_WAY)
def four_way(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = FourWayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_four_way(user, person, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            return _done(request, "Vierhoeksoverleg vastgelegd.", person.pk)
    return _edit_page(request, person, form, "Vierhoeksoverleg vastleggen")
