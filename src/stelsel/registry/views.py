"""The Dutch web UI of the registry: thin views over queries and services."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import Organisation, User
from stelsel.access.rules import Action, journal_scope, may, visible_persons
from stelsel.access.services import UNSHAREABLE_KINDS, share_person
from stelsel.core.errors import DomainError
from stelsel.core.journal import entries_for_subject
from stelsel.lcc.queries import person_panel as private_parties_panel
from stelsel.local import queries as local_queries
from stelsel.measures.queries import person_panel as measures_panel
from stelsel.policy.authority import HolderKind, SubjectKind, bases_for
from stelsel.registry import queries, services
from stelsel.registry.forms import (
    AddressForm,
    AuthorityForm,
    EndAuthorityForm,
    ObjectForm,
    PersonForm,
    RelationForm,
    ShareForm,
)
from stelsel.registry.models import Person, ProtectedObject

PAGE_SIZE = 25
JOURNAL_LIMIT = 100


def _bases(user: User, subject: SubjectKind) -> list[Any]:
    holder = services.ROLE_HOLDERS.get(user.user_role)
    return bases_for(holder, subject) if holder else []


@page(Action.LIST_PERSONS)
def person_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    paginator = Paginator(queries.search_persons(_user(request), text), PAGE_SIZE)
    context = {
        "page_obj": paginator.get_page(request.GET.get("pagina")),
        "q": text,
        "may_register": may(request.user, Action.REGISTER_PERSON),
    }
    template = "registry/_person_rows.html" if request.htmx else "registry/person_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@page(Action.REGISTER_PERSON)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.register_person(
                _user(request),
                given_names=data["given_names"],
                surname_prefix=data["surname_prefix"],
                surname=data["surname"],
                date_of_birth=data["date_of_birth"],
                home=form.address_input(),
                reason=data["reason"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{person.full_name} is geregistreerd.")
            return redirect("registry:person-detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form}, status=400 if form.errors else 200)


@page(Action.VIEW_PERSON, logs="person")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.person_for(user, pk)
    relatives = queries.relatives_of(person)
    visible_ids = set(
        visible_persons(user).filter(pk__in=[r.relative.pk for r in relatives]).values_list("pk", flat=True)
    )
    may_journal = may(user, Action.VIEW_JOURNAL)
    current = person.open_periods[0] if person.open_periods else None  # type: ignore[attr-defined]
    in_stelsel = current is not None and current.holder_kind == HolderKind.NCTV
    context = {
        "person": person,
        "relatives": relatives,
        "visible_relative_ids": visible_ids,
        "authority_history": queries.authority_history(person),
        "current_authority": person.open_periods[0] if person.open_periods else None,  # type: ignore[attr-defined]
        "address_history": person.addresses.select_related("address__municipality").order_by("-valid_from"),
        "journal": list(queries.person_journal(user, person)[:JOURNAL_LIMIT]) if may_journal else None,
        "may_edit": may(user, Action.EDIT_PERSON),
        "may_share": may(user, Action.SHARE_PERSON),
        **measures_panel(user, person, current),
        **private_parties_panel(user, person, current),
        "may_view_care": may(user, Action.VIEW_CARE),
        "may_view_threat_level": may(user, Action.VIEW_THREAT_LEVEL),
        "may_view_threat_picture": may(user, Action.VIEW_THREAT_PICTURE),
        "may_request_product": may(user, Action.REQUEST_PRODUCT),
        "may_deliver_product": may(user, Action.DELIVER_PRODUCT),
        "may_plan_deployment": may(user, Action.PLAN_DEPLOYMENT) and in_stelsel,
        "may_report_threat": may(user, Action.REGISTER_REPORT),
        "threat_reports": list(local_queries.reports_for(user).filter(person=person)[:20]),
        "may_intake": may(user, Action.DRAFT_INTAKE) and not in_stelsel,
        "may_emergency": may(user, Action.EMERGENCY_DESIGNATION) and not in_stelsel,
        "may_leave": may(user, Action.END_DESIGNATION) and in_stelsel and current.via_person_id is None,  # type: ignore[union-attr]
        "shares": person.shares.filter(valid_to__isnull=True).select_related("organisation"),
        "authority_bases": _bases(user, SubjectKind.PERSON) if may(user, Action.ASSIGN_AUTHORITY) else [],
        "may_end_authority": bool(person.open_periods)  # type: ignore[attr-defined]
        and person.open_periods[0].holder_id == user.organisation_id  # type: ignore[attr-defined]
        and may(user, Action.END_AUTHORITY),
    }
    return render(request, "registry/person_detail.html", context)


def _edit_page(request: HttpRequest, person: Person, form: Any, title: str, action: str) -> HttpResponse:
    return render(
        request,
        "registry/person_edit.html",
        {"person": person, "form": form, "title": title, "action": action},
        status=400 if form.errors else 200,
    )


@page(Action.EDIT_PERSON)
def person_address(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.person_for(user, pk)
    form = AddressForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_address(
                user,
                person,
                kind=form.cleaned_data["kind"],
                address=form.address_input(),
                valid_from=form.cleaned_data["valid_from"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het adres is gewijzigd.")
            return redirect("registry:person-detail", pk=person.pk)
    return _edit_page(request, person, form, "Adres wijzigen", reverse("registry:person-address", args=[pk]))


@page(Action.EDIT_PERSON)
def person_relation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.person_for(user, pk)
    candidates = visible_persons(user).exclude(pk=person.pk).order_by("surname", "given_names")[:500]
    form = RelationForm(
        request.POST or None,
        initial={"version": person.version},
        relatives=[(p.pk, f"{p.full_name} ({p.date_of_birth:%d-%m-%Y})") for p in candidates],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.link_relative(
                user,
                person,
                queries.person_for(user, form.cleaned_data["relative"]),
                kind=form.cleaned_data["kind"],
                household=form.cleaned_data["household"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het familielid is gekoppeld.")
            return redirect("registry:person-detail", pk=person.pk)
    return _edit_page(request, person, form, "Familielid koppelen", reverse("registry:person-relation", args=[pk]))


@page(Action.SHARE_PERSON)
def person_share(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.person_for(user, pk)
    organisations = Organisation.objects.exclude(kind__in=list(UNSHAREABLE_KINDS)).exclude(pk=user.organisation_id)
    form = ShareForm(request.POST or None, organisations=[(o.code, o.name) for o in organisations])
    if request.method == "POST" and form.is_valid():
        try:
            share = share_person(
                user, person, organisation_code=form.cleaned_data["organisation"], purpose=form.cleaned_data["purpose"]
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Het dossier is gedeeld met {share.organisation.name}.")
            return redirect("registry:person-detail", pk=person.pk)
    return _edit_page(request, person, form, "Dossier delen", reverse("registry:person-share", args=[pk]))


def _authority_view(
    request: HttpRequest, subject: Person | ProtectedObject, kind: SubjectKind, back: str
) -> HttpResponse:
    user = _user(request)
    form = AuthorityForm(request.POST or None, initial={"version": subject.version}, bases=_bases(user, kind))
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_authority(
                user,
                subject,
                basis=form.cleaned_data["basis"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het gezag is vastgelegd.")
            return redirect(back)
    return render(
        request,
        "registry/authority_form.html",
        {"subject": subject, "form": form, "back": back, "title": "Gezag vastleggen"},
        status=400 if form.errors else 200,
    )


def _end_authority_view(request: HttpRequest, subject: Person | ProtectedObject, back: str) -> HttpResponse:
    form = EndAuthorityForm(request.POST or None, initial={"version": subject.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_authority(
                _user(request),
                subject,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Het gezag is beëindigd.")
            return redirect(back)
    return render(
        request,
        "registry/authority_form.html",
        {"subject": subject, "form": form, "back": back, "title": "Gezag beëindigen"},
        status=400 if form.errors else 200,
    )


@page(Action.ASSIGN_AUTHORITY)
def person_authority(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.person_for(_user(request), pk)
    return _authority_view(request, person, SubjectKind.PERSON, reverse("registry:person-detail", args=[pk]))


@page(Action.END_AUTHORITY)
def person_authority_end(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.person_for(_user(request), pk)
    return _end_authority_view(request, person, reverse("registry:person-detail", args=[pk]))


@page(Action.LIST_OBJECTS)
def object_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(queries.objects_for(_user(request)).order_by("name", "id"), PAGE_SIZE)
    context = {
        "page_obj": paginator.get_page(request.GET.get("pagina")),
        "may_register": may(request.user, Action.REGISTER_OBJECT),
    }
    return render(request, "registry/object_list.html", context)


@page(Action.REGISTER_OBJECT)
def object_create(request: HttpRequest) -> HttpResponse:
    form = ObjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.register_object(
                _user(request),
                name=data["name"],
                kind=data["kind"],
                municipality_code=data["municipality_code"],
                on_limitative_list=data["on_limitative_list"],
                art4_category=data["art4_category"] or "",
                reason=data["reason"],
            )
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{obj.name} is geregistreerd.")
            return redirect("registry:object-detail", pk=obj.pk)
    return render(request, "registry/object_form.html", {"form": form}, status=400 if form.errors else 200)


@page(Action.VIEW_OBJECT)
def object_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    obj = queries.object_for(user, pk)
    current = obj.open_periods[0] if obj.open_periods else None  # type: ignore[attr-defined]
    context = {
        "object": obj,
        "current_authority": current,
        "authority_history": queries.authority_history(obj),
        "journal": list(entries_for_subject("object", obj.pk).filter(journal_scope(user))[:JOURNAL_LIMIT])
        if may(user, Action.VIEW_JOURNAL)
        else None,
        "authority_bases": _bases(user, SubjectKind.OBJECT) if may(user, Action.ASSIGN_AUTHORITY) else [],
        "may_end_authority": current is not None
        and current.holder_id == user.organisation_id
        and may(user, Action.END_AUTHORITY),
        "may_view_threat_level": may(user, Action.VIEW_OBJECT_THREAT_LEVEL),
        "may_report_threat": may(user, Action.REGISTER_REPORT),
        "may_give_advice": may(user, Action.GIVE_OBJECT_ADVICE) and obj.on_limitative_list and not obj.is_art4,
        "object_advice": local_queries.advice_of_object(user, obj.pk),
    }
    return render(request, "registry/object_detail.html", context)


@page(Action.ASSIGN_AUTHORITY)
def object_authority(request: HttpRequest, pk: int) -> HttpResponse:
    obj = queries.object_for(_user(request), pk)
    return _authority_view(request, obj, SubjectKind.OBJECT, reverse("registry:object-detail", args=[pk]))


@page(Action.END_AUTHORITY)
def object_authority_end(request: HttpRequest, pk: int) -> HttpResponse:
    obj = queries.object_for(_user(request), pk)
    return _end_authority_view(request, obj, reverse("registry:object-detail", args=[pk]))
