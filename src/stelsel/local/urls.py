from django.urls import path

from stelsel.local import views

app_name = "local"
urlpatterns = [
    path("lokaal/meldingen/", views.report_list, name="report-list"),
    path("lokaal/meldingen/<int:pk>/", views.report_detail, name="report"),
    path("lokaal/meldingen/<int:pk>/weging/", views.weigh, name="weigh"),
    path("lokaal/meldingen/<int:pk>/spoedmaatregel/", views.urgent_measure, name="urgent"),
    path("lokaal/meldingen/<int:pk>/besluit/", views.decide, name="decide"),
    path("lokaal/meldingen/<int:pk>/maatregelen/", views.local_measures, name="measures"),
    path("lokaal/spoedmaatregelen/<int:pk>/afstemmen/", views.confirm, name="confirm"),
    path("lokaal/regels/", views.rules, name="rules"),
    path("personen/<int:pk>/dreigingsmelding/", views.report_new_person, name="report-new-person"),
    path("objecten/<int:pk>/dreigingsmelding/", views.report_new_object, name="report-new-object"),
    path("objecten/<int:pk>/advies-nctv/", views.object_advice_new, name="object-advice-new"),
    path("objectadviezen/<int:pk>/", views.object_advice, name="object-advice"),
    path("college/meldingen/", views.college_inbox, name="college"),
]
