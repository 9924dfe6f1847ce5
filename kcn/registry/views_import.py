"""Placeholder replaced by the import work (see kcn/registry/importers.py)."""

from django.http import Http404
from django.views import View


class EnterpriseImportView(View):
    def get(self, request):
        raise Http404


class EnterpriseTemplateView(View):
    def get(self, request, fmt):
        raise Http404
