"""REST API of measures under /api/v1/: the same services and need-to-know as the UI."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.measures import queries, services
from stelsel.measures.models import Measure
from stelsel.registry import queries as registry_queries


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
            "status",
            "starts_on",
            "review_on",
            "authority",
            "holder_kind",
            "motivation",
            "reasons",
            "policy_version",
            "decided_at",
            "decided_in",
            "ended_at",
            "end_motivation",
            "version",
        ]


class DecideSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="")
    scope = serializers.CharField(allow_blank=True, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")
    despite_missing_handover = serializers.BooleanField(default=False)


class PhaseOutSerializer(serializers.Serializer):
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class PersonMeasuresView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_MEASURES, "POST": Action.DECIDE_MEASURE}

    @extend_schema(responses=MeasureSerializer(many=True), summary="Maatregelen van een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(MeasureSerializer(queries.measures_of(user, person), many=True).data)

    @extend_schema(request=DecideSerializer, responses={201: MeasureSerializer}, summary="Maatregel besluiten")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(DecideSerializer, request)
        measure = services.decide_measure(user, person, **data)
        return Response(MeasureSerializer(queries.measure_for(user, measure.pk)).data, status=201)


class PhaseOutView(GuardedAPIView):
    access_actions = {"POST": Action.PHASE_OUT_MEASURE}

    @extend_schema(request=PhaseOutSerializer, responses=MeasureSerializer, summary="Maatregel afbouwen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = queries.measure_for(user, pk)
        data = valid_data(PhaseOutSerializer, request)
        services.phase_out_measure(user, measure, **data)
        return Response(MeasureSerializer(queries.measure_for(user, pk)).data)
