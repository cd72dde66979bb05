"""REST API of the LCC's deployment under /api/v1/: the same services, queries and need-to-know as the UI."""

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access import rules
from stelsel.access.gate import GuardedAPIView, paginated, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.core.timeutil import today
from stelsel.deployment import queries, services
from stelsel.deployment.models import Activity, DeploymentConcept, DeploymentUnit, PlanRun
from stelsel.registry.queries import person_for


class RunSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    progress_percent = serializers.IntegerField()
    started_in = serializers.IntegerField(source="entry.seq", allow_null=True, default=None)
    # Only what changed, never whose activity: a re-plan's stored change can name a person (R51).
    change_kind = serializers.CharField(source="change.kind", allow_null=True, default=None)
    change_staff = serializers.CharField(source="change.staff", allow_null=True, default=None)

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "kind",
            "first_day",
            "days",
            "time_limit",
            "status",
            "status_label",
            "progress_done",
            "progress_total",
            "progress_percent",
            "cancel_requested",
            "in_force",
            "based_on",
            "change_kind",
            "change_staff",
            "summary",
            "message",
            "reasons",
            "policy_version",
            "started_at",
            "finished_at",
            "started_in",
        ]


class RunStartSerializer(serializers.Serializer):
    first_day = serializers.DateField(required=False, allow_null=True, default=None)
    days = serializers.IntegerField(required=False, allow_null=True, default=1)
    time_limit = serializers.IntegerField(required=False, allow_null=True, default=20, help_text="seconden")


class CancelSerializer(serializers.Serializer):
    motivation = serializers.CharField(allow_blank=True, default="")


class AbsenceSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="", help_text="ziek of verlof")
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(allow_blank=True, default="")
    replan = serializers.BooleanField(default=False)


class ActivitySerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code")
    registered_in = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = Activity
        fields = ["id", "person", "starts_at", "ends_at", "place", "municipality", "kind", "team", "registered_in"]


class ActivityCreateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(allow_blank=True, default="")
    municipality = serializers.CharField(allow_blank=True, default="", help_text="CBS-code, bijv. GM0518")
    kind = serializers.CharField(allow_blank=True, default="", help_text="work of private")
    team = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="{kwalificatie: aantal}; leeg: het team van het inzetconcept",
    )
    replan = serializers.BooleanField(default=False)


class ConceptSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    recorded_in = serializers.IntegerField(source="entry.seq")
    open = serializers.SerializerMethodField()

    class Meta:
        model = DeploymentConcept
        fields = [
            "id",
            "person",
            "measure",
            "unit",
            "team",
            "threat_level",
            "motivation",
            "reasons",
            "policy_version",
            "recorded_in",
            "open",
        ]

    def get_open(self, concept: DeploymentConcept) -> bool:
        return concept.ended_by_id is None


class ConceptCreateSerializer(serializers.Serializer):
    unit = serializers.CharField(allow_blank=True, default="", help_text="Code van de inzeteenheid")
    team = serializers.DictField(child=serializers.IntegerField(), required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")


def _run_detail(user: Any, run: PlanRun) -> dict[str, Any]:
    """The run with the parts of its plan that concern persons the reader sees."""
    data = dict(RunSerializer(run).data)
    result = run.result or {}
    persons = {a["id"]: a["person"] for a in run.inputs.get("activities", [])}
    pks = {int(p.removeprefix("P")) for p in persons.values()}
    visible = {f"P{pk}" for pk in rules.visible_persons(user).filter(pk__in=pks).values_list("pk", flat=True)}
    data["assignments"] = [a for a in result.get("assignments", []) if persons.get(a["activity"]) in visible]
    data["uncovered"] = [u for u in result.get("uncovered", []) if u["person"] in visible]
    advice = result.get("advice") or {}
    data["advice"] = (
        {**advice, "items": [i for i in advice.get("items", []) if i["person"] in visible]} if advice else None
    )
    data["utilisation"] = result.get("utilisation")
    data["diff"] = queries.run_view(user, run) if run.diff else None
    return data


class RunsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_DEPLOYMENT, "POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(responses=RunSerializer(many=True), summary="Planningsruns, nieuwste eerst")
    def get(self, request: Request) -> Response:
        runs = queries.runs_for(request_user(request)).select_related("entry")
        return paginated(self, request, runs, RunSerializer)

    @extend_schema(request=RunStartSerializer, responses={201: RunSerializer}, summary="Planning starten (achtergrond)")
    def post(self, request: Request) -> Response:
        user = request_user(request)
        run = services.start_run(user, **valid_data(RunStartSerializer, request))
        return Response(RunSerializer(queries.run_for(user, run.pk)).data, status=201)


class RunView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_DEPLOYMENT}

    @extend_schema(summary="Status, voortgang en uitkomst van een planningsrun")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        return Response(_run_detail(user, queries.run_for(user, pk)))


class RunCancelView(GuardedAPIView):
    access_actions = {"POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(request=CancelSerializer, responses=RunSerializer, summary="Planningsrun annuleren")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        run = services.cancel_run(user, queries.run_for(user, pk), **valid_data(CancelSerializer, request))
        return Response(RunSerializer(queries.run_for(user, run.pk)).data)


class StaffAbsencesView(GuardedAPIView):
    access_actions = {"POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(
        request=AbsenceSerializer, responses={201: RunSerializer(many=True)}, summary="Ziek- of verlofmelding"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        member = queries.staff_for(user, pk)
        absence, runs = services.report_absence(user, member, **valid_data(AbsenceSerializer, request))
        return Response({"absence": absence.pk, "replan_runs": RunSerializer(runs, many=True).data}, status=201)


class FitSerializer(serializers.Serializer):
    fit_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AbsenceFitView(GuardedAPIView):
    access_actions = {"POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(request=FitSerializer, summary="Betermelding: einde van een open afwezigheid")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        absence = services.report_fit(user, queries.absence_for(user, pk), **valid_data(FitSerializer, request))
        return Response({"absence": absence.pk, "staff": absence.staff.number, "ends_at": absence.ends_at})


class PersonActivitiesView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_DEPLOYMENT, "POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(responses=ActivitySerializer(many=True), summary="Activiteiten van de persoon vanaf vandaag")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = person_for(user, pk)
        return Response(ActivitySerializer(queries.activities_of(user, person, today()), many=True).data)

    @extend_schema(
        request=ActivityCreateSerializer, responses={201: ActivitySerializer}, summary="Activiteit vastleggen"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = person_for(user, pk)
        activity, _ = services.register_activity(user, person, **valid_data(ActivityCreateSerializer, request))
        return Response(ActivitySerializer(activity).data, status=201)


class PersonConceptView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_DEPLOYMENT, "POST": Action.PLAN_DEPLOYMENT}

    @extend_schema(responses=ConceptSerializer(many=True), summary="Inzetconcepten van de persoon, nieuwste eerst")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        return Response(ConceptSerializer(queries.concepts_of(user, person_for(user, pk)), many=True).data)

    @extend_schema(
        request=ConceptCreateSerializer, responses={201: ConceptSerializer}, summary="Inzetconcept vastleggen"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = person_for(user, pk)
        data = valid_data(ConceptCreateSerializer, request)
        unit = DeploymentUnit.objects.filter(code=data.pop("unit")).first()
        concept = services.register_concept(user, person, unit=unit, **data)
        return Response(ConceptSerializer(concept).data, status=201)


class DashboardView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_DASHBOARD}

    @extend_schema(
        parameters=[OpenApiParameter("dag", str, description="Eerste dag (JJJJ-MM-DD), standaard vandaag")],
        summary="Dashboard stuurtafel: capaciteit en tekort per eenheid en dag, trend van de dekking (R49)",
    )
    def get(self, request: Request) -> Response:
        try:
            first_day = date.fromisoformat(request.query_params.get("dag", ""))
        except ValueError:
            first_day = today()
        data = queries.dashboard(first_day)
        return Response(
            {
                "first_day": first_day,
                "rows": data["rows"],
                "trend": data["trend"],
                "reason": {"rule": "R49", "paragraph": "§1.4"},
            }
        )
