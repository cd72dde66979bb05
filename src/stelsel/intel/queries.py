"""Reads of threat levels and threat products, through the access module's scopes and the products' markings
(§3.2, R51: sensitive information only for who needs it)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from stelsel.access import rules
from stelsel.access.models import Organisation, User
from stelsel.access.roles import OrgKind, Role
from stelsel.core.errors import NotAllowed, NotFound
from stelsel.core.timeutil import now
from stelsel.core.worklist import WorkItem
from stelsel.intel.models import (
    ProductAttachment,
    ProductRequest,
    RequestStatus,
    ThreatLevelAssessment,
    ThreatProduct,
)
from stelsel.policy.products import Marking, may_read, read_right
from stelsel.registry.models import AuthorityPeriod, Person, ProtectedObject
from stelsel.registry.queries import holds_now

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})


def current_threat_level(person: Person) -> ThreatLevelAssessment | None:
    """The person's current level: the latest assessment. No access check: callers decide who sees it."""
    return (
        ThreatLevelAssessment.objects.filter(person=person)
        .select_related("set_by", "set_by_org", "entry")
        .order_by("-set_at", "-id")
        .first()
    )


def threat_levels_of(user: User, subject: Person | ProtectedObject) -> list[ThreatLevelAssessment]:
    """The history of levels of a person or object the user may read, newest first; two queries whatever the number
    of rows.

    Of a person the OM reads only the levels its own office set: inside the stelsel the OM has no role (R11), and of a
    person who moved from the OM to the NCTV it keeps what it set itself, not what the NCTV sets later. Of an object
    on the limitative list the local authority reads the NCTV's level: it decides on the measures (§2.5, R31).
    """
    if isinstance(subject, ProtectedObject):
        if not rules.may(user, rules.Action.VIEW_OBJECT_THREAT_LEVEL, subject):
            return []
        levels = ThreatLevelAssessment.objects.filter(object=subject)
    else:
        if not rules.may(user, rules.Action.VIEW_THREAT_LEVEL, subject):
            return []
        levels = ThreatLevelAssessment.objects.filter(person=subject)
        if user.user_role in OM_ROLES:
            levels = levels.filter(set_by_org=user.organisation)
    rows = list(levels.select_related("set_by", "set_by_org", "entry").order_by("-set_at", "-id"))
    holds = holds_now(user, subject)
    for row in rows:
        _redact_unless_authority(user, row, holds)
    return rows


def _redact_unless_authority(user: User, level: ThreatLevelAssessment, holds: bool) -> None:
    """Who advises on or executes measures, and a mayor, need the level, not the authority's reasoning: the motivation
    and the information a level rests on may name products marked for the authority only (R51). Those stay with the
    organisation that set the level, the current authority, and the inspectorate for the NCTV's levels (R46). The row
    is only read here (the table is append-only), so blanking the two fields in memory changes nothing stored."""
    full = (
        holds
        or level.set_by_org_id == user.organisation_id
        or (user.user_role is Role.INSPECTOR and level.set_by_org.kind == OrgKind.NCTV)
    )
    level.redacted = not full  # type: ignore[attr-defined]
    if not full:
        level.motivation = ""
        level.information = []


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------


def product_persons(user: User) -> QuerySet[Person]:
    """The persons a user may handle threat products of: the persons the user sees, and for a producer also the
    persons its organisation was asked a product about or delivered one on (the request is the need to know)."""
    visible = rules.visible_persons(user)
    if not rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        return visible
    org = user.organisation_id
    asked = ProductRequest.objects.filter(person=OuterRef("pk"), producer_org_id=org)
    made = ThreatProduct.objects.filter(person=OuterRef("pk"), producer_org_id=org)
    return visible | Person.objects.filter(Q(Exists(asked)) | Q(Exists(made)))


def product_person_for(user: User, pk: int) -> Person:
    person = product_persons(user).filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


def require_product_action(user: User, action: rules.Action, person: Person) -> None:
    """As rules.require, with the products' person scope: 404 outside it, 403 when the role may not act."""
    if not product_persons(user).filter(pk=person.pk).exists():
        raise NotFound()
    if not rules.role_may(user, action):
        raise NotAllowed("U hebt geen recht op deze handeling.")


def _holds_authority(org_id: int) -> Exists:
    """Whether the organisation is now the authority of the product's person (in a ThreatProduct query)."""
    moment = now()
    holds = AuthorityPeriod.objects.filter(person=OuterRef("person"), holder_id=org_id, valid_from__lte=moment).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=moment)
    )
    return Exists(holds)


def _readable_rows(user: User, products: QuerySet[ThreatProduct]) -> QuerySet[ThreatProduct]:
    return (
        products.annotate(reader_is_authority=_holds_authority(user.organisation_id))
        .select_related("person", "producer_org", "produced_by", "request")
        .prefetch_related("named_orgs")
        .order_by("-delivered_at", "-id")
    )


def may_read_product(user: User, product: ThreatProduct) -> bool:
    """R51 on a row from `_readable_rows`: the producing staff of the producer's organisation, else the marking.

    Only those who produce (police intelligence, the services, the KMar's intelligence) read their organisation's
    products whatever the marking; an RCCB or adviser B&B of the same police unit, or a KMar officer, is an executing
    reader like any other. `readable_products_q` is the same rule as a database filter.
    """
    org = user.organisation
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return False
    if product.producer_org_id == org.pk and rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        return True
    return may_read(
        product.marking,
        product.producer_org.kind,
        org.kind,
        bool(getattr(product, "reader_is_authority", False)),
        [named.pk for named in product.named_orgs.all()],
        org.pk,
    )


@dataclass(frozen=True)
class ProductEntry:
    """A product as a reader meets it: in full, or only its sanitised summary (never the body)."""

    product: ThreatProduct
    readable: bool


def products_for(user: User, person: Person) -> list[ProductEntry]:
    """The person's products for this user, newest first: readable ones in full, others only when their producer
    released a sanitised summary; three queries whatever the number of products."""
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return []
    entries = []
    for product in _readable_rows(user, ThreatProduct.objects.filter(person=person)):
        readable = may_read_product(user, product)
        if readable or product.sanitised_summary:
            entries.append(ProductEntry(product, readable))
    return entries


def product_for(user: User, pk: int) -> ThreatProduct:
    """One product the user may read in full, or NotFound (the same for unknown, invisible and not marked for)."""
    rows = _readable_rows(user, ThreatProduct.objects.filter(pk=pk, person__in=product_persons(user)))
    product = next(iter(rows), None)
    if product is None or not may_read_product(user, product):
        raise NotFound()
    return product


def attachment_for(user: User, product_pk: int, pk: int) -> ProductAttachment:
    """One attachment of a product the user may read in full (exactly the product's read rule), or NotFound: the
    same for an unknown product or attachment, one of another product, and a product not marked for the user."""
    product = product_for(user, product_pk)
    attachment = ProductAttachment.objects.filter(product=product, pk=pk).first()
    if attachment is None:
        raise NotFound()
    attachment.product = product
    return attachment


def readable_by_org_q(org: Organisation) -> Q:
    """The products an organisation may read by the marking rule (R51, R46), as one database filter over
    ThreatProduct, built from the same `policy.products.read_right` that `may_read` applies to a single product."""
    right = read_right(org.kind)
    clauses: list[Q] = []
    if right.as_authority:
        clauses.append(Q(_holds_authority(org.pk)))
    if right.producer_kinds:
        clauses.append(Q(producer_org__kind__in=sorted(right.producer_kinds)))
    if right.markings:
        clauses.append(Q(marking__in=sorted(marking.value for marking in right.markings)))
    if right.when_named:
        named = ThreatProduct.named_orgs.through.objects.filter(threatproduct_id=OuterRef("pk"), organisation_id=org.pk)
        clauses.append(Q(marking=Marking.NAMED_ORGANISATIONS.value) & Q(Exists(named)))
    return _any(clauses)


def readable_products_q(user: User) -> Q:
    """The products the user may read in full as a database filter: exactly `may_read_product` (the producing staff
    of the producer's organisation, else the marking rule); a test holds the two together on every combination."""
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return Q(pk__in=[])
    clauses = [readable_by_org_q(user.organisation)]
    if rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        clauses.append(Q(producer_org_id=user.organisation_id))
    return _any(clauses)


def _any(clauses: list[Q]) -> Q:
    if not clauses:
        return Q(pk__in=[])
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def inbox(user: User) -> QuerySet[ThreatProduct]:
    """Every product the user's organisation may read in full, newest first, filtered in the database (page it:
    a fixed number of queries whatever the number of products)."""
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return ThreatProduct.objects.none()
    return (
        ThreatProduct.objects.filter(person__in=product_persons(user))
        .filter(readable_products_q(user))
        .select_related("person", "producer_org")
        .order_by("-delivered_at", "-id")
    )


def requests_for_producer(user: User) -> QuerySet[ProductRequest]:
    """The open requests addressed to the user's organisation, the earliest due first."""
    if not rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        return ProductRequest.objects.none()
    return (
        ProductRequest.objects.filter(producer_org_id=user.organisation_id, status=RequestStatus.REQUESTED)
        .select_related("person", "requesting_org", "requested_by", "producer_org")
        .order_by("due_on", "id")
    )


def own_request(user: User, pk: int) -> ProductRequest:
    """A request the user's organisation made, or NotFound (also for another organisation's request)."""
    found = (
        ProductRequest.objects.filter(pk=pk, requesting_org_id=user.organisation_id)
        .select_related("person", "producer_org", "requesting_org", "requested_by", "entry")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def requests_of(user: User, person: Person) -> list[ProductRequest]:
    """The requests about a person the user's organisation made or received."""
    org = user.organisation_id
    return list(
        ProductRequest.objects.filter(person=person)
        .filter(Q(requesting_org_id=org) | Q(producer_org_id=org))
        .select_related("requesting_org", "producer_org", "requested_by")
        .order_by("-requested_at", "-id")
    )


def work_items(user: User) -> list[WorkItem]:
    """Requests waiting for the producer's organisation; overdue after their date. One query."""
    return [
        WorkItem(
            task=f"{request.get_kind_display()} opstellen op verzoek",
            since=request.requested_at,
            url=reverse("intel:product-new", args=[request.person_id]) + f"?verzoek={request.pk}",
            person_name=request.person.full_name,
            context=request.requesting_org.name,
            due_on=request.due_on,
        )
        for request in requests_for_producer(user)
    ]
