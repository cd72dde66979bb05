"""The Dutch web UI of the protected person's side of a case: one overview page and four small forms. Thin."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError, InvalidInput
from stelsel.core.timeutil import now
from stelsel.portal import queries, services
from stelsel.portal.forms import CareForm, CommunicationForm, ConfidentialityForm, CooperationForm, EmployerDutiesForm
from stelsel.portal.models import EMPLOYER_DUTIES
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person


@page(Action.VIEW_CARE, logs="person")
def person_care(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    overview = queries.care_overview(user, person)
    context = {
        "person": person,
        "overview": overview,
        "may_record": services.may_record(user, person),
    }
    return render(request, "portal/care.html", context)


Save = Callable[[User, Person, dict[str, Any]], str]  # calls the service, returns the success message


def _care_form(
    request: HttpRequest, pk: int, form_class: type[CareForm], title: str, save: Save, **kw: Any
) -> HttpResponse:
    """GET shows the form, POST saves through the service; errors come back per field, nothing changed."""
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    try:
        services.check_may_record(user, person)  # 403 for someone who may see but not record
    except InvalidInput as error:  # no authority (basic police care): nothing to record
        messages.error(request, error.detail)
        return redirect("portal:person-care", pk=person.pk)
    initial = kw["initial"](person) if "initial" in kw else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            message = save(user, person, form.cleaned_data)
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message)
            return redirect("portal:person-care", pk=person.pk)
    context = {"person": person, "form": form, "title": title, "action": request.path, "intro": kw.get("intro", "")}
    return render(request, "portal/care_form.html", context, status=400 if form.errors else 200)


@page(Action.RECORD_CARE)
def cooperation(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, person: Person, data: dict[str, Any]) -> str:
        record = services.record_cooperation(user, person, **data)
        return f"Medewerking vastgelegd: {record.get_status_display().lower()}."

    intro = "Leg de medewerking vast zoals die nu is; eerdere vaststellingen blijven in de historie."
    return _care_form(request, pk, CooperationForm, "Medewerking vastleggen", save, intro=intro)


@page(Action.RECORD_CARE)
def communication(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, person: Person, data: dict[str, Any]) -> str:
        entry = services.record_communication(user, person, **data)
        return f"Vastgelegd in het communicatielogboek: {entry.get_channel_display().lower()} over {entry.topics}."

    intro = "Wat de persoon is verteld over de dreiging en de maatregelen, en wanneer (§5.2)."

    def initial(person: Person) -> dict[str, Any]:
        return {"told_at": now().replace(second=0, microsecond=0)}

    return _care_form(request, pk, CommunicationForm, "Communicatie vastleggen", save, intro=intro, initial=initial)


@page(Action.RECORD_CARE)
def confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, person: Person, data: dict[str, Any]) -> str:
        event = services.record_confidentiality(user, person, **data)
        return f"Geheimhoudingsverklaring: {event.get_status_display().lower()} op {event.on:%d-%m-%Y}."

    intro = "Tegen derden worden geen uitlatingen gedaan over dreiging en maatregelen (§5.2)."
    return _care_form(request, pk, ConfidentialityForm, "Geheimhoudingsverklaring", save, intro=intro)


@page(Action.RECORD_CARE)
def employer(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, person: Person, data: dict[str, Any]) -> str:
        version = data.pop("version")
        duties = services.update_employer_duties(user, person, expected_version=version, **data)
        return f"Zorgplicht werkgever vastgelegd (versie {duties.version})."

    def initial(person: Person) -> dict[str, Any]:
        current = queries.employer_duties_of(person)
        if current is None:
            return {"version": 0}
        fields = ("employer_name", "notes", *EMPLOYER_DUTIES)
        return {"version": current.version, **{name: getattr(current, name) for name in fields}}

    intro = "De werkgever vult naar redelijkheid en draagkracht zijn zorgplicht in (beleidslijn zorgplicht)."
    return _care_form(request, pk, EmployerDutiesForm, "Zorgplicht werkgever", save, intro=intro, initial=initial)
