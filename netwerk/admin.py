from django.contrib import admin

from netwerk import services
from netwerk.models import Organisatie, Pilot, Profiel, Thema, Toegangslog, Vertrouwenspersoon
from samenvooruit.versie import VersieAdmin


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde"]
    list_editable = ["volgorde"]

    def save_model(self, request, obj, form, change):
        services.save_thema(thema=obj)


@admin.register(Organisatie)
class OrganisatieAdmin(VersieAdmin, admin.ModelAdmin):
    list_display = ["naam", "soort", "rol_vangnet", "partner", "actief"]
    list_filter = ["soort", "rol_vangnet", "partner", "actief", "themas"]
    search_fields = ["naam", "aanbod"]
    filter_horizontal = ["themas"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_zoektekst(organisaties=[form.instance])


@admin.register(Vertrouwenspersoon)
class VertrouwenspersoonAdmin(VersieAdmin, admin.ModelAdmin):
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


@admin.register(Toegangslog)
class ToegangslogAdmin(admin.ModelAdmin):
    """Read-only, also for superusers: the access log is append-only."""

    list_display = ["tijdstip", "gebruikersnaam", "actie", "resultaat", "view", "object_ref"]
    list_filter = ["actie", "resultaat"]
    search_fields = ["gebruikersnaam", "object_ref"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["naam", "startdatum", "einddatum", "taakstelling"]
