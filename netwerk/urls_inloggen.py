"""The login page, included without a namespace (its name is `login`, settings.LOGIN_URL)."""

from django.urls import path

from netwerk import views

urlpatterns = [
    path("inloggen/", views.Inloggen.as_view(redirect_authenticated_user=True), name="login"),
]
