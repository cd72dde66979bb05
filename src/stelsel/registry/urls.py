from django.urls import path

from stelsel.registry import views

app_name = "registry"
urlpatterns = [
    path("personen/", views.person_list, name="person-list"),
    path("personen/nieuw/", views.person_create, name="person-create"),
    path("personen/<int:pk>/", views.person_detail, name="person-detail"),
    path("personen/<int:pk>/adres/", views.person_address, name="person-address"),
    path("personen/<int:pk>/familielid/", views.person_relation, name="person-relation"),
    path("personen/<int:pk>/delen/", views.person_share, name="person-share"),
    path("personen/<int:pk>/gezag/", views.person_authority, name="person-authority"),
    path("personen/<int:pk>/gezag/beeindigen/", views.person_authority_end, name="person-authority-end"),
    path("objecten/", views.object_list, name="object-list"),
    path("objecten/nieuw/", views.object_create, name="object-create"),
    path("objecten/<int:pk>/", views.object_detail, name="object-detail"),
    path("objecten/<int:pk>/gezag/", views.object_authority, name="object-authority"),
    path("objecten/<int:pk>/gezag/beeindigen/", views.object_authority_end, name="object-authority-end"),
]
