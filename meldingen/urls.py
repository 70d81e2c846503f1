from django.urls import path

from meldingen import views

app_name = "meldingen"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("alles-gelezen/", views.alles_gelezen, name="alles_gelezen"),
    path("e-mail/", views.voorkeur, name="voorkeur"),
    path("<uuid:uuid>/", views.open_melding, name="open"),
]
