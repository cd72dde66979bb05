from django.urls import path

from stelsel.threatpicture import views

app_name = "threatpicture"
urlpatterns = [
    path("personen/<int:pk>/dreigingsbeeld/", views.picture, name="picture"),
    path("personen/<int:pk>/dreigingsbeeld/bewerken/", views.edit, name="edit"),
    path("personen/<int:pk>/dreigingsbeeld/toetsing/", views.review, name="review"),
    path("personen/<int:pk>/dreigingsbeeld/definitief/", views.finalise, name="finalise"),
]
