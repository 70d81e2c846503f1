"""Two-factor pages, included without a namespace (their names are `tweestaps`, ...)."""

from django.urls import path

from netwerk import tweestaps

urlpatterns = [
    path("", tweestaps.tweestaps, name="tweestaps"),
    path("controle/", tweestaps.tweestaps_controle, name="tweestaps_controle"),
    path("uitzetten/", tweestaps.tweestaps_uitzetten, name="tweestaps_uitzetten"),
]
