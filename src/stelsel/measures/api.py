"""REST API of measures under /api/v1/: the same services, rules and need-to-know as the UI."""

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.measures import queries, services
from stelsel.measures.models import (
    AdviceItem,
    MayorNotification,
    Measure,
    MeasuresAdvice,
    PackageDecision,
    Review,
    RiskMoment,
)
from stelsel.registry import queries as registry_queries

# --- serializers ---------------------------------------------------------------------------------------------


class MeasureSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField()
    authority = serializers.CharField(source="authority.name")
    decided_in = serializers.IntegerField(source="started_by.seq")

    class Meta:
        model = Measure
        fields = [
            "id",
            "kind",
            "kind_name",
            "scope",
            "facilitation",
            "status",
            "starts_on",
            "review_on",
            "reevaluate_when",
            "authority",
            "holder_kind",
            "decision",
            "motivation",
            "reasons",
            "policy_version",
            "decided_at",
            "decided_in",
            "ended_at",
            "end_motivation",
            "version",
        ]


class ItemSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="")
    scope = serializers.CharField(allow_blank=True, default="")
    facilitation = serializers.CharField(allow_blank=True, default="")
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    reevaluate_when = serializers.CharField(allow_blank=True, default="")
    note = serializers.CharField(allow_blank=True, default="")


def _items(data: dict[str, Any]) -> list[services.ItemInput]:
    return [services.ItemInput(**item) for item in data.pop("items")]


class ThreatFields(serializers.Serializer):
    threat_level = serializers.IntegerField(required=False, allow_null=True, default=None)
    threat_duration = serializers.CharField(allow_blank=True, default="")


class DecideSerializer(ThreatFields):
    kind = serializers.CharField(allow_blank=True, default="")
    scope = serializers.CharField(allow_blank=True, default="")
    facilitation = serializers.CharField(allow_blank=True, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    reevaluate_when = serializers.CharField(allow_blank=True, default="")
    motivation = serializers.CharField(allow_blank=True, default="")
    despite_missing_handover = serializers.BooleanField(default=False)


class PackageSerializer(ThreatFields):
    items = ItemSerializer(many=True, default=list)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")
    advice = serializers.IntegerField(required=False, allow_null=True, default=None)
    despite_missing_handover = serializers.BooleanField(default=False)


class PhaseOutSerializer(serializers.Serializer):
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class AdviceItemSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField()

    class Meta:
        model = AdviceItem
        fields = ["position", "kind", "kind_name", "scope", "facilitation", "note", "reasons"]


class AdviceSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name")
    adviser_org = serializers.CharField(source="adviser_org.name")
    items = AdviceItemSerializer(many=True)

    class Meta:
        model = MeasuresAdvice
        fields = [
            "id",
            "person",
            "status",
            "authority",
            "adviser_org",
            "question",
            "due_on",
            "requested_at",
            "threat_level",
            "threat_duration",
            "explanation",
            "scarce_means",
            "items",
            "reasons",
            "policy_version",
            "submitted_at",
            "version",
        ]


class AdviceRequestSerializer(serializers.Serializer):
    adviser_org = serializers.CharField(allow_blank=True, default="", help_text="Code van de eenheid of KMar")
    question = serializers.CharField(allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AdviceSubmitSerializer(ThreatFields):
    items = ItemSerializer(many=True, default=list)
    explanation = serializers.CharField(allow_blank=True, default="")
    scarce_means = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class DecisionSerializer(serializers.ModelSerializer):
    measures = MeasureSerializer(many=True)
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = PackageDecision
        fields = [
            "id",
            "person",
            "advice",
            "threat_level",
            "threat_duration",
            "motivation",
            "reasons",
            "policy_version",
            "decided_at",
            "entry",
            "measures",
        ]


class ReviewChoiceSerializer(serializers.Serializer):
    measure = serializers.IntegerField()
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    reevaluate_when = serializers.CharField(allow_blank=True, default="")
    new_scope = serializers.CharField(allow_blank=True, default="")
    new_facilitation = serializers.CharField(allow_blank=True, default="")


class ReviewInSerializer(ThreatFields):
    measures = ReviewChoiceSerializer(many=True, default=list)
    motivation = serializers.CharField(allow_blank=True, default="")


class ReviewSerializer(serializers.ModelSerializer):
    lines = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "person", "threat_level", "threat_duration", "motivation", "reasons", "reviewed_at", "lines"]

    def get_lines(self, review: Review) -> list[dict[str, Any]]:
        return [
            {
                "measure": line.measure_id,
                "outcome": line.outcome,
                "next_review_on": line.next_review_on,
                "reasons": line.reasons,
            }
            for line in review.lines.all()
        ]


class RiskMomentInSerializer(serializers.Serializer):
    reporter_kind = serializers.CharField(allow_blank=True, default="")
    reporter_name = serializers.CharField(allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    location = serializers.CharField(allow_blank=True, default="")
    municipality_code = serializers.CharField(allow_blank=True, default="")
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RiskMomentSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name")
    routed_to = serializers.CharField(source="routed_to.name")

    class Meta:
        model = RiskMoment
        fields = [
            "id",
            "person",
            "reporter_kind",
            "description",
            "location",
            "municipality",
            "starts_at",
            "ends_at",
            "routed_to",
            "routing_reasons",
            "extra_measures_advised",
            "decision_motivation",
            "decided_at",
        ]


class RiskDecisionSerializer(serializers.Serializer):
    extra_measures_advised = serializers.BooleanField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")


class NotifyMayorSerializer(serializers.Serializer):
    municipality_code = serializers.CharField(allow_blank=True, default="")
    scenario = serializers.CharField(allow_blank=True, default="")
    content = serializers.CharField(allow_blank=True, default="")
    measure = serializers.IntegerField(required=False, allow_null=True, default=None)
    risk_moment = serializers.IntegerField(required=False, allow_null=True, default=None)


class MayorNotificationSerializer(serializers.ModelSerializer):
    """Only what the NCTV shared: no measure, no risk moment, no threat information (§2.3.5)."""

    municipality = serializers.CharField(source="municipality.name")
    person_name = serializers.CharField(source="person.full_name")

    class Meta:
        model = MayorNotification
        fields = ["id", "municipality", "person_name", "scenario", "content", "sent_at", "acknowledged_at"]


class FourWaySerializer(serializers.Serializer):
    municipality_code = serializers.CharField(allow_blank=True, default="")
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    participants = serializers.CharField(allow_blank=True, default="")
    agreements = serializers.CharField(allow_blank=True, default="")
    kmar_joined = serializers.BooleanField(default=False)


class CreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


# --- views ---------------------------------------------------------------------------------------------------


class PersonMeasuresView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_MEASURES, "POST": Action.DECIDE_MEASURE}

    @extend_schema(responses=MeasureSerializer(many=True), summary="Maatregelen van een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(MeasureSerializer(queries.measures_of(user, person), many=True).data)

    @extend_schema(request=DecideSerializer, responses={201: MeasureSerializer}, summary="Eén maatregel besluiten")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(DecideSerializer, request)
        measure = services.decide_measure(user, person, **data)
        return Response(MeasureSerializer(queries.measure_for(user, measure.pk)).data, status=201)


class PersonPackagesView(GuardedAPIView):
    access_actions = {"POST": Action.DECIDE_MEASURE}

    @extend_schema(request=PackageSerializer, responses={201: DecisionSerializer}, summary="Pakket besluiten")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(PackageSerializer, request)
        advice_id = data.pop("advice")
        advice = queries.advice_for(user, advice_id) if advice_id else None
        decision = services.decide_package(user, person, items=_items(data), advice=advice, **data)
        decided = PackageDecision.objects.select_related("entry").prefetch_related(
            Prefetch("measures", Measure.objects.select_related("authority", "started_by"))
        )
        return Response(DecisionSerializer(decided.get(pk=decision.pk)).data, status=201)


class PhaseOutView(GuardedAPIView):
    access_actions = {"POST": Action.PHASE_OUT_MEASURE}

    @extend_schema(request=PhaseOutSerializer, responses=MeasureSerializer, summary="Maatregel afbouwen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = queries.measure_for(user, pk)
        data = valid_data(PhaseOutSerializer, request)
        services.phase_out_measure(user, measure, **data)
        return Response(MeasureSerializer(queries.measure_for(user, pk)).data)


class PersonAdviceView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_ADVICE, "POST": Action.REQUEST_ADVICE}

    @extend_schema(responses=AdviceSerializer(many=True), summary="Maatregelenadviezen over een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(AdviceSerializer(queries.advice_of(user, person), many=True).data)

    @extend_schema(request=AdviceRequestSerializer, responses={201: AdviceSerializer}, summary="Advies vragen")
    def post(self, request: Request, pk: int) -> Response:
        from stelsel.access.models import Organisation

        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(AdviceRequestSerializer, request)
        adviser = Organisation.objects.filter(code=data.pop("adviser_org")).first()
        advice = services.request_advice(user, person, adviser_org=adviser, **data)
        return Response(AdviceSerializer(queries.advice_for(user, advice.pk)).data, status=201)


class AdviceView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_ADVICE}

    @extend_schema(responses=AdviceSerializer, summary="Een maatregelenadvies")
    def get(self, request: Request, pk: int) -> Response:
        return Response(AdviceSerializer(queries.advice_for(request_user(request), pk)).data)


class AdviceSubmissionView(GuardedAPIView):
    access_actions = {"POST": Action.DRAFT_ADVICE}

    @extend_schema(request=AdviceSubmitSerializer, responses=AdviceSerializer, summary="Advies indienen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        advice = queries.advice_for(user, pk)
        data = valid_data(AdviceSubmitSerializer, request)
        services.submit_advice(user, advice, items=_items(data), **data)
        return Response(AdviceSerializer(queries.advice_for(user, pk)).data)


class PersonReviewsView(GuardedAPIView):
    access_actions = {"POST": Action.REVIEW_MEASURES}

    @extend_schema(request=ReviewInSerializer, responses={201: ReviewSerializer}, summary="Maatregelen herbeoordelen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(ReviewInSerializer, request)
        choices = [services.ReviewChoice(measure_id=c.pop("measure"), **c) for c in data.pop("measures")]
        review = services.review_package(user, person, choices=choices, **data)
        return Response(ReviewSerializer(Review.objects.prefetch_related("lines").get(pk=review.pk)).data, status=201)


class PersonRiskMomentsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_MEASURES, "POST": Action.REPORT_RISK_MOMENT}

    @extend_schema(responses=RiskMomentSerializer(many=True), summary="Verhoogde risicomomenten van een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(RiskMomentSerializer(queries.risk_moments_of(user, person), many=True).data)

    @extend_schema(request=RiskMomentInSerializer, responses={201: RiskMomentSerializer}, summary="Risicomoment melden")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        moment = services.register_risk_moment(user, person, **valid_data(RiskMomentInSerializer, request))
        return Response(RiskMomentSerializer(moment).data, status=201)


class RiskMomentDecisionView(GuardedAPIView):
    access_actions = {"POST": Action.DECIDE_RISK_MOMENT}

    @extend_schema(request=RiskDecisionSerializer, responses=RiskMomentSerializer, summary="Risicomoment beoordelen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        moment = queries.risk_moment_for(user, pk)
        decided = services.decide_risk_moment(user, moment, **valid_data(RiskDecisionSerializer, request))
        return Response(RiskMomentSerializer(decided).data)


class PersonMayorNotificationsView(GuardedAPIView):
    access_actions = {"POST": Action.NOTIFY_MAYOR}

    @extend_schema(
        request=NotifyMayorSerializer, responses={201: MayorNotificationSerializer}, summary="Burgemeester informeren"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(NotifyMayorSerializer, request)
        measure_id, moment_id = data.pop("measure"), data.pop("risk_moment")
        measure = queries.measure_for(user, measure_id) if measure_id else None
        moment = queries.risk_moment_for(user, moment_id) if moment_id else None
        notification = services.send_mayor_notification(user, person, measure=measure, risk_moment=moment, **data)
        return Response(MayorNotificationSerializer(notification).data, status=201)


class MayorNotificationsView(GuardedAPIView):
    access_actions = {"GET": Action.READ_MAYOR_NOTIFICATIONS}

    @extend_schema(responses=MayorNotificationSerializer(many=True), summary="Meldingen aan de eigen burgemeester")
    def get(self, request: Request) -> Response:
        inbox = queries.mayor_inbox(request_user(request))[:200]
        return Response(MayorNotificationSerializer(inbox, many=True).data)


class MayorAcknowledgementView(GuardedAPIView):
    access_actions = {"POST": Action.READ_MAYOR_NOTIFICATIONS}

    @extend_schema(request=None, responses=MayorNotificationSerializer, summary="Melding als gelezen bevestigen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        notification = services.acknowledge_notification(user, queries.notification_for(user, pk))
        return Response(MayorNotificationSerializer(notification).data)


class PersonFourWayView(GuardedAPIView):
    access_actions = {"POST": Action.RECORD_FOUR_WAY}

    @extend_schema(request=FourWaySerializer, responses={201: CreatedSerializer}, summary="Vierhoeksoverleg vastleggen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        consultation = services.record_four_way(user, person, **valid_data(FourWaySerializer, request))
        return Response({"id": consultation.pk}, status=201)
