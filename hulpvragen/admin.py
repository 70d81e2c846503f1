"""Admin for reference data. Casework is edited in the app; statuses change only through
services.change_status, so the admin shows them read-only."""

from django.contrib import admin

from hulpvragen import services
from hulpvragen.models import Huishouden, Hulpvraag, Signaal, StatusWijziging
from samenvooruit.versie import VersieAdmin, controleer_versie


@admin.register(Huishouden)
class HuishoudenAdmin(VersieAdmin, admin.ModelAdmin):
    list_display = ["referentie", "woonplaats", "vertrouwenspersoon", "organisatie"]
    list_filter = ["woonplaats", "organisatie"]
    search_fields = ["referentie"]
    readonly_fields = ["referentie", "aangemaakt_op", "geanonimiseerd_op"]
    list_select_related = ["vertrouwenspersoon", "organisatie"]


class StatusWijzigingInline(admin.TabularInline):
    model = StatusWijziging
    extra = 0
    can_delete = False
    readonly_fields = ["van", "naar", "datum", "door", "notitie", "vastgelegd_op"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hulpvraag)
class HulpvraagAdmin(admin.ModelAdmin):
    list_display = ["huishouden", "intake_datum", "pilot", "status"]
    list_filter = ["pilot", "status", "soort"]
    search_fields = ["huishouden__referentie"]
    readonly_fields = ["uuid", "status", "datum_afgerond", "aangemaakt_op"]
    raw_id_fields = ["huishouden", "hulpvrager"]
    list_select_related = ["huishouden", "pilot"]
    inlines = [StatusWijzigingInline]

    def save_model(self, request, obj, form, change):
        if change:
            controleer_versie(obj, None)  # an edit form opened before is refused after it
            services.save_hulpvraag(hulpvraag=obj)  # leaves the contacts' laatste_contact alone
        else:
            super().save_model(request, obj, form, change)


@admin.register(Signaal)
class SignaalAdmin(admin.ModelAdmin):
    list_display = ["datum", "thema", "organisatie"]
    list_filter = ["thema"]
    raw_id_fields = ["hulpvragen"]
