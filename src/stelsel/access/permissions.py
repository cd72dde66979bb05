"""API permission: authenticated with a verified second factor. Object rights come from access.rules."""

from typing import Any

from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from stelsel.access.rules import is_active_user


class IsVerifiedUser(BasePermission):
    message = "U bent niet aangemeld, of uw tweede factor is niet gecontroleerd."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if is_active_user(user) and bool(getattr(user, "is_verified", lambda: False)()):
            return True
        # A password without the second factor is not a login: 401, the same answer as no session at all.
        raise NotAuthenticated(self.message)
