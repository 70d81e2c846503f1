from django.urls import path

from hulpvragen import views

app_name = "hulpvragen"
urlpatterns = [
    path("", views.hulpvraag_list, name="hulpvraag_list"),
    path("download/", views.hulpvraag_list_xlsx, name="hulpvraag_list_xlsx"),
    path("mijn/", views.mijn, name="mijn"),
    path("intake/", views.intake, name="intake"),
    path("in-beeld/", views.overzicht, name="overzicht"),
    path("in-beeld/download/", views.overzicht_xlsx, name="overzicht_xlsx"),
    path("volledigheid/", views.volledigheid, name="volledigheid"),
    path(
        "volledigheid/organisatie/<int:pk>/",
        views.volledigheid_organisatie,
        name="volledigheid_organisatie",
    ),
    path(
        "volledigheid/vertrouwenspersoon/<uuid:uuid>/",
        views.volledigheid_vertrouwenspersoon,
        name="volledigheid_vertrouwenspersoon",
    ),
    path("overdracht/<uuid:uuid>/", views.overdracht, name="overdracht"),
    path("signalen/", views.signaal_list, name="signaal_list"),
    path("signalen/nieuw/", views.signaal_create, name="signaal_create"),
    path("signalen/<int:pk>/", views.signaal_detail, name="signaal_detail"),
    path("signalen/<int:pk>/opvolgen/", views.signaal_opvolgen, name="signaal_opvolgen"),
    path("zoeken/hulpvragen/", views.hulpvraag_zoeken, name="hulpvraag_zoeken"),
    path("pilots/", views.pilot_list, name="pilot_list"),
    path("pilots/nieuw/", views.pilot_form, name="pilot_create"),
    path("pilots/<int:pk>/", views.pilot_form, name="pilot_edit"),
    path("huishoudens/", views.huishouden_list, name="huishouden_list"),
    path("huishoudens/download/", views.huishouden_list_xlsx, name="huishouden_list_xlsx"),
    path("huishoudens/<str:referentie>/", views.huishouden_detail, name="huishouden_detail"),
    path("huishoudens/<str:referentie>/wijzigen/", views.huishouden_edit, name="huishouden_edit"),
    path("huishoudens/<str:referentie>/dossier/", views.huishouden_xlsx, name="huishouden_xlsx"),
    path(
        "huishoudens/<str:referentie>/persoon/",
        views.hulpvrager_create,
        name="hulpvrager_create",
    ),
    path(
        "huishoudens/<str:referentie>/hulpvraag/",
        views.hulpvraag_create,
        name="hulpvraag_create",
    ),
    path("personen/<uuid:uuid>/wijzigen/", views.hulpvrager_edit, name="hulpvrager_edit"),
    path("<uuid:uuid>/", views.hulpvraag_detail, name="hulpvraag_detail"),
    path("<uuid:uuid>/wijzigen/", views.hulpvraag_edit, name="hulpvraag_edit"),
    path("<uuid:uuid>/status/", views.hulpvraag_status, name="hulpvraag_status"),
    path(
        "<uuid:uuid>/soort-uitkomst/",
        views.hulpvraag_soort_uitkomst,
        name="hulpvraag_soort_uitkomst",
    ),
    path("<uuid:uuid>/contact/", views.hulpvraag_contact, name="hulpvraag_contact"),
    path("<uuid:uuid>/opvolgdatum/", views.hulpvraag_nazorg, name="hulpvraag_nazorg"),
    path("<uuid:uuid>/doorverwijzing/", views.doorverwijzing_create, name="doorverwijzing_create"),
    path(
        "<uuid:uuid>/doorverwijzing/<int:pk>/uitkomst/",
        views.doorverwijzing_uitkomst,
        name="doorverwijzing_uitkomst",
    ),
]
