"""The Dutch web UI of measures: decide one for a person, phase one out."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError
from stelsel.measures import queries, services
from stelsel.measures.forms import DecideForm, PhaseOutForm
from stelsel.registry import queries as registry_queries


@page(Action.DECIDE_MEASURE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.decide_measure(user, person, **form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Besluit vastgelegd: {measure.kind_name}.")
            return redirect("registry:person-detail", pk=person.pk)
    context = {"person": person, "form": form, "title": "Maatregel besluiten", "action": request.path}
    return render(request, "registry/person_edit.html", context, status=400 if form.errors else 200)


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
            messages.success(request, f"{measure.kind_name} is afgebouwd.")
            return redirect("registry:person-detail", pk=measure.person_id)
    title = f"{measure.kind_name} afbouwen"
    context = {"person": measure.person, "form": form, "title": title, "action": request.path}
    return render(request, "registry/person_edit.html", context, status=400 if form.errors else 200)
