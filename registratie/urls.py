from django.urls import path

from registratie import views

app_name = "registratie"
urlpatterns = [
    path("", views.registratie, name="registratie"),
    path("sjabloon/", views.sjabloon, name="sjabloon"),
    path("export/", views.export, name="export"),
    path("controle/", views.controle, name="controle"),
    path("bevestigen/", views.bevestigen, name="bevestigen"),
    path("annuleren/", views.annuleren, name="annuleren"),
]
