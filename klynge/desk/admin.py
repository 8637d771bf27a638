from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from klynge.desk.models import Guide


@admin.register(Guide)
class GuideAdmin(SimpleHistoryAdmin):
    list_display = ["title", "scheme", "category", "version_date", "withdrawn_at"]
    list_filter = ["scheme", "category"]
    search_fields = ["title"]
