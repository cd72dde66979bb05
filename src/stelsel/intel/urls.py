from django.urls import path

from stelsel.intel import views

app_name = "intel"
urlpatterns = [
    path("personen/<int:pk>/dreigingsniveau/", views.threat_level, name="threat-level"),
]
