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
from stelsel.access.roles import OrgKind
from stelsel.access.rules import Action, require, role_may
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.timeutil import today
from stelsel.intel import attachments as attachment_store
from stelsel.intel.matrices import MatrixUnavailable, usable_matrix
from stelsel.intel.models import (
    ProductAttachment,
    ProductRequest,
    RequestStatus,
    ThreatLevelAssessment,
    ThreatProduct,
)
from stelsel.intel.queries import require_product_action
from stelsel.policy.attachments import AttachmentError, AttachmentUpload, CheckedAttachment, check_attachments
from stelsel.policy.authority import HOLDER_LABELS, AuthorityRuleError, HolderKind, object_level_setter
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
from stelsel.policy.threat_matrix import level_for
from stelsel.policy.versions import version_on
from stelsel.registry.models import Person, ProtectedObject
from stelsel.registry.queries import current_authority, holds_now


def _text(value: str | None) -> str:
    return (value or "").strip()


def information_lines(information: Sequence[str] | str | None) -> list[str]:
    """The products and facts as a list of non-empty lines (a textarea gives one line per item)."""
    if information is None:
        return []
    items = information.splitlines() if isinstance(information, str) else list(information)
    return [line.strip() for line in items if isinstance(line, str) and line.strip()]


Subject = Person | ProtectedObject


def _setter_reasons(actor: User, subject: Subject) -> list[dict[str, str]]:
    """Check that the actor's organisation sets this subject's level and return why: for a person its current
    authority (§3.3, R35); for an object the NCTV when it is on the limitative list or under the NCTV, else the HOvJ
    that holds it (§2.5; R31, R32)."""
    if isinstance(subject, Person):
        if not holds_now(actor, subject):
            raise NotAllowed(
                "Alleen het huidige gezag over deze persoon stelt het dreigingsniveau vast, op het geheel van de "
                "informatie (§3.3, R35)."
            )
        return []
    authority = current_authority(subject)
    holder = HolderKind(authority.holder_kind) if authority is not None else None
    try:
        setter = object_level_setter(subject.on_limitative_list, subject.is_art4, holder, version_on(today()))
    except AuthorityRuleError as error:
        raise NotAllowed(str(error)) from None
    if setter.value is HolderKind.NCTV:
        allowed = actor.organisation.kind == OrgKind.NCTV
    else:
        allowed = authority is not None and authority.holder_id == actor.organisation_id
    if not allowed:
        raise NotAllowed(
            f"Het dreigingsniveau van dit object stelt de {HOLDER_LABELS[setter.value]} vast: {setter.explanation()}"
        )
    return setter.reasons_as_dicts


def may_set_threat_level(actor: User, subject: Subject) -> bool:
    """Whether the page offers the form: the role may, and the actor's organisation is the one that sets it."""
    if not role_may(actor, Action.SET_THREAT_LEVEL):
        return False
    try:
        _setter_reasons(actor, subject)
    except NotAllowed:
        return False
    return True


def set_threat_level(
    actor: User,
    subject: Subject,
    *,
    severity: str,
    likelihood: str,
    motivation: str,
    information: Sequence[str] | str | None,
) -> ThreatLevelAssessment:
    """The current authority sets the threat level of a person (or an object, §2.5) on the whole picture (§3.3, R35):
    the level is the cell of severity x likelihood in the matrix version in force today (§3.1, R33); earlier levels
    stay as they were."""
    require(actor, Action.SET_THREAT_LEVEL, subject)
    _setter_reasons(actor, subject)
    policy = version_on(today())
    try:
        matrix = usable_matrix()
    except MatrixUnavailable as error:  # a broken configuration or none in force: 400 naming it, nothing stored
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
        locked = type(subject).objects.select_for_update().get(pk=subject.pk)
        # The authority may have moved on since the form was opened.
        reasons = _setter_reasons(actor, locked) + outcome.reasons_as_dicts
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
                "reasons": reasons,
            },
        )
        return ThreatLevelAssessment.objects.create(
            person=locked if isinstance(locked, Person) else None,
            object=locked if isinstance(locked, ProtectedObject) else None,
            severity=severity,
            severity_label=severity_grade.label,
            likelihood=likelihood,
            likelihood_label=likelihood_grade.label,
            level=int(level),
            matrix_key=matrix.key,
            motivation=_text(motivation),
            information=lines,
            reasons=reasons,
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
    attachments: Sequence[AttachmentUpload] = (),
) -> ThreatProduct:
    """An intelligence organisation delivers a product with its need-to-know marking (§3.2; R34, R51); on a request
    it marks that request delivered. A product is never edited afterwards: a correction is a new product.

    Attachments are checked with the other fields (type by extension and content, size, number); when anything is
    wrong nothing is stored, no row and no file. Their files are written before the transaction commits."""
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
            matrix = usable_matrix()
        except MatrixUnavailable as error:
            errors["severity" if _text(severity) else "likelihood"] = str(error)
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
    checked: list[CheckedAttachment] = []
    try:
        checked = check_attachments(list(attachments), attachment_store.limits())
    except AttachmentError as error:
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
                "attachments": [
                    {"filename": item.filename, "size": item.size, "sha256": item.sha256} for item in checked
                ],
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
        product.named_orgs.add(*named_orgs)  # the through table is append-only: add, never set or clear
        ProductAttachment.objects.bulk_create(
            ProductAttachment(
                product=product,
                filename=item.filename,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                storage_key=attachment_store.store(item),  # written before the commit; an orphan is harmless
                uploaded_at=entry.recorded_at,
            )
            for item in checked
        )
        if locked_request is not None:
            locked_request.status = RequestStatus.DELIVERED
            locked_request.version += 1
            locked_request.save(update_fields=["status", "version"])
    return product


def withdraw_request(actor: User, request: ProductRequest, *, reason: str, version: int | None) -> ProductRequest:
    """The requesting organisation withdraws its open request (§3.2, R34), with a reason; it leaves the producer's
    worklist and nobody delivers on it any more. `version` is the version the actor saw (optimistic locking)."""
    if not role_may(actor, Action.REQUEST_PRODUCT):
        raise NotAllowed("Alleen wie een product mag aanvragen, trekt een verzoek in.")
    if request.requesting_org_id != actor.organisation_id:
        raise NotFound()  # another organisation's request: as if it did not exist
    policy = version_on(today())
    errors: dict[str, str] = {}
    if not _text(reason):
        errors["reason"] = "Geef een reden waarom het verzoek wordt ingetrokken."
    if version is None:
        errors["version"] = "De versie van het verzoek ontbreekt; open het verzoek opnieuw en probeer het nog eens."
    if request.status != RequestStatus.REQUESTED:
        errors["request"] = (
            f"Dit verzoek is al {request.get_status_display().lower()}; alleen een open verzoek trekt u in."
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    reasons = [
        {
            "rule": "R34",
            "paragraph": "§3.2",
            "text": "De aanvrager trekt het verzoek in; de producent levert er niet meer op.",
        }
    ]
    with transaction.atomic():
        locked = ProductRequest.objects.select_for_update().select_related("person", "producer_org").get(pk=request.pk)
        if locked.version != version:
            raise Conflict("Het verzoek is intussen gewijzigd (bijvoorbeeld geleverd); bekijk het opnieuw.")
        if locked.status != RequestStatus.REQUESTED:
            raise Conflict(f"Dit verzoek is intussen {locked.get_status_display().lower()}.")
        entry = journal.record(
            actor=actor,
            action="intel.product_request_withdrawn",
            subjects=[locked.person, locked],
            reason=_text(reason),
            policy_version=policy.key,
            payload={
                "kind": locked.kind,
                "producer": locked.producer_org.name,
                "due_on": locked.due_on,
                "reasons": reasons,
            },
        )
        locked.status = RequestStatus.WITHDRAWN
        locked.withdrawn_at = entry.recorded_at
        locked.withdrawal_reason = _text(reason)
        locked.version += 1
        locked.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "version"])
    return locked
