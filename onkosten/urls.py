from django.urls import path

from onkosten import views

app_name = "onkosten"
urlpatterns = [
    path("", views.declaratie_list, name="declaratie_list"),
    path("nieuw/", views.declaratie_create, name="declaratie_create"),
    path("export/", views.export, name="export"),
    path("vergoedingen/", views.vergoedingen, name="vergoedingen"),
    path("vergoedingen/grenzen/", views.grens_opslaan, name="grens_opslaan"),
    path("<uuid:uuid>/", views.declaratie_detail, name="declaratie_detail"),
    path("<uuid:uuid>/beoordelen/", views.declaratie_beoordelen, name="declaratie_beoordelen"),
    path("<uuid:uuid>/bon/", views.bon_download, name="bon_download"),
]
