"""The Dutch web UI of threat levels (history, matrix, the authority's form) and of threat products (inbox,
product view with its marking, request and delivery forms)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError, NotAllowed, NotFound
from stelsel.core.timeutil import today
from stelsel.intel import queries, services
from stelsel.intel.forms import ProductForm, ProductRequestForm, ThreatLevelForm
from stelsel.intel.matrices import matrix_in_force
from stelsel.intel.models import ProductRequest
from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, NoMatrixInForce, ThreatMatrix
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person


def matrix_rows(matrix: ThreatMatrix) -> list[tuple[str, list[tuple[int, str]]]]:
    """The matrix as table rows: severity label, then per likelihood the level and its label."""
    return [
        (severity.label, [(int(level), THREAT_LEVEL_LABELS[level]) for level in row])
        for severity, row in zip(matrix.severities, matrix.rows, strict=True)
    ]


@page(Action.VIEW_THREAT_LEVEL, logs="person")
def threat_level(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    try:
        matrix: ThreatMatrix | None = matrix_in_force()
    except NoMatrixInForce:
        matrix = None
    may_set = matrix is not None and services.may_set_threat_level(user, person)
    form = ThreatLevelForm(request.POST or None, matrix=matrix) if matrix is not None else None
    if request.method == "POST":
        if form is None or not may_set:  # not the current authority (or no matrix in force): nothing to set
            raise NotAllowed("Alleen het huidige gezag over deze persoon stelt het dreigingsniveau vast (§3.3, R35).")
        if form.is_valid():
            try:
                assessment = services.set_threat_level(user, person, **form.cleaned_data)
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    f"Dreigingsniveau vastgesteld: {assessment.level_label} "
                    f"({assessment.severity_label} × {assessment.likelihood_label}, matrix {assessment.matrix_key}).",
                )
                return redirect("intel:threat-level", pk=person.pk)
    history = queries.threat_levels_of(user, person)
    context = {
        "person": person,
        "history": history,
        "current": history[0] if history else None,
        "matrix": matrix,
        "matrix_rows": matrix_rows(matrix) if matrix is not None else [],
        "not_official_note": NOT_OFFICIAL_NOTE,
        "may_set": may_set,
        "own_office_only": user.user_role in queries.OM_ROLES,
        "form": form if may_set else None,
        "action": request.path,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "intel/threat_level.html", context, status=status)


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------


@page(Action.VIEW_PRODUCTS)
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "products": queries.inbox(user),
        "requests": list(queries.requests_for_producer(user)),
        "today": today(),
    }
    return render(request, "intel/inbox.html", context)


@page(Action.VIEW_PRODUCTS, logs="threat_product")
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.product_for(_user(request), pk)
    return render(request, "intel/product.html", {"product": item, "person": item.person})


@page(Action.REQUEST_PRODUCT)
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    form = ProductRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_product(user, person, **form.cleaned_data)
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                f"{made.get_kind_display()} aangevraagd bij {made.producer_org.name}, "
                f"gereed op {made.due_on:%d-%m-%Y}.",
            )
            return redirect("intel:request-new", pk=person.pk)
    context = {"person": person, "form": form, "requests": queries.requests_of(user, person), "action": request.path}
    return render(request, "intel/request_new.html", context, status=400 if form.errors else 200)


@page(Action.DELIVER_PRODUCT)
def product_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.product_person_for(user, pk)
    services_request = _open_request(user, person, request.GET.get("verzoek") or request.POST.get("verzoek"))
    try:
        matrix: ThreatMatrix | None = matrix_in_force()
    except NoMatrixInForce:
        matrix = None
    initial = {"kind": services_request.kind} if services_request is not None else {}
    form = ProductForm(request.POST or None, matrix=matrix, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.deliver_product(user, person, request=services_request, **form.service_fields())
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{made.get_kind_display()} geleverd ({made.marking_label}).")
            return redirect("intel:product", pk=made.pk)
    context = {"person": person, "form": form, "product_request": services_request, "action": request.get_full_path()}
    return render(request, "intel/product_new.html", context, status=400 if form.errors else 200)


def _open_request(user: User, person: Person, raw: str | None) -> ProductRequest | None:
    """The producer's open request named by ?verzoek=, or None; a request of another person or organisation: 404."""
    if not raw:
        return None
    if not raw.isdigit():
        raise NotFound()
    found = queries.requests_for_producer(user).filter(pk=int(raw), person=person).first()
    if found is None:
        raise NotFound()
    return found
