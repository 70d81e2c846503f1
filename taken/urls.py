from django.urls import path

from taken import views

app_name = "taken"

urlpatterns = [
    path("", views.mijn_downloads, name="mijn"),
    path("<uuid:uuid>/", views.taak_detail, name="detail"),
    path("<uuid:uuid>/status/", views.taak_status, name="status"),
    path("<uuid:uuid>/bestand/", views.taak_bestand, name="download"),
    path("<uuid:uuid>/opnieuw/", views.taak_opnieuw, name="opnieuw"),
]
