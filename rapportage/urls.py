from rapportage.urls_rapport import urlpatterns as rapport_urls
from rapportage.urls_registratie import urlpatterns as registratie_urls

app_name = "rapportage"
urlpatterns = rapport_urls + registratie_urls
