from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from klynge.clusters.models import (
    AccessLog,
    Clinic,
    ClinicAffiliation,
    Cluster,
    ClusterMembership,
    ClusterRules,
    Person,
    Post,
    Region,
    RulebookVersion,
    Scheme,
)


class RulebookInline(admin.StackedInline):
    model = RulebookVersion
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "secretariat_email"]
    inlines = [RulebookInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "unit_name", "notice_email"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "scheme", "region", "municipality", "specialty"]
    list_filter = ["scheme", "region"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClusterRules)
class ClusterRulesAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "valid_from", "meetings_per_year", "max_absences"]


class AffiliationInline(admin.TabularInline):
    model = ClinicAffiliation
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Clinic)
class ClinicAdmin(SimpleHistoryAdmin):
    list_display = ["ydernummer", "name", "kind", "city"]
    search_fields = ["ydernummer", "name"]
    list_filter = ["kind", "region"]
    inlines = [AffiliationInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "phone"]
    search_fields = ["name", "email"]


@admin.register(ClusterMembership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "clinic", "status", "joined", "left"]
    list_filter = ["status", "cluster"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "kind", "person", "start", "end", "directory_consent"]
    list_filter = ["kind", "cluster__scheme"]
    autocomplete_fields = ["person"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "subject_label", "purpose"]
    list_filter = ["action"]
    search_fields = ["actor_label", "subject_label", "purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
