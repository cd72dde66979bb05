from django.urls import path

from stelsel.deployment import views

app_name = "deployment"
urlpatterns = [
    path("inzet/planning/", views.day_plan, name="day"),
    path("inzet/planning/starten/", views.run_start, name="run-start"),
    path("inzet/runs/<int:pk>/", views.run_detail, name="run"),
    path("inzet/runs/<int:pk>/voortgang/", views.run_progress, name="run-progress"),
    path("inzet/runs/<int:pk>/annuleren/", views.run_cancel, name="run-cancel"),
    path("inzet/capaciteit/", views.capacity, name="capacity"),
    path("inzet/medewerkers/<int:pk>/afwezigheid/", views.absence, name="absence"),
    path("inzet/afwezigheden/<int:pk>/beter/", views.fit, name="fit"),
    path("inzet/dashboard/", views.dashboard, name="dashboard"),
    path("personen/<int:pk>/inzetconcept/", views.concept, name="concept"),
    path("personen/<int:pk>/activiteit/", views.activity_new, name="activity-new"),
]
