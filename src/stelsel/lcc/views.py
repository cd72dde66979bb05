"""The Dutch web UI of private parties (§1.3, R47): the register, renewals, consent and ending. Thin over services."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.rules import Action, may
from stelsel.core.errors import DomainError
from stelsel.core.timeutil import today
from stelsel.lcc import queries, services
from stelsel.lcc.forms import AssignForm, EndForm, PartyForm, RenewForm
from stelsel.measures import queries as measures_queries
from stelsel.policy.private_parties import PRINCIPLES

PAGE_SIZE = 25


def _form_page(request: HttpRequest, template: str, form: forms.Form, **context: Any) -> HttpResponse:
    context.update({"form": form, "action": request.path})
    return render(request, template, context, status=400 if form.errors else 200)


@page(Action.VIEW_PRIVATE_PARTIES)
def party_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    paginator = Paginator(queries.parties_for(user), PAGE_SIZE)
    context = {
        "page_obj": paginator.get_page(request.GET.get("pagina")),
        "may_register": may(user, Action.REGISTER_PRIVATE_PARTY),
        "today": today(),
        "principles": PRINCIPLES,
    }
    return render(request, "lcc/party_list.html", context)


@page(Action.REGISTER_PRIVATE_PARTY)
def party_create(request: HttpRequest) -> HttpResponse:
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.register_private_party(_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{party.name} is geregistreerd.")
            return redirect("lcc:party-list")
    return _form_page(request, "lcc/party_form.html", form, title="Particuliere partij registreren")


@page(Action.REGISTER_PRIVATE_PARTY)
def party_renew(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    party = queries.party_for(user, pk)
    form = RenewForm(request.POST or None, initial={"version": party.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.renew_certification(
                user, party, data["certified_until"], data["motivation"], expected_version=data["version"]
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"De certificering van {party.name} is verlengd.")
            return redirect("lcc:party-list")
    return _form_page(request, "lcc/party_form.html", form, party=party, title=f"Certificering {party.name} verlengen")


@page(Action.ASSIGN_PRIVATE_PARTY)
def measure_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    measure = measures_queries.measure_for(user, pk)
    form = AssignForm(request.POST or None, initial={"starts_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assign_private_party(user, measure, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Instemming vastgelegd: {assignment.party.name} ondersteunt {measure.kind_name}."
            )
            return redirect("registry:person-detail", pk=measure.person_id)
    context = {
        "person": measure.person,
        "measure": measure,
        "assignments": queries.assignments_of_measure(user, measure),
        "principles": PRINCIPLES,
        "title": f"Particuliere partij inzetten bij {measure.kind_name}",
    }
    return _form_page(request, "lcc/assign_form.html", form, **context)


@page(Action.ASSIGN_PRIVATE_PARTY)
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assignment = queries.assignment_for(user, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_private_assignment(user, assignment, form.cleaned_data["motivation"])
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"De inzet van {assignment.party.name} is beëindigd.")
            return redirect("registry:person-detail", pk=assignment.measure.person_id)
    person = assignment.measure.person
    title = f"Inzet van {assignment.party.name} bij {assignment.measure.kind_name} beëindigen"
    context = {"person": person, "title": title}
    return _form_page(request, "registry/person_edit.html", form, **context)
