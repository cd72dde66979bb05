from django.urls import path

from stelsel.access import views

app_name = "access"
urlpatterns = [
    path("aanmelden/", views.login_view, name="login"),
    path("afmelden/", views.logout_view, name="logout"),
]
urlpatterns.append(path("toegangslog/", views.access_log_view, name="access-log"))
