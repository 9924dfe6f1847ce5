"""The demo loader: two finalised inspections (one action overdue) and an announcement, once."""

import pytest

from kcn.communications.models import Announcement
from kcn.inspections.choices import InspectionStatus
from kcn.inspections.demo import load_inspections_demo
from kcn.inspections.models import CorrectiveAction, FindingPhoto, Inspection
from kcn.inspections.selectors import overdue_actions

pytestmark = pytest.mark.django_db


def test_demo_loads_once(demo, user_named, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert load_inspections_demo(demo)
    assert load_inspections_demo(demo) is None
    assert Inspection.objects.filter(status=InspectionStatus.FINALISED).count() == 2
    assert CorrectiveAction.objects.count() == 2 and FindingPhoto.objects.count() == 2
    assert overdue_actions(user=user_named("truongphong")).count() == 1
    assert overdue_actions(user=user_named("canbo")).count() == 0
    assert Announcement.objects.get().recipients.filter(user__username="doanhnghiep").exists()
