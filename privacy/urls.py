"""Mounted at the root: the household's privacy pages beside its casework pages, the access log
beside the network's pages (the paths operators have bookmarked); the names are `privacy:...`."""

from django.urls import path

from privacy import toegangslog_views, views

app_name = "privacy"
urlpatterns = [
    path(
        "netwerk/toegangslog/",
        toegangslog_views.ToegangslogListView.as_view(),
        name="toegangslog_list",
    ),
    path(
        "netwerk/toegangslog/download/", toegangslog_views.toegangslog_xlsx, name="toegangslog_xlsx"
    ),
    path(
        "hulpvragen/huishoudens/<str:referentie>/toestemming/",
        views.toestemming_create,
        name="toestemming_create",
    ),
    path(
        "hulpvragen/huishoudens/<str:referentie>/toestemming/<int:pk>/intrekken/",
        views.toestemming_intrekken,
        name="toestemming_intrekken",
    ),
    path("hulpvragen/huishoudens/<str:referentie>/inzage/", views.inzage_xlsx, name="inzage_xlsx"),
    path(
        "netwerk/vertrouwenspersonen/<uuid:uuid>/inzage/",
        views.inzage_vertrouwenspersoon,
        name="inzage_vertrouwenspersoon",
    ),
    path(
        "opleiding/deelnemers/<uuid:uuid>/inzage/",
        views.inzage_deelname,
        name="inzage_deelname",
    ),
    path(
        "hulpvragen/huishoudens/<str:referentie>/anonimiseren/",
        views.anonimiseren,
        name="anonimiseren",
    ),
]
