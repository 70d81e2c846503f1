"""Admin for superusers; status changes go through the site's pages (services), so the fields a
transition sets are read-only here."""

from django.contrib import admin

from noodfonds.models import Aanvraag, Beoordeling, Bijlage, Fondsbudget, Overgang, Storting
from samenvooruit.versie import VersieAdmin


class BeoordelingInline(admin.TabularInline):
    model = Beoordeling
    extra = 0
    readonly_fields = ["lid", "stem", "bedrag", "motivering", "datum"]
    can_delete = False


class OvergangInline(admin.TabularInline):
    model = Overgang
    extra = 0
    readonly_fields = ["actie", "van", "naar", "door", "op", "bedrag", "toelichting"]
    can_delete = False


@admin.register(Aanvraag)
class AanvraagAdmin(VersieAdmin, admin.ModelAdmin):
    list_display = ["referentie", "status", "onderwerp", "gevraagd_bedrag", "ingediend_op"]
    list_filter = ["status", "onderwerp", "spoed"]
    search_fields = ["referentie"]
    raw_id_fields = ["huishouden", "vertrouwenspersoon", "aangemaakt_door"]
    readonly_fields = [
        "status",
        "besloten_op",
        "toegekend_bedrag",
        "uitbetaald_bedrag",
        "uitbetaald_op",
        "uitbetaald_aan",
        "besluit_route",
    ]
    inlines = [BeoordelingInline, OvergangInline]


@admin.register(Storting)
class StortingAdmin(admin.ModelAdmin):
    list_display = ["datum", "fondsgever", "bedrag"]


@admin.register(Bijlage)
class BijlageAdmin(admin.ModelAdmin):
    list_display = ["aanvraag", "soort", "content_type", "grootte", "geupload_op"]
    readonly_fields = ["content_type", "grootte", "bestand"]


admin.site.register(Fondsbudget)
