"""The tracing pages as an officer and an enterprise use them."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from kcn.tracing import services
from kcn.tracing.choices import Decision
from kcn.tracing.models import Case, Contact

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_officer_records_a_case_and_sees_its_contacts_and_graph(floor, login, today):
    client = login("truongphong")
    response = client.post(reverse("tracing:case_add"), {
        "identity_number": floor["An"].identity_number, "positive_test_date": (today - DAY).strftime("%d/%m/%Y"),
        "symptom_onset": (today - 2 * DAY).strftime("%d/%m/%Y"), "isolation_place": "Bệnh viện Đa khoa tỉnh",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Trần Thị Bình" in page and "cùng tổ Tổ 1, ca Ca 1" in page
    assert '<svg' in page and 'id="chain-graph"' in page
    assert floor["An"].identity_number not in page  # masked
    assert floor["An"].identity_number[:4] + "******" + floor["An"].identity_number[-2:] in page


def test_record_form_shows_the_reason_in_vietnamese(floor, login, today):
    response = login("truongphong").post(reverse("tracing:case_add"), {
        "identity_number": "035099999999", "positive_test_date": today.strftime("%d/%m/%Y")})
    assert response.status_code == 400
    assert "Không có người lao động nào mang số CCCD này" in response.content.decode()
    assert not Case.objects.exists()


def test_bulk_confirm_and_reject_from_the_case_page(floor, login, user_named, today):
    case = services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                                positive_test_date=today)
    ids = {c.worker.full_name: c.pk for c in Contact.objects.filter(case=case).select_related("worker")}
    client = login("truongphong")
    url = reverse("tracing:contact_decide", args=[case.pk])
    client.post(url, {"decision": "confirmed", "contact": [ids["Trần Thị Bình"], ids["Đỗ Văn Cường"]]})
    client.post(url, {"decision": "rejected", "contact": [ids["Lê Văn Giang"]]})
    decisions = dict(Contact.objects.values_list("worker__full_name", "decision"))
    assert decisions["Trần Thị Bình"] == decisions["Đỗ Văn Cường"] == Decision.CONFIRMED
    assert decisions["Lê Văn Giang"] == Decision.REJECTED
    # The enterprise may follow but not decide: its attempt is a 404 and changes nothing.
    assert login("doanhnghiep").post(url, {"decision": "rejected", "contact": [ids["Bùi Thị Dung"]]}).status_code \
        == 404
    assert Contact.objects.get(pk=ids["Bùi Thị Dung"]).decision == Decision.PROPOSED


def test_status_page_records_a_dated_status(floor, login, user_named, today):
    case = services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                                positive_test_date=today)
    binh = Contact.objects.get(case=case, worker=floor["Bình"])
    services.contacts_decide(user=user_named("truongphong"), contact_ids=[binh.pk], decision=Decision.CONFIRMED)
    client = login("doanhnghiep")
    url = reverse("tracing:contact_status", args=[binh.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "isolating", "on": today.strftime("%d/%m/%Y"), "note": "Tại nhà"})
    assert response.status_code == 302
    binh.refresh_from_db()
    assert (binh.status, binh.status_on) == ("isolating", today)
    assert "Đang cách ly" in client.get(case.get_absolute_url()).content.decode()


def test_export_masks_identity_numbers_and_phones(floor, login, user_named, today):
    floor["Bình"].phone = "0912345678"
    floor["Bình"].save()
    case = services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                                positive_test_date=today)
    response = login("truongphong").get(reverse("tracing:contact_export", args=[case.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Thế hệ", "Họ và tên", "Số CCCD", "Điện thoại")
    binh = next(row for row in rows if row[1] == "Trần Thị Bình")
    assert binh[2] == floor["Bình"].identity_number[:4] + "******" + floor["Bình"].identity_number[-2:]
    assert binh[3] == "09******78"  # as the worker list masks phones
    assert floor["Bình"].identity_number not in str(rows)


def test_case_list_filters_and_menu(floor, login, user_named, today):
    services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                         positive_test_date=today - 3 * DAY, propose=False)
    services.case_record(user=user_named("canbo"), identity_number=floor["Khoa"].identity_number,
                         positive_test_date=today, propose=False)
    client = login("lanhdao")
    page = client.get(reverse("tracing:case_list")).content.decode()
    assert "Nguyễn Văn An" in page and "Tạ Văn Khoa" in page and "Ca bệnh và truy vết" in page
    page = client.get(reverse("tracing:case_list"), {"zone": floor["Khoa"].enterprise.zone_id}).content.decode()
    assert "Tạ Văn Khoa" in page and "Nguyễn Văn An" not in page
    page = client.get(reverse("tracing:case_list"), {"date_to": (today - DAY).strftime("%d/%m/%Y")}).content.decode()
    assert "Nguyễn Văn An" in page and "Tạ Văn Khoa" not in page
    assert "Ca bệnh và truy vết" not in login("quansat").get("/").content.decode()


def test_rule_page_publishes_a_new_version(rule, demo, login):
    client = login("admin")
    response = client.post(reverse("tracing:rule_list"), {
        "groups": "team + shift\n*dormitory + room", "valid_from": "01/01/2026", "days_before": 3,
        "generations": 2})
    assert response.status_code == 302
    page = login("truongphong").get(reverse("tracing:rule_list")).content.decode()
    assert "tổ + ca; khu nhà ở + phòng (cả các doanh nghiệp cùng KCN)" in page
    assert login("truongphong").post(reverse("tracing:rule_list"), {"groups": "team"}).status_code == 404


def test_case_list_and_case_page_cost_the_same_queries_whatever_their_size(floor, own, login, user_named, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import make_workers

    officer = user_named("truongphong")
    case = services.case_record(user=officer, identity_number=floor["An"].identity_number, positive_test_date=today)
    client = login("truongphong")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = (count(reverse("tracing:case_list")), count(case.get_absolute_url()))
    people = make_workers(own, [{"full_name": f"Công nhân {n}", "team": "Tổ 1", "shift": "Ca 1"} for n in range(30)])
    services.contacts_propose(user=officer, cases=[case])
    services.case_record(user=officer, identity_number=people[0].identity_number, positive_test_date=today,
                         propose=False)
    assert (count(reverse("tracing:case_list")), count(case.get_absolute_url())) == before


def test_case_page_adds_a_contact_and_says_why_one_is_refused(floor, login, user_named, today):
    case = services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                                positive_test_date=today)
    client = login("truongphong")
    assert 'id="contact-add"' in client.get(case.get_absolute_url()).content.decode()
    url = reverse("tracing:contact_add", args=[case.pk])
    response = client.post(url, {"identity_number": floor["Ích"].identity_number, "link": "Ăn trưa cùng bàn"},
                           follow=True)
    assert "Đã bổ sung Vũ Minh Ích (F1)." in response.content.decode()
    assert Contact.objects.get(case=case, worker=floor["Ích"]).decision == Decision.CONFIRMED
    response = client.post(url, {"identity_number": "001099000001", "link": "Ăn trưa"}, follow=True)
    assert "Không có người lao động nào mang số CCCD này" in response.content.decode()
    # An officer of another department does not reach the case: 404, nothing added.
    assert login("canbo").post(url, {"identity_number": floor["Em"].identity_number, "link": "x"}).status_code \
        == 404
    assert not Contact.objects.filter(case=case, worker=floor["Em"]).exists()
