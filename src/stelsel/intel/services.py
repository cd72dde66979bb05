"""Every state change of threat information (§3.1, §3.3; R33, R35). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state, apply the policy with its
reasons, write the journal entry and the row.
"""

from collections.abc import Sequence

from django.db import transaction

from stelsel.access.models import User
from stelsel.access.rules import Action, require, role_may
from stelsel.core import journal
from stelsel.core.errors import InvalidInput, NotAllowed
from stelsel.core.timeutil import today
from stelsel.intel.matrices import matrix_in_force
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS
from stelsel.policy.threat_matrix import NoMatrixInForce, level_for
from stelsel.policy.versions import version_on
from stelsel.registry.models import Person
from stelsel.registry.queries import current_authority


def _text(value: str | None) -> str:
    return (value or "").strip()


def information_lines(information: Sequence[str] | str | None) -> list[str]:
    """The products and facts as a list of non-empty lines (a textarea gives one line per item)."""
    if information is None:
        return []
    items = information.splitlines() if isinstance(information, str) else list(information)
    return [line.strip() for line in items if isinstance(line, str) and line.strip()]


def _check_authority(actor: User, person: Person) -> None:
    authority = current_authority(person)
    if authority is None or authority.holder_id != actor.organisation_id:
        raise NotAllowed(
            "Alleen het huidige gezag over deze persoon stelt het dreigingsniveau vast, op het geheel van de "
            "informatie (§3.3, R35)."
        )


def may_set_threat_level(actor: User, person: Person) -> bool:
    """Whether the page offers the form: the role may, and the actor's organisation is the current authority."""
    if not role_may(actor, Action.SET_THREAT_LEVEL):
        return False
    authority = current_authority(person)
    return authority is not None and authority.holder_id == actor.organisation_id


def set_threat_level(
    actor: User,
    person: Person,
    *,
    severity: str,
    likelihood: str,
    motivation: str,
    information: Sequence[str] | str | None,
) -> ThreatLevelAssessment:
    """The current authority sets the person's threat level on the whole picture (§3.3, R35): the level is the cell
    of severity x likelihood in the matrix version in force today (§3.1, R33); earlier levels stay as they were."""
    require(actor, Action.SET_THREAT_LEVEL, person)
    _check_authority(actor, person)
    policy = version_on(today())
    try:
        matrix = matrix_in_force()
    except NoMatrixInForce as error:
        raise InvalidInput.for_field("severity", str(error)) from None
    errors: dict[str, str] = {}
    severity, likelihood = _text(severity), _text(likelihood)
    if not severity:
        errors["severity"] = "Kies de ernst van de dreiging (§3.1)."
    elif matrix.severity(severity) is None:
        errors["severity"] = f"Onbekende ernst '{severity}'; kies een ernst uit matrix {matrix.key}."
    if not likelihood:
        errors["likelihood"] = "Kies de waarschijnlijkheid dat de dreiging wordt uitgevoerd (§3.1)."
    elif matrix.likelihood(likelihood) is None:
        errors["likelihood"] = f"Onbekende waarschijnlijkheid '{likelihood}'; kies er een uit matrix {matrix.key}."
    if not _text(motivation):
        errors["motivation"] = (
            "Motivering is verplicht: waarom dit niveau, op het geheel van de informatie (§3.3, R35)?"
        )
    lines = information_lines(information)
    if not lines:
        errors["information"] = (
            "Noem ten minste één informatieproduct of feit waarop het niveau rust (bijvoorbeeld een DI of DA), "
            "één per regel (§3.2, §3.3)."
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    outcome = level_for(matrix, severity, likelihood, policy)
    severity_grade, likelihood_grade = matrix.severity(severity), matrix.likelihood(likelihood)
    assert severity_grade is not None
    assert likelihood_grade is not None
    level = outcome.value
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _check_authority(actor, locked)  # the authority may have moved on since the form was opened
        entry = journal.record(
            actor=actor,
            action="intel.threat_level_set",
            subjects=[locked],
            reason=_text(motivation),
            policy_version=policy.key,
            payload={
                "severity": severity,
                "likelihood": likelihood,
                "level": int(level),
                "level_label": THREAT_LEVEL_LABELS[level],
                "matrix": matrix.key,
                "information": lines,
                "reasons": outcome.reasons_as_dicts,
            },
        )
        return ThreatLevelAssessment.objects.create(
            person=locked,
            severity=severity,
            severity_label=severity_grade.label,
            likelihood=likelihood,
            likelihood_label=likelihood_grade.label,
            level=int(level),
            matrix_key=matrix.key,
            motivation=_text(motivation),
            information=lines,
            reasons=outcome.reasons_as_dicts,
            policy_version=policy.key,
            set_by=actor,
            set_by_org=actor.organisation,
            set_at=entry.recorded_at,
            entry=entry,
        )
