from django.urls import path

from stelsel.access import api as access_api
from stelsel.deployment import api as deployment_api
from stelsel.intel import api as intel_api
from stelsel.lcc import api as lcc_api
from stelsel.local import api as local_api
from stelsel.measures import api as measures_api
from stelsel.portal import api as portal_api
from stelsel.registry import api
from stelsel.threatpicture import api as picture_api
from stelsel.triage import api as triage_api

app_name = "api"
urlpatterns = [
    path("openapi.json", access_api.SchemaView.as_view(), name="openapi"),
    path("persons/", api.PersonsView.as_view(), name="persons"),
    path("persons/<int:pk>/", api.PersonDetailView.as_view(), name="person"),
    path("persons/<int:pk>/addresses/", api.PersonAddressView.as_view(), name="person-addresses"),
    path("persons/<int:pk>/household/", api.HouseholdView.as_view(), name="person-household"),
    path("persons/<int:pk>/relations/", api.RelationCreateView.as_view(), name="person-relations"),
    path(
        "persons/<int:pk>/authority-periods/",
        api.PersonAuthorityView.as_view(),
        name="person-authority-periods",
    ),
    path("persons/<int:pk>/authority-at/", api.PersonAuthorityAtView.as_view(), name="person-authority-at"),
    path("persons/<int:pk>/authority/", api.PersonAuthorityAssignView.as_view(), name="person-authority-assign"),
    path("persons/<int:pk>/authority/end/", api.PersonAuthorityEndView.as_view(), name="person-authority-end"),
    path("persons/<int:pk>/shares/", api.PersonShareView.as_view(), name="person-shares"),
    path("persons/<int:pk>/journal/", api.PersonJournalView.as_view(), name="person-journal"),
    path("objects/", api.ObjectsView.as_view(), name="objects"),
    path("objects/<int:pk>/", api.ObjectDetailView.as_view(), name="object"),
    path(
        "objects/<int:pk>/authority-periods/",
        api.ObjectAuthorityView.as_view(),
        name="object-authority-periods",
    ),
    path("objects/<int:pk>/authority/", api.ObjectAuthorityAssignView.as_view(), name="object-authority-assign"),
    path("objects/<int:pk>/journal/", api.ObjectJournalView.as_view(), name="object-journal"),
    path("access-log/", access_api.AccessLogView.as_view(), name="access-log"),
    path("worklist/", triage_api.WorklistView.as_view(), name="worklist"),
    path("triage/assessment/", triage_api.AssessmentView.as_view(), name="triage-assessment"),
    path("triage/cases/", triage_api.CasesView.as_view(), name="triage-cases"),
    path("triage/cases/<int:pk>/", triage_api.CaseDetailView.as_view(), name="triage-case"),
    path("triage/cases/<int:pk>/intake/", triage_api.IntakeUpdateView.as_view(), name="triage-intake"),
    path("triage/cases/<int:pk>/sign/", triage_api.SignView.as_view(), name="triage-sign"),
    path("triage/cases/<int:pk>/table/", triage_api.TableView.as_view(), name="triage-table"),
    path(
        "triage/cases/<int:pk>/table-conclusion/",
        triage_api.TableConclusionView.as_view(),
        name="triage-table-conclusion",
    ),
    path("triage/cases/<int:pk>/judgement/", triage_api.JudgementView.as_view(), name="triage-judgement"),
    path("triage/cases/<int:pk>/handover/", triage_api.HandoverView.as_view(), name="triage-handover"),
    path("triage/cases/<int:pk>/escalations/", triage_api.EscalateView.as_view(), name="triage-escalate"),
    path(
        "triage/escalations/<int:pk>/decision/",
        triage_api.EscalationDecisionView.as_view(),
        name="triage-escalation-decision",
    ),
    path(
        "persons/<int:pk>/emergency-designation/",
        triage_api.EmergencyDesignationView.as_view(),
        name="person-emergency-designation",
    ),
    path("persons/<int:pk>/leave-stelsel/", triage_api.LeaveStelselView.as_view(), name="person-leave-stelsel"),
    path("persons/<int:pk>/measures/", measures_api.PersonMeasuresView.as_view(), name="person-measures"),
    path("measures/<int:pk>/phase-out/", measures_api.PhaseOutView.as_view(), name="measure-phase-out"),
    path("deployment/runs/", deployment_api.RunsView.as_view(), name="deployment-runs"),
    path("deployment/runs/<int:pk>/", deployment_api.RunView.as_view(), name="deployment-run"),
    path("deployment/runs/<int:pk>/cancel/", deployment_api.RunCancelView.as_view(), name="deployment-run-cancel"),
    path("deployment/staff/<int:pk>/absences/", deployment_api.StaffAbsencesView.as_view(), name="deployment-absences"),
    path("deployment/absences/<int:pk>/fit/", deployment_api.AbsenceFitView.as_view(), name="deployment-fit"),
    path("deployment/dashboard/", deployment_api.DashboardView.as_view(), name="deployment-dashboard"),
    path("persons/<int:pk>/activities/", deployment_api.PersonActivitiesView.as_view(), name="person-activities"),
    path(
        "persons/<int:pk>/deployment-concepts/",
        deployment_api.PersonConceptView.as_view(),
        name="person-deployment-concepts",
    ),
    path("private-parties/", lcc_api.PrivatePartiesView.as_view(), name="private-parties"),
    path(
        "private-parties/<int:pk>/certification/",
        lcc_api.PrivatePartyCertificationView.as_view(),
        name="private-party-certification",
    ),
    path(
        "measures/<int:pk>/private-assignments/",
        lcc_api.MeasurePrivateAssignmentsView.as_view(),
        name="measure-private-assignments",
    ),
    path(
        "private-assignments/<int:pk>/end/",
        lcc_api.PrivateAssignmentEndView.as_view(),
        name="private-assignment-end",
    ),
    path("persons/<int:pk>/care/", portal_api.PersonCareView.as_view(), name="person-care"),
    path("persons/<int:pk>/cooperation/", portal_api.CooperationView.as_view(), name="person-cooperation"),
    path("persons/<int:pk>/communications/", portal_api.CommunicationsView.as_view(), name="person-communications"),
    path("persons/<int:pk>/confidentiality/", portal_api.ConfidentialityView.as_view(), name="person-confidentiality"),
    path(
        "persons/<int:pk>/employer-duties/",
        portal_api.EmployerDutiesView.as_view(),
        name="person-employer-duties",
    ),
    path("persons/<int:pk>/packages/", measures_api.PersonPackagesView.as_view(), name="person-packages"),
    path("persons/<int:pk>/measures-advice/", measures_api.PersonAdviceView.as_view(), name="person-advice"),
    path("measures-advice/<int:pk>/", measures_api.AdviceView.as_view(), name="advice"),
    path(
        "measures-advice/<int:pk>/submission/",
        measures_api.AdviceSubmissionView.as_view(),
        name="advice-submission",
    ),
    path("persons/<int:pk>/reviews/", measures_api.PersonReviewsView.as_view(), name="person-reviews"),
    path("persons/<int:pk>/risk-moments/", measures_api.PersonRiskMomentsView.as_view(), name="person-risk-moments"),
    path("risk-moments/<int:pk>/decision/", measures_api.RiskMomentDecisionView.as_view(), name="risk-moment-decision"),
    path(
        "persons/<int:pk>/mayor-notifications/",
        measures_api.PersonMayorNotificationsView.as_view(),
        name="person-mayor-notifications",
    ),
    path("mayor-notifications/", measures_api.MayorNotificationsView.as_view(), name="mayor-notifications"),
    path(
        "mayor-notifications/<int:pk>/acknowledgement/",
        measures_api.MayorAcknowledgementView.as_view(),
        name="mayor-notification-ack",
    ),
    path("persons/<int:pk>/four-way-consultations/", measures_api.PersonFourWayView.as_view(), name="person-four-way"),
    path("persons/<int:pk>/threat-levels/", intel_api.PersonThreatLevelsView.as_view(), name="person-threat-levels"),
    path("threat-matrices/", intel_api.ThreatMatricesView.as_view(), name="threat-matrices"),
    path("objects/<int:pk>/threat-levels/", intel_api.ObjectThreatLevelsView.as_view(), name="object-threat-levels"),
    path(
        "persons/<int:pk>/threat-products/",
        intel_api.PersonThreatProductsView.as_view(),
        name="person-threat-products",
    ),
    path("threat-products/<int:pk>/", intel_api.ThreatProductView.as_view(), name="threat-product"),
    path(
        "threat-products/<int:product>/attachments/<int:pk>/",
        intel_api.ThreatProductAttachmentView.as_view(),
        name="threat-product-attachment",
    ),
    path(
        "persons/<int:pk>/product-requests/",
        intel_api.PersonProductRequestsView.as_view(),
        name="person-product-requests",
    ),
    path("product-requests/", intel_api.ProductRequestsView.as_view(), name="product-requests"),
    path(
        "product-requests/<int:pk>/withdraw/",
        intel_api.WithdrawProductRequestView.as_view(),
        name="product-request-withdraw",
    ),
    path(
        "persons/<int:pk>/threat-picture/", picture_api.PersonThreatPictureView.as_view(), name="person-threat-picture"
    ),
    path(
        "persons/<int:pk>/threat-picture/reviews/",
        picture_api.ThreatPictureReviewsView.as_view(),
        name="threat-picture-reviews",
    ),
    path(
        "persons/<int:pk>/threat-picture/finalise/",
        picture_api.ThreatPictureFinaliseView.as_view(),
        name="threat-picture-finalise",
    ),
    path("local/reports/", local_api.ReportsView.as_view(), name="local-reports"),
    path("local/reports/<int:pk>/", local_api.ReportView.as_view(), name="local-report"),
    path("local/reports/<int:pk>/weighing/", local_api.WeighingView.as_view(), name="local-weighing"),
    path("local/reports/<int:pk>/urgent-measures/", local_api.UrgentMeasuresView.as_view(), name="local-urgent"),
    path("local/reports/<int:pk>/decision/", local_api.DecisionView.as_view(), name="local-decision"),
    path("local/reports/<int:pk>/measures/", local_api.LocalMeasuresView.as_view(), name="local-measures"),
    path(
        "local/urgent-measures/<int:pk>/confirmation/",
        local_api.ConfirmationView.as_view(),
        name="local-confirmation",
    ),
    path("local/rules/", local_api.RulesView.as_view(), name="local-rules"),
    path("college/notifications/", local_api.CollegeNotificationsView.as_view(), name="college-notifications"),
    path("objects/<int:pk>/nctv-advice/", local_api.ObjectAdviceListView.as_view(), name="object-nctv-advice"),
    path("object-advice/<int:pk>/", local_api.ObjectAdviceView.as_view(), name="object-advice"),
    path("object-advice/<int:pk>/answer/", local_api.ObjectAdviceAnswerView.as_view(), name="object-advice-answer"),
]
