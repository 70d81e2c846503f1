from django.urls import path

from netwerk import views

app_name = "netwerk"
urlpatterns = [
    path("organisaties/", views.OrganisatieListView.as_view(), name="organisatie_list"),
    path("organisaties/nieuw/", views.organisatie_create, name="organisatie_create"),
    path("organisaties/<int:pk>/", views.organisatie_detail, name="organisatie_detail"),
    path(
        "organisaties/<int:pk>/wijzigen/",
        views.organisatie_update,
        name="organisatie_update",
    ),
    path(
        "vertrouwenspersonen/",
        views.VertrouwenspersoonListView.as_view(),
        name="vertrouwenspersoon_list",
    ),
    path(
        "vertrouwenspersonen/nieuw/",
        views.vertrouwenspersoon_create,
        name="vertrouwenspersoon_create",
    ),
    path(
        "vertrouwenspersonen/<uuid:uuid>/",
        views.vertrouwenspersoon_detail,
        name="vertrouwenspersoon_detail",
    ),
    path(
        "vertrouwenspersonen/<uuid:uuid>/wijzigen/",
        views.vertrouwenspersoon_update,
        name="vertrouwenspersoon_update",
    ),
    path(
        "vertrouwenspersonen/<uuid:uuid>/inwerken/",
        views.vertrouwenspersoon_inwerken,
        name="vertrouwenspersoon_inwerken",
    ),
    path("gebruikers/", views.GebruikerListView.as_view(), name="gebruiker_list"),
    path("gebruikers/nieuw/", views.gebruiker_create, name="gebruiker_create"),
    path("gebruikers/<uuid:uuid>/", views.gebruiker_detail, name="gebruiker_detail"),
    path("gebruikers/<uuid:uuid>/wijzigen/", views.gebruiker_update, name="gebruiker_update"),
    path(
        "gebruikers/<uuid:uuid>/wachtwoord/",
        views.gebruiker_wachtwoord,
        name="gebruiker_wachtwoord",
    ),
    path(
        "gebruikers/<uuid:uuid>/blokkeren/",
        views.gebruiker_deactiveer,
        name="gebruiker_deactiveer",
    ),
    path("gebruikers/<uuid:uuid>/activeren/", views.gebruiker_activeer, name="gebruiker_activeer"),
    path(
        "gebruikers/<uuid:uuid>/ontgrendelen/",
        views.gebruiker_ontgrendel,
        name="gebruiker_ontgrendel",
    ),
    path(
        "gebruikers/<uuid:uuid>/tweestaps-resetten/",
        views.gebruiker_tweestaps_reset,
        name="gebruiker_tweestaps_reset",
    ),
]
