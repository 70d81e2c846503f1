from django.urls import path

from rapportage import registratie_views as views

urlpatterns = [
    path("registratie/", views.registratie, name="registratie"),
    path("registratie/sjabloon/", views.registratie_sjabloon, name="registratie_sjabloon"),
    path("registratie/export/", views.registratie_export, name="registratie_export"),
    path("registratie/controle/", views.registratie_controle, name="registratie_controle"),
    path("registratie/bevestigen/", views.registratie_bevestigen, name="registratie_bevestigen"),
    path("registratie/annuleren/", views.registratie_annuleren, name="registratie_annuleren"),
]
