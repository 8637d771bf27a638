from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from klynge.api import services
from klynge.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py api_token EMAIL` (shown once); here they are revoked."""

    list_display = ["prefix", "user", "created", "last_used", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "prefix"]
    readonly_fields = ["user", "prefix", "created", "last_used", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Tilbagekald de valgte nøgler"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            count += services.revoke(token.user, token.prefix, by=request.user)
        self.message_user(
            request, _("%(n)d nøgle(r) tilbagekaldt.") % {"n": count}, messages.SUCCESS
        )
