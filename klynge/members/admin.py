from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from klynge.members.models import Clinic, ClinicAffiliation, ClusterMembership, ListedPatients, Person


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


@admin.register(ListedPatients)
class ListedPatientsAdmin(SimpleHistoryAdmin):
    list_display = ["clinic", "year", "count"]
