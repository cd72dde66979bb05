"""Reads of threat levels and threat products, through the access module's scopes and the products' markings
(§3.2, R51: sensitive information only for who needs it)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotAllowed, NotFound
from stelsel.core.timeutil import now
from stelsel.core.worklist import WorkItem
from stelsel.intel.models import ProductRequest, RequestStatus, ThreatLevelAssessment, ThreatProduct
from stelsel.policy.products import may_read
from stelsel.registry.models import AuthorityPeriod, Person

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})


def current_threat_level(person: Person) -> ThreatLevelAssessment | None:
    """The person's current level: the latest assessment. No access check: callers decide who sees it."""
    return (
        ThreatLevelAssessment.objects.filter(person=person)
        .select_related("set_by", "set_by_org", "entry")
        .order_by("-set_at", "-id")
        .first()
    )


def threat_levels_of(user: User, person: Person) -> list[ThreatLevelAssessment]:
    """The person's history of levels the user may read, newest first; two queries whatever the number of rows.

    The OM reads only the levels its own office set: inside the stelsel the OM has no role (R11), and of a person who
    moved from the OM to the NCTV it keeps what it set itself, not what the NCTV sets later.
    """
    if not rules.may(user, rules.Action.VIEW_THREAT_LEVEL, person):
        return []
    levels = ThreatLevelAssessment.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        levels = levels.filter(set_by_org=user.organisation)
    return list(levels.select_related("set_by", "set_by_org", "entry").order_by("-set_at", "-id"))


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


def _readable_rows(user: User, products: QuerySet[ThreatProduct]) -> QuerySet[ThreatProduct]:
    moment = now()
    holds = AuthorityPeriod.objects.filter(
        person=OuterRef("person"), holder_id=user.organisation_id, valid_from__lte=moment
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=moment))
    return (
        products.annotate(reader_is_authority=Exists(holds))
        .select_related("person", "producer_org", "produced_by", "request")
        .prefetch_related("named_orgs")
        .order_by("-delivered_at", "-id")
    )


def may_read_product(user: User, product: ThreatProduct) -> bool:
    """R51 on a row from `_readable_rows`: the producing staff of the producer's organisation, else the marking.

    Only those who produce (police intelligence, the services, KMar) read their organisation's products whatever
    the marking; an RCCB or adviser B&B of the same police unit is an executing reader like any other.
    """
    org = user.organisation
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return False
    if product.producer_org_id == org.pk and rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        return True
    return may_read(
        product.marking,
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


def inbox(user: User) -> list[ThreatProduct]:
    """Every product the user's organisation may read, newest first; a fixed number of queries."""
    if not rules.role_may(user, rules.Action.VIEW_PRODUCTS):
        return []
    rows = _readable_rows(user, ThreatProduct.objects.filter(person__in=product_persons(user)))
    return [product for product in rows if may_read_product(user, product)]


def requests_for_producer(user: User) -> QuerySet[ProductRequest]:
    """The open requests addressed to the user's organisation, the earliest due first."""
    if not rules.role_may(user, rules.Action.DELIVER_PRODUCT):
        return ProductRequest.objects.none()
    return (
        ProductRequest.objects.filter(producer_org_id=user.organisation_id, status=RequestStatus.REQUESTED)
        .select_related("person", "requesting_org", "requested_by", "producer_org")
        .order_by("due_on", "id")
    )


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
