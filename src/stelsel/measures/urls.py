from django.urls import path

from stelsel.measures import views

app_name = "measures"
urlpatterns = [
    path("personen/<int:pk>/maatregel/", views.decide, name="decide"),
    path("maatregelen/<int:pk>/afbouwen/", views.phase_out, name="phase-out"),
]
