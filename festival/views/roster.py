"""Roster import pages (花名册导入). Built out by the roster work; see festival/roster.py."""

from django.http import HttpResponse
from django.views.generic import TemplateView


class RosterImportView(TemplateView):
    template_name = "roster/import.html"


class RosterImportDetailView(TemplateView):
    template_name = "roster/result.html"


def roster_template(request):
    return HttpResponse(status=501)


def credentials_download(request, pk):
    return HttpResponse(status=501)
