from django.urls import path

from stelsel.measures import views

app_name = "measures"
urlpatterns = [
    path("personen/<int:pk>/maatregel/", views.decide, name="decide"),
    path("maatregelen/<int:pk>/afbouwen/", views.phase_out, name="phase-out"),
    path("personen/<int:pk>/maatregelenadvies/", views.advice_request, name="advice-request"),
    path("maatregelenadvies/<int:pk>/", views.advice_detail, name="advice-detail"),
    path("maatregelenadvies/<int:pk>/opstellen/", views.advice_draft, name="advice-draft"),
    path("maatregelenadvies/<int:pk>/besluiten/", views.advice_decide, name="advice-decide"),
    path("personen/<int:pk>/herbeoordeling/", views.review, name="review"),
    path("personen/<int:pk>/risicomoment/", views.risk_moment_new, name="risk-moment-new"),
    path("risicomomenten/<int:pk>/", views.risk_moment_decide, name="risk-moment-decide"),
    path("personen/<int:pk>/burgemeester/", views.notify_mayor, name="notify-mayor"),
    path("personen/<int:pk>/vierhoeksoverleg/", views.four_way, name="four-way"),
    path("meldingen/", views.mayor_inbox, name="mayor-inbox"),
    path("meldingen/<int:pk>/", views.mayor_notification, name="mayor-notification"),
]
