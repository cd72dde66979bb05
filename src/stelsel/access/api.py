"""API views of the access module: the access log and the OpenAPI document."""

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView
from stelsel.access.models import AccessLogEntry
from stelsel.access.rules import Action, role_may
from stelsel.core.errors import NotAllowed


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLogEntry
        fields = [
            "at",
            "actor_label",
            "organisation_label",
            "action",
            "object_type",
            "object_id",
            "result",
            "origin",
            "purpose",
        ]


class AccessLogView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_ACCESS_LOG}

    @extend_schema(responses=AccessLogSerializer(many=True), summary="Toegangslog (inzage persoonsdossiers)")
    def get(self, request: Request) -> Response:
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(AccessLogEntry.objects.all(), request, view=self)
        return paginator.get_paginated_response(AccessLogSerializer(page, many=True).data)


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, behind the same gate as every other endpoint."""

    access_actions = {"GET": Action.VIEW_API_SCHEMA}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not role_may(request.user, Action.VIEW_API_SCHEMA):
            raise NotAllowed("U hebt geen recht op deze handeling.")
