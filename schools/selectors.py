"""Reads that several views share: what a user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
