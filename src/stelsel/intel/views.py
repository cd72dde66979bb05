"""The Dutch web UI of threat levels (history, matrix, the authority's form) and of threat products (inbox,
product view with its marking, request and delivery forms)."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError, NotAllowed, NotFound
from stelsel.core.timeutil import today
from stelsel.intel import attachments as attachment_store
from stelsel.intel import queries, services
from stelsel.intel.forms import ProductForm, ProductRequestForm, ThreatLevelForm, WithdrawRequestForm
from stelsel.intel.matrices import MatrixUnavailable, usable_matrix
from stelsel.intel.models import ProductRequest, RequestStatus
from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, ThreatMatrix
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person, ProtectedObject

INBOX_PAGE_SIZE = 50


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
    return _threat_level_page(request, user, person, reverse("registry:person-detail", args=[person.pk]))


@page(Action.VIEW_OBJECT_THREAT_LEVEL)
def object_threat_level(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    obj = registry_queries.object_for(user, pk)
    return _threat_level_page(request, user, obj, reverse("registry:object-detail", args=[obj.pk]))


def _threat_level_page(
    request: HttpRequest, user: User, subject: Person | ProtectedObject, subject_url: str
) -> HttpResponse:
    """The history, the matrix and, for who sets it, the form: the same page for a person and an object (§2.5)."""
    matrix, matrix_problem = _matrix_or_problem()
    is_setter = services.may_set_threat_level(user, subject)
    may_set = matrix is not None and is_setter
    form = ThreatLevelForm(request.POST or None, matrix=matrix) if matrix is not None else None
    if request.method == "POST":
        if not is_setter:
            raise NotAllowed("Alleen het gezag dat het dreigingsniveau vaststelt, kan dat hier doen (§2.5, §3.3, R35).")
        # Without a usable matrix the page answers 400 with the problem (below) and stores nothing.
        if form is not None and form.is_valid():
            try:
                assessment = services.set_threat_level(user, subject, **form.cleaned_data)
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
                return redirect(request.path)
    history = queries.threat_levels_of(user, subject)
    context = {
        "subject": subject,
        "subject_name": subject.full_name if isinstance(subject, Person) else subject.name,
        "subject_url": subject_url,
        "is_object": isinstance(subject, ProtectedObject),
        "history": history,
        "current": history[0] if history else None,
        "matrix": matrix,
        "matrix_problem": matrix_problem,
        "matrix_rows": matrix_rows(matrix) if matrix is not None else [],
        "not_official_note": NOT_OFFICIAL_NOTE,
        "may_set": may_set,
        "own_office_only": isinstance(subject, Person) and user.user_role in queries.OM_ROLES,
        "form": form if may_set else None,
        "action": request.path,
    }
    failed = request.method == "POST" and (form is None or bool(form.errors))
    return render(request, "intel/threat_level.html", context, status=400 if failed else 200)


def _matrix_or_problem() -> tuple[ThreatMatrix | None, str]:
    """The matrix in force, or None and the Dutch message naming why there is none (already logged)."""
    try:
        return usable_matrix(), ""
    except MatrixUnavailable as error:
        return None, str(error)


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------


@page(Action.VIEW_PRODUCTS)
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        # Filtered in the database and paged: a fixed number of queries however many products there are.
        "page_obj": Paginator(queries.inbox(user), INBOX_PAGE_SIZE).get_page(request.GET.get("pagina")),
        "requests": list(queries.requests_for_producer(user)),
        "today": today(),
    }
    return render(request, "intel/inbox.html", context)


@page(Action.VIEW_PRODUCTS, logs="threat_product")
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.product_for(_user(request), pk)
    context = {"product": item, "person": item.person, "attachments": list(item.attachments.all())}
    return render(request, "intel/product.html", context)


@page(Action.VIEW_PRODUCTS, logs="product_attachment")
def attachment(request: HttpRequest, product: int, pk: int) -> HttpResponse:
    """A download under exactly the product's read rule; 404 for unknown and not-allowed alike; every attempt is in
    the access log. A file that no longer matches its checksum is refused, never served."""
    item = queries.attachment_for(_user(request), product, pk)
    try:
        content = attachment_store.open_verified(item)
    except attachment_store.AttachmentCorrupted as error:
        context = {"product": item.product, "person": item.product.person, "message": error.detail}
        return render(request, "intel/attachment_refused.html", context, status=error.status)
    # A streamed FileResponse; the gate hands it on untouched (its type says HttpResponse).
    return cast(HttpResponse, attachment_store.download_response(item, content))


@page(Action.REQUEST_PRODUCT)
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    withdrawing = request.method == "POST" and "intrekken" in request.POST
    form = ProductRequestForm(request.POST if request.method == "POST" and not withdrawing else None)
    withdraw_form = WithdrawRequestForm(request.POST) if withdrawing else None
    if withdraw_form is not None:
        response = _withdraw(request, user, person, withdraw_form)
        if response is not None:
            return response
    elif request.method == "POST" and form.is_valid():
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
    requests = queries.requests_of(user, person)
    failed = withdraw_form if withdraw_form is not None and withdraw_form.errors else None
    rows = []  # per request: the request, whether this organisation may withdraw it, its form with errors
    for item in requests:
        withdrawable = item.status == RequestStatus.REQUESTED and item.requesting_org_id == user.organisation_id
        errors = failed if failed is not None and failed.data.get("verzoek") == str(item.pk) else None
        rows.append((item, withdrawable, errors))
    context = {
        "person": person,
        "form": form,
        "requests": rows,
        "withdraw_error": failed,
        "action": request.path,
    }
    return render(request, "intel/request_new.html", context, status=400 if form.errors or failed else 200)


def _withdraw(request: HttpRequest, user: User, person: Person, form: WithdrawRequestForm) -> HttpResponse | None:
    """Withdraw one of the organisation's open requests about this person; None when the form shows errors."""
    if not form.is_valid():
        return None
    found = queries.own_request(user, form.cleaned_data["verzoek"])
    if found.person_id != person.pk:
        raise NotFound()
    try:
        withdrawn = services.withdraw_request(
            user, found, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
        )
    except (NotAllowed, NotFound):
        raise
    except DomainError as error:
        form.add_service_errors(error)
        return None
    messages.success(
        request, f"Verzoek om een {withdrawn.get_kind_display()} bij {withdrawn.producer_org.name} ingetrokken."
    )
    return redirect("intel:request-new", pk=person.pk)


@page(Action.DELIVER_PRODUCT)
def product_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.product_person_for(user, pk)
    services_request = _open_request(user, person, request.GET.get("verzoek") or request.POST.get("verzoek"))
    matrix, matrix_problem = _matrix_or_problem()
    initial = {"kind": services_request.kind} if services_request is not None else {}
    posted = request.method == "POST"
    form = ProductForm(
        request.POST if posted else None, request.FILES if posted else None, matrix=matrix, initial=initial
    )
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
    context = {
        "person": person,
        "form": form,
        "product_request": services_request,
        "matrix_problem": matrix_problem,
        "action": request.get_full_path(),
    }
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
