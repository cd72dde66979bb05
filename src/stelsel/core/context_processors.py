"""Template context shared by every page: which menu items the user's role may open (from the access module)."""

from django.http import HttpRequest

from stelsel.access.rules import Action, role_may


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "nav": {
            "mayor_inbox": role_may(user, Action.READ_MAYOR_NOTIFICATIONS),
            "persons": role_may(user, Action.LIST_PERSONS),
            "triage": role_may(user, Action.VIEW_TRIAGE),
            "intel": role_may(user, Action.VIEW_PRODUCTS),
            "objects": role_may(user, Action.LIST_OBJECTS),
            "parties": role_may(user, Action.VIEW_PRIVATE_PARTIES),
            "access_log": role_may(user, Action.VIEW_ACCESS_LOG),
            "deployment": role_may(user, Action.VIEW_DEPLOYMENT),
            "dashboard": role_may(user, Action.VIEW_DASHBOARD),
            "reports": role_may(user, Action.VIEW_REPORTS),
            "college": role_may(user, Action.VIEW_COLLEGE_NOTIFICATIONS),
            "local_rules": role_may(user, Action.MANAGE_LOCAL_RULES),
        }
    }
