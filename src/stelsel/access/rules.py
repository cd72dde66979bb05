"""The one place that answers "may user U do action A on object O". Deny by default.

Two questions, answered in this order:
1. Need-to-know: may the user see the object at all? If not, callers answer 404, so its existence does not leak.
2. May the user's role do this action (on that object)? If not, 403.
List queries use the same scopes (`visible_persons`, `visible_objects`), so lists never show more than pages.
"""

from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from stelsel.access.models import PersonShare, User
from stelsel.access.roles import OrgKind, Role
from stelsel.core.errors import NotAllowed, NotFound
from stelsel.core.models import JournalSubject
from stelsel.local.models import CollegeNotification, ObjectAdvice, ThreatReport
from stelsel.policy.authority import HolderKind
from stelsel.policy.local_domain import ReportStatus
from stelsel.registry.models import AuthorityPeriod, Person, PersonAddress, ProtectedObject
from stelsel.triage.models import TriageCase


class Action(StrEnum):
    LIST_PERSONS = "person.list"
    VIEW_PERSON = "person.view"
    REGISTER_PERSON = "person.register"
    EDIT_PERSON = "person.edit"
    SHARE_PERSON = "person.share"
    LIST_OBJECTS = "object.list"
    VIEW_OBJECT = "object.view"
    REGISTER_OBJECT = "object.register"
    ASSIGN_AUTHORITY = "authority.assign"
    END_AUTHORITY = "authority.end"
    VIEW_JOURNAL = "journal.view"
    VIEW_ACCESS_LOG = "accesslog.view"
    VIEW_REFERENCE = "reference.view"
    VIEW_API_SCHEMA = "api.schema"
    VIEW_WORKLIST = "worklist.view"
    VIEW_TRIAGE = "triage.view"
    ASSESS_INTAKE = "triage.assess"
    DRAFT_INTAKE = "triage.draft"
    SIGN_INTAKE = "triage.sign"
    PLAN_TABLE = "triage.table_plan"
    CONCLUDE_TABLE = "triage.table_conclude"
    JUDGE = "triage.judge"
    SEND_HANDOVER = "triage.handover"
    ESCALATE = "triage.escalate"
    DECIDE_ESCALATION = "triage.escalation_decide"
    EMERGENCY_DESIGNATION = "triage.emergency"
    END_DESIGNATION = "triage.leave_stelsel"
    VIEW_MEASURES = "measure.view"
    DECIDE_MEASURE = "measure.decide"
    PHASE_OUT_MEASURE = "measure.phase_out"
    REVIEW_MEASURES = "measure.review"
    REQUEST_ADVICE = "measure.advice_request"
    VIEW_ADVICE = "measure.advice_view"
    DRAFT_ADVICE = "measure.advice_draft"
    REPORT_RISK_MOMENT = "risk_moment.report"
    DECIDE_RISK_MOMENT = "risk_moment.decide"
    NOTIFY_MAYOR = "mayor.notify"
    READ_MAYOR_NOTIFICATIONS = "mayor.notifications"
    RECORD_FOUR_WAY = "mayor.four_way"
    VIEW_PRIVATE_PARTIES = "private_party.view"
    REGISTER_PRIVATE_PARTY = "private_party.register"
    ASSIGN_PRIVATE_PARTY = "private_party.assign"
    VIEW_CARE = "care.view"
    RECORD_CARE = "care.record"
    VIEW_THREAT_LEVEL = "threat_level.view"
    SET_THREAT_LEVEL = "threat_level.set"
    VIEW_PRODUCTS = "threat_product.view"
    REQUEST_PRODUCT = "threat_product.request"
    DELIVER_PRODUCT = "threat_product.deliver"
    VIEW_OBJECT_THREAT_LEVEL = "object_threat_level.view"
    VIEW_THREAT_PICTURE = "threat_picture.view"
    EDIT_THREAT_PICTURE = "threat_picture.edit"
    VIEW_DEPLOYMENT = "deployment.view"
    PLAN_DEPLOYMENT = "deployment.plan"
    VIEW_DASHBOARD = "deployment.dashboard"
    VIEW_REPORTS = "local.view"
    REGISTER_REPORT = "local.report"
    WEIGH_REPORT = "local.weigh"
    TAKE_URGENT_MEASURE = "local.urgent"
    CONFIRM_URGENT_MEASURE = "local.confirm"
    DECIDE_LOCAL_CASE = "local.decide"
    MANAGE_LOCAL_RULES = "local.rules"
    VIEW_COLLEGE_NOTIFICATIONS = "college.view"
    VIEW_OBJECT_ADVICE = "object_advice.view"
    GIVE_OBJECT_ADVICE = "object_advice.give"
    ANSWER_OBJECT_ADVICE = "object_advice.answer"


_CASE_WORKERS = frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC, Role.RCCB, Role.POLICE_INTEL})
_ALL_STAFF = frozenset(Role) - {Role.PROTECTED_PERSON}
_TRIAGE_DRAFTERS = frozenset({Role.RCCB, Role.POLICE_INTEL})
_OM = frozenset({Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT})

# Role x action: which roles may attempt an action at all. Missing means denied.
ROLE_ACTIONS: dict[Action, frozenset[Role]] = {
    Action.LIST_PERSONS: frozenset(
        _CASE_WORKERS | {Role.OM_SECRETARIAT, Role.ADVISER_BB, Role.LCC_COORDINATOR, Role.KMAR_OFFICER, Role.INSPECTOR}
    ),
    Action.VIEW_PERSON: frozenset(
        _CASE_WORKERS
        | {
            Role.OM_SECRETARIAT,
            Role.ADVISER_BB,
            Role.LCC_COORDINATOR,
            Role.KMAR_OFFICER,
            Role.INSPECTOR,
            Role.PROTECTED_PERSON,
        }
    ),
    Action.REGISTER_PERSON: _CASE_WORKERS,
    Action.EDIT_PERSON: _CASE_WORKERS,
    Action.SHARE_PERSON: _CASE_WORKERS,
    Action.LIST_OBJECTS: frozenset(_CASE_WORKERS | {Role.MAYOR, Role.INSPECTOR, Role.ADVISER_BB}),
    Action.VIEW_OBJECT: frozenset(_CASE_WORKERS | {Role.MAYOR, Role.INSPECTOR, Role.ADVISER_BB}),
    Action.REGISTER_OBJECT: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.MAYOR, Role.RCCB}),
    Action.ASSIGN_AUTHORITY: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.MAYOR}),
    Action.END_AUTHORITY: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.MAYOR}),
    Action.VIEW_JOURNAL: frozenset(
        _CASE_WORKERS
        | {
            Role.OM_SECRETARIAT,
            Role.ADVISER_BB,
            Role.LCC_COORDINATOR,
            Role.KMAR_OFFICER,
            Role.INSPECTOR,
            Role.MAYOR,
        }
    ),
    Action.VIEW_ACCESS_LOG: frozenset({Role.INSPECTOR, Role.FUNCTIONAL_ADMIN}),
    Action.VIEW_REFERENCE: _ALL_STAFF,
    Action.VIEW_API_SCHEMA: _ALL_STAFF,
    Action.VIEW_WORKLIST: _ALL_STAFF,
    Action.VIEW_TRIAGE: frozenset(_TRIAGE_DRAFTERS | _OM | {Role.NCTV_OFFICER, Role.INSPECTOR}),
    Action.ASSESS_INTAKE: frozenset(_TRIAGE_DRAFTERS | _OM | {Role.NCTV_OFFICER}),
    # Police drafts the intake form on the adviser BB&C's order; the HOvJ completes and signs it (§2.3.3).
    Action.DRAFT_INTAKE: frozenset(_TRIAGE_DRAFTERS | {Role.HOVJ}),
    Action.SIGN_INTAKE: frozenset({Role.HOVJ}),
    Action.PLAN_TABLE: frozenset({Role.HOVJ}),
    Action.CONCLUDE_TABLE: frozenset({Role.OM_SECRETARIAT}),
    Action.JUDGE: frozenset({Role.NCTV_OFFICER}),
    Action.SEND_HANDOVER: frozenset({Role.HOVJ}),
    Action.ESCALATE: frozenset({Role.HOVJ}),
    Action.DECIDE_ESCALATION: frozenset({Role.NCTV_OFFICER}),
    Action.EMERGENCY_DESIGNATION: frozenset({Role.NCTV_OFFICER}),
    Action.END_DESIGNATION: frozenset({Role.NCTV_OFFICER}),
    # Executing units need the measures; a mayor only ever gets the NCTV's notification (§2.3.5).
    Action.VIEW_MEASURES: frozenset(
        _CASE_WORKERS | {Role.ADVISER_BB, Role.LCC_COORDINATOR, Role.KMAR_OFFICER, Role.INSPECTOR}
    ),
    Action.DECIDE_MEASURE: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    Action.PHASE_OUT_MEASURE: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    Action.REVIEW_MEASURES: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    # The authority asks its single point of contact, the adviser B&B of police or KMar, for advice (§4.1, R40).
    Action.REQUEST_ADVICE: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    Action.VIEW_ADVICE: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC, Role.ADVISER_BB, Role.INSPECTOR}),
    Action.DRAFT_ADVICE: frozenset({Role.ADVISER_BB}),
    # Registered by the person, the employer (through police or the NCTV) or police (§3.3, R37).
    Action.REPORT_RISK_MOMENT: frozenset(
        {Role.PROTECTED_PERSON, Role.NCTV_OFFICER, Role.RCCB, Role.POLICE_INTEL, Role.ADVISER_BB}
    ),
    Action.DECIDE_RISK_MOMENT: frozenset({Role.NCTV_OFFICER, Role.RCCB}),
    # The NCTV informs mayors and decides what is shared (§2.3.5, R22); the mayor reads only that.
    Action.NOTIFY_MAYOR: frozenset({Role.NCTV_OFFICER}),
    Action.READ_MAYOR_NOTIFICATIONS: frozenset({Role.MAYOR}),
    Action.RECORD_FOUR_WAY: frozenset({Role.NCTV_OFFICER}),
    # Private parties (§1.3, R47): the register of certified parties holds no person data, so the role decides who
    # sees it; the executing side keeps it. Only the authority consents to a party supporting a measure.
    Action.VIEW_PRIVATE_PARTIES: frozenset(
        {
            Role.LCC_COORDINATOR,
            Role.ADVISER_BB,
            Role.KMAR_OFFICER,
            Role.NCTV_OFFICER,
            Role.HOVJ,
            Role.ADVISER_BBC,
            Role.INSPECTOR,
        }
    ),
    Action.REGISTER_PRIVATE_PARTY: frozenset({Role.LCC_COORDINATOR, Role.ADVISER_BB, Role.KMAR_OFFICER}),
    Action.ASSIGN_PRIVATE_PARTY: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    # The protected person's side (R42, R44): the authority and its single point of contact, the adviser B&B, keep
    # it; the person sees the own communication log and declaration, not the authority's working notes (§5.2).
    Action.VIEW_CARE: frozenset(
        {
            Role.NCTV_OFFICER,
            Role.HOVJ,
            Role.ADVISER_BBC,
            Role.ADVISER_BB,
            Role.INSPECTOR,
            Role.PROTECTED_PERSON,
        }
    ),
    Action.RECORD_CARE: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC, Role.ADVISER_BB}),
    # Threat levels (§3.1, §3.3; R33, R35): the authorities set them on the whole picture; those who advise on or
    # execute measures, the police intelligence that supplies the products, and the inspectorate read them.
    Action.VIEW_THREAT_LEVEL: frozenset(
        {
            Role.NCTV_OFFICER,
            Role.HOVJ,
            Role.ADVISER_BBC,
            Role.ADVISER_BB,
            Role.RCCB,
            Role.POLICE_INTEL,
            Role.INSPECTOR,
        }
    ),
    Action.SET_THREAT_LEVEL: frozenset({Role.NCTV_OFFICER, Role.HOVJ}),
    # An object's level (§2.5, R31): the mayor decides on public order measures for it and so reads the level the
    # NCTV sets, unlike a person's level, which rests on the person's intelligence (R51).
    Action.VIEW_OBJECT_THREAT_LEVEL: frozenset(
        {
            Role.NCTV_OFFICER,
            Role.HOVJ,
            Role.ADVISER_BBC,
            Role.ADVISER_BB,
            Role.RCCB,
            Role.POLICE_INTEL,
            Role.INSPECTOR,
            Role.MAYOR,
        }
    ),
    # Threat products (§3.2; R34, R51): the authorities and the OM's adviser ask; the intelligence organisations of
    # police, KMar and the services produce; executing units read only what the marking lets them; never a mayor.
    # The KMar's intelligence organisation (KMAR_INTEL) produces and reads its organisation's products whatever the
    # marking; the KMar officer executes measures and reads only what the marking lets an executing unit read.
    Action.VIEW_PRODUCTS: frozenset(
        {
            Role.NCTV_OFFICER,
            Role.HOVJ,
            Role.ADVISER_BBC,
            Role.POLICE_INTEL,
            Role.SERVICE_ANALYST,
            Role.KMAR_INTEL,
            Role.KMAR_OFFICER,
            Role.ADVISER_BB,
            Role.LCC_COORDINATOR,
            Role.RCCB,
            Role.INSPECTOR,
        }
    ),
    Action.REQUEST_PRODUCT: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC}),
    # The integrated threat picture (R52) weighs every product, authority-only ones included: only the authority's own
    # analysts keep, review and challenge it; the inspectorate reads the NCTV's (R46), no executing unit reads it (R51).
    Action.VIEW_THREAT_PICTURE: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC, Role.INSPECTOR}),
    Action.EDIT_THREAT_PICTURE: frozenset({Role.NCTV_OFFICER, Role.HOVJ, Role.ADVISER_BBC}),
    # Like the services, the KMar's intelligence sees a person only for products: the persons its organisation was
    # asked about or delivered on (intel.queries.product_persons); it has no registry scope of its own, not even the
    # stelsel persons the KMar helps protect: that sight is the executing officer's, for executing measures (§4.1).
    Action.DELIVER_PRODUCT: frozenset({Role.POLICE_INTEL, Role.SERVICE_ANALYST, Role.KMAR_INTEL}),
    # Deployment of capacity (§4.1, R39, R40): the LCC plans; the executing side (advisers B&B, KMar) and the
    # inspectorate read the plans, each only for the persons it sees. The steering dashboard (§1.4, R49) holds no case
    # data, only capacity and shortage per unit and day: the steering table (NCTV, police, KMar, LCC) reads it.
    Action.VIEW_DEPLOYMENT: frozenset({Role.LCC_COORDINATOR, Role.ADVISER_BB, Role.KMAR_OFFICER, Role.INSPECTOR}),
    Action.PLAN_DEPLOYMENT: frozenset({Role.LCC_COORDINATOR}),
    Action.VIEW_DASHBOARD: frozenset(
        {Role.LCC_COORDINATOR, Role.NCTV_OFFICER, Role.ADVISER_BB, Role.KMAR_OFFICER, Role.INSPECTOR}
    ),
    # The local domain (§2.4; R25–R30): police registers a threat report, the RCCB weighs it and takes urgent measures,
    # the adviser BB&C confirms them and decides with the HOvJ; the HOvJ decides the measures. Each sees the reports
    # routed to its own unit or office (`report_scope`); the NCTV those about its stelsel persons and art. 4 objects.
    Action.VIEW_REPORTS: frozenset({Role.RCCB, Role.POLICE_INTEL, Role.ADVISER_BBC, Role.HOVJ, Role.NCTV_OFFICER}),
    Action.REGISTER_REPORT: frozenset({Role.RCCB, Role.POLICE_INTEL}),
    Action.WEIGH_REPORT: frozenset({Role.RCCB}),
    Action.TAKE_URGENT_MEASURE: frozenset({Role.RCCB}),
    Action.CONFIRM_URGENT_MEASURE: frozenset({Role.ADVISER_BBC}),
    Action.DECIDE_LOCAL_CASE: frozenset({Role.ADVISER_BBC, Role.HOVJ}),
    Action.MANAGE_LOCAL_RULES: frozenset({Role.FUNCTIONAL_ADMIN}),
    # R30: the College of PGs reads what it is informed of about OM staff, and nothing else of the case.
    Action.VIEW_COLLEGE_NOTIFICATIONS: frozenset({Role.PG_COLLEGE}),
    # R31: the NCTV advises the local authority over an object on the limitative list; that authority answers.
    Action.VIEW_OBJECT_ADVICE: frozenset({Role.NCTV_OFFICER, Role.MAYOR, Role.HOVJ, Role.ADVISER_BBC, Role.INSPECTOR}),
    Action.GIVE_OBJECT_ADVICE: frozenset({Role.NCTV_OFFICER}),
    Action.ANSWER_OBJECT_ADVICE: frozenset({Role.MAYOR, Role.HOVJ}),
}


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and isinstance(user, User))


def role_may(user: Any, action: Action) -> bool:
    return is_active_user(user) and user.user_role in ROLE_ACTIONS.get(action, frozenset())


# --- need-to-know scopes -------------------------------------------------------------------------------------


def _periods(**filters: Any) -> QuerySet[AuthorityPeriod]:
    return AuthorityPeriod.objects.filter(person=OuterRef("pk"), **filters)


def _home_in(**filters: Any) -> QuerySet[PersonAddress]:
    return PersonAddress.objects.filter(
        person=OuterRef("pk"), kind=PersonAddress.Kind.HOME, valid_to__isnull=True, **filters
    )


def _in_stelsel_now() -> Q:
    return Q(Exists(_periods(holder_kind=HolderKind.NCTV, valid_to__isnull=True)))


def person_scope(user: User) -> Q | None:
    """The persons a user has a need to know of, as a filter; None means none at all."""
    role, org = user.user_role, user.organisation
    registered_here = Q(registered_by_org=org)
    if role is Role.NCTV_OFFICER or role is Role.INSPECTOR:
        # NCTV and its inspectorate: everybody who is or was in the stelsel.
        scope = Q(Exists(_periods(holder_kind=HolderKind.NCTV)))
        return scope | registered_here if role is Role.NCTV_OFFICER else scope
    if role in {Role.HOVJ, Role.ADVISER_BBC, Role.OM_SECRETARIAT}:
        # The local authority of the district: threatened persons living there, except inside the stelsel,
        # where the HOvJ has no role (§2.3.1, R11), and except a case another HOvJ holds (a threatened HOvJ who lives
        # and works here is assessed elsewhere, R30); and the cases it holds or held itself.
        held_elsewhere = Q(Exists(_periods(holder_kind=HolderKind.HOVJ, valid_to__isnull=True).exclude(holder=org)))
        local = (
            Q(Exists(_home_in(address__municipality__district_id=org.district_id)))
            & ~_in_stelsel_now()
            & ~held_elsewhere
        )
        return local | Q(Exists(_periods(holder=org))) | registered_here
    if role in {Role.RCCB, Role.POLICE_INTEL, Role.ADVISER_BB} and org.org_kind is OrgKind.POLICE_UNIT:
        if org.police_unit is not None and org.police_unit.is_national:
            # The national unit executes person-directed measures for the stelsel (§2.3.4).
            return _in_stelsel_now() | registered_here
        return Q(Exists(_home_in(address__municipality__police_unit_id=org.police_unit_id))) | registered_here
    if role in {Role.LCC_COORDINATOR, Role.KMAR_OFFICER, Role.ADVISER_BB}:
        # LCC and KMar coordinate and execute measures for stelsel persons only (§4.1).
        return _in_stelsel_now()
    if role is Role.PROTECTED_PERSON and user.person_id is not None:
        return Q(pk=user.person_id)
    return None


def _shared_with(org_id: int) -> Q:
    return Q(Exists(PersonShare.objects.filter(person=OuterRef("pk"), organisation_id=org_id, valid_to__isnull=True)))


def visible_persons(user: Any) -> QuerySet[Person]:
    if not role_may(user, Action.VIEW_PERSON):
        return Person.objects.none()
    scope = person_scope(user)
    if user.user_role is not Role.PROTECTED_PERSON:
        scope = _shared_with(user.organisation_id) if scope is None else scope | _shared_with(user.organisation_id)
    return Person.objects.filter(scope) if scope is not None else Person.objects.none()


def object_scope(user: User) -> Q | None:
    role, org = user.user_role, user.organisation
    objects_under = Q(Exists(AuthorityPeriod.objects.filter(object=OuterRef("pk"), holder=org)))
    if role is Role.NCTV_OFFICER or role is Role.INSPECTOR:
        return (
            Q(on_limitative_list=True)
            | ~Q(art4_category="")
            | Q(Exists(AuthorityPeriod.objects.filter(object=OuterRef("pk"), holder_kind=HolderKind.NCTV)))
        )
    if role in {Role.HOVJ, Role.ADVISER_BBC}:
        return Q(municipality__district_id=org.district_id) | objects_under
    if role is Role.MAYOR:
        return Q(municipality_id=org.municipality_id) | objects_under
    if role in {Role.RCCB, Role.POLICE_INTEL, Role.ADVISER_BB} and org.org_kind is OrgKind.POLICE_UNIT:
        return Q(municipality__police_unit_id=org.police_unit_id)
    return None


def visible_objects(user: Any) -> QuerySet[ProtectedObject]:
    if not role_may(user, Action.VIEW_OBJECT):
        return ProtectedObject.objects.none()
    scope = object_scope(user)
    return ProtectedObject.objects.filter(scope) if scope is not None else ProtectedObject.objects.none()


def triage_scope(user: User) -> Q | None:
    """The triage cases a user has a need to know of."""
    role, org = user.user_role, user.organisation
    if role is Role.NCTV_OFFICER or role is Role.INSPECTOR:
        # The NCTV sees a case once the HOvJ has signed and sent it; the inspectorate oversees the NCTV.
        return Q(signed_at__isnull=False)
    if role in _OM:
        return Q(district_id=org.district_id)
    if role in _TRIAGE_DRAFTERS:
        return Q(drafted_by__organisation=org)
    return None


def visible_triage_cases(user: Any) -> QuerySet[TriageCase]:
    if not role_may(user, Action.VIEW_TRIAGE):
        return TriageCase.objects.none()
    scope = triage_scope(user)
    return TriageCase.objects.filter(scope) if scope is not None else TriageCase.objects.none()


def report_scope(user: User) -> Q | None:
    """The threat reports of the local domain a user has a need to know of (§2.4; R25–R30, R11, R32)."""
    role, org = user.user_role, user.organisation
    if role in {Role.RCCB, Role.POLICE_INTEL} and org.org_kind is OrgKind.POLICE_UNIT:
        # The RCCB the report reached, the unit that makes product and advice (R29), and the registering unit.
        return Q(rccb=org) | Q(producing_unit=org) | Q(registered_by__organisation=org)
    if role in {Role.HOVJ, Role.ADVISER_BBC}:
        # The OM meets a report once the RCCB sent it to the responsible office (R25, §2.4.2).
        return Q(responsible_office=org, sent_to_office_at__isnull=False)
    if role is Role.NCTV_OFFICER:
        return Q(status=ReportStatus.TO_NCTV)
    return None


def visible_reports(user: Any) -> QuerySet[ThreatReport]:
    if not role_may(user, Action.VIEW_REPORTS):
        return ThreatReport.objects.none()
    scope = report_scope(user)
    return ThreatReport.objects.filter(scope) if scope is not None else ThreatReport.objects.none()


def visible_college_notifications(user: Any) -> QuerySet[CollegeNotification]:
    """R30: the College reads what it was sent; nobody else reads the College's inbox."""
    if not role_may(user, Action.VIEW_COLLEGE_NOTIFICATIONS) or user.organisation.org_kind is not OrgKind.OM_COLLEGE:
        return CollegeNotification.objects.none()
    return CollegeNotification.objects.all()


def visible_object_advice(user: Any) -> QuerySet[ObjectAdvice]:
    """R31: the NCTV and its inspectorate read all its object advice; a local authority what was addressed to it."""
    if not role_may(user, Action.VIEW_OBJECT_ADVICE):
        return ObjectAdvice.objects.none()
    if user.user_role in {Role.NCTV_OFFICER, Role.INSPECTOR}:
        return ObjectAdvice.objects.all()
    return ObjectAdvice.objects.filter(addressed_to=user.organisation)


# Journal entries about measures carry the measures themselves, threat levels and places and times of public
# appearances; those about the protected person's care carry statuses and checklists. Each family only for who may
# read its records, and the OM only for its own office's entries (R11: inside the stelsel the OM has no role).
JOURNAL_FAMILIES: dict[tuple[str, ...], Action] = {
    ("measure.", "measures.", "lcc."): Action.VIEW_MEASURES,
    ("portal.",): Action.VIEW_CARE,
    ("intel.threat_level",): Action.VIEW_THREAT_LEVEL,
    # A request's reason is the question asked of intelligence, and a delivery names the marking: only the
    # authorities that ask for products read these entries; executing units meet products through their markings.
    ("intel.product",): Action.REQUEST_PRODUCT,
    ("threatpicture.",): Action.VIEW_THREAT_PICTURE,
    ("deployment.",): Action.VIEW_DEPLOYMENT,
    ("local.",): Action.VIEW_REPORTS,
    ("object_advice.",): Action.VIEW_OBJECT_ADVICE,
}


# Families whose entries carry the authority's own reasoning (a level's motivation and sources, a threat picture's
# reviews, the NCTV's advice on an object and the local authority's answer): only the organisation that wrote them
# reads them, and the inspectorate those of the NCTV (R46, R51). The advice itself the addressee reads on its page.
AUTHORITY_FAMILIES = frozenset({("intel.threat_level",), ("threatpicture.",), ("object_advice.",)})


# Families whose entries are steps of a local threat report (weighing and decision motivations): read only by who reads
# that report, whatever else of the person a unit or office sees (R51).
CASE_FAMILIES = frozenset({("local.",)})


def _about_visible_reports(user: User) -> Q:
    return Q(
        Exists(
            JournalSubject.objects.filter(
                entry=OuterRef("pk"),
                subject_type=ThreatReport.journal_subject_type,
                subject_id__in=visible_reports(user).values("pk"),
            )
        )
    )


def journal_scope(user: User, person: Person | None = None) -> Q:
    """Which journal entries of a person or object (already visible to the user) the user may read.

    The OM reads the entries of these families that its own office wrote, and, of `person`, everything recorded while
    its office held the case (a product police delivered on the HOvJ's order, say); never what happened in the case
    under the NCTV (R11).
    """
    own = Q(organisation=user.organisation)
    om_case = own
    if user.user_role in _OM and person is not None:
        held = AuthorityPeriod.objects.filter(person=person, holder=user.organisation).values_list(
            "valid_from", "valid_to"
        )
        for start, end in held:
            om_case |= Q(recorded_at__gte=start) & (Q(recorded_at__lt=end) if end is not None else Q())
    scope = Q()
    for prefixes, needed in JOURNAL_FAMILIES.items():
        family = Q()
        for prefix in prefixes:
            family |= Q(action__startswith=prefix)
        if not role_may(user, needed):
            scope &= ~family
        elif prefixes in AUTHORITY_FAMILIES:
            oversight = Q(organisation__kind=OrgKind.NCTV)
            scope &= ~family | (oversight if user.user_role is Role.INSPECTOR else own)
        elif prefixes in CASE_FAMILIES:
            scope &= ~family | _about_visible_reports(user)
        elif user.user_role in _OM:
            scope &= ~family | om_case
    return scope


# --- decisions ----------------------------------------------------------------------------------------------


Target = Person | ProtectedObject | TriageCase


def can_see(user: Any, target: Target) -> bool:
    if isinstance(target, Person):
        return visible_persons(user).filter(pk=target.pk).exists()
    if isinstance(target, TriageCase):
        return visible_triage_cases(user).filter(pk=target.pk).exists()
    return visible_objects(user).filter(pk=target.pk).exists()


def may(user: Any, action: Action, target: Target | None = None) -> bool:
    if not role_may(user, action):
        return False
    if target is None:
        return True
    return can_see(user, target)


def require(user: Any, action: Action, target: Target | None = None) -> None:
    """Raise NotFound when the target is outside the user's need-to-know, NotAllowed when the role may not act."""
    if target is not None and not can_see(user, target):
        raise NotFound()
    if not role_may(user, action):
        raise NotAllowed("U hebt geen recht op deze handeling.")
