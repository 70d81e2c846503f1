from django.contrib import admin

from netwerk.models import Organisatie, Profiel, Vertrouwenspersoon


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "rol_vangnet", "partner", "actief"]
    list_filter = ["soort", "rol_vangnet", "partner", "actief"]
    search_fields = ["naam", "aanbod"]


@admin.register(Vertrouwenspersoon)
class VertrouwenspersoonAdmin(admin.ModelAdmin):
    list_display = ["naam", "organisatie", "status", "startdatum", "einddatum", "user"]
    list_filter = ["status", "organisatie"]
    list_select_related = ["organisatie", "user"]
    search_fields = ["naam"]
    raw_id_fields = ["user"]


@admin.register(Profiel)
class ProfielAdmin(admin.ModelAdmin):
    list_display = ["user", "organisatie"]
    list_select_related = ["user", "organisatie"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]
