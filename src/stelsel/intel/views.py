"""The Dutch web UI of threat levels: the history, the matrix in force and, for the current authority, the form."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stelsel.access.gate import page
from stelsel.access.gate import request_user as _user
from stelsel.access.rules import Action
from stelsel.core.errors import DomainError, NotAllowed, NotFound
from stelsel.intel import queries, services
from stelsel.intel.forms import ThreatLevelForm
from stelsel.intel.matrices import matrix_in_force
from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, NoMatrixInForce, ThreatMatrix
from stelsel.registry import queries as registry_queries


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
