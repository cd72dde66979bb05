"""The gate every page and API view passes: login with second factor, role x action, need-to-know, access log.

Pages use `@page(Action.X)`, API views subclass `GuardedAPIView` with `access_action = Action.X`. A test walks
every URL pattern and fails on a view that declares no action, so nothing is reachable by default.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stelsel.access.log import log_access
from stelsel.access.models import User
from stelsel.access.rules import Action, is_active_user, role_may
from stelsel.core.errors import DomainError, NotAllowed, NotFound

ViewFunc = Callable[..., HttpResponse]

# Reads of these object types are written to the access log, allowed or denied.
LOGGED_OBJECT_TYPES = frozenset({"person", "threat_product", "product_attachment", "threat_report"})


def is_verified(user: Any) -> bool:
    return is_active_user(user) and bool(user.is_verified())


def page(action: Action, *, logs: str | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """Guard a page. `logs="person"` writes every view of the person in kwargs["pk"] to the access log."""

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            allowed = False
            try:
                if not is_verified(request.user):
                    return redirect_to_login(request.get_full_path())
                if not role_may(request.user, action):
                    raise NotAllowed("U hebt geen recht op deze pagina.")
                response = view(request, *args, **kwargs)
                allowed = True
                return response
            except NotFound as error:
                raise Http404(error.detail) from error
            except NotAllowed as error:
                return render(request, "403.html", {"message": error.detail}, status=403)
            finally:
                if logs in LOGGED_OBJECT_TYPES:
                    log_access(
                        request,
                        channel="ui",
                        action=action.value,
                        object_type=logs,
                        object_id=kwargs.get("pk"),
                        allowed=allowed,
                    )

        guarded.access_action = action  # type: ignore[attr-defined]
        return guarded

    return decorate


class GuardedAPIView(APIView):
    """`access_actions` maps each HTTP method the view answers to the action it performs."""

    access_actions: dict[str, Action]
    logs: str | None = None  # object type whose reads (kwargs["pk"]) go to the access log

    def action_for(self, method: str) -> Action:
        # A method the view does not answer is judged by its first action; DRF then answers 405.
        return self.access_actions.get(method) or next(iter(self.access_actions.values()))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not role_may(request.user, self.action_for(request.method or "GET")):
            raise NotAllowed("U hebt geen recht op deze handeling.")

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if self.logs in LOGGED_OBJECT_TYPES and request.method == "GET":
            log_access(
                request._request,
                channel="api",
                action=self.action_for("GET").value,
                object_type=str(self.logs),
                object_id=kwargs.get("pk"),
                allowed=200 <= response.status_code < 300,
            )
        return super().finalize_response(request, response, *args, **kwargs)


def request_user(request: HttpRequest | Request) -> User:
    """The user behind a page or API request that passed the gate (which has already refused anyone else)."""
    assert isinstance(request.user, User)
    return request.user


def valid_data(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def paginated(
    view: GuardedAPIView, request: Request, items: Any, serializer: type[serializers.BaseSerializer]
) -> Response:
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


def form_errors_from(error: DomainError) -> dict[str, str]:
    return error.field_errors or {"__all__": error.detail}
