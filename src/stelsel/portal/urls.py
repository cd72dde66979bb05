from django.urls import path

from stelsel.portal import views

app_name = "portal"
urlpatterns = [
    path("personen/<int:pk>/beveiligde/", views.person_care, name="person-care"),
    path("personen/<int:pk>/beveiligde/medewerking/", views.cooperation, name="cooperation"),
    path("personen/<int:pk>/beveiligde/communicatie/", views.communication, name="communication"),
    path("personen/<int:pk>/beveiligde/geheimhouding/", views.confidentiality, name="confidentiality"),
    path("personen/<int:pk>/beveiligde/werkgever/", views.employer, name="employer"),
]
