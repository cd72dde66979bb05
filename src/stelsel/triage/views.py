"""The Dutch web UI of triage and designation: thin views over the triage queries and services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.rules import Action, may
from stelsel.core.errors import DomainError, InvalidInput
from stelsel.core.journal import entries_for_subject
from stelsel.policy.framework import ROUTE_LABELS, Route
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person
from stelsel.triage import forms as triage_forms
from stelsel.triage import queries, services
from stelsel.triage.models import CaseStatus, Escalation, TriageCase
from stelsel.worklist import worklist as worklist_of

JOURNAL_LIMIT = 100


@page(Action.VIEW_WORKLIST)
def worklist(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/worklist.html", {"items": worklist_of(_user(request))})


@page(Action.VIEW_TRIAGE)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = queries.cases_for(_user(request)).order_by("-drafted_at", "-id")[:200]
    return render(request, "triage/case_list.html", {"cases": cases})


@page(Action.VIEW_TRIAGE)
def table_agenda(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/agenda.html", {"items": list(queries.table_agenda(_user(request)))})


def _outcome_context(form: triage_forms.IntakeForm) -> dict[str, Any]:
    """The framework's live answer for what is filled in so far; missing answers are named, not guessed."""
    if not form.is_valid():
        return {"outcome": None, "missing": {}}
    try:
        outcome = services.preview(form.intake_input())
    except InvalidInput as error:
        return {"outcome": None, "missing": error.field_errors}
    return {"outcome": outcome, "route_label": ROUTE_LABELS[outcome.value], "missing": {}}


@page(Action.ASSESS_INTAKE)
def assess(request: HttpRequest) -> HttpResponse:
    """htmx partial: the outcome box of the intake form, recomputed while the form is filled in."""
    form = triage_forms.IntakeForm(request.POST or None)
    return render(request, "triage/_outcome.html", _outcome_context(form))


def _intake_page(
    request: HttpRequest, person: Person, form: triage_forms.IntakeForm, case: TriageCase | None
) -> HttpResponse:
    context = {"person": person, "form": form, "case": case, **_outcome_context(form)}
    if not form.is_bound:
        context.update(outcome=None, missing={})
    return render(request, "triage/intake_form.html", context, status=400 if form.errors else 200)


@page(Action.DRAFT_INTAKE)
def intake_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = triage_forms.IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.draft_intake(user, person, form.intake_input())
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het intakeformulier is opgesteld.")
            return redirect("triage:case-detail", pk=case.pk)
    return _intake_page(request, person, form, None)


@page(Action.DRAFT_INTAKE)
def intake_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = queries.case_for(user, pk)
    initial = {field: getattr(case, field) for field in services.ANSWER_FIELDS} | {"version": case.version}
    form = triage_forms.IntakeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_intake(user, case, form.intake_input(), expected_version=form.cleaned_data["version"])
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het intakeformulier is bijgewerkt.")
            return redirect("triage:case-detail", pk=case.pk)
    return _intake_page(request, case.person, form, case)


@page(Action.VIEW_TRIAGE)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = queries.case_for(user, pk)
    escalations = list(case.escalations.all())
    context = {
        "case": case,
        "answers": services.answers_of(case),
        "judgements": list(case.judgements.select_related("judged_by")),
        "table_items": list(case.table_items.all()),
        "escalations": escalations,
        "journal": list(entries_for_subject("triage_case", case.pk)[:JOURNAL_LIMIT])
        if may(user, Action.VIEW_JOURNAL)
        else None,
        "actions": _available_actions(user, case, escalations),
    }
    return render(request, "triage/case_detail.html", context)


def _available_actions(user: User, case: TriageCase, escalations: list[Escalation]) -> list[tuple[str, str]]:
    """The decisions this user can take on the case now, as (label, url); the services check again on POST."""
    status, direct = case.status, case.chosen_route == Route.DIRECT_ADMISSION
    open_escalation = next((e for e in escalations if e.decided_at is None), None)
    candidates = [
        (Action.DRAFT_INTAKE, status == CaseStatus.DRAFT, "Intakeformulier aanvullen", "triage:intake-edit", case.pk),
        (Action.SIGN_INTAKE, status == CaseStatus.DRAFT, "Ondertekenen en versturen", "triage:case-sign", case.pk),
        (
            Action.PLAN_TABLE,
            status == CaseStatus.SIGNED and not direct,
            "Agenderen voor de triagetafel",
            "triage:case-table",
            case.pk,
        ),
        (Action.CONCLUDE_TABLE, status == CaseStatus.ON_TABLE, "Conclusie vastleggen", "triage:case-conclude", case.pk),
        (
            Action.JUDGE,
            (status == CaseStatus.SIGNED and direct) or status == CaseStatus.DISCUSSED,
            "Oordeelsformulier invullen",
            "triage:case-judge",
            case.pk,
        ),
        (Action.SEND_HANDOVER, case.handover_missing, "Overdrachtsdossier sturen", "triage:case-handover", case.pk),
        (Action.ESCALATE, status == CaseStatus.DECLINED, "Escaleren", "triage:case-escalate", case.pk),
        (
            Action.DECIDE_ESCALATION,
            open_escalation is not None,
            "Uitkomst escalatie vastleggen",
            "triage:escalation-decide",
            open_escalation.pk if open_escalation else 0,
        ),
    ]
    return [
        (label, reverse(name, args=[arg]))
        for action, ready, label, name, arg in candidates
        if ready and may(user, action)
    ]


Perform = Callable[[User, Any, dict[str, Any]], object]


def _action_page(
    request: HttpRequest,
    *,
    case: TriageCase,
    form_class: type[forms.Form],
    title: str,
    perform: Perform,
    target: Any = None,
    done: str,
) -> HttpResponse:
    """One decision on a case: the form on GET; on POST the service, then back to the case with a message."""
    user = _user(request)
    form = form_class(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            perform(user, target if target is not None else case, form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("triage:case-detail", pk=case.pk)
    context = {"case": case, "form": form, "title": title, "action": request.path}
    return render(request, "triage/action.html", context, status=400 if form.errors else 200)


@page(Action.SIGN_INTAKE)
def case_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.SignForm,
        title="Intakeformulier ondertekenen en versturen aan de NCTV",
        perform=lambda user, case, data: services.sign_intake(
            user, case, route=data["route"], motivation=data["motivation"], expected_version=data["version"]
        ),
        done="Het intakeformulier is ondertekend en verstuurd aan de NCTV.",
    )


@page(Action.PLAN_TABLE)
def case_table(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.TableForm,
        title="Agenderen voor de triagetafel",
        perform=lambda user, case, data: services.put_on_table(
            user, case, meeting_date=data["meeting_date"], expected_version=data["version"]
        ),
        done="De casus staat op de agenda van de triagetafel.",
    )


@page(Action.CONCLUDE_TABLE)
def case_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.ConclusionForm,
        title="Conclusie van de triagetafel vastleggen",
        perform=lambda user, case, data: services.conclude_table(
            user,
            case,
            conclusion=data["conclusion"],
            participants=data["participants"],
            expected_version=data["version"],
        ),
        done="De conclusie van de triagetafel is vastgelegd.",
    )


@page(Action.JUDGE)
def case_judge(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.JudgeForm,
        title="Oordeelsformulier",
        perform=lambda user, case, data: services.judge(
            user,
            case,
            admitted=data["admitted"] == "ja",
            motivation=data["motivation"],
            information=data["information"],
            expected_version=data["version"],
        ),
        done="Het oordeel is vastgelegd; het OM is geïnformeerd.",
    )


@page(Action.SEND_HANDOVER)
def case_handover(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.HandoverForm,
        title="Overdrachtsdossier sturen aan de NCTV",
        perform=lambda user, case, data: services.send_handover_file(
            user, case, contents=data["contents"], expected_version=data["version"]
        ),
        done="Het overdrachtsdossier is verstuurd.",
    )


@page(Action.ESCALATE)
def case_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        case=queries.case_for(_user(request), pk),
        form_class=triage_forms.EscalateForm,
        title="Escaleren",
        perform=lambda user, case, data: services.escalate(
            user, case, motivation=data["motivation"], expected_version=data["version"]
        ),
        done="De casus is geëscaleerd.",
    )


@page(Action.DECIDE_ESCALATION)
def escalation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = queries.escalation_for(_user(request), pk)
    return _action_page(
        request,
        case=escalation.case,
        target=escalation,
        form_class=triage_forms.EscalationDecisionForm,
        title=f"Uitkomst escalatie: {escalation.get_step_display()}",
        perform=lambda user, target, data: services.decide_escalation(
            user, target, admit=data["admit"] == "ja", outcome=data["outcome"], expected_version=data["version"]
        ),
        done="De uitkomst van de escalatie is vastgelegd.",
    )


def _person_page(
    request: HttpRequest, pk: int, form_class: type[forms.Form], title: str, perform: Perform, done: str
) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform(user, person, form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("registry:person-detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "title": title,
        "action": request.path,
    }
    return render(request, "registry/person_edit.html", context, status=400 if form.errors else 200)


@page(Action.EMERGENCY_DESIGNATION)
def person_emergency(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(
        request,
        pk,
        triage_forms.EmergencyForm,
        "Spoedaanwijzing op telefonisch verzoek van de HOvJ",
        lambda user, person, data: services.emergency_designation(
            user, person, caller=data["caller"], called_at=data["called_at"], information=data["information"]
        ),
        "De persoon is per direct aangewezen (spoed).",
    )


@page(Action.END_DESIGNATION)
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(
        request,
        pk,
        triage_forms.LeaveForm,
        "Uit het stelsel",
        lambda user, person, data: services.end_designation(
            user, person, reason=data["reason"], return_to_hovj=data["return_to_hovj"]
        ),
        "De aanwijzing is beëindigd.",
    )
