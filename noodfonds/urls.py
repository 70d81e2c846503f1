from django.urls import path

from noodfonds import keten_views, views, views_betalingen

app_name = "noodfonds"
urlpatterns = [
    path("aanvragen/", views.aanvraag_list, name="aanvraag_list"),
    path("aanvragen/nieuw/", views.aanvraag_create, name="aanvraag_create"),
    path("aanvragen/<uuid:uuid>/", views.aanvraag_detail, name="aanvraag_detail"),
    path("aanvragen/<uuid:uuid>/wijzigen/", views.aanvraag_update, name="aanvraag_update"),
    path("aanvragen/<uuid:uuid>/bijlagen/", views.bijlage_upload, name="bijlage_upload"),
    path(
        "aanvragen/<uuid:uuid>/crediteur/",
        views_betalingen.crediteur_opslaan,
        name="crediteur_opslaan",
    ),
    path(
        "aanvragen/<uuid:uuid>/besluitbrief/",
        views_betalingen.besluitbrief_maken,
        name="besluitbrief_maken",
    ),
    # issue 21 (before the actions' slug pattern, which would take these paths)
    path(
        "aanvragen/<uuid:uuid>/checklist/",
        views.casework(keten_views.checklist),
        name="aanvraag_checklist",
    ),
    path(
        "aanvragen/<uuid:uuid>/lening/",
        views.coordinator(keten_views.lening),
        name="aanvraag_lening",
    ),
    path(
        "aanvragen/<uuid:uuid>/aflossing/",
        views.coordinator(keten_views.aflossing),
        name="aanvraag_aflossing",
    ),
    path(
        "aanvragen/<uuid:uuid>/kwijtschelden/",
        views.coordinator(keten_views.kwijtschelden),
        name="aanvraag_kwijtschelden",
    ),
    path("aanvragen/<uuid:uuid>/<slug:actie>/", views.aanvraag_actie, name="aanvraag_actie"),
    path(
        "brieven/<uuid:uuid>/", views_betalingen.besluitbrief_download, name="besluitbrief_download"
    ),
    path("betalingen/", views_betalingen.batch_list, name="batch_list"),
    path("betalingen/nieuw/", views_betalingen.batch_create, name="batch_create"),
    path("betalingen/<uuid:uuid>/", views_betalingen.batch_detail, name="batch_detail"),
    path(
        "betalingen/<uuid:uuid>/download/", views_betalingen.batch_download, name="batch_download"
    ),
    path("betalingen/<uuid:uuid>/betaald/", views_betalingen.batch_betaald, name="batch_betaald"),
    path("betalingen/<uuid:uuid>/verwijderen/", views_betalingen.batch_delete, name="batch_delete"),
    path(
        "betalingen/<uuid:uuid>/uit/<uuid:aanvraag>/",
        views_betalingen.batch_uit,
        name="batch_uit",
    ),
    path("bijlagen/<uuid:uuid>/", views.bijlage_download, name="bijlage_download"),
    path("bijlagen/<uuid:uuid>/verwijderen/", views.bijlage_delete, name="bijlage_delete"),
    path("commissie/", views.commissie_queue, name="commissie"),
    path("commissie/<uuid:uuid>/", views.commissie_detail, name="commissie_detail"),
    path(
        "commissie/<uuid:uuid>/beoordelen/", views.commissie_beoordelen, name="commissie_beoordelen"
    ),
    path(
        "commissie/<uuid:uuid>/oordeel-wijzigen/",
        views.commissie_oordeel_wijzigen,
        name="commissie_oordeel_wijzigen",
    ),
    path(
        "commissie/<uuid:uuid>/meer-informatie/",
        views.commissie_meer_informatie,
        name="commissie_meer_informatie",
    ),
    path("budget/", views.budget, name="budget"),
    path("budget/storting/", views.storting_create, name="storting_create"),
    path("budget/overzicht.xlsx", views.budget_xlsx, name="budget_xlsx"),
]
