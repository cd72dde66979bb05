from django.urls import path

from stelsel.lcc import views

app_name = "lcc"
urlpatterns = [
    path("particuliere-partijen/", views.party_list, name="party-list"),
    path("particuliere-partijen/nieuw/", views.party_create, name="party-create"),
    path("particuliere-partijen/<int:pk>/certificering/", views.party_renew, name="party-renew"),
    path("maatregelen/<int:pk>/particuliere-partij/", views.measure_assign, name="measure-assign"),
    path("particuliere-inzet/<int:pk>/beeindigen/", views.assignment_end, name="assignment-end"),
]
