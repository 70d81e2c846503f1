from django.urls import path

from samenvoegen import views

app_name = "samenvoegen"
urlpatterns = [
    path("huishoudens/<str:referentie>/", views.huishouden, name="huishouden"),
    path("personen/<uuid:uuid>/", views.hulpvrager, name="hulpvrager"),
]
