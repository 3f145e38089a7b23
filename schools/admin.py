from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from schools.models import Grade, RosterImport, School, SchoolClass, User


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sections", "timezone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "number"]
    list_filter = ["school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "grade", "head_teacher"]
    list_filter = ["grade__school", "grade__number"]
    search_fields = ["head_teacher__real_name"]
    list_select_related = ["grade", "head_teacher"]
    autocomplete_fields = ["head_teacher"]


@admin.register(User)
class KejijieUserAdmin(UserAdmin):
    list_display = ["username", "real_name", "student_number", "school_class", "role_list", "is_active"]
    list_filter = ["school", "is_student", "is_teacher", "is_judge", "is_organizer", "is_active"]
    search_fields = ["username", "real_name", "student_number"]
    list_select_related = ["school_class__grade"]
    fieldsets = [
        (None, {"fields": ["username", "password", "must_change_password"]}),
        (_("Person"), {"fields": ["real_name", "gender", "birth_date", "email", "school"]}),
        (_("Roles"), {"fields": ["is_student", "is_teacher", "is_judge", "is_organizer"]}),
        (_("Student"), {"fields": ["student_number", "school_class"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "real_name", "school", "password1", "password2"]}),
    ]

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return "、".join(obj.role_labels)


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "school", "uploaded_by", "created_at"]
    list_filter = ["school"]
    search_fields = ["file_name"]
