"""REST API of the local domain and the NCTV's object advice under /api/v1/: the same services, rules and
need-to-know as the UI."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, paginated, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.core.errors import InvalidInput
from stelsel.local import queries, services
from stelsel.local.models import CollegeNotification, ObjectAdvice, ThreatReport
from stelsel.measures.api import MeasureSerializer, PackageSerializer
from stelsel.measures.services import ItemInput
from stelsel.registry import queries as registry_queries

# --- serializers ---------------------------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_name")
    rccb = serializers.CharField(source="rccb.name")
    responsible_office = serializers.CharField(source="responsible_office.name", allow_null=True, default=None)
    producing_unit = serializers.CharField(source="producing_unit.name", allow_null=True, default=None)

    class Meta:
        model = ThreatReport
        fields = [
            "id",
            "person",
            "object",
            "subject",
            "threatened_function",
            "received_as",
            "what_happened",
            "threatener",
            "occurred_at",
            "status",
            "rccb",
            "responsible_office",
            "producing_unit",
            "notify_college",
            "routing_reasons",
            "routing_rules",
            "registered_at",
            "serious",
            "weighing_criteria",
            "weighing_motivation",
            "weighing_reasons",
            "weighed_at",
            "decision",
            "decision_motivation",
            "decision_reasons",
            "decided_at",
            "product_request",
            "advice",
            "package",
            "policy_version",
            "version",
        ]


class ReportInSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    object = serializers.IntegerField(required=False, allow_null=True, default=None)
    threatened_function = serializers.CharField(allow_blank=True, default="geen")
    received_as = serializers.CharField(allow_blank=True, default="")
    what_happened = serializers.CharField(allow_blank=True, default="")
    threatener = serializers.CharField(allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class WeighingSerializer(serializers.Serializer):
    violent_offence = serializers.BooleanField(default=False)
    max_sentence_years = serializers.IntegerField(default=0)
    art285_threat = serializers.BooleanField(default=False)
    antecedent_serious_violence = serializers.BooleanField(default=False)
    antecedent_violent_group = serializers.BooleanField(default=False)
    antecedent_mental_disorder = serializers.BooleanField(default=False)
    life_threat = serializers.CharField(allow_blank=True, default="")
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class UrgentSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="")
    scope = serializers.CharField(allow_blank=True, default="")
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConfirmSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.CharField(allow_blank=True, default="")
    motivation = serializers.CharField(allow_blank=True, default="")
    product_kind = serializers.CharField(allow_blank=True, default="")
    question = serializers.CharField(allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RulesSerializer(serializers.Serializer):
    confirm_within_hours = serializers.IntegerField(required=False, allow_null=True, default=None)
    partner_districts = serializers.DictField(child=serializers.CharField(), default=dict)
    partner_units = serializers.DictField(child=serializers.CharField(), default=dict)
    motivation = serializers.CharField(allow_blank=True, default="")
    valid_from = serializers.DateTimeField(read_only=True, allow_null=True)


class CollegeNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollegeNotification
        fields = ["id", "report", "kind", "content", "reasons", "policy_version", "sent_at"]


class ObjectAdviceSerializer(serializers.ModelSerializer):
    addressed_to = serializers.CharField(source="addressed_to.name")

    class Meta:
        model = ObjectAdvice
        fields = [
            "id",
            "object",
            "addressed_to",
            "threat_level",
            "advice",
            "reasons",
            "policy_version",
            "given_at",
            "followed",
            "response_motivation",
            "responded_at",
            "version",
        ]


class ObjectAdviceInSerializer(serializers.Serializer):
    advice = serializers.CharField(allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    followed = serializers.BooleanField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


def _report(user: Any, pk: int) -> Response:
    return Response(ReportSerializer(queries.report_for(user, pk)).data)


# --- views ---------------------------------------------------------------------------------------------------------


class ReportsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_REPORTS, "POST": Action.REGISTER_REPORT}

    @extend_schema(responses=ReportSerializer(many=True), summary="Dreigingsmeldingen van het lokaal domein")
    def get(self, request: Request) -> Response:
        reports = queries.reports_for(request_user(request), request.query_params.get("status", ""))
        return paginated(self, request, reports, ReportSerializer)

    @extend_schema(
        request=ReportInSerializer, responses={201: ReportSerializer}, summary="Dreigingsmelding registreren"
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = valid_data(ReportInSerializer, request)
        person_id, object_id = data.pop("person"), data.pop("object")
        if person_id is None and object_id is None:
            raise InvalidInput.for_field("subject", "Kies de bedreigde: één persoon of één object of dienst (§2.4.1).")
        person = registry_queries.person_for(user, person_id) if person_id is not None else None
        obj = registry_queries.object_for(user, object_id) if object_id is not None else None
        report = services.register_report(user, person=person, obj=obj, **data)
        return Response(ReportSerializer(report).data, status=201)


class ReportView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_REPORTS}
    logs = "threat_report"

    @extend_schema(responses=ReportSerializer, summary="Dreigingsmelding")
    def get(self, request: Request, pk: int) -> Response:
        return _report(request_user(request), pk)


class WeighingView(GuardedAPIView):
    access_actions = {"POST": Action.WEIGH_REPORT}

    @extend_schema(request=WeighingSerializer, responses=ReportSerializer, summary="Eerste weging door de RCCB")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        report = queries.report_for(user, pk)
        data = valid_data(WeighingSerializer, request)
        motivation, version = data.pop("motivation"), data.pop("expected_version")
        services.weigh_report(
            user, report, criteria=services.Criteria(**data), motivation=motivation, expected_version=version
        )
        return _report(user, pk)


class UrgentMeasuresView(GuardedAPIView):
    access_actions = {"POST": Action.TAKE_URGENT_MEASURE}

    @extend_schema(request=UrgentSerializer, responses={201: MeasureSerializer}, summary="Spoedmaatregel (RCCB)")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        report = queries.report_for(user, pk)
        measure = services.take_urgent_measure(user, report, **valid_data(UrgentSerializer, request))
        return Response(MeasureSerializer(measure).data, status=201)


class ConfirmationView(GuardedAPIView):
    access_actions = {"POST": Action.CONFIRM_URGENT_MEASURE}

    @extend_schema(request=ConfirmSerializer, responses=MeasureSerializer, summary="Spoedmaatregel afstemmen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = queries.urgent_measure_for(user, pk)
        confirmed = services.confirm_urgent_measure(user, measure, **valid_data(ConfirmSerializer, request))
        return Response(MeasureSerializer(confirmed).data)


class DecisionView(GuardedAPIView):
    access_actions = {"POST": Action.DECIDE_LOCAL_CASE}

    @extend_schema(request=DecisionSerializer, responses=ReportSerializer, summary="Besluit adviseur BB&C met HOvJ")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        report = queries.report_for(user, pk)
        services.decide_case(user, report, **valid_data(DecisionSerializer, request))
        return _report(user, pk)


class LocalMeasuresView(GuardedAPIView):
    access_actions = {"POST": Action.DECIDE_MEASURE}

    @extend_schema(request=PackageSerializer, responses=ReportSerializer, summary="Lokale maatregelen (HOvJ)")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        report = queries.report_for(user, pk)
        data = valid_data(PackageSerializer, request)
        data.pop("advice")
        data.pop("despite_missing_handover")
        items = [ItemInput(**item) for item in data.pop("items")]
        services.decide_local_measures(user, report, items=items, **data)
        return _report(user, pk)


class RulesView(GuardedAPIView):
    access_actions = {"GET": Action.MANAGE_LOCAL_RULES, "PUT": Action.MANAGE_LOCAL_RULES}

    @extend_schema(responses=RulesSerializer, summary="Regels lokaal domein")
    def get(self, request: Request) -> Response:
        return Response(RulesSerializer(services.current_rules()).data)

    @extend_schema(request=RulesSerializer, responses=RulesSerializer, summary="Regels lokaal domein wijzigen")
    def put(self, request: Request) -> Response:
        services.set_rules(request_user(request), **valid_data(RulesSerializer, request))
        return Response(RulesSerializer(services.current_rules()).data)


class CollegeNotificationsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_COLLEGE_NOTIFICATIONS}

    @extend_schema(responses=CollegeNotificationSerializer(many=True), summary="Meldingen aan het College van PG's")
    def get(self, request: Request) -> Response:
        return paginated(self, request, queries.college_inbox(request_user(request)), CollegeNotificationSerializer)


class ObjectAdviceListView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_OBJECT_ADVICE, "POST": Action.GIVE_OBJECT_ADVICE}

    @extend_schema(responses=ObjectAdviceSerializer(many=True), summary="Adviezen van de NCTV over een object")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        obj = registry_queries.object_for(user, pk)
        return Response(ObjectAdviceSerializer(queries.advice_of_object(user, obj.pk), many=True).data)

    @extend_schema(request=ObjectAdviceInSerializer, responses={201: ObjectAdviceSerializer}, summary="Advies geven")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        obj = registry_queries.object_for(user, pk)
        advice = services.give_object_advice(user, obj, **valid_data(ObjectAdviceInSerializer, request))
        return Response(ObjectAdviceSerializer(advice).data, status=201)


class ObjectAdviceView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_OBJECT_ADVICE}

    @extend_schema(responses=ObjectAdviceSerializer, summary="Advies van de NCTV over een object")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ObjectAdviceSerializer(queries.object_advice_for(request_user(request), pk)).data)


class ObjectAdviceAnswerView(GuardedAPIView):
    access_actions = {"POST": Action.ANSWER_OBJECT_ADVICE}

    @extend_schema(request=AnswerSerializer, responses=ObjectAdviceSerializer, summary="Advies opvolgen of niet")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        advice = queries.object_advice_for(user, pk)
        answered = services.answer_object_advice(user, advice, **valid_data(AnswerSerializer, request))
        return Response(ObjectAdviceSerializer(answered).data)
