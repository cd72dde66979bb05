"""The Dutch web UI of the integrated threat picture: the picture with its ACH matrix, the editor, review and
challenge, and making a version final."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError, NotAllowed, NotFound
from stelsel.intel.queries import products_for
from stelsel.policy.threat_picture import SCORE_LABELS
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person
from stelsel.threatpicture import queries, services
from stelsel.threatpicture.forms import FinaliseForm, PictureForm, ReviewForm
from stelsel.threatpicture.models import PictureStatus, ThreatPicture


def _render_picture(
    request: HttpRequest,
    user: User,
    person: Person,
    picture: ThreatPicture | None,
    *,
    review_form: ReviewForm | None = None,
    finalise_form: FinaliseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_edit = services.may_edit_picture(user, person)
    view = queries.picture_view(picture) if picture is not None else None
    draft = picture is not None and picture.status == PictureStatus.DRAFT
    context = {
        "person": person,
        "picture": picture,
        "view": view,
        "may_edit": may_edit,
        "may_review": may_edit and draft and picture is not None and user.pk not in picture.authors,
        "may_finalise": may_edit and draft,
        "review_form": review_form or ReviewForm(initial={"version": picture.version if picture else 0}),
        "finalise_form": finalise_form or FinaliseForm(initial={"version": picture.version if picture else 0}),
        "score_labels": {score.value: label for score, label in SCORE_LABELS.items()},
    }
    return render(request, "threatpicture/picture.html", context, status=status)


@page(Action.VIEW_THREAT_PICTURE, logs="person")
def picture(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    return _render_picture(request, user, person, queries.picture_for(user, person))


def _product_choices(user: User, person: Person) -> list[tuple[int, str]]:
    return [
        (
            entry.product.pk,
            f"{entry.product.get_kind_display()} van {entry.product.producer_org.name}, "
            f"{entry.product.delivered_at:%d-%m-%Y}",
        )
        for entry in products_for(user, person)
        if entry.readable
    ]


@page(Action.EDIT_THREAT_PICTURE, logs="person")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    if not services.may_edit_picture(user, person):
        raise NotAllowed("Alleen het huidige gezag over deze persoon houdt het dreigingsbeeld bij (§3.3, R52).")
    current = queries.picture_for(user, person)
    form = PictureForm(request.POST or None, picture=current, products=_product_choices(user, person))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_picture(user, person, **form.document())
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Dreigingsbeeld opgeslagen als versie {saved.version} (concept).")
            return redirect("threatpicture:picture", pk=person.pk)
    hypothesis_rows, evidence_rows = form.bound_rows()
    context = {
        "person": person,
        "picture": current,
        "form": form,
        "hypothesis_rows": hypothesis_rows,
        "evidence_rows": evidence_rows,
        "hypothesis_keys": form.hypothesis_keys,
        "action": request.path,
    }
    return render(request, "threatpicture/edit.html", context, status=400 if form.errors else 200)


def _own_picture(user: User, person: Person) -> ThreatPicture:
    found = queries.picture_for(user, person)
    if found is None:
        raise NotFound()
    return found


def _act_on_picture(
    request: HttpRequest,
    pk: int,
    form_class: type[ReviewForm] | type[FinaliseForm],
    act: Callable[[User, ThreatPicture, dict[str, Any]], str],
) -> HttpResponse:
    """POST a review or the finalising of the user's picture; the service decides, the page shows its messages."""
    user = _user(request)
    person = registry_queries.person_for(user, pk)
    if request.method != "POST":
        return redirect("threatpicture:picture", pk=person.pk)
    current = _own_picture(user, person)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = act(user, current, form.cleaned_data)
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect("threatpicture:picture", pk=person.pk)
    if isinstance(form, ReviewForm):
        return _render_picture(request, user, person, current, review_form=form, status=400)
    return _render_picture(request, user, person, current, finalise_form=form, status=400)


def _record_review(user: User, picture: ThreatPicture, data: dict[str, Any]) -> str:
    made = services.record_review(user, picture, **data)
    return f"{made.get_kind_display()} vastgelegd op versie {made.of_version}."


def _finalise(user: User, picture: ThreatPicture, data: dict[str, Any]) -> str:
    release = services.finalise_picture(user, picture, **data)
    return f"Dreigingsbeeld versie {release.version} is definitief."


@page(Action.EDIT_THREAT_PICTURE, logs="person")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_picture(request, pk, ReviewForm, _record_review)


@page(Action.EDIT_THREAT_PICTURE, logs="person")
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_picture(request, pk, FinaliseForm, _finalise)
