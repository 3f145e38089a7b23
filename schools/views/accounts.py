"""Login, logout, password change (forced at first login) and password resets by teachers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from rules.contrib.views import PermissionRequiredMixin

from schools import services
from schools.forms import KejijiePasswordChangeForm, LoginForm
from schools.models import User


class KejijieLoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember"):
            # Computer rooms are shared: the session ends when the browser closes unless asked otherwise.
            self.request.session.set_expiry(0)
        return response


class KejijieLogoutView(auth_views.LogoutView):
    pass


class KejijiePasswordChangeView(auth_views.PasswordChangeView):
    form_class = KejijiePasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_login"] = self.request.user.must_change_password
        return context


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: give the person a new generated password and show the slip to print and hand over."""

    permission_required = "schools.reset_password"
    http_method_names = ["post"]

    def get_permission_object(self) -> User:
        return get_object_or_404(User.objects.select_related("school_class__grade"), pk=self.kwargs["pk"])

    def post(self, request, pk: int):
        person = self.get_permission_object()
        password = services.user_reset_password(user=person, by=request.user)
        return TemplateResponse(
            request,
            "accounts/password_slip.html",
            {"slips": [{"person": person, "password": password}], "login_url": request.build_absolute_uri("/")},
        )


class LoginUnlockView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: lift the login lock of a student (wrong passwords typed, maybe by a classmate); back to the class."""

    permission_required = "schools.unlock_login"
    http_method_names = ["post"]

    def get_permission_object(self) -> User:
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def post(self, request, pk: int):
        person = self.get_permission_object()
        services.user_unlock_login(user=person, by=request.user)
        messages.success(request, _("%(name)s can log in again.") % {"name": person.get_full_name()})
        back = reverse("class_detail", args=[person.school_class_id]) if person.school_class_id else reverse("people")
        return HttpResponseRedirect(back)
