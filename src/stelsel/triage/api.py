"""REST API of triage and designation under /api/v1/: thin views over the same queries and services as the UI."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, paginated, request_user, valid_data
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.worklist import WorkItem
from stelsel.policy.framework import ROUTE_LABELS
from stelsel.registry import queries as registry_queries
from stelsel.triage import queries, services
from stelsel.triage.models import Escalation, Judgement, TableItem, TriageCase
from stelsel.worklist import worklist

# --- serializers ---------------------------------------------------------------------------------------------


class IntakeSerializer(serializers.Serializer):
    threat_summary = serializers.CharField(allow_blank=True, default="")
    violent_offence = serializers.BooleanField(default=False)
    max_sentence_years = serializers.IntegerField(required=False, allow_null=True, default=0)
    art285_threat = serializers.BooleanField(default=False)
    antecedent_serious_violence = serializers.BooleanField(default=False)
    antecedent_violent_group = serializers.BooleanField(default=False)
    antecedent_mental_disorder = serializers.BooleanField(default=False)
    life_threat = serializers.CharField(allow_blank=True, default="")
    actor_known = serializers.BooleanField(default=False)
    actor_description = serializers.CharField(allow_blank=True, default="")
    phenomenon = serializers.CharField(default="geen_onbekend")
    phenomenon_facts = serializers.CharField(allow_blank=True, default="")
    professional_insight = serializers.BooleanField(default=False)
    professional_insight_text = serializers.CharField(allow_blank=True, default="")

    def to_input(self, data: dict[str, Any]) -> services.IntakeInput:
        fields = services.IntakeInput.__dataclass_fields__
        return services.IntakeInput(**{key: value for key, value in data.items() if key in fields})


class DraftSerializer(IntakeSerializer):
    person = serializers.IntegerField()


class IntakeUpdateSerializer(IntakeSerializer):
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    rule = serializers.CharField()
    paragraph = serializers.CharField()
    text = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    route = serializers.CharField()
    route_label = serializers.CharField()
    reasons = ReasonSerializer(many=True)
    policy_version = serializers.CharField()


class JudgementSerializer(serializers.ModelSerializer):
    judged_by = serializers.CharField(source="judged_by.get_full_name")

    class Meta:
        model = Judgement
        fields = ["admitted", "motivation", "information", "judged_by", "judged_at", "policy_version"]


class TableItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = TableItem
        fields = ["meeting_date", "conclusion", "participants", "concluded_at"]


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "step", "motivation", "raised_at", "outcome", "upheld_decline", "decided_at"]


class CaseSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name")
    district = serializers.CharField(source="district.name")
    handover_missing = serializers.BooleanField()

    class Meta:
        model = TriageCase
        fields = [
            "id",
            "person",
            "person_name",
            "district",
            "status",
            "version",
            "threat_summary",
            "violent_offence",
            "max_sentence_years",
            "art285_threat",
            "antecedent_serious_violence",
            "antecedent_violent_group",
            "antecedent_mental_disorder",
            "life_threat",
            "actor_known",
            "actor_description",
            "phenomenon",
            "phenomenon_facts",
            "professional_insight",
            "professional_insight_text",
            "framework_route",
            "framework_reasons",
            "policy_version",
            "chosen_route",
            "signed_at",
            "signing_motivation",
            "handover_received_at",
            "handover_missing",
        ]


class CaseDetailSerializer(CaseSerializer):
    judgements = JudgementSerializer(many=True)
    table_items = TableItemSerializer(many=True)
    escalations = EscalationSerializer(many=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "judgements", "table_items", "escalations"]


class VersionedSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class SignSerializer(VersionedSerializer):
    route = serializers.CharField(allow_blank=True, default="")
    motivation = serializers.CharField(allow_blank=True, default="")


class TableSerializer(VersionedSerializer):
    meeting_date = serializers.DateField(
        required=False, allow_null=True, default=None, error_messages={"invalid": "Gebruik JJJJ-MM-DD."}
    )


class ConclusionSerializer(VersionedSerializer):
    conclusion = serializers.CharField(allow_blank=True, default="")
    participants = serializers.CharField(allow_blank=True, default="")


class JudgeSerializer(VersionedSerializer):
    admitted = serializers.BooleanField(default=False)
    motivation = serializers.CharField(allow_blank=True, default="")
    information = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)


class HandoverSerializer(VersionedSerializer):
    contents = serializers.CharField(allow_blank=True, default="")


class MotivationSerializer(VersionedSerializer):
    motivation = serializers.CharField(allow_blank=True, default="")


class EscalationDecisionSerializer(VersionedSerializer):
    admit = serializers.BooleanField(default=False)
    outcome = serializers.CharField(allow_blank=True, default="")


class EmergencySerializer(serializers.Serializer):
    caller = serializers.CharField(allow_blank=True, default="")
    called_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    information = serializers.CharField(allow_blank=True, default="")


class LeaveSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")
    return_to_hovj = serializers.BooleanField(default=False)


class WorkItemSerializer(serializers.Serializer):
    task = serializers.CharField()
    url = serializers.CharField()
    person_name = serializers.CharField()
    detail = serializers.CharField(source="context")
    case = serializers.IntegerField(source="case_id", allow_null=True)
    since = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    age_hours = serializers.SerializerMethodField()

    def get_age_hours(self, item: WorkItem) -> int:
        return int(item.age.total_seconds() // 3600)


# --- views ---------------------------------------------------------------------------------------------------


def _case_answer(request: Request, pk: int, status: int = 200) -> Response:
    return Response(CaseDetailSerializer(queries.case_for(request_user(request), pk)).data, status=status)


class WorklistView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_WORKLIST}

    @extend_schema(responses=WorkItemSerializer(many=True), summary="Werkvoorraad: wat op u wacht, oudste eerst")
    def get(self, request: Request) -> Response:
        return Response(WorkItemSerializer(worklist(request_user(request)), many=True).data)


class AssessmentView(GuardedAPIView):
    access_actions = {"POST": Action.ASSESS_INTAKE}

    @extend_schema(request=IntakeSerializer, responses=AssessmentSerializer, summary="Uitkomst toetsingskader")
    def post(self, request: Request) -> Response:
        data = valid_data(IntakeSerializer, request)
        outcome = services.preview(IntakeSerializer().to_input(data))
        return Response(
            {
                "route": outcome.value.value,
                "route_label": ROUTE_LABELS[outcome.value],
                "reasons": outcome.reasons_as_dicts,
                "policy_version": outcome.policy_version.key,
            }
        )


class CasesView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_TRIAGE, "POST": Action.DRAFT_INTAKE}

    @extend_schema(responses=CaseSerializer(many=True), summary="Triagezaken die u mag zien")
    def get(self, request: Request) -> Response:
        return paginated(self, request, queries.cases_for(request_user(request)), CaseSerializer)

    @extend_schema(request=DraftSerializer, responses={201: CaseDetailSerializer}, summary="Intakeformulier opstellen")
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = valid_data(DraftSerializer, request)
        person = registry_queries.person_for(user, data["person"])
        case = services.draft_intake(user, person, DraftSerializer().to_input(data))
        return _case_answer(request, case.pk, 201)


class CaseDetailView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_TRIAGE}

    @extend_schema(responses=CaseDetailSerializer, summary="Eén triagezaak")
    def get(self, request: Request, pk: int) -> Response:
        return _case_answer(request, pk)


class CaseDecisionView(GuardedAPIView):
    """One decision on a case: parse the body, call the service, answer with the case as it now stands."""

    input_serializer: type[serializers.Serializer] = VersionedSerializer
    created = False

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = queries.case_for(user, pk)
        self.perform(user, case, valid_data(self.input_serializer, request))
        return _case_answer(request, pk, 201 if self.created else 200)


def _decision_schema(serializer: type[serializers.Serializer], summary: str) -> Any:
    return extend_schema_view(post=extend_schema(request=serializer, responses=CaseDetailSerializer, summary=summary))


@_decision_schema(IntakeUpdateSerializer, "Intakeformulier aanvullen")
class IntakeUpdateView(CaseDecisionView):
    access_actions = {"POST": Action.DRAFT_INTAKE}
    input_serializer = IntakeUpdateSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        intake = IntakeUpdateSerializer().to_input(data)
        return services.update_intake(user, case, intake, expected_version=data["expected_version"])


@_decision_schema(SignSerializer, "Ondertekenen en versturen")
class SignView(CaseDecisionView):
    access_actions = {"POST": Action.SIGN_INTAKE}
    input_serializer = SignSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.sign_intake(
            user, case, route=data["route"], motivation=data["motivation"], expected_version=data["expected_version"]
        )


@_decision_schema(TableSerializer, "Agenderen triagetafel")
class TableView(CaseDecisionView):
    access_actions = {"POST": Action.PLAN_TABLE}
    input_serializer = TableSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.put_on_table(
            user, case, meeting_date=data["meeting_date"], expected_version=data["expected_version"]
        )


@_decision_schema(ConclusionSerializer, "Conclusie triagetafel")
class TableConclusionView(CaseDecisionView):
    access_actions = {"POST": Action.CONCLUDE_TABLE}
    input_serializer = ConclusionSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.conclude_table(
            user,
            case,
            conclusion=data["conclusion"],
            participants=data["participants"],
            expected_version=data["expected_version"],
        )


@_decision_schema(JudgeSerializer, "Oordeelsformulier NCTV")
class JudgementView(CaseDecisionView):
    access_actions = {"POST": Action.JUDGE}
    input_serializer = JudgeSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.judge(
            user,
            case,
            admitted=data["admitted"],
            motivation=data["motivation"],
            information=data["information"],
            expected_version=data["expected_version"],
        )


@_decision_schema(HandoverSerializer, "Overdrachtsdossier sturen")
class HandoverView(CaseDecisionView):
    access_actions = {"POST": Action.SEND_HANDOVER}
    input_serializer = HandoverSerializer

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.send_handover_file(
            user, case, contents=data["contents"], expected_version=data["expected_version"]
        )


@_decision_schema(MotivationSerializer, "Escaleren")
class EscalateView(CaseDecisionView):
    access_actions = {"POST": Action.ESCALATE}
    input_serializer = MotivationSerializer
    created = True

    def perform(self, user: User, case: TriageCase, data: dict[str, Any]) -> object:
        return services.escalate(user, case, motivation=data["motivation"], expected_version=data["expected_version"])


class EscalationDecisionView(GuardedAPIView):
    access_actions = {"POST": Action.DECIDE_ESCALATION}

    @extend_schema(request=EscalationDecisionSerializer, responses=CaseDetailSerializer, summary="Uitkomst escalatie")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        escalation = queries.escalation_for(user, pk)
        data = valid_data(EscalationDecisionSerializer, request)
        services.decide_escalation(
            user, escalation, admit=data["admit"], outcome=data["outcome"], expected_version=data["expected_version"]
        )
        return _case_answer(request, escalation.case_id)


class EmergencyDesignationView(GuardedAPIView):
    access_actions = {"POST": Action.EMERGENCY_DESIGNATION}

    @extend_schema(request=EmergencySerializer, responses={201: None}, summary="Spoedaanwijzing (telefonisch)")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(EmergencySerializer, request)
        emergency = services.emergency_designation(
            user, person, caller=data["caller"], called_at=data["called_at"], information=data["information"]
        )
        return Response({"id": emergency.pk, "person": person.pk}, status=201)


class LeaveStelselView(GuardedAPIView):
    access_actions = {"POST": Action.END_DESIGNATION}

    @extend_schema(request=LeaveSerializer, responses={200: None}, summary="Uit het stelsel")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(LeaveSerializer, request)
        services.end_designation(user, person, reason=data["reason"], return_to_hovj=data["return_to_hovj"])
        return Response({"person": person.pk})
