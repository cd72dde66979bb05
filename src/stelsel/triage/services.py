"""Every state change of triage and designation (§2.3–§2.3.4). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock the case, check its state and version
(409 when it moved on), apply the policy, change rows, write the journal entry.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from stelsel.access.models import Organisation, PersonShare, User
from stelsel.access.roles import OrgKind
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.framework import (
    R_ESCALATION,
    R_HANDOVER,
    R_NCTV_JUDGES,
    R_OM_INFORMED,
    R_TABLE,
    ROUTE_LABELS,
    IntakeAnswers,
    LifeThreat,
    Phenomenon,
    Route,
    RouteChoiceError,
    assess,
    check_route_choice,
)
from stelsel.policy.reasons import Outcome
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.registry.models import Person
from stelsel.registry.queries import current_authority, current_home
from stelsel.registry.services import give_up_authority, take_up_authority
from stelsel.triage.models import (
    UNDER_WAY,
    CaseStatus,
    EmergencyRequest,
    Escalation,
    EscalationStep,
    Judgement,
    TableItem,
    TriageCase,
)

# --- intake form -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeInput:
    """The intake form as submitted (strings from a form or JSON); validated into `IntakeAnswers`."""

    threat_summary: str
    violent_offence: bool = False
    max_sentence_years: int | None = 0
    art285_threat: bool = False
    antecedent_serious_violence: bool = False
    antecedent_violent_group: bool = False
    antecedent_mental_disorder: bool = False
    life_threat: str = ""
    actor_known: bool = False
    actor_description: str = ""
    phenomenon: str = Phenomenon.NONE_OR_UNKNOWN.value
    phenomenon_facts: str = ""
    professional_insight: bool = False
    professional_insight_text: str = ""


def validate_intake(data: IntakeInput) -> IntakeAnswers:
    """Field by field, in Dutch; raises InvalidInput naming every bad field at once."""
    errors: dict[str, str] = {}
    if not data.threat_summary.strip():
        errors["threat_summary"] = "Omschrijving van de dreiging is verplicht."
    years = data.max_sentence_years or 0
    if years < 0 or years > 99:
        errors["max_sentence_years"] = "Strafmaximum moet tussen 0 en 99 jaar liggen."
    if data.violent_offence and years == 0:
        errors["max_sentence_years"] = "Geef het strafmaximum van het geweldsdelict op."
    try:
        life = LifeThreat(data.life_threat)
    except ValueError:
        errors["life_threat"] = (
            f"Onbekende waarde '{data.life_threat}' voor 'gericht tegen het leven'."
            if data.life_threat
            else "Geef aan of de dreiging direct, indirect of niet tegen het leven gericht is."
        )
        life = LifeThreat.NOT_AGAINST_LIFE
    try:
        phenomenon = Phenomenon(data.phenomenon)
    except ValueError:
        errors["phenomenon"] = f"Onbekend dreigingsfenomeen '{data.phenomenon}'."
        phenomenon = Phenomenon.NONE_OR_UNKNOWN
    if data.actor_known and not data.actor_description.strip():
        errors["actor_description"] = "Beschrijf de bekende dreigende actor."
    if data.professional_insight and not data.professional_insight_text.strip():
        errors["professional_insight_text"] = "Licht het professioneel inzicht van politie en/of KMar toe."
    if errors:
        raise InvalidInput.for_fields(errors)
    return IntakeAnswers(
        violent_offence=data.violent_offence,
        max_sentence_years=years,
        art285_threat=data.art285_threat,
        antecedent_serious_violence=data.antecedent_serious_violence,
        antecedent_violent_group=data.antecedent_violent_group,
        antecedent_mental_disorder=data.antecedent_mental_disorder,
        life_threat=life,
        actor_known=data.actor_known,
        phenomenon=phenomenon,
        phenomenon_facts=data.phenomenon_facts.strip(),
        professional_insight=data.professional_insight,
        professional_insight_text=data.professional_insight_text.strip(),
    )


def preview(data: IntakeInput) -> Outcome[Route]:
    """The framework's outcome for a form being filled in, for the live view; changes nothing."""
    return assess(validate_intake(data), _policy())


def answers_of(case: TriageCase) -> IntakeAnswers:
    return IntakeAnswers(
        violent_offence=case.violent_offence,
        max_sentence_years=case.max_sentence_years,
        art285_threat=case.art285_threat,
        antecedent_serious_violence=case.antecedent_serious_violence,
        antecedent_violent_group=case.antecedent_violent_group,
        antecedent_mental_disorder=case.antecedent_mental_disorder,
        life_threat=LifeThreat(case.life_threat),
        actor_known=case.actor_known,
        phenomenon=Phenomenon(case.phenomenon),
        phenomenon_facts=case.phenomenon_facts,
        professional_insight=case.professional_insight,
        professional_insight_text=case.professional_insight_text,
    )


def _policy() -> PolicyVersion:
    return version_on(today())


def _required(value: str, field: str, message: str) -> str:
    if not value or not value.strip():
        raise InvalidInput.for_field(field, message)
    return value.strip()


def _locked_case(case: TriageCase, expected_version: int | None) -> TriageCase:
    locked = TriageCase.objects.select_for_update().select_related("person", "district").get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("Iemand anders heeft deze zaak intussen gewijzigd. Laad de pagina opnieuw.")
    return locked


def _save(case: TriageCase, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


def _copy_answers(case: TriageCase, data: IntakeInput, answers: IntakeAnswers) -> None:
    case.threat_summary = data.threat_summary.strip()
    case.actor_description = data.actor_description.strip()
    for field, value in asdict(answers).items():
        setattr(case, field, value.value if isinstance(value, LifeThreat | Phenomenon) else value)


ANSWER_FIELDS = [
    "threat_summary",
    "actor_description",
    *IntakeAnswers.__dataclass_fields__.keys(),
]


def draft_intake(actor: User, person: Person, data: IntakeInput) -> TriageCase:
    """Police drafts the intake form for a person on the adviser BB&C's order (§2.4.2, R27)."""
    require(actor, Action.DRAFT_INTAKE, person)
    answers = validate_intake(data)
    home = current_home(person)
    if home is None:
        raise InvalidInput.for_field("person", "De persoon heeft geen woonadres; het arrondissement is onbekend.")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        authority = current_authority(person)
        if authority is not None and authority.holder_kind == HolderKind.NCTV:
            raise InvalidInput.for_field("person", "Deze persoon is al in het stelsel (gezag NCTV).")
        case = TriageCase(person=person, district=home.municipality.district, drafted_by=actor, drafted_at=now())
        _copy_answers(case, data, answers)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            raise InvalidInput.for_field("person", "Voor deze persoon loopt al een triagezaak.") from None
        journal.record(
            actor=actor,
            action="triage.intake_drafted",
            subjects=[person, case],
            reason="Intakeformulier opgesteld in opdracht van de adviseur BB&C",
            policy_version=_policy().key,
            payload={"district": case.district.name, "threat_summary": case.threat_summary},
        )
    return case


def update_intake(actor: User, case: TriageCase, data: IntakeInput, *, expected_version: int | None) -> TriageCase:
    """The drafting police or the district's HOvJ completes the form while it is a draft."""
    require(actor, Action.DRAFT_INTAKE, case)
    answers = validate_intake(data)
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        if locked.status != CaseStatus.DRAFT:
            raise Conflict("Het intakeformulier is al ondertekend en kan niet meer worden gewijzigd.")
        _copy_answers(locked, data, answers)
        journal.record(
            actor=actor,
            action="triage.intake_updated",
            subjects=[locked.person, locked],
            reason="Intakeformulier aangevuld",
            policy_version=_policy().key,
            payload={"threat_summary": locked.threat_summary},
        )
        _save(locked, *ANSWER_FIELDS)
    return locked


def _require_case_hovj(actor: User, case: TriageCase) -> None:
    if actor.organisation.district_id != case.district_id:
        raise NotAllowed(
            f"Alleen de HOvJ van arrondissement {case.district.name}, waar de persoon woont, kan dit doen (§2.3.3)."
        )


def _share_with_nctv(person: Person, entry_reason: str, entry: JournalEntry) -> None:
    nctv = Organisation.objects.get(kind=OrgKind.NCTV)
    if not PersonShare.objects.filter(person=person, organisation=nctv, valid_to__isnull=True).exists():
        PersonShare.objects.create(
            person=person, organisation=nctv, purpose=entry_reason, valid_from=entry.recorded_at, started_by=entry
        )


def sign_intake(
    actor: User, case: TriageCase, *, route: str, motivation: str, expected_version: int | None
) -> TriageCase:
    """The HOvJ signs and sends the form to the NCTV with the route (R12); the HOvJ is the authority meanwhile."""
    require(actor, Action.SIGN_INTAKE, case)
    motivation = _required(motivation, "motivation", "Motivering is verplicht: waarom is deze casus stelselwaardig?")
    try:
        chosen = Route(route)
    except ValueError:
        raise InvalidInput.for_field("route", f"Onbekende route '{route}'.") from None
    _require_case_hovj(actor, case)
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        if locked.status != CaseStatus.DRAFT:
            raise Conflict("Dit intakeformulier is al ondertekend.")
        outcome = assess(answers_of(locked), _policy())
        try:
            check_route_choice(chosen, outcome)
        except RouteChoiceError as error:
            raise InvalidInput.for_field("route", str(error)) from None
        locked.framework_route = outcome.value.value
        locked.framework_reasons = outcome.reasons_as_dicts
        locked.policy_version = outcome.policy_version.key
        locked.chosen_route, locked.signed_by, locked.signed_at = chosen.value, actor, now()
        locked.signing_motivation = motivation
        locked.status = CaseStatus.SIGNED
        payload = {
            "route": ROUTE_LABELS[chosen],
            "framework": ROUTE_LABELS[outcome.value],
            "reasons": outcome.reasons_as_dicts,
        }
        reason = f"Intakeformulier ondertekend: {ROUTE_LABELS[chosen].lower()}. {motivation}"
        authority = current_authority(locked.person)
        if authority is None or authority.holder_id != actor.organisation_id:
            # R05: the HOvJ is and stays the authority while triage runs, until the NCTV designates.
            _, entry = take_up_authority(
                actor,
                locked.person,
                basis=Basis.LOCAL_DOMAIN,
                reason=reason,
                action="triage.intake_signed",
                extra_subjects=[locked],
                extra_payload=payload,
            )
        else:
            entry = journal.record(
                actor=actor,
                action="triage.intake_signed",
                subjects=[locked.person, locked],
                reason=reason,
                policy_version=outcome.policy_version.key,
                payload=payload,
            )
        _share_with_nctv(locked.person, "Intakeformulier triage (§2.3.3)", entry)
        _save(
            locked,
            "framework_route",
            "framework_reasons",
            "policy_version",
            "chosen_route",
            "signed_by",
            "signed_at",
            "signing_motivation",
            "status",
        )
    return locked


# --- triage table ------------------------------------------------------------------------------------------


def put_on_table(
    actor: User, case: TriageCase, *, meeting_date: date | None, expected_version: int | None
) -> TableItem:
    """Only the party holding authority puts a case on the agenda (§2.3.3, R16)."""
    require(actor, Action.PLAN_TABLE, case)
    if meeting_date is None:
        raise InvalidInput.for_field("meeting_date", "Datum van de triagetafel is verplicht.")
    if meeting_date < today():
        raise InvalidInput.for_field("meeting_date", "De datum van de triagetafel ligt in het verleden.")
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        authority = current_authority(locked.person)
        if authority is None or authority.holder_id != actor.organisation_id:
            raise NotAllowed("Alleen de partij die het gezag heeft, agendeert een casus voor de triagetafel (§2.3.3).")
        if locked.status != CaseStatus.SIGNED or locked.chosen_route != Route.TRIAGE_TABLE:
            raise Conflict("Alleen een ondertekende casus voor de triagetafel kan worden geagendeerd.")
        item = TableItem.objects.create(case=locked, meeting_date=meeting_date, added_by=actor, added_at=now())
        journal.record(
            actor=actor,
            action="triage.table_planned",
            subjects=[locked.person, locked],
            reason=f"Geagendeerd voor de triagetafel van {meeting_date:%d-%m-%Y}",
            policy_version=_policy().key,
            payload={"meeting_date": meeting_date, "decision_reasons": [R_TABLE.as_dict()]},
        )
        locked.status = CaseStatus.ON_TABLE
        _save(locked, "status")
    return item


def conclude_table(
    actor: User, case: TriageCase, *, conclusion: str, participants: str, expected_version: int | None
) -> TableItem:
    """The OM chairs the table and records its conclusion with the participants (R16); the NCTV then judges."""
    require(actor, Action.CONCLUDE_TABLE, case)
    errors = {}
    if not conclusion.strip():
        errors["conclusion"] = "Conclusie van de triagetafel is verplicht."
    if not participants.strip():
        errors["participants"] = "Leg vast wie aan tafel zaten."
    if errors:
        raise InvalidInput.for_fields(errors)
    if actor.organisation.district_id != case.district_id:
        raise NotAllowed("Alleen het secretariaat van het arrondissement van de zaak legt de conclusie vast.")
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        if locked.status != CaseStatus.ON_TABLE:
            raise Conflict("Deze casus staat niet (meer) op de agenda van de triagetafel.")
        item = locked.table_items.filter(concluded_at__isnull=True).order_by("id").last()
        assert item is not None
        item.conclusion, item.participants = conclusion.strip(), participants.strip()
        item.concluded_by, item.concluded_at = actor, now()
        item.save(update_fields=["conclusion", "participants", "concluded_by", "concluded_at"])
        journal.record(
            actor=actor,
            action="triage.table_concluded",
            subjects=[locked.person, locked],
            reason=item.conclusion,
            policy_version=_policy().key,
            payload={
                "participants": item.participants,
                "meeting_date": item.meeting_date,
                "decision_reasons": [R_TABLE.as_dict()],
            },
        )
        locked.status = CaseStatus.DISCUSSED
        _save(locked, "status")
    return item


# --- judgement, designation and handover -------------------------------------------------------------------


def _information_list(information: list[str] | str) -> list[str]:
    items = information.splitlines() if isinstance(information, str) else information
    return [item.strip() for item in items if item and item.strip()]


def _designate(actor: User, case: TriageCase, *, reason: str, action: str, payload: dict[str, object]) -> JournalEntry:
    """Person and household designated in one go: one authority change, one journal entry (R05, R07, R09)."""
    _, entry = take_up_authority(
        actor,
        case.person,
        basis=Basis.DESIGNATION,
        reason=reason,
        action=action,
        extra_subjects=[case],
        extra_payload={
            **payload,
            "locations": "De NCTV is ook gezag over maatregelen bij woning en werkplek (§2.3, R09).",
        },
    )
    return entry


def judge(
    actor: User,
    case: TriageCase,
    *,
    admitted: bool,
    motivation: str,
    information: list[str] | str,
    expected_version: int | None,
) -> Judgement:
    """Only the NCTV decides admission, motivated and naming what it rests on (R17); the OM is informed (R18)."""
    require(actor, Action.JUDGE, case)
    errors = {}
    if not motivation or not motivation.strip():
        errors["motivation"] = "Motivering van het oordeel is verplicht (§2.3.3)."
    items = _information_list(information)
    if not items:
        errors["information"] = "Noem de informatie waarop het oordeel rust (§2.3.3)."
    if errors:
        raise InvalidInput.for_fields(errors)
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        _require_judgeable(locked)
        moment = now()
        judgement = Judgement.objects.create(
            case=locked,
            admitted=admitted,
            motivation=motivation.strip(),
            information=items,
            judged_by=actor,
            judged_at=moment,
            policy_version=_policy().key,
        )
        payload: dict[str, object] = {
            "admitted": admitted,
            "information": items,
            "informed": locked.district.name,
            "decision_reasons": [R_NCTV_JUDGES.as_dict(), R_OM_INFORMED.as_dict()],
        }
        if admitted:
            _designate(actor, locked, reason=judgement.motivation, action="triage.admitted", payload=payload)
            locked.status = CaseStatus.ADMITTED
        else:
            journal.record(
                actor=actor,
                action="triage.declined",
                subjects=[locked.person, locked],
                reason=judgement.motivation,
                policy_version=judgement.policy_version,
                payload=payload,
            )
            locked.status = CaseStatus.DECLINED
        _save(locked, "status")
    return judgement


def _require_judgeable(case: TriageCase) -> None:
    """The NCTV judges a signed direct-admission case, or a case the triage table has discussed.

    An escalated case is decided through its escalation step, so its outcome is recorded with the step (R20).
    """
    direct = case.status == CaseStatus.SIGNED and case.chosen_route == Route.DIRECT_ADMISSION
    if direct or case.status == CaseStatus.DISCUSSED:
        return
    if case.status == CaseStatus.SIGNED:
        raise Conflict("Deze casus moet eerst aan de triagetafel worden besproken.")
    if case.status == CaseStatus.ESCALATED:
        raise Conflict("Deze casus is geëscaleerd; leg de uitkomst van de escalatie vast.")
    raise Conflict(f"Over deze casus is al geoordeeld of hij wacht niet op een oordeel ({case.get_status_display()}).")


def send_handover_file(actor: User, case: TriageCase, *, contents: str, expected_version: int | None) -> TriageCase:
    """After the judgement the HOvJ sends the handover file (R19); until then the case shows it as missing."""
    require(actor, Action.SEND_HANDOVER, case)
    contents = _required(contents, "contents", "Beschrijf wat het overdrachtsdossier bevat.")
    _require_case_hovj(actor, case)
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        if locked.status != CaseStatus.ADMITTED:
            raise Conflict("Een overdrachtsdossier volgt pas na het oordeel tot opname.")
        if locked.handover_received_at is not None:
            raise Conflict("Het overdrachtsdossier is al ontvangen.")
        locked.handover_received_at, locked.handover_contents = now(), contents
        journal.record(
            actor=actor,
            action="triage.handover_sent",
            subjects=[locked.person, locked],
            reason="Overdrachtsdossier verzonden aan de NCTV",
            policy_version=_policy().key,
            payload={"contents": contents, "decision_reasons": [R_HANDOVER.as_dict()]},
        )
        _save(locked, "handover_received_at", "handover_contents")
    return locked


# --- escalation (R20) --------------------------------------------------------------------------------------


def escalate(actor: User, case: TriageCase, *, motivation: str, expected_version: int | None) -> Escalation:
    """The HOvJ disagrees with a decline: first the coordinating HOvJ with the NCTV director, then the PG."""
    require(actor, Action.ESCALATE, case)
    motivation = _required(motivation, "motivation", "Motiveer waarom de casus toch bij de NCTV thuishoort.")
    _require_case_hovj(actor, case)
    with transaction.atomic():
        locked = _locked_case(case, expected_version)
        if locked.status != CaseStatus.DECLINED:
            raise Conflict("Escaleren kan alleen na een oordeel tot niet-opnemen.")
        steps = list(locked.escalations.values_list("step", flat=True))
        if EscalationStep.PORTFOLIO_PG in steps:
            raise Conflict("De laatste escalatietrede (portefeuillehoudend PG) is al genomen (§2.3.3).")
        step = (
            EscalationStep.PORTFOLIO_PG
            if EscalationStep.COORDINATING_HOVJ in steps
            else EscalationStep.COORDINATING_HOVJ
        )
        escalation = Escalation.objects.create(
            case=locked, step=step, raised_by=actor, raised_at=now(), motivation=motivation
        )
        journal.record(
            actor=actor,
            action="triage.escalated",
            subjects=[locked.person, locked],
            reason=motivation,
            policy_version=_policy().key,
            payload={"step": step.label, "decision_reasons": [R_ESCALATION.as_dict()]},
        )
        locked.status = CaseStatus.ESCALATED
        try:
            with transaction.atomic():
                _save(locked, "status")
        except IntegrityError:
            raise Conflict("Voor deze persoon loopt al een nieuwe triagezaak; escaleer niet ook de oude.") from None
    return escalation


def decide_escalation(
    actor: User, escalation: Escalation, *, admit: bool, outcome: str, expected_version: int | None
) -> Escalation:
    """The NCTV records the outcome of an escalation step; admitting designates as a judgement does."""
    require(actor, Action.DECIDE_ESCALATION, escalation.case)
    outcome = _required(outcome, "outcome", "Leg de uitkomst van het overleg vast.")
    with transaction.atomic():
        locked = _locked_case(escalation.case, expected_version)
        current = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.status != CaseStatus.ESCALATED or current.decided_at is not None:
            raise Conflict("Over deze escalatie is al besloten.")
        current.outcome, current.upheld_decline = outcome, not admit
        current.decided_by, current.decided_at = actor, now()
        current.save(update_fields=["outcome", "upheld_decline", "decided_by", "decided_at"])
        payload: dict[str, object] = {
            "step": current.get_step_display(),
            "admitted": admit,
            "decision_reasons": [R_ESCALATION.as_dict(), R_NCTV_JUDGES.as_dict()],
        }
        if admit:
            Judgement.objects.create(
                case=locked,
                admitted=True,
                motivation=outcome,
                information=[f"Escalatie: {current.get_step_display()}", current.motivation],
                judged_by=actor,
                judged_at=current.decided_at,
                policy_version=_policy().key,
            )
            _designate(actor, locked, reason=outcome, action="triage.escalation_admitted", payload=payload)
            locked.status = CaseStatus.ADMITTED
        else:
            final = current.step == EscalationStep.PORTFOLIO_PG
            journal.record(
                actor=actor,
                action="triage.escalation_upheld",
                subjects=[locked.person, locked],
                reason=outcome,
                policy_version=_policy().key,
                payload={**payload, "final": final, "nctv_sight_ended": final},
            )
            locked.status = CaseStatus.CLOSED if final else CaseStatus.DECLINED
            if final:
                # The last step upheld the decline: the NCTV no longer needs sight of the person (need-to-know).
                PersonShare.objects.filter(
                    person=locked.person, organisation__kind=OrgKind.NCTV, valid_to__isnull=True
                ).update(valid_to=current.decided_at)
        _save(locked, "status")
    return current


# --- emergency designation and leaving the stelsel ---------------------------------------------------------


def emergency_designation(
    actor: User, person: Person, *, caller: str, called_at: datetime | None, information: str
) -> EmergencyRequest:
    """R06: on the HOvJ's telephone request the NCTV designates at once, without triage (§2.3.4)."""
    require(actor, Action.EMERGENCY_DESIGNATION, person)
    errors = {}
    if not caller.strip():
        errors["caller"] = "Leg vast wie belde (de HOvJ of wie namens hem belde)."
    if called_at is None:
        errors["called_at"] = "Tijdstip van het telefonisch verzoek is verplicht."
    elif called_at > now():
        errors["called_at"] = "Het tijdstip van het verzoek ligt in de toekomst."
    if not information.strip():
        errors["information"] = "Leg vast welke informatie bij het verzoek is gedeeld."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert called_at is not None
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        authority = current_authority(person)
        if authority is not None and authority.holder_kind == HolderKind.NCTV and authority.via_person_id is None:
            raise Conflict("Deze persoon is al in het stelsel aangewezen; een spoedaanwijzing is niet nodig.")
        # A triage case under way for the person is overtaken by the designation.
        open_cases = list(TriageCase.objects.select_for_update().filter(person=person, status__in=list(UNDER_WAY)))
        request = EmergencyRequest.objects.create(
            person=person,
            caller=caller.strip(),
            called_at=called_at,
            information=information.strip(),
            recorded_by=actor,
            recorded_at=now(),
        )
        take_up_authority(
            actor,
            person,
            basis=Basis.EMERGENCY_DESIGNATION,
            reason=f"Spoedaanwijzing op telefonisch verzoek van {request.caller}: {request.information}",
            action="triage.emergency_designated",
            extra_subjects=open_cases,
            extra_payload={
                "caller": request.caller,
                "called_at": request.called_at,
                "person_directed_measures": "Persoonsgerichte maatregelen zijn direct mogelijk (§2.3.4).",
            },
        )
        for case in open_cases:
            case.status = CaseStatus.CLOSED
            _save(case, "status")
    return request


def end_designation(
    actor: User, person: Person, *, reason: str, return_to_hovj: bool, expected_version: int | None = None
) -> None:
    """R10: out of the stelsel when the central measures are phased out, to basic police care or to the HOvJ."""
    require(actor, Action.END_DESIGNATION, person)
    reason = _required(reason, "reason", "Reden is verplicht: waarom verlaat de persoon het stelsel?")
    with transaction.atomic():
        # Locked first, so no measure can be decided between these checks and the end of the designation.
        person = Person.objects.select_for_update().get(pk=person.pk)
        authority = current_authority(person)
        if authority is None or authority.holder_kind != HolderKind.NCTV or authority.via_person_id is not None:
            raise InvalidInput.for_field("person", "Deze persoon is niet zelf in het stelsel aangewezen.")
        cases = list(TriageCase.objects.select_for_update().filter(person=person, status=CaseStatus.ADMITTED))
        give_up_authority(
            actor,
            person,
            reason=reason,
            expected_version=expected_version,
            action="triage.left_stelsel",
            return_to_hovj=return_to_hovj,
            extra_subjects=cases,
            extra_payload={"to": "HOvJ (lokaal domein)" if return_to_hovj else "basispolitiezorg"},
        )
        for case in cases:
            case.status = CaseStatus.CLOSED
            _save(case, "status")
