import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kcn.inspections import services
from kcn.inspections.choices import Outcome
from kcn.inspections.models import Checklist
from kcn.registry.models import Enterprise


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def photo(name="anh.jpg", fmt="JPEG", content_type="image/jpeg", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture
def ent_dv2(demo):
    return Enterprise.objects.get(user_links__user__username="doanhnghiep")


@pytest.fixture
def checklist(db):
    return Checklist.objects.get(code="5k-phong-dich", version=1)


@pytest.fixture
def draft(demo, user_named, ent_dv2):
    return services.inspection_create(user=user_named("truongphong"), data={
        "enterprise": ent_dv2, "date": timezone.localdate() - datetime.timedelta(days=1)})


def pass_all_but_first(inspection, user):
    items = [r.item_id for r in inspection.results.order_by("item__order")]
    results = {item: (Outcome.PASS, "") for item in items}
    results[items[0]] = (Outcome.FAIL, "Công nhân nhà ăn không đeo khẩu trang")
    services.inspection_record_results(user=user, inspection=inspection, results=results)
    return items[0]
