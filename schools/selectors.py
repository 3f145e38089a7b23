"""Reads that several views share: what a user may see."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from core.models import AuditLog
from schools.models import SchoolClass, User


def classes_visible_to(user: User) -> QuerySet[SchoolClass]:
    """Organizers see every class of their school; teachers the classes they head."""
    qs = SchoolClass.objects.select_related("grade", "head_teacher").annotate(
        student_count=Count("students", filter=Q(students__is_active=True))
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_organizer:
        return qs.filter(grade__school_id=user.school_id)
    if user.is_teacher:
        return qs.filter(head_teacher=user)
    return qs.none()


def people_visible_to(user: User) -> QuerySet[User]:
    """Organizers see everyone of their school."""
    if not (user.is_authenticated and user.is_organizer):
        return User.objects.none()
    return User.objects.filter(school_id=user.school_id).select_related("school_class__grade")


def students_of_class(school_class: SchoolClass) -> QuerySet[User]:
    return school_class.students.filter(is_active=True).order_by("student_number")


def user_traces(user: User) -> list[str]:
    """What in the database refers to ``user`` (entries, scores, audit records, …), as the plural names of those
    things; a person with any is deactivated, never deleted. Every relation to the user counts, whatever app
    declares it, so a relation added later is covered without this lower app knowing the higher ones."""
    found: list[str] = []
    for relation in User._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        model = relation.related_model
        if model._meta.auto_created:  # an M2M's through table; the M2M relation itself is checked
            continue
        if model._default_manager.filter(**{relation.field.name: user}).exists():
            found.append(str(model._meta.verbose_name_plural))
    if AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).exists():
        found.append(str(AuditLog._meta.verbose_name_plural))
    return sorted(set(found))
