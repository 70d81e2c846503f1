"""Mounted under /hulpvragen/ beside the casework pages: the paths are the household's
(operators have them bookmarked); the names are `privacy:...`."""

from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path(
        "huishoudens/<str:referentie>/toestemming/",
        views.toestemming_create,
        name="toestemming_create",
    ),
    path(
        "huishoudens/<str:referentie>/toestemming/<int:pk>/intrekken/",
        views.toestemming_intrekken,
        name="toestemming_intrekken",
    ),
    path("huishoudens/<str:referentie>/inzage/", views.inzage_xlsx, name="inzage_xlsx"),
    path(
        "huishoudens/<str:referentie>/anonimiseren/",
        views.anonimiseren,
        name="anonimiseren",
    ),
]
