from django.urls import path

from stelsel.intel import views

app_name = "intel"
urlpatterns = [
    path("personen/<int:pk>/dreigingsniveau/", views.threat_level, name="threat-level"),
    path("objecten/<int:pk>/dreigingsniveau/", views.object_threat_level, name="object-threat-level"),
    path("dreigingsinformatie/", views.inbox, name="inbox"),
    path("dreigingsinformatie/<int:pk>/", views.product, name="product"),
    path("dreigingsinformatie/<int:product>/bijlagen/<int:pk>/", views.attachment, name="product-attachment"),
    path("personen/<int:pk>/product-aanvragen/", views.request_new, name="request-new"),
    path("personen/<int:pk>/product/nieuw/", views.product_new, name="product-new"),
]
