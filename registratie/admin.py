from django.contrib import admin

from registratie.models import WerkmapLog


@admin.register(WerkmapLog)
class WerkmapLogAdmin(admin.ModelAdmin):
    """Read-only: the log says what happened, nobody rewrites it."""

    list_display = ["moment", "actie", "door", "via", "bestandsnaam"]
    list_filter = ["actie", "via"]
    list_select_related = ["door"]
    search_fields = ["bestandsnaam", "door__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
