from django.urls import path

from rapportage import views

app_name = "rapportage"
urlpatterns = [
    path("", views.rapport, name="rapport"),
    path("excel/", views.rapport_xlsx, name="rapport_xlsx"),
    path("pdf/", views.rapport_pdf, name="rapport_pdf"),
]
