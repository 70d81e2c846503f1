"""The site's root and the login page, included without a namespace: `home` (every role goes on
to its start page) and `login` (settings.LOGIN_URL)."""

from django.urls import path

from netwerk import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.Inloggen.as_view(redirect_authenticated_user=True), name="login"),
]
