from django.urls import path

from opleiding import views

app_name = "opleiding"
urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("mijn/", views.mijn_opleiding, name="mijn"),
    path("cohorten/nieuw/", views.cohort_create, name="cohort_create"),
    path("cohorten/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorten/<int:pk>/wijzigen/", views.cohort_update, name="cohort_update"),
    path(
        "cohorten/<int:pk>/bijeenkomsten/nieuw/",
        views.bijeenkomst_create,
        name="bijeenkomst_create",
    ),
    path("cohorten/<int:pk>/deelnemers/nieuw/", views.deelname_create, name="deelname_create"),
    path("cohorten/<int:pk>/metingen/", views.cohort_metingen, name="cohort_metingen"),
    path("cohorten/<int:pk>/ontwikkeling/", views.cohort_ontwikkeling, name="cohort_ontwikkeling"),
    path(
        "cohorten/<int:pk>/aanwezigheid.xlsx",
        views.export_aanwezigheid,
        name="export_aanwezigheid",
    ),
    path("cohorten/<int:pk>/metingen.xlsx", views.export_metingen, name="export_metingen"),
    path("bijeenkomsten/<int:pk>/", views.aanwezigheid, name="aanwezigheid"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.bijeenkomst_update, name="bijeenkomst_update"),
    path(
        "bijeenkomsten/<int:pk>/verwijderen/",
        views.bijeenkomst_delete,
        name="bijeenkomst_delete",
    ),
    path("deelnemers/<uuid:uuid>/", views.deelname_detail, name="deelname_detail"),
    path("deelnemers/<uuid:uuid>/wijzigen/", views.deelname_update, name="deelname_update"),
    path("deelnemers/<uuid:uuid>/certificaat/", views.certificaat, name="certificaat"),
    path("deelnemers/<uuid:uuid>/certificaat.pdf", views.certificaat_pdf, name="certificaat_pdf"),
    path("deelnemers/<uuid:uuid>/meting/<str:soort>/", views.meting_edit, name="meting_edit"),
    path(
        "deelnemers/<uuid:uuid>/ontwikkelstap/nieuw/",
        views.ontwikkelstap_create,
        name="ontwikkelstap_create",
    ),
    path("deelnemers/<uuid:uuid>/leeruren/nieuw/", views.leeruur_create, name="leeruur_create"),
    path("leeruren/<uuid:uuid>/verwijderen/", views.leeruur_delete, name="leeruur_delete"),
    path(
        "ontwikkelstappen/<uuid:uuid>/wijzigen/",
        views.ontwikkelstap_update,
        name="ontwikkelstap_update",
    ),
    path(
        "ontwikkelstappen/<uuid:uuid>/verwijderen/",
        views.ontwikkelstap_delete,
        name="ontwikkelstap_delete",
    ),
]
