"""The worker pages as their users see them: list, masking, export, upload and its result, edit."""

import io

import openpyxl
import pytest

from kcn.workers.models import Worker, WorkerExport, WorkerImport
from kcn.workers.services import worker_import

from .helpers import person, xlsx_file


@pytest.fixture
def workers(objects, user_named):
    enterprise = objects["ent_dv2"]
    report = worker_import(user=user_named("doanhnghiep"), enterprise=enterprise,
                           file=xlsx_file([person(i) for i in range(1, 31)]), file_name="ds.xlsx")
    assert report.ok, report.errors.stored()
    return enterprise


def test_enterprise_sees_its_list_masked(login, workers):
    response = login("doanhnghiep").get("/workers/")
    assert response.status_code == 200
    text = response.content.decode()
    number = person(1)["identity_number"]
    assert number not in text
    assert number[:4] + "******" + number[-2:] in text
    assert "30 kết quả" in text


def test_reveal_shows_numbers_for_the_entitled(login, workers):
    text = login("doanhnghiep").get("/workers/?reveal=1").content.decode()
    assert person(1)["identity_number"] in text
    assert person(1)["phone"] in text


def test_search_without_diacritics_and_by_identity(login, workers):
    client = login("doanhnghiep")
    assert "1 kết quả" in client.get("/workers/?q=tran thi 11").content.decode()
    assert "1 kết quả" in client.get(f"/workers/?q={person(12)['identity_number']}").content.decode()


def test_filters(login, workers):
    client = login("doanhnghiep")
    expected = Worker.objects.filter(team="Tổ 2").count()
    assert f"{expected} kết quả" in client.get("/workers/?team=Tổ 2").content.decode()
    assert "30 kết quả" in client.get("/workers/?status=active").content.decode()
    assert "0 kết quả" in client.get("/workers/?status=left").content.decode()


def test_department_chooses_an_enterprise_of_its_zones(login, workers, objects):
    client = login("truongphong")
    assert "choose-enterprise" in client.get("/workers/").content.decode()
    text = client.get(f"/workers/?enterprise={workers.pk}").content.decode()
    assert "30 kết quả" in text
    # canbo monitors HNA-CS, not DV2: the enterprise is not offered and lists nothing.
    text = login("canbo").get(f"/workers/?enterprise={workers.pk}").content.decode()
    assert "30 kết quả" not in text


@pytest.mark.parametrize("username", ["lanhdao", "quansat", "admin", "giangvien"])
def test_others_get_nothing(login, workers, username):
    assert login(username).get("/workers/").status_code == 404
    worker = Worker.objects.first()
    assert login(username).get(f"/workers/{worker.pk}/").status_code == 404


def test_masked_export_is_masked_and_unmasked_export_is_recorded(login, workers):
    client = login("doanhnghiep")
    response = client.get("/workers/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(numbers) == 30 and all("******" in n for n in numbers)
    assert WorkerExport.objects.get().revealed is False
    response = client.get("/workers/?export=csv&reveal=1")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert person(1)["identity_number"] in body
    record = WorkerExport.objects.filter(revealed=True).get()
    assert record.rows == 30 and record.user.username == "doanhnghiep" and record.file_format == "csv"


def test_upload_page_shows_the_result(login, objects):
    client = login("doanhnghiep")
    enterprise = objects["ent_dv2"]
    template = client.get(f"/workers/upload/template.xlsx?enterprise={enterprise.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert sheet["B1"].value == enterprise.tax_code
    file = xlsx_file([person(1), person(2)], tax_code=enterprise.tax_code)
    response = client.post("/workers/upload/", {"enterprise": enterprise.pk, "file": file}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="count-added">2<' in text
    assert WorkerImport.objects.get().added == 2


def test_upload_with_errors_lists_them(login, objects):
    client = login("doanhnghiep")
    file = xlsx_file([person(1), person(2, identity_number="123")])
    response = client.post("/workers/upload/", {"enterprise": objects["ent_dv2"].pk, "file": file}, follow=True)
    text = response.content.decode()
    assert "không dòng nào được lưu" in text
    assert "12 chữ số" in text
    assert not Worker.objects.exists()


def test_edit_keeps_identity_unique(login, workers):
    client = login("doanhnghiep")
    worker = Worker.objects.get(identity_number=person(1)["identity_number"])
    other = person(3)["identity_number"]
    data = {"identity_number": other, "full_name": worker.full_name, "date_of_birth": "15/06/1993",
            "sex": "female", "phone": "", "residence_address": "", "vaccine_doses": 1}
    response = client.post(f"/workers/{worker.pk}/edit/", data)
    assert response.status_code == 400
    assert "số CCCD này" in response.content.decode()
    data["identity_number"] = worker.identity_number
    data["date_of_birth"] = "15/06/1991"
    data["team"] = "Tổ mới"
    response = client.post(f"/workers/{worker.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    worker.refresh_from_db()
    assert worker.team == "Tổ mới" and worker.vaccine_doses == 1


def test_import_history(login, workers):
    text = login("doanhnghiep").get("/workers/imports/").content.decode()
    assert "ds.xlsx" in text
    assert login("lanhdao").get("/workers/imports/").status_code == 404



def test_list_escapes_what_workers_typed(login, workers):
    Worker.objects.filter(identity_number=person(1)["identity_number"]).update(full_name="<b>Hoa</b> & Co")
    text = login("doanhnghiep").get("/workers/").content.decode()
    assert "&lt;b&gt;Hoa&lt;/b&gt; &amp; Co" in text and "<b>Hoa</b>" not in text
