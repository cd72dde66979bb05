from django.urls import path

from stelsel.triage import views

app_name = "triage"
urlpatterns = [
    path("werkvoorraad/", views.worklist, name="worklist"),
    path("triage/", views.case_list, name="case-list"),
    path("triage/toets/", views.assess, name="assess"),
    path("triage/agenda/", views.table_agenda, name="agenda"),
    path("triage/<int:pk>/", views.case_detail, name="case-detail"),
    path("triage/<int:pk>/intake/", views.intake_edit, name="intake-edit"),
    path("triage/<int:pk>/ondertekenen/", views.case_sign, name="case-sign"),
    path("triage/<int:pk>/agenderen/", views.case_table, name="case-table"),
    path("triage/<int:pk>/conclusie/", views.case_conclude, name="case-conclude"),
    path("triage/<int:pk>/oordeel/", views.case_judge, name="case-judge"),
    path("triage/<int:pk>/overdrachtsdossier/", views.case_handover, name="case-handover"),
    path("triage/<int:pk>/escaleren/", views.case_escalate, name="case-escalate"),
    path("triage/escalaties/<int:pk>/", views.escalation_decide, name="escalation-decide"),
    path("personen/<int:pk>/intake/", views.intake_new, name="intake-new"),
    path("personen/<int:pk>/spoedaanwijzing/", views.person_emergency, name="person-emergency"),
    path("personen/<int:pk>/uit-stelsel/", views.person_leave, name="person-leave"),
]
