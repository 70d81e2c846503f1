from django.contrib import admin

from taken.models import Taak


@admin.register(Taak)
class TaakAdmin(admin.ModelAdmin):
    list_display = ["titel", "eigenaar", "status", "gedaan", "totaal", "aangemaakt"]
    list_filter = ["status"]
    # No file link here: a download goes through the owner's page and the access log.
    exclude = ["bestand"]
    readonly_fields = [f for f in ("functie", "parameters", "task_id")]
