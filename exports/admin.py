from django.contrib import admin

from exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["kind", "school", "requested_by", "state", "progress", "created_at", "finished_at"]
    list_filter = ["state", "kind", "school"]
    search_fields = ["file_name", "requested_by__real_name"]
    readonly_fields = ["created_at", "started_at", "finished_at"]
