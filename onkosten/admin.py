from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from onkosten.models import VergoedingsGrens


@admin.register(VergoedingsGrens)
class VergoedingsGrensAdmin(SimpleHistoryAdmin):
    list_display = ["jaar", "per_maand", "per_jaar"]
