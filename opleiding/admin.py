from django.contrib import admin

from opleiding.models import Aanwezigheid, Bijeenkomst, Cohort, Deelname, Meting, Ontwikkelstap
from samenvooruit.versie import VersieAdmin


class BijeenkomstInline(admin.TabularInline):
    model = Bijeenkomst
    extra = 0


@admin.register(Cohort)
class CohortAdmin(VersieAdmin, admin.ModelAdmin):
    list_display = ["naam", "pilot", "startdatum"]
    filter_horizontal = ["opleiders"]
    inlines = [BijeenkomstInline]


@admin.register(Deelname)
class DeelnameAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cohort", "status", "status_datum", "certificaat_datum"]
    search_fields = ["vertrouwenspersoon__naam", "kandidaat_naam"]
    list_filter = ["cohort", "status"]
    raw_id_fields = ["vertrouwenspersoon"]


@admin.register(Aanwezigheid)
class AanwezigheidAdmin(admin.ModelAdmin):
    list_display = ["bijeenkomst", "deelname", "status"]
    list_filter = ["status"]
    raw_id_fields = ["bijeenkomst", "deelname"]


@admin.register(Meting)
class MetingAdmin(admin.ModelAdmin):
    list_display = ["deelname", "soort", "datum"]
    raw_id_fields = ["deelname"]


@admin.register(Ontwikkelstap)
class OntwikkelstapAdmin(admin.ModelAdmin):
    list_display = ["vertrouwenspersoon", "soort", "datum"]
    list_filter = ["soort"]
    raw_id_fields = ["vertrouwenspersoon"]
