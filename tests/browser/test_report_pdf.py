"""The leader downloads the consolidated report of a period as the official PDF."""

import datetime
import importlib
import io
import unicodedata

import pytest
from pypdf import PdfReader

from .conftest import login_as


@pytest.fixture
def filed_period(demo_live):
    """A daily schedule for HNA-DV2 and HNA-CS, today's period, and two submitted reports."""
    from django.apps import apps
    from django.utils import timezone

    from kcn.accounts.models import User
    from kcn.registry.models import Enterprise, Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure, submission_submit

    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=demo_live, name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(23, 59))
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    officer = User.objects.get(username="truongphong")
    for code, workforce in (("HNA-DV2", 1200), ("HNA-CS", 3456)):
        enterprise = Enterprise.objects.filter(zone__code=code).order_by("pk").first()
        submission_submit(user=officer if code == "HNA-DV2" else User.objects.get(username="canbo"),
                          period=period, enterprise=enterprise,
                          values={"workforce": workforce, "workers_at_work": workforce - 100, "returnees": 0,
                                  "workers_not_returned": 0, "f0": 0, "f1": 0, "f2": 0, "f3": 0, "notes": ""})
    return period


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_leader_downloads_the_period_pdf(filed_period, new_page, live_server):
    page = new_page()
    login_as(page, live_server, "lanhdao")
    url = f"{live_server.url}/reporting/periods/{filed_period.pk}/export.pdf"

    # Until the period page has its button, a link to the export stands in for it: the download
    # goes through the browser's own download path, with the session cookie of the login.
    page.goto(f"{live_server.url}/reporting/periods/{filed_period.pk}/")
    page.evaluate("""url => {
        const link = document.createElement("a");
        link.href = url; link.id = "pdf-link"; link.textContent = "PDF";
        document.body.prepend(link);
    }""", url)
    with page.expect_download() as info:
        page.click("#pdf-link")
    download = info.value
    assert download.suggested_filename == "bao-cao-" + filed_period.label.replace("/", "-") + ".pdf"
    body = open(download.path(), "rb").read()
    assert body.startswith(b"%PDF")
    text = _text(body)
    for expected in ("Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", filed_period.label, "4.656", "Nơi nhận:",
                     "Lê Minh Đức"):
        assert expected in text, expected

    # The same URL through the page's request context (the browser's cookies).
    response = page.request.get(url)
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_enterprise_cannot_download_the_period_pdf(filed_period, new_page, live_server):
    page = new_page()
    login_as(page, live_server, "doanhnghiep")
    response = page.request.get(f"{live_server.url}/reporting/periods/{filed_period.pk}/export.pdf")
    assert response.status == 404
