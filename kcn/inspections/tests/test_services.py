"""Rules of inspections: who may inspect whom, drafts and finalising, photos, actions, reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcn.communications.models import Notification
from kcn.inspections import services
from kcn.inspections.choices import ActionStatus, InspectionStatus, Outcome
from kcn.inspections.models import CorrectiveAction, Finding, FindingPhoto, Inspection

from .conftest import pass_all_but_first, photo

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services hand to on_commit (notifications) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _finalised(draft, user, *, due=None):
    failed = pass_all_but_first(draft, user)
    item = draft.results.get(item_id=failed).item
    services.finding_add(user=user, inspection=draft, item=item, description="Không đeo khẩu trang",
                         photos=[photo()], action_description="Nhắc nhở, bố trí giám sát nhà ăn",
                         due_date=due or TODAY() + datetime.timedelta(days=7))
    return services.inspection_finalise(user=user, inspection=draft, conclusion="Cơ bản đạt yêu cầu.")


def _finalised_committed(committed, draft, user, **kwargs):
    with committed():
        return _finalised(draft, user, **kwargs)


def test_default_checklist_is_loaded_with_its_groups(checklist):
    groups = list(dict.fromkeys(checklist.items.values_list("group", flat=True)))
    assert groups == ["5K", "Trang thiết bị", "Tổ chức"]
    assert checklist.items.filter(text__icontains="vách ngăn tại bàn ăn").exists()
    assert services.checklist_current() == checklist


def test_new_checklist_version_retires_the_old_one(user_named, checklist, demo):
    new = services.checklist_new_version(user=user_named("admin"), checklist=checklist,
                                         items=[{"group": "5K", "code": "A", "text": "Khẩu trang"}])
    assert new.version == 2 and new.items.count() == 1
    checklist.refresh_from_db()
    assert not checklist.is_active
    assert services.checklist_current() == new
    with pytest.raises(PermissionDenied):
        services.checklist_new_version(user=user_named("truongphong"), checklist=new, items=[])


def test_draft_has_one_empty_result_per_item_and_the_creator_as_inspector(draft, checklist, user_named):
    assert draft.status == InspectionStatus.DRAFT
    assert draft.results.count() == checklist.items.count()
    assert set(draft.results.values_list("outcome", flat=True)) == {Outcome.PENDING}
    assert list(draft.inspectors.all()) == [user_named("truongphong")]


def test_only_the_monitoring_department_or_a_leader_may_inspect(demo, user_named, ent_dv2):
    data = {"enterprise": ent_dv2, "date": TODAY()}
    with pytest.raises(ValidationError):  # canbo's department monitors HNA-CS, not HNA-DV2
        services.inspection_create(user=user_named("canbo"), data=data)
    with pytest.raises(PermissionDenied):
        services.inspection_create(user=user_named("doanhnghiep"), data=data)
    with pytest.raises(PermissionDenied):
        services.inspection_create(user=user_named("quansat"), data=data)
    assert services.inspection_create(user=user_named("lanhdao"), data=data).pk


def test_inspection_date_may_not_be_in_the_future(demo, user_named, ent_dv2):
    with pytest.raises(ValidationError) as error:
        services.inspection_create(user=user_named("truongphong"),
                                   data={"enterprise": ent_dv2, "date": TODAY() + datetime.timedelta(days=1)})
    assert "sau ngày hôm nay" in str(error.value)
    assert not Inspection.objects.exists()


def test_finalise_needs_every_item_answered_a_finding_per_failure_and_a_conclusion(draft, user_named):
    officer = user_named("truongphong")
    with pytest.raises(ValidationError) as error:
        services.inspection_finalise(user=officer, inspection=draft, conclusion="")
    text = " ".join(error.value.messages)
    assert "chưa đánh giá" in text and "kết luận" in text
    pass_all_but_first(draft, officer)
    with pytest.raises(ValidationError) as error:
        services.inspection_finalise(user=officer, inspection=draft, conclusion="Đạt")
    assert "tồn tại" in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DRAFT


def test_finalised_inspection_is_read_only_and_the_enterprise_is_told(draft, user_named, committed):
    officer = user_named("truongphong")
    inspection = _finalised_committed(committed, draft, officer)
    assert inspection.status == InspectionStatus.FINALISED and inspection.finalised_by == officer
    notes = Notification.objects.filter(recipient__username="doanhnghiep")
    assert notes.filter(title__contains="Kết quả kiểm tra", url=inspection.get_absolute_url()).count() == 1
    with pytest.raises(ValidationError, match="đã hoàn tất"):
        services.inspection_update(user=officer, instance=inspection, data={"conclusion": "Khác"})
    with pytest.raises(ValidationError, match="đã hoàn tất"):
        services.finding_add(user=officer, inspection=inspection, description="Thêm")
    with pytest.raises(ValidationError, match="đã hoàn tất"):
        services.inspection_record_results(user=officer, inspection=inspection, results={})


def test_enterprise_sees_only_finalised_inspections_of_its_own(draft, user_named):
    enterprise_user = user_named("doanhnghiep")
    assert not Inspection.objects.restrict(enterprise_user).exists()
    _finalised(draft, user_named("truongphong"))
    assert list(Inspection.objects.restrict(enterprise_user)) == [draft]
    assert not Inspection.objects.restrict(user_named("canbo")).exists()
    assert not Inspection.objects.restrict(user_named("quansat")).exists()
    assert Inspection.objects.restrict(user_named("lanhdao")).count() == 1


def test_stale_version_is_refused(draft, user_named):
    officer = user_named("truongphong")
    old = "2000-01-01T00:00:00+00:00"
    with pytest.raises(ValidationError, match="người khác sửa"):
        services.inspection_update(user=officer, instance=draft, data={"conclusion": "x", "_version": old})


def test_photos_are_checked_reencoded_and_thumbnailed(draft, user_named):
    officer = user_named("truongphong")
    finding = services.finding_add(user=officer, inspection=draft, description="Thiếu vách ngăn",
                                   photos=[photo("a.png", "PNG", "image/png", size=(800, 600))])
    stored = finding.photos.get()
    assert stored.image.name.endswith(".jpg") and stored.original_name == "a.png"
    from PIL import Image

    with Image.open(stored.thumbnail.path) as thumb:
        assert max(thumb.size) <= 320


@pytest.mark.parametrize("upload, message", [
    (lambda: photo("x.jpg", "PNG", "image/jpeg"), "không khớp"),
    (lambda: photo("x.gif", "GIF", "image/gif"), "không phải ảnh"),
    (lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
        "x.jpg", b"not an image at all", content_type="image/jpeg"), "không phải ảnh hợp lệ"),
])
def test_bad_photos_are_refused_and_nothing_is_saved(draft, user_named, upload, message):
    with pytest.raises(ValidationError) as error:
        services.finding_add(user=user_named("truongphong"), inspection=draft, description="x", photos=[upload()])
    assert message in " ".join(error.value.messages)
    assert not Finding.objects.exists() and not FindingPhoto.objects.exists()


def test_oversized_photo_is_refused(draft, user_named, monkeypatch):
    monkeypatch.setattr("kcn.inspections.images.PHOTO_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="quá lớn"):
        services.finding_add(user=user_named("truongphong"), inspection=draft, description="x", photos=[photo()])


def test_action_due_date_not_before_inspection(draft, user_named):
    with pytest.raises(ValidationError, match="trước ngày kiểm tra"):
        services.action_add(user=user_named("truongphong"), inspection=draft, description="Sửa",
                            due_date=draft.date - datetime.timedelta(days=1))
    assert not CorrectiveAction.objects.exists()
    action = services.action_add(user=user_named("truongphong"), inspection=draft, description="Sửa",
                                 due_date=draft.date)
    assert action.enterprise == draft.enterprise and action.status == ActionStatus.OPEN


def test_enterprise_reports_fix_and_officer_verifies_or_sends_back(draft, user_named, committed):
    officer, company = user_named("truongphong"), user_named("doanhnghiep")
    _finalised(draft, officer)
    action = CorrectiveAction.objects.get()
    assert list(CorrectiveAction.objects.restrict(company)) == [action]
    with pytest.raises(ValidationError, match="đã báo cáo"):
        services.action_verify(user=officer, action=action, accepted=True)
    with committed():
        services.action_report_fix(user=company, action=action, note="Đã bố trí người nhắc nhở", photo=photo())
    action.refresh_from_db()
    assert action.status == ActionStatus.FIXED and action.fixed_by == company and action.fix_photo
    assert Notification.objects.filter(recipient=officer, title__contains="báo cáo khắc phục").exists()
    with pytest.raises(PermissionDenied):
        services.action_verify(user=company, action=action, accepted=True)
    with pytest.raises(ValidationError, match="lý do"):
        services.action_verify(user=officer, action=action, accepted=False)
    services.action_verify(user=officer, action=action, accepted=False, note="Chưa có vách ngăn")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    services.action_report_fix(user=company, action=action, note="Đã lắp vách ngăn")
    services.action_verify(user=officer, action=action, accepted=True)
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == officer
    with pytest.raises(ValidationError, match="không còn ở trạng thái mở"):
        services.action_report_fix(user=company, action=action, note="Lại")


def test_other_enterprise_or_department_cannot_touch_an_action(draft, user_named):
    _finalised(draft, user_named("truongphong"))
    action = CorrectiveAction.objects.get()
    with pytest.raises(PermissionDenied):
        services.action_report_fix(user=user_named("canbo"), action=action, note="x")
    with pytest.raises(PermissionDenied):
        services.action_verify(user=user_named("quansat"), action=action, accepted=True)


def test_actions_of_a_draft_are_not_the_enterprises_yet(draft, user_named):
    services.action_add(user=user_named("truongphong"), inspection=draft, description="Sửa", due_date=TODAY())
    assert not CorrectiveAction.objects.restrict(user_named("doanhnghiep")).exists()


def test_reminders_go_out_once_for_due_tomorrow_and_overdue(draft, user_named, demo, committed):
    officer = user_named("truongphong")
    _finalised(draft, officer, due=TODAY() + datetime.timedelta(days=1))
    action = CorrectiveAction.objects.get()
    def titles():
        return list(Notification.objects.filter(recipient__username="doanhnghiep").values_list("title", flat=True))

    with committed():
        assert services.actions_remind(today=TODAY()) == {"due": 1, "overdue": 0}
    assert services.actions_remind(today=TODAY()) == {"due": 0, "overdue": 0}
    assert "Ngày mai đến hạn khắc phục sau kiểm tra" in titles()
    later = TODAY() + datetime.timedelta(days=3)
    with committed():
        assert services.actions_remind(today=later) == {"due": 0, "overdue": 1}
    assert services.actions_remind(today=later) == {"due": 0, "overdue": 0}
    assert "Quá hạn khắc phục sau kiểm tra" in titles()
    services.action_report_fix(user=user_named("doanhnghiep"), action=action, note="Xong")
    CorrectiveAction.objects.update(overdue_reminder_sent=None)
    assert services.actions_remind(today=later) == {"due": 0, "overdue": 0}


def test_finding_item_must_belong_to_the_inspections_checklist(draft, user_named, checklist):
    other = services.checklist_new_version(user=user_named("admin"), checklist=checklist,
                                           items=[{"group": "5K", "code": "Z", "text": "Khác"}])
    with pytest.raises(ValidationError, match="không thuộc bảng kiểm"):
        services.finding_add(user=user_named("truongphong"), inspection=draft, description="x",
                             item=other.items.get())



def test_action_can_be_withdrawn_from_a_draft_only(draft, user_named):
    officer = user_named("truongphong")
    action = services.action_add(user=officer, inspection=draft, description="Sửa", due_date=TODAY())
    services.action_delete(user=officer, action=action)
    assert not CorrectiveAction.objects.exists()
    _finalised(draft, officer)
    with pytest.raises(ValidationError, match="đã hoàn tất"):
        services.action_delete(user=officer, action=CorrectiveAction.objects.get())
    with pytest.raises(PermissionDenied):
        services.action_delete(user=user_named("doanhnghiep"), action=CorrectiveAction.objects.get())
