"""Certificates: issued only to those who passed, once; revoked with a reason; checked publicly by code."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kcn.training.models import Certificate, GradeBand
from kcn.training.selectors.certificates import certificate_verify, normalise_code
from kcn.training.services.certificates import certificate_revoke, certificates_issue

pytestmark = pytest.mark.django_db


def _pass(enrolment, band="Giỏi", score="8.6", passed=True):
    enrolment.band = GradeBand.objects.get(course=enrolment.course, name=band)
    enrolment.result_score = Decimal(score)
    enrolment.passed = passed
    enrolment.classified_at = timezone.now()
    enrolment.save()


def _publish(course):
    course.results_published_at = timezone.now()
    course.save()


def _issue(world, user=None):
    return certificates_issue(user=user or world["manager"], course=world["c1"], signer_name="Nguyễn Văn Sơn",
                              signer_title="Giám đốc Hợp phần SXSH")


@pytest.fixture
def world(training_world):
    _pass(training_world["e1"])
    _pass(training_world["e2"], band="Không đạt", score="4.2", passed=False)
    _publish(training_world["c1"])
    return training_world


def test_issues_only_to_those_who_passed_and_only_once(world):
    issued = _issue(world)
    assert [item.enrolment for item in issued] == [world["e1"]]
    certificate = issued[0]
    assert certificate.number == f"K1-SXSH-TU-VAN/{timezone.localdate().year}/001"
    assert certificate.issued_by == world["manager"] and certificate.issued_on == timezone.localdate()
    assert _issue(world) == []
    _pass(world["e2"], band="Khá", score="7")
    second = _issue(world)
    assert [item.enrolment for item in second] == [world["e2"]]
    assert second[0].number.endswith("/002")
    assert Certificate.objects.count() == 2


def test_refused_while_results_are_not_published(world):
    course = world["c1"]
    course.results_published_at = None
    course.save()
    with pytest.raises(ValidationError) as error:
        _issue(world)
    assert "chưa công bố kết quả" in " ".join(error.value.messages)
    assert not Certificate.objects.exists()


def test_signer_is_required_and_named(world):
    with pytest.raises(ValidationError) as error:
        certificates_issue(user=world["manager"], course=world["c1"], signer_name=" ", signer_title="")
    assert set(error.value.message_dict) == {"signer_name", "signer_title"}
    assert not Certificate.objects.exists()


def test_out_of_scope_and_other_roles_cannot_issue(world):
    with pytest.raises(PermissionDenied):
        _issue(world, user=world["other_manager"])
    for role in ("trainer", "trainee_user"):
        with pytest.raises(PermissionDenied):
            _issue(world, user=world[role])
    assert not Certificate.objects.exists()


def test_revoke_needs_a_reason_and_happens_once(world):
    certificate = _issue(world)[0]
    with pytest.raises(ValidationError) as error:
        certificate_revoke(user=world["manager"], certificate=certificate, reason="  ")
    assert "reason" in error.value.message_dict
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    certificate_revoke(user=world["manager"], certificate=certificate, reason="Khai man hồ sơ")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == world["manager"]
    with pytest.raises(ValidationError) as error:
        certificate_revoke(user=world["manager"], certificate=certificate, reason="Lần nữa")
    assert "đã bị thu hồi" in " ".join(error.value.messages)
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Khai man hồ sơ"
    with pytest.raises(PermissionDenied):
        certificate_revoke(user=world["other_manager"], certificate=certificate, reason="x")


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} ", "{nodash}", "{lower_nodash}"])
def test_code_is_normalised(world, typed, django_assert_num_queries):
    certificate = _issue(world)[0]
    code = certificate.code
    text = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "),
                        nodash=code.replace("-", ""), lower_nodash=code.replace("-", "").lower())
    with django_assert_num_queries(1):
        found = certificate_verify(text)
        assert found.enrolment.trainee.full_name == "Lý Thị Hoa"
        assert found.enrolment.course.programme.name and found.enrolment.band.name == "Giỏi"


def test_unknown_and_malformed_codes(world, django_assert_num_queries):
    _issue(world)
    assert normalise_code("abc") == "" and normalise_code(None) == ""
    with django_assert_num_queries(0):
        assert certificate_verify("xyz") is None
    with django_assert_num_queries(1):
        assert certificate_verify("ZZZZZ-ZZZZZ") is None


def test_public_page_shows_valid_revoked_and_unknown(world, client):
    certificate = _issue(world)[0]
    page = client.get(reverse("training:certificate_verify"), {"code": certificate.code.lower().replace("-", "")})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lý Thị Hoa" in text and "còn hiệu lực" in text and "Giỏi" in text
    assert "Đào tạo chuyên gia tư vấn SXSH" in text

    certificate_revoke(user=world["manager"], certificate=certificate, reason="Khai man hồ sơ")
    page = client.get(reverse("training:certificate_verify_code", args=[certificate.code]))
    text = page.content.decode()
    assert page.status_code == 200 and "đã bị thu hồi" in text and "Khai man hồ sơ" in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text

    unknown = client.get(reverse("training:certificate_verify"), {"code": "ABCDE-FGHJK"})
    assert unknown.status_code == 200
    assert "Không tìm thấy chứng chỉ có mã “ABCDE-FGHJK”" in unknown.content.decode()
    assert "Lý Thị Hoa" not in unknown.content.decode()
    other = client.get(reverse("training:certificate_verify"), {"code": "ABCDE-FGHJM"})
    # The same answer, but for the code echoed back: nothing tells one unknown code from another.
    def page_text(response):
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", response.content.decode())

    assert page_text(unknown).replace("FGHJK", "FGHJM") == page_text(other)
    assert client.get(reverse("training:certificate_verify_code", args=["ABCDEFGHJK"])).status_code == 404


def test_pdf_has_the_code_the_name_and_says_when_revoked(world, login):
    certificate = _issue(world)[0]
    client = login("hocvien")
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = page.extract_text()
    assert certificate.code in text and "LÝ THỊ HOA" in text and "CHỨNG CHỈ" in text
    assert "Giỏi" in text and "ĐÃ THU HỒI" not in text
    certificate_revoke(user=world["manager"], certificate=certificate, reason="Khai man hồ sơ")
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert "ĐÃ THU HỒI" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_issue_and_revoke_pages(world, login):
    client = login("quanlychuongtrinh")
    url = reverse("training:certificate_issue", args=[world["c1"].pk])
    page = client.get(url)
    assert page.status_code == 200 and "Lý Thị Hoa" in page.content.decode()
    assert page.context["form"].initial["signer_title"] == "Bộ Công Thương – Hợp phần CPI"
    bad = client.post(url, {"signer_name": "", "signer_title": "Giám đốc", "issued_on": "01/01/2020"})
    assert bad.status_code == 400 and not Certificate.objects.exists()
    done = client.post(url, {"signer_name": "Nguyễn Văn Sơn", "signer_title": "Giám đốc",
                             "issued_on": timezone.localdate().strftime("%d/%m/%Y")})
    assert done.status_code == 302
    certificate = Certificate.objects.get()
    listing = client.get(reverse("training:certificate_list"), {"course": world["c1"].pk})
    assert [row.pk for row in listing.context["table"].records] == [certificate.pk]
    assert client.get(reverse("training:certificate_list"), {"export": "xlsx"}).status_code == 200
    revoke = reverse("training:certificate_revoke", args=[certificate.pk])
    assert client.post(revoke, {"reason": ""}).status_code == 400
    assert client.post(revoke, {"reason": "Khai man hồ sơ"}).status_code == 302
    again = client.post(revoke, {"reason": "Lần nữa"})
    assert again.status_code == 400 and "đã bị thu hồi" in again.content.decode()
    revoked = client.get(reverse("training:certificate_list"), {"revoked": "true"})
    assert [row.pk for row in revoked.context["table"].records] == [certificate.pk]


def test_api_issue_revoke_and_public_verify(world, api):
    manager = api("quanlychuongtrinh")
    response = manager.post("/api/v1/training/certificates/issue/", {
        "course": world["c1"].pk, "signer_name": "Nguyễn Văn Sơn", "signer_title": "Giám đốc"}, format="json")
    assert response.status_code == 201, response.content
    [row] = response.json()
    assert row["holder"] == "Lý Thị Hoa" and row["band"] == "Giỏi"
    again = manager.post("/api/v1/training/certificates/issue/", {
        "course": world["c1"].pk, "signer_name": "Nguyễn Văn Sơn", "signer_title": "Giám đốc"}, format="json")
    assert again.status_code == 201 and again.json() == []
    other = manager.post("/api/v1/training/certificates/issue/", {
        "course": world["c2"].pk, "signer_name": "A", "signer_title": "B"}, format="json")
    assert other.status_code == 404

    from rest_framework.test import APIClient

    public = APIClient()
    code = row["code"]
    checked = public.get(f"/api/v1/training/certificates/verify/{code.lower().replace('-', '')}/")
    assert checked.status_code == 200
    assert checked.json()["holder"] == "Lý Thị Hoa" and checked.json()["valid"] is True
    assert public.get("/api/v1/training/certificates/verify/ABCDE-FGHJK/").status_code == 404

    revoke = manager.post(f"/api/v1/training/certificates/{row['id']}/revoke/", {"reason": ""}, format="json")
    assert revoke.status_code == 400
    revoke = manager.post(f"/api/v1/training/certificates/{row['id']}/revoke/", {"reason": "Sai tên"}, format="json")
    assert revoke.status_code == 200 and revoke.json()["is_revoked"] is True
    body = public.get(f"/api/v1/training/certificates/verify/{code}/").json()
    assert body["valid"] is False and body["revoked_reason"] == "Sai tên"
