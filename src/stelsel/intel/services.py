"""Every state change of threat information (§3.1, §3.3; R33, R35). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state, apply the policy with its
reasons, write the journal entry and the row.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from stelsel.access.models import Organisation, User
from stelsel.access.rules import Action, require, role_may
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.timeutil import today
from stelsel.intel.matrices import matrix_in_force
from stelsel.intel.models import ProductRequest, RequestStatus, ThreatLevelAssessment, ThreatProduct
from stelsel.intel.queries import require_product_action
from stelsel.policy.authority import HolderKind
from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS
from stelsel.policy.framework import Phenomenon
from stelsel.policy.products import (
    LOCAL,
    PRODUCT_LABELS,
    STELSEL,
    ProductKind,
    ProductRuleError,
    check_marking,
    check_production,
    check_request,
    check_sources,
)
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


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------


def _requester_and_domain(actor: User, person: Person) -> tuple[str | None, str]:
    """The holder kind when the actor's organisation is the person's current authority (else None), and the domain."""
    authority = current_authority(person)
    domain = STELSEL if authority is not None and authority.holder_kind == HolderKind.NCTV else LOCAL
    if authority is None or authority.holder_id != actor.organisation_id:
        return None, domain
    return authority.holder_kind, domain


def request_product(
    actor: User,
    person: Person,
    *,
    kind: str,
    producer_org: Organisation | None,
    question: str,
    due_on: date | None,
) -> ProductRequest:
    """Ask an intelligence organisation for a product (§3.2, R34): an IRD, DA or WA only by the current authority
    (a WA only by the NCTV for the stelsel or the HOvJ locally); a signal report is never asked for."""
    require(actor, Action.REQUEST_PRODUCT, person)
    policy = version_on(today())
    errors: dict[str, str] = {}
    kind = _text(kind)
    outcome = None
    if not kind:
        errors["kind"] = "Kies het soort product dat u aanvraagt (§3.2)."
    else:
        holder, domain = _requester_and_domain(actor, person)
        try:
            outcome = check_request(kind, holder, domain, policy)
        except ProductRuleError as error:
            errors[error.field] = str(error)
    if producer_org is None:
        errors["producer_org"] = "Kies de organisatie die het product opstelt (politie, KMar, AIVD of MIVD)."
    elif "kind" not in errors:
        try:
            check_production(kind, producer_org.kind, True, policy)
        except ProductRuleError as error:
            errors["producer_org"] = f"{producer_org.name} stelt dit product niet op: {error}"
    if not _text(question):
        errors["question"] = "Beschrijf de vraag: waarover moet het product gaan?"
    if due_on is None:
        errors["due_on"] = "Geef op wanneer het product er moet zijn."
    elif due_on < today():
        errors["due_on"] = "De datum voor het product ligt in het verleden."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert outcome is not None
    assert producer_org is not None
    assert due_on is not None
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        holder, domain = _requester_and_domain(actor, locked)
        try:  # the authority may have moved on since the form was opened
            outcome = check_request(kind, holder, domain, policy)
        except ProductRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        entry = journal.record(
            actor=actor,
            action="intel.product_requested",
            subjects=[locked],
            reason=_text(question),
            policy_version=policy.key,
            payload={
                "kind": outcome.value.value,
                "producer": producer_org.name,
                "due_on": due_on,
                "reasons": outcome.reasons_as_dicts,
            },
        )
        return ProductRequest.objects.create(
            person=locked,
            kind=outcome.value.value,
            requested_by=actor,
            requesting_org=actor.organisation,
            producer_org=producer_org,
            question=_text(question),
            due_on=due_on,
            requested_at=entry.recorded_at,
            reasons=outcome.reasons_as_dicts,
            policy_version=policy.key,
            entry=entry,
        )


def _check_request_of(actor: User, person: Person, request: ProductRequest | None, kind: str) -> dict[str, str]:
    if request is None:
        return {}
    if request.person_id != person.pk or request.producer_org_id != actor.organisation_id:
        return {"request": "Dit verzoek gaat niet over deze persoon of is niet aan uw organisatie gericht."}
    if request.status != RequestStatus.REQUESTED:
        return {"request": f"Dit verzoek is al {request.get_status_display().lower()}; lever op een open verzoek."}
    if kind and kind != request.kind:
        return {"kind": f"Het verzoek vraagt om een {request.get_kind_display()}; lever dat soort product."}
    return {}


def _grade(matrix_codes: Any, value: str, field: str, label: str) -> tuple[str, dict[str, str]]:
    value = _text(value)
    if value and matrix_codes(value) is None:
        return value, {field: f"Onbekende {label} '{value}'; kies er een uit de dreigingsmatrix die nu geldt."}
    return value, {}


def deliver_product(
    actor: User,
    person: Person,
    *,
    kind: str,
    request: ProductRequest | None = None,
    body: str,
    threatened: str = "",
    threatener: str = "",
    phenomenon: str = "",
    severity: str = "",
    likelihood: str = "",
    sources: Any = None,
    marking: str,
    named_orgs: Sequence[Organisation] = (),
    sanitised_summary: str = "",
) -> ThreatProduct:
    """An intelligence organisation delivers a product with its need-to-know marking (§3.2; R34, R51); on a request
    it marks that request delivered. A product is never edited afterwards: a correction is a new product."""
    require_product_action(actor, Action.DELIVER_PRODUCT, person)
    policy = version_on(today())
    kind = _text(kind) or (request.kind if request is not None else "")
    errors = _check_request_of(actor, person, request, kind)
    production = None
    if not kind:
        errors["kind"] = "Kies het soort product (§3.2)."
    elif "kind" not in errors:
        try:
            production = check_production(kind, actor.organisation.kind, request is not None, policy)
        except ProductRuleError as error:
            errors.setdefault(error.field, str(error))
    if not _text(body):
        errors["body"] = "De inhoud van het product ontbreekt."
    phenomenon = _text(phenomenon)
    if phenomenon and phenomenon not in {p.value for p in Phenomenon}:
        errors["phenomenon"] = f"Onbekend fenomeen '{phenomenon}'; kies een fenomeen uit het afwegingskader."
    matrix_key = ""
    if _text(severity) or _text(likelihood):
        try:
            matrix = matrix_in_force()
        except NoMatrixInForce as error:
            errors["severity"] = str(error)
        else:
            matrix_key = matrix.key
            severity, bad = _grade(matrix.severity, severity, "severity", "ernst")
            errors.update(bad)
            likelihood, bad = _grade(matrix.likelihood, likelihood, "likelihood", "waarschijnlijkheid")
            errors.update(bad)
    cleaned_sources: list[dict[str, str]] = []
    try:
        cleaned_sources = check_sources(sources)
    except ProductRuleError as error:
        errors[error.field] = str(error)
    marked = None
    try:
        marked = check_marking(_text(marking), [org.kind for org in named_orgs], policy)
    except ProductRuleError as error:
        errors[error.field] = str(error)
    if errors:
        raise InvalidInput.for_fields(errors)
    assert production is not None
    assert marked is not None
    reasons = production.reasons_as_dicts + marked.reasons_as_dicts
    label = PRODUCT_LABELS[ProductKind(kind)]
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        locked_request = None
        if request is not None:
            locked_request = ProductRequest.objects.select_for_update().get(pk=request.pk)
            if locked_request.status != RequestStatus.REQUESTED:
                raise Conflict("Op dit verzoek is intussen al geleverd of het is ingetrokken.")
        entry = journal.record(
            actor=actor,
            action="intel.product_delivered",
            subjects=[locked, *([locked_request] if locked_request else [])],
            reason=f"{label} geleverd door {actor.organisation.name}",
            policy_version=policy.key,
            payload={
                "kind": kind,
                "request": locked_request.pk if locked_request else None,
                "marking": marked.value.value,
                "named_orgs": [org.name for org in named_orgs],
                "sanitised_summary": bool(_text(sanitised_summary)),
                "reasons": reasons,
            },
        )
        product = ThreatProduct.objects.create(
            person=locked,
            kind=kind,
            producer_org=actor.organisation,
            produced_by=actor,
            request=locked_request,
            body=_text(body),
            threatened=_text(threatened),
            threatener=_text(threatener),
            phenomenon=phenomenon,
            severity=_text(severity),
            likelihood=_text(likelihood),
            matrix_key=matrix_key,
            sources=cleaned_sources,
            marking=marked.value.value,
            sanitised_summary=_text(sanitised_summary),
            reasons=reasons,
            policy_version=policy.key,
            delivered_at=entry.recorded_at,
            entry=entry,
        )
        product.named_orgs.set(named_orgs)
        if locked_request is not None:
            locked_request.status = RequestStatus.DELIVERED
            locked_request.version += 1
            locked_request.save(update_fields=["status", "version"])
    return product
