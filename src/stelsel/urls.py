from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:person-list"), name="home"),
    path("", include("stelsel.access.urls")),
    path("", include("stelsel.registry.urls")),
    path("", include("stelsel.triage.urls")),
    path("", include("stelsel.measures.urls")),
    path("", include("stelsel.lcc.urls")),
    path("", include("stelsel.deployment.urls")),
    path("", include("stelsel.intel.urls")),
    path("", include("stelsel.threatpicture.urls")),
    path("", include("stelsel.local.urls")),
    path("", include("stelsel.portal.urls")),
    path("api/v1/", include("stelsel.api_urls")),
]

handler404 = "stelsel.core.views.not_found"
