from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from klynge.members.models import (
    DataConsent,
    FollowUp,
    JanuaryCheck,
    LeaveNotice,
    ListedPatients,
    MembershipEvent,
    SelfServiceLink,
)


@admin.register(ListedPatients)
class ListedPatientsAdmin(SimpleHistoryAdmin):
    list_display = ["clinic", "year", "count"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["membership", "kind", "on", "by_label", "at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LeaveNotice)
class LeaveNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "to", "status", "created_at", "decided_at"]
    list_filter = ["status"]


@admin.register(DataConsent)
class DataConsentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "cluster", "given_on", "withdrawn_on"]
    list_filter = ["cluster"]


@admin.register(JanuaryCheck)
class JanuaryCheckAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "year", "checked_at", "checked_by"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cluster", "due", "done_at"]


@admin.register(SelfServiceLink)
class SelfServiceLinkAdmin(admin.ModelAdmin):
    list_display = ["clinic", "sent_to", "created_at", "revoked_at"]
    exclude = []
    readonly_fields = ["cluster", "clinic", "sent_to", "created_at", "created_by"]
