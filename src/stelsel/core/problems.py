"""Errors as application/problem+json (RFC 9457, NL API Design Rules), with a Dutch detail."""

from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from stelsel.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"

_DUTCH_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Niet toegestaan",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    415: "Niet ondersteund mediatype",
    429: "Te veel verzoeken",
    503: "Niet beschikbaar",
}
_DUTCH_DETAILS = {
    401: "U bent niet aangemeld, of uw tweede factor is niet gecontroleerd.",
    403: "U hebt geen recht op deze handeling.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    415: "Stuur de gegevens als application/json.",
}


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            params.extend(_invalid_params(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}"))
    elif isinstance(detail, list):
        for item in detail:
            params.extend(_invalid_params(item, prefix))
    else:
        params.append({"name": prefix or "nonFieldErrors", "reason": str(detail)})
    return params


def problem(status_code: int, detail: str, invalid_params: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": f"https://stelsel.nl/problemen/{status_code}",
        "title": _DUTCH_TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalid-params"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        params = [{"name": field, "reason": message} for field, message in exc.field_errors.items()]
        return problem(exc.status, exc.detail, params or None)
    if isinstance(exc, Http404):
        return problem(404, _DUTCH_DETAILS[404])
    if isinstance(exc, exceptions.ValidationError):
        params = _invalid_params(exc.detail)
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
        return problem(status.HTTP_400_BAD_REQUEST, detail, params)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return problem(401, _DUTCH_DETAILS[401])
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    return problem(code, _DUTCH_DETAILS.get(code, str(getattr(exc, "detail", "Fout."))))
