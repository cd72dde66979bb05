"""The Dutch web UI of the LCC's deployment: plan a day, follow a run, sick calls, concepts, activities, and the
steering dashboard (R49). Thin over services and queries."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.rules import Action, may
from stelsel.core.errors import DomainError
from stelsel.core.timeutil import now, today
from stelsel.deployment import queries, services
from stelsel.deployment.charts import bar_chart, line_chart
from stelsel.deployment.forms import AbsenceForm, ActivityForm, CancelForm, ConceptForm, FitForm, RunForm
from stelsel.deployment.instance import decided_levels
from stelsel.deployment.models import PlanRun
from stelsel.policy.deployment import R_DASHBOARD, RUN_REASONS, concept_team, team_label
from stelsel.registry.queries import person_for


def _form_page(request: HttpRequest, template: str, form: forms.Form, **context: Any) -> HttpResponse:
    context.update({"form": form, "action": request.path})
    return render(request, template, context, status=400 if form.errors else 200)


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        return today()


@page(Action.VIEW_DEPLOYMENT)
def day_plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    day = _day(request)
    context = {
        "plan": queries.day_plan(user, day),
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "may_plan": may(user, Action.PLAN_DEPLOYMENT),
        "form": RunForm(initial={"first_day": day, "days": 1, "time_limit": 20}),
        "reasons": RUN_REASONS,
    }
    return render(request, "deployment/day_plan.html", context)


@page(Action.PLAN_DEPLOYMENT)
def run_start(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, initial={"first_day": _day(request), "days": 1, "time_limit": 20})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Planningsrun {run.pk} is gestart.")
            return redirect("deployment:run", pk=run.pk)
    return _form_page(request, "deployment/form.html", form, title="Planning starten", submit="Plannen")


def _run_context(request: HttpRequest, run: PlanRun) -> dict[str, Any]:
    user = _user(request)
    return {
        "run": run,
        "view": queries.run_view(user, run) if run.diff else None,
        "may_plan": may(user, Action.PLAN_DEPLOYMENT),
    }


@page(Action.VIEW_DEPLOYMENT)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.run_for(_user(request), pk)
    return render(request, "deployment/run.html", _run_context(request, run))


@page(Action.VIEW_DEPLOYMENT)
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment htmx polls while the run is open; a finished run reloads the whole page once."""
    run = queries.run_for(_user(request), pk)
    response = render(request, "deployment/_run_status.html", _run_context(request, run))
    if not run.is_open and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@page(Action.PLAN_DEPLOYMENT)
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = queries.run_for(user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_run(user, run, form.cleaned_data["motivation"])
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Planningsrun {run.pk} is geannuleerd; het vorige plan blijft van kracht.")
            return redirect("deployment:run", pk=run.pk)
    return _form_page(
        request, "deployment/form.html", form, title=f"Planningsrun {run.pk} annuleren", submit="Annuleren"
    )


@page(Action.VIEW_DEPLOYMENT)
def capacity(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    context = {
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "units": queries.capacity_on(day),
        "may_plan": may(_user(request), Action.PLAN_DEPLOYMENT),
    }
    return render(request, "deployment/capacity.html", context)


@page(Action.PLAN_DEPLOYMENT)
def absence(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    member = queries.staff_for(user, pk)
    form = AbsenceForm(request.POST or None, initial={"starts_at": now().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            _, runs = services.report_absence(user, member, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            if runs:
                messages.success(request, f"Afwezigheid van {member.number} vastgelegd; het plan wordt herpland.")
                return redirect("deployment:run", pk=runs[0].pk)
            messages.success(request, f"Afwezigheid van {member.number} vastgelegd.")
            return redirect("deployment:capacity")
    title = f"Afwezigheid melden: {member.number} {member.name} ({member.unit.name})"
    return _form_page(request, "deployment/form.html", form, title=title, submit="Melden")


@page(Action.PLAN_DEPLOYMENT)
def fit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    absence = queries.absence_for(user, pk)
    form = FitForm(request.POST or None, initial={"fit_at": now().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_fit(user, absence, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{absence.staff.number} is weer inzetbaar.")
            return redirect("deployment:capacity")
    title = f"Betermelding: {absence.staff.number} {absence.staff.name} ({absence.get_kind_display().lower()})"
    return _form_page(request, "deployment/form.html", form, title=title, submit="Beter melden")


@page(Action.PLAN_DEPLOYMENT)
def concept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = person_for(user, pk)
    current = services.open_concept(person)
    measure = services.person_directed_measure(person)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {"unit": current.unit, **{f"team_{q}": n for q, n in current.team.items()}}
    form = ConceptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register_concept(user, person, unit=data["unit"], team=form.team(), motivation=data["motivation"])
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Het inzetconcept voor {person} is vastgelegd.")
            return redirect("deployment:activity-new", pk=person.pk)
    level = decided_levels({person.pk}).get(person.pk, 3)
    default = team_label(concept_team(measure.kind, level)) if measure else ""
    context = {
        "person": person,
        "measure": measure,
        "current": current,
        "default_team": default,
        "title": f"Inzetconcept voor {person}",
        "submit": "Vastleggen",
    }
    return _form_page(request, "deployment/form.html", form, **context)


@page(Action.PLAN_DEPLOYMENT)
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = person_for(user, pk)
    current = services.open_concept(person)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("team_")}
        try:
            activity, runs = services.register_activity(user, person, team=form.team(), **data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Activiteit van {person} op {activity.starts_at:%d-%m-%Y %H:%M} vastgelegd.")
            if runs:
                return redirect("deployment:run", pk=runs[0].pk)
            return redirect(f"{reverse('deployment:day')}?dag={activity.starts_at.date().isoformat()}")
    context = {
        "person": person,
        "current": current,
        "current_team": team_label(current.team) if current else "",
        "activities": queries.activities_of(user, person, today()),
        "title": f"Activiteit van {person}",
        "submit": "Vastleggen",
    }
    return _form_page(request, "deployment/activity_form.html", form, **context)


@page(Action.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    first_day = _day(request)
    data = queries.dashboard(first_day)
    charts = []
    for unit in data["units"]:
        rows = [r for r in data["rows"] if r["unit_code"] == unit.code]
        charts.append(
            {
                "unit": unit,
                "svg": bar_chart(
                    title=f"{unit.name}: beschikbare en ingezette uren per dag",
                    labels=[f"{r['day']:%d-%m}" for r in rows],
                    series=[
                        ("Beschikbaar", [r["available_hours"] for r in rows], "chart-available"),
                        ("Ingezet", [r["deployed_hours"] for r in rows], "chart-deployed"),
                    ],
                ),
            }
        )
    trend = line_chart(
        title="Dekking van de gewogen vraag per dag (plannen van kracht)",
        labels=[f"{r['day']:%d-%m}" for r in data["trend"]],
        values=[r["coverage"] for r in data["trend"]],
    )
    context = {**data, "charts": charts, "trend_svg": trend, "reason": R_DASHBOARD, "generated_at": now()}
    return render(request, "deployment/dashboard.html", context)
