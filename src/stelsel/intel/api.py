"""REST API of threat levels under /api/v1/: the same services, rules and need-to-know as the UI."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.core.timeutil import today
from stelsel.intel import queries, services
from stelsel.intel.matrices import matrices
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, NoMatrixInForce, matrix_on
from stelsel.registry import queries as registry_queries


class ThreatLevelSerializer(serializers.ModelSerializer):
    # The measures package's scale (1 laag ... 5 zeer hoog); a plain integer, so the schema keeps one enum for it.
    level = serializers.IntegerField(min_value=1, max_value=5)
    level_label = serializers.CharField()
    set_by = serializers.CharField(source="set_by.get_full_name")
    set_by_org = serializers.CharField(source="set_by_org.name")
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = ThreatLevelAssessment
        fields = [
            "id",
            "person",
            "severity",
            "severity_label",
            "likelihood",
            "likelihood_label",
            "level",
            "level_label",
            "matrix_key",
            "motivation",
            "information",
            "reasons",
            "policy_version",
            "set_by",
            "set_by_org",
            "set_at",
            "entry",
        ]


class SetThreatLevelSerializer(serializers.Serializer):
    severity = serializers.CharField(allow_blank=True, default="", help_text="Code van de ernst in de matrix")
    likelihood = serializers.CharField(
        allow_blank=True, default="", help_text="Code van de waarschijnlijkheid in de matrix"
    )
    motivation = serializers.CharField(allow_blank=True, default="")
    information = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        default=list,
        help_text="De informatieproducten en feiten waarop het niveau rust, één per regel",
    )


class GradeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label; DRF allows it


class ThreatMatrixSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    valid_from = serializers.DateField()
    official = serializers.BooleanField()
    in_force = serializers.BooleanField(help_text="Deze versie geldt vandaag voor nieuw vast te stellen niveaus")
    note = serializers.CharField(allow_blank=True)
    severities = GradeSerializer(many=True)
    likelihoods = GradeSerializer(many=True)
    cells = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Per ernst-code per waarschijnlijkheid-code het dreigingsniveau 1 tot en met 5",
    )


class PersonThreatLevelsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_THREAT_LEVEL, "POST": Action.SET_THREAT_LEVEL}
    logs = "person"

    @extend_schema(responses=ThreatLevelSerializer(many=True), summary="Dreigingsniveaus van een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(ThreatLevelSerializer(queries.threat_levels_of(user, person), many=True).data)

    @extend_schema(
        request=SetThreatLevelSerializer,
        responses={201: ThreatLevelSerializer},
        summary="Dreigingsniveau vaststellen (huidig gezag)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        assessment = services.set_threat_level(user, person, **valid_data(SetThreatLevelSerializer, request))
        return Response(ThreatLevelSerializer(assessment).data, status=201)


class ThreatMatricesView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_THREAT_LEVEL}

    @extend_schema(responses=ThreatMatrixSerializer(many=True), summary="Versies van de dreigingsmatrix")
    def get(self, request: Request) -> Response:
        versions = matrices()
        try:
            in_force = matrix_on(versions, today()).key
        except NoMatrixInForce:
            in_force = ""
        rows: list[dict[str, Any]] = [
            {
                **matrix.as_dict(),
                "in_force": matrix.key == in_force,
                "note": "" if matrix.official else NOT_OFFICIAL_NOTE,
            }
            for matrix in versions
        ]
        return Response(ThreatMatrixSerializer(rows, many=True).data)
