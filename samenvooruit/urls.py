from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samenvooruit import views

urlpatterns = [
    # `home` (the site's root: on to the role's start page) and `login` (lands there too)
    path("", include("netwerk.urls_inloggen")),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestaps/", include("netwerk.urls_tweestaps")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("netwerk/", include("netwerk.urls")),
    path("hulpvragen/", include("hulpvragen.urls")),
    path("", include("privacy.urls")),
    path("noodfonds/", include("noodfonds.urls")),
    path("opleiding/", include("opleiding.urls")),
    path("onkosten/", include("onkosten.urls")),
    path("rapportage/registratie/", include("registratie.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("taken/", include("taken.urls")),
    path("meldingen/", include("meldingen.urls")),
    path("samenvoegen/", include("samenvoegen.urls")),
    path("beheer/", admin.site.urls),
    path("sessie/verlengen/", views.sessie_verlengen, name="sessie_verlengen"),
    path("healthz", views.healthz, name="healthz"),
]
