"""Reads of measures, advice, reviews, risk moments and mayor notifications, through the access module's scopes."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import Role
from stelsel.core.errors import NotFound
from stelsel.core.timeutil import today
from stelsel.core.worklist import WorkItem
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import (
    AdviceStatus,
    FourWayConsultation,
    MayorNotification,
    Measure,
    MeasuresAdvice,
    MeasureStatus,
    PackageDecision,
    Review,
    RiskMoment,
    Scenario,
)
from stelsel.policy.authority import Basis, HolderKind
from stelsel.registry.models import AuthorityPeriod, Person, PersonAddress

OM_ROLES = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})
# A review shows in the authority's worklist this long before its date, and as overdue after it (§3.3).
REVIEW_NOTICE_DAYS = 14


def measures_of(user: User, person: Person) -> QuerySet[Measure]:
    if not rules.may(user, rules.Action.VIEW_MEASURES, person):
        return Measure.objects.none()
    measures = Measure.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        # Inside the stelsel the OM has no role (R11): it sees the measures its own office decided.
        measures = measures.filter(authority=user.organisation)
    return measures.select_related("authority", "decided_by", "started_by", "ended_by")


def measure_for(user: User, pk: int) -> Measure:
    """One measure, only for whom `measures_of` would show it (404 otherwise, so its existence does not leak)."""
    if not rules.role_may(user, rules.Action.VIEW_MEASURES):
        raise NotFound()
    measures = Measure.objects.filter(pk=pk, person__in=rules.visible_persons(user))
    if user.user_role in OM_ROLES:
        measures = measures.filter(authority=user.organisation)
    measure = measures.select_related("person").first()
    if measure is None:
        raise NotFound()
    return measure


def _advice_scope(user: User) -> Q:
    if user.user_role is Role.ADVISER_BB:
        return Q(adviser_org=user.organisation)
    if user.user_role in {Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC}:
        return Q(authority=user.organisation)
    return Q()  # the inspectorate: every advice on persons it may see


def visible_advice(user: User) -> QuerySet[MeasuresAdvice]:
    if not rules.role_may(user, rules.Action.VIEW_ADVICE):
        return MeasuresAdvice.objects.none()
    return (
        MeasuresAdvice.objects.filter(_advice_scope(user), person__in=rules.visible_persons(user))
        .select_related("person", "authority", "adviser_org", "requested_by", "submitted_by")
        .prefetch_related("items")
    )


def advice_for(user: User, pk: int) -> MeasuresAdvice:
    advice = visible_advice(user).filter(pk=pk).first()
    if advice is None:
        raise NotFound()
    return advice


def advice_of(user: User, person: Person) -> list[MeasuresAdvice]:
    return list(visible_advice(user).filter(person=person))


def decisions_of(user: User, person: Person) -> list[PackageDecision]:
    if not rules.may(user, rules.Action.VIEW_MEASURES, person):
        return []
    decisions = PackageDecision.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        decisions = decisions.filter(authority=user.organisation)
    return list(decisions.select_related("authority", "decided_by", "advice").prefetch_related("measures"))


def reviews_of(user: User, person: Person) -> list[Review]:
    if not rules.may(user, rules.Action.VIEW_MEASURES, person):
        return []
    reviews = Review.objects.filter(person=person)
    if user.user_role in OM_ROLES:
        reviews = reviews.filter(authority=user.organisation)
    return list(reviews.select_related("reviewed_by").prefetch_related("lines__measure"))


def active_measures(person: Person) -> list[Measure]:
    """Every active measure of the person: what a review by the current authority covers."""
    return list(
        Measure.objects.filter(person=person, status=MeasureStatus.ACTIVE)
        .select_related("authority")
        .order_by("review_on", "id")
    )


def risk_moments_of(user: User, person: Person, current: AuthorityPeriod | None = None) -> list[RiskMoment]:
    """Where and when the person appears in public: the person, executing units and the current authority only.

    The OM sees them only while it holds the person (R11: inside the stelsel the OM has no role).
    """
    own = user.person_id == person.pk
    if not own and not rules.may(user, rules.Action.VIEW_MEASURES, person):
        return []
    if user.user_role in OM_ROLES:
        current = current or AuthorityPeriod.objects.filter(person=person, valid_to__isnull=True).first()
        if current is None or current.holder_id != user.organisation_id:
            return []
    return list(RiskMoment.objects.filter(person=person).select_related("municipality", "routed_to", "registered_by"))


def risk_moment_for(user: User, pk: int) -> RiskMoment:
    moment = (
        RiskMoment.objects.filter(pk=pk, person__in=rules.visible_persons(user))
        .select_related("person", "municipality", "routed_to")
        .first()
    )
    if moment is None:
        raise NotFound()
    return moment


def notifications_sent(user: User, person: Person) -> list[MayorNotification]:
    """The authority's own record of what it told which mayor."""
    if not rules.may(user, rules.Action.NOTIFY_MAYOR, person):
        return []
    return list(MayorNotification.objects.filter(person=person).select_related("municipality", "sent_by"))


def four_way_of(user: User, person: Person) -> list[FourWayConsultation]:
    if not rules.may(user, rules.Action.RECORD_FOUR_WAY, person):
        return []
    return list(FourWayConsultation.objects.filter(person=person).select_related("municipality"))


def mayor_inbox(user: User) -> QuerySet[MayorNotification]:
    """A mayor sees only the notifications addressed to the own municipality, and only what was shared."""
    if not rules.role_may(user, rules.Action.READ_MAYOR_NOTIFICATIONS) or user.organisation.municipality_id is None:
        return MayorNotification.objects.none()
    return MayorNotification.objects.filter(municipality_id=user.organisation.municipality_id).select_related(
        "person", "municipality", "sent_by", "acknowledged_by"
    )


def notification_for(user: User, pk: int) -> MayorNotification:
    notification = mayor_inbox(user).filter(pk=pk).first()
    if notification is None:
        raise NotFound()
    return notification


# --- worklist ------------------------------------------------------------------------------------------------


def _start_of(day: datetime | object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]


def _person_url(person_id: int) -> str:
    return reverse("registry:person-detail", args=[person_id])


def _holds(user: User) -> Q:
    """Persons whose current authority is the user's organisation."""
    return Q(
        Exists(
            AuthorityPeriod.objects.filter(person=OuterRef("person"), holder=user.organisation, valid_to__isnull=True)
        )
    )


def _review_items(user: User) -> list[WorkItem]:
    """One item per person the organisation holds whose earliest review date is near or past (§3.3, R38)."""
    horizon = today() + timedelta(days=REVIEW_NOTICE_DAYS)
    due = (
        Measure.objects.filter(_holds(user), status=MeasureStatus.ACTIVE, review_on__lte=horizon)
        .select_related("person")
        .order_by("review_on", "id")
    )
    first_due: dict[int, Measure] = {}
    for measure in due:
        first_due.setdefault(measure.person_id, measure)
    return [
        WorkItem(
            task="Maatregelen herbeoordelen" + (" (te laat)" if m.review_on < today() else ""),  # type: ignore[operator]
            since=_start_of(m.review_on - timedelta(days=REVIEW_NOTICE_DAYS)),  # type: ignore[operator]
            url=reverse("measures:review", args=[m.person_id]),
            person_name=m.person.full_name,
            context=f"Herbeoordelen vóór {m.review_on:%d-%m-%Y}",
            due_on=m.review_on,
        )
        for m in first_due.values()
    ]


def _advice_items(user: User) -> list[WorkItem]:
    still_held = Exists(
        AuthorityPeriod.objects.filter(person=OuterRef("person"), holder=OuterRef("authority"), valid_to__isnull=True)
    )
    if user.user_role is Role.ADVISER_BB:
        advice = visible_advice(user).filter(still_held, status=AdviceStatus.REQUESTED)
        task, since = "Maatregelenadvies opstellen", "requested_at"
    elif user.user_role in {Role.NCTV_OFFICER, Role.HOVJ}:
        advice = visible_advice(user).filter(still_held, status=AdviceStatus.SUBMITTED)
        task, since = "Maatregelenadvies beoordelen en besluiten", "submitted_at"
    else:
        return []
    return [
        WorkItem(
            task=task,
            since=getattr(a, since) or a.requested_at,
            url=reverse("measures:advice-detail", args=[a.pk]),
            person_name=a.person.full_name,
            context=a.adviser_org.name if user.user_role is not Role.ADVISER_BB else a.authority.name,
            due_on=a.due_on if a.status == AdviceStatus.REQUESTED else None,
        )
        for a in advice.prefetch_related(None)
    ]


def _mayor_items(user: User) -> list[WorkItem]:
    """R22: every municipality where a newly designated person lives or works, and measures needing a municipality."""
    items: list[WorkItem] = []
    if user.user_role is not Role.NCTV_OFFICER:
        return items
    own_periods = AuthorityPeriod.objects.filter(
        holder=user.organisation, holder_kind=HolderKind.NCTV, valid_to__isnull=True, via_person__isnull=True
    )
    addresses = (
        PersonAddress.objects.filter(valid_to__isnull=True, person__in=own_periods.values("person"))
        .exclude(
            Exists(
                MayorNotification.objects.filter(
                    person=OuterRef("person"),
                    municipality=OuterRef("address__municipality"),
                    scenario=Scenario.NEW_PERSON,
                )
            )
        )
        .annotate(designated_at=Subquery(own_periods.filter(person=OuterRef("person")).values("valid_from")[:1]))
        .select_related("person", "address__municipality")
        .order_by("id")
    )
    informed: set[tuple[int, int]] = set()
    for record in addresses:
        municipality = record.address.municipality
        if (record.person_id, municipality.pk) in informed:
            continue
        informed.add((record.person_id, municipality.pk))
        items.append(
            WorkItem(
                task=f"Burgemeester {municipality.name} informeren: nieuwe te beveiligen persoon",
                since=record.designated_at,
                url=_notify_url(record.person_id, municipality.code, Scenario.NEW_PERSON),
                person_name=record.person.full_name,
                context=f"{record.get_kind_display()} in {municipality.name}",
            )
        )
    needing = [code for code, kind in catalogue().items() if kind.needs_municipality]
    measures = (
        Measure.objects.filter(_holds(user), authority=user.organisation, status=MeasureStatus.ACTIVE, kind__in=needing)
        .exclude(Exists(MayorNotification.objects.filter(measure=OuterRef("pk"))))
        .annotate(
            home_code=PersonAddress.objects.filter(
                person=OuterRef("person"), kind=PersonAddress.Kind.HOME, valid_to__isnull=True
            ).values("address__municipality__code")[:1]
        )
        .select_related("person")
    )
    for measure in measures:
        items.append(
            WorkItem(
                task=f"Burgemeester informeren: {measure.kind_name} vraagt medewerking van de gemeente",
                since=measure.decided_at,
                url=_notify_url(measure.person_id, measure.home_code or "", Scenario.PLANNED, measure=measure.pk),
                person_name=measure.person.full_name,
                context="§2.3.5: maatregel waarvoor de gemeente nodig is",
            )
        )
    return items


def _notify_url(person_id: int, municipality: str, scenario: str, measure: int | None = None) -> str:
    query = f"?gemeente={municipality}&scenario={scenario}" + (f"&maatregel={measure}" if measure else "")
    return reverse("measures:notify-mayor", args=[person_id]) + query


def _leave_items(user: User) -> list[WorkItem]:
    """R10: when every central measure of a designated person is phased out, the case is offered for leaving."""
    if user.user_role is not Role.NCTV_OFFICER:
        return []
    # Central measures, as the R10 check in registry counts them: the person's own and the household's.
    ours = Measure.objects.filter(person=OuterRef("person"), holder_kind=HolderKind.NCTV)
    household = AuthorityPeriod.objects.filter(via_person=OuterRef(OuterRef("person")), valid_to__isnull=True)
    household_running = Measure.objects.filter(
        person__in=household.values("person"), holder_kind=HolderKind.NCTV, status=MeasureStatus.ACTIVE
    )
    periods = (
        AuthorityPeriod.objects.filter(
            holder=user.organisation,
            valid_to__isnull=True,
            via_person__isnull=True,
            person__isnull=False,
            basis__in=[Basis.DESIGNATION, Basis.EMERGENCY_DESIGNATION],
        )
        .filter(Exists(ours))
        .exclude(Exists(ours.filter(status=MeasureStatus.ACTIVE)))
        .exclude(Exists(household_running))
        .annotate(last_ended=Subquery(ours.order_by("-ended_at").values("ended_at")[:1]))
        .select_related("person")
    )
    return [
        WorkItem(
            task="Alle centrale maatregelen afgebouwd: uit het stelsel laten gaan?",
            since=period.last_ended,
            url=reverse("triage:person-leave", args=[period.person_id]),
            person_name=period.person.full_name if period.person else "",
            context="§2.3, R10",
        )
        for period in periods
    ]


def _risk_items(user: User) -> list[WorkItem]:
    if not rules.role_may(user, rules.Action.DECIDE_RISK_MOMENT):
        return []
    moments = RiskMoment.objects.filter(routed_to=user.organisation, decided_at__isnull=True).select_related(
        "person", "municipality"
    )
    return [
        WorkItem(
            task="Verhoogd risicomoment: extra maatregelen adviseren?",
            since=moment.registered_at,
            url=reverse("measures:risk-moment-decide", args=[moment.pk]),
            person_name=moment.person.full_name,
            context=_moment_label(moment),
            due_on=timezone.localdate(moment.starts_at),
        )
        for moment in moments
    ]


def _moment_label(moment: RiskMoment) -> str:
    return f"{moment.location}, {moment.municipality.name}, {timezone.localtime(moment.starts_at):%d-%m-%Y %H:%M}"


def _inbox_items(user: User) -> list[WorkItem]:
    return [
        WorkItem(
            task=f"Melding: {n.get_scenario_display()}",
            since=n.sent_at,
            url=reverse("measures:mayor-notification", args=[n.pk]),
            person_name=n.person.full_name,
            context=n.municipality.name,
        )
        for n in mayor_inbox(user).filter(acknowledged_at__isnull=True)
    ]


def work_items(user: User) -> list[WorkItem]:
    """What waits for this user in measures; a fixed number of queries whatever the data (asserted in tests)."""
    items = _advice_items(user) + _risk_items(user) + _inbox_items(user)
    if user.user_role in {Role.NCTV_OFFICER, Role.HOVJ}:
        items += _review_items(user)
    return items + _mayor_items(user) + _leave_items(user)


def person_panel(user: User, person: Person, current: AuthorityPeriod | None) -> dict[str, object]:
    """What the person page shows of measures, and which actions it offers this user (the services decide)."""
    holds = current is not None and current.holder_id == user.organisation_id
    in_stelsel = current is not None and current.holder_kind == HolderKind.NCTV
    may_view = rules.may(user, rules.Action.VIEW_MEASURES, person)
    return {
        "measures": list(measures_of(user, person)) if may_view else None,
        "decisions": decisions_of(user, person),
        "reviews": reviews_of(user, person),
        "advice_list": advice_of(user, person),
        "risk_moments": risk_moments_of(user, person, current),
        "notifications": notifications_sent(user, person),
        "four_way": four_way_of(user, person),
        "may_decide_measure": holds and rules.role_may(user, rules.Action.DECIDE_MEASURE),
        "may_request_advice": holds and rules.role_may(user, rules.Action.REQUEST_ADVICE),
        "may_review": holds and rules.role_may(user, rules.Action.REVIEW_MEASURES),
        "may_report_risk": rules.role_may(user, rules.Action.REPORT_RISK_MOMENT) and current is not None,
        "may_notify_mayor": holds and in_stelsel and rules.role_may(user, rules.Action.NOTIFY_MAYOR),
        "may_four_way": holds and in_stelsel and rules.role_may(user, rules.Action.RECORD_FOUR_WAY),
    }
