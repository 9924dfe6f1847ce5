from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.views import View

from .home import panels_for
from .models import ImportJob


class HomeView(LoginRequiredMixin, View):
    """The landing page of each role (templates core/home_<role>.html pick the panels' order)."""

    def get(self, request):
        role = "superuser" if request.user.is_superuser else request.user.role
        return render(request, "core/home.html", {"panels": panels_for(request), "home_role": role})


class JobView(LoginRequiredMixin, View):
    """Progress and result of a long job. Only the person who started it can see it."""

    def get(self, request, pk):
        job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
        if job is None:
            raise Http404
        template = "core/job_progress.html" if request.headers.get("HX-Request") else "core/job.html"
        return render(request, template, {"job": job})
