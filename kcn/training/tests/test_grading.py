"""Grading: field report uploads, the rubric's rules, grades in range or nothing saved, the weighted
result and its bands, classification (idempotent, constant queries), publishing and what a trainee sees."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcn.training.choices import CriterionTarget, EnrolmentStatus, OrganisationType
from kcn.training.models import Enrolment, FieldReport, Grade, GradeBand, Trainee
from kcn.training.selectors.grading import course_results
from kcn.training.services import grading as services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def criteria(world):
    c = {criterion.code: criterion for criterion in world["c1"].criteria.all()}
    return c["tham-gia"], c["tuong-tac"], c["bao-cao"]


def grade_all(world, user, e1=("8", "8", "8"), e2=("5", "5", "5")):
    """Grades both trainees on all three criteria (the report one through their report on k1)."""
    participation, interaction, report_criterion = criteria(world)
    for key, scores in (("e1", e1), ("e2", e2)):
        enrolment = world[key]
        services.grades_record(user=user, course=world["c1"], scores={
            (enrolment.pk, participation.pk): Decimal(scores[0]), (enrolment.pk, interaction.pk): Decimal(scores[1])})
        report = FieldReport.objects.filter(enrolment=enrolment, coaching=world["k1"]).first()
        if report is not None and scores[2] is not None:
            services.report_grade(user=user, report=report, scores={report_criterion.pk: Decimal(scores[2])})


def upload_both(world, user_named):
    report = services.report_submit(user=user_named("hocvien"), coaching=world["k1"], title="Báo cáo", file=pdf())
    t2 = world["t2"]
    t2.user = _user("hv.binh")
    t2.save()
    other = services.report_submit(user=t2.user, coaching=world["k1"], title="Báo cáo Bình", file=pdf())
    return report, other


def _user(username):
    from kcn.accounts.choices import Role
    from kcn.accounts.models import User

    return User.objects.create(username=username, role=Role.TRAINEE, full_name="Trần Văn Bình")


# --- field reports


def test_trainee_uploads_a_report_and_replaces_it_until_graded(training_world, user_named, media):
    w = training_world
    hocvien = user_named("hocvien")
    report = services.report_submit(user=hocvien, coaching=w["k1"], title="Báo cáo lần 1", file=pdf("bc-1.pdf"))
    assert (report.original_name, report.size, report.content_type) == ("bc-1.pdf", len(PDF), "application/pdf")
    again = services.report_submit(user=hocvien, coaching=w["k1"], title="Báo cáo lần 2", file=pdf("bc-2.pdf"))
    assert again.pk == report.pk and again.original_name == "bc-2.pdf"
    _p, _i, report_criterion = criteria(w)
    services.report_grade(user=user_named("giangvien"), report=again, scores={report_criterion.pk: Decimal("7")})
    with pytest.raises(ValidationError, match="đã được chấm"):
        services.report_submit(user=hocvien, coaching=w["k1"], title="Lần 3", file=pdf("bc-3.pdf"))
    assert FieldReport.objects.get().original_name == "bc-2.pdf"


def test_a_renamed_jpeg_is_refused(training_world, user_named, media, login):
    w = training_world
    jpeg = SimpleUploadedFile("bao-cao.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"0" * 100, "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Ảnh", file=jpeg)
    assert "file" in error.value.message_dict
    jpeg.seek(0)
    response = login("hocvien").post(reverse("training:report_add", args=[w["k1"].pk]),
                                     {"title": "Ảnh", "file": jpeg})
    assert response.status_code == 400
    assert "bị đổi đuôi" in response.content.decode()
    assert not FieldReport.objects.exists()


def test_only_participants_upload(training_world, user_named, media):
    w = training_world
    w["k1"].participants.remove(w["e1"])
    with pytest.raises(ValidationError, match="tham gia"):
        services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo", file=pdf())
    with pytest.raises(PermissionDenied):
        services.report_submit(user=user_named("hocvien"), coaching=w["k2"], title="Báo cáo", file=pdf())


def test_download_serves_the_original_name_in_scope_only(training_world, user_named, media, login):
    w = training_world
    report = services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo",
                                    file=pdf("Báo cáo thu hoạch.pdf"))
    response = login("giangvien").get(reverse("training:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and "B%C3%A1o" in response["Content-Disposition"]
    assert login("gv.khac").get(reverse("training:report_download", args=[report.pk])).status_code == 404


def test_report_list_filters_graded(training_world, user_named, media, login):
    w = training_world
    report, other = upload_both(w, user_named)
    _p, _i, report_criterion = criteria(w)
    services.report_grade(user=user_named("giangvien"), report=report, scores={report_criterion.pk: Decimal("6")})
    client = login("giangvien")
    graded = client.get(reverse("training:report_list"), {"graded": "true"}).context["table"].records
    pending = client.get(reverse("training:report_list"), {"graded": "false"}).context["table"].records
    assert [r.pk for r in graded] == [report.pk] and [r.pk for r in pending] == [other.pk]
    export = client.get(reverse("training:report_list"), {"export": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"


# --- grades


def test_a_score_out_of_range_names_the_criterion_and_saves_nothing(training_world, user_named, login):
    w = training_world
    participation, interaction, _r = criteria(w)
    client = login("giangvien")
    response = client.post(reverse("training:course_grading", args=[w["c1"].pk]), {
        f"score_{w['e1'].pk}_{participation.pk}": "9",
        f"score_{w['e2'].pk}_{interaction.pk}": "12"})
    assert response.status_code == 400
    assert "Tương tác với giảng viên" in response.content.decode()
    assert not Grade.objects.exists()


def test_report_grade_out_of_range_is_refused(training_world, user_named, media):
    w = training_world
    report = services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo", file=pdf())
    _p, _i, report_criterion = criteria(w)
    with pytest.raises(ValidationError, match="Chất lượng báo cáo thu hoạch"):
        services.report_grade(user=user_named("giangvien"), report=report, scores={report_criterion.pk: Decimal("-1")})
    assert not Grade.objects.exists()


# --- arithmetic and bands


def test_weighted_result_with_weights_not_summing_to_100(training_world, user_named, media):
    w = training_world
    participation, interaction, report_criterion = criteria(w)
    # Weights 3, 2, 5 (sum 10) give the same result as 30/20/50; max score of participation 20.
    for criterion, weight in ((participation, "3"), (interaction, "2"), (report_criterion, "5")):
        criterion.weight = Decimal(weight)
        criterion.save()
    participation.max_score = Decimal("20")
    participation.save()
    upload_both(w, user_named)
    grade_all(w, user_named("giangvien"), e1=("18", "7", "8.5"), e2=("10", "5", "5"))
    table = course_results(user=user_named("giangvien"), course=w["c1"])
    results = {row.enrolment.pk: row.outcome.result for row in table.rows}
    # (3×18/20 + 2×7/10 + 5×8.5/10) / 10 × 10 = 2.7 + 1.4 + 4.25 = 8.35
    assert results[w["e1"].pk] == Decimal("8.35")
    # (3×0.5 + 2×0.5 + 5×0.5) = 5.00
    assert results[w["e2"].pk] == Decimal("5.00")


def test_band_boundaries_exactly_8_is_gioi(training_world, user_named, media):
    w = training_world
    upload_both(w, user_named)
    grade_all(w, user_named("giangvien"), e1=("8", "8", "8"), e2=("6.5", "6.5", "6.49"))
    enrolments = {e.pk: e for e in services.course_classify(user=user_named("giangvien"), course=w["c1"])}
    assert enrolments[w["e1"].pk].result_score == Decimal("8.00")
    assert enrolments[w["e1"].pk].band.name == "Giỏi" and enrolments[w["e1"].pk].passed
    # 0.3×6.5 + 0.2×6.5 + 0.5×6.49 = 6.495 → 6.50 (HALF_UP) → Khá
    assert enrolments[w["e2"].pk].result_score == Decimal("6.50")
    assert enrolments[w["e2"].pk].band.name == "Khá"


def test_band_for_picks_the_highest_band_reached():
    bands = [GradeBand(name=n, min_score=Decimal(m)) for n, m in (("Giỏi", "8"), ("Khá", "6.5"), ("Trung bình", "5"),
                                                                  ("Không đạt", "0"))]
    assert services.band_for(Decimal("7.99"), bands).name == "Khá"
    assert services.band_for(Decimal("8.00"), bands).name == "Giỏi"
    assert services.band_for(Decimal("4.99"), bands).name == "Không đạt"
    assert services.band_for(Decimal("0"), bands).name == "Không đạt"


def test_missing_report_counts_zero_and_missing_grade_is_not_classified(training_world, user_named, media):
    w = training_world
    services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo", file=pdf())
    trainer = user_named("giangvien")
    grade_all(w, trainer, e1=("10", "10", "10"), e2=("10", "10", None))
    participation, _i, _r = criteria(w)
    enrolments = {e.pk: e for e in services.course_classify(user=trainer, course=w["c1"])}
    assert enrolments[w["e1"].pk].result_score == Decimal("10.00")
    # e2 handed no report on k1: the report criterion counts 0 → 5.00, Trung bình.
    assert enrolments[w["e2"].pk].result_score == Decimal("5.00")
    table = course_results(user=trainer, course=w["c1"])
    assert table.missing_reports == 1
    # Without the participation grade, e1 is "chưa đủ điểm": no result, no band.
    Grade.objects.filter(enrolment=w["e1"], criterion=participation).delete()
    enrolments = {e.pk: e for e in services.course_classify(user=trainer, course=w["c1"])}
    assert enrolments[w["e1"].pk].result_score is None and enrolments[w["e1"].pk].band is None


def test_ungraded_report_leaves_the_trainee_incomplete(training_world, user_named, media):
    w = training_world
    services.report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo", file=pdf())
    participation, interaction, _r = criteria(w)
    services.grades_record(user=user_named("giangvien"), course=w["c1"], scores={
        (w["e1"].pk, participation.pk): Decimal("9"), (w["e1"].pk, interaction.pk): Decimal("9")})
    row = next(r for r in course_results(user=user_named("giangvien"), course=w["c1"]).rows
               if r.enrolment.pk == w["e1"].pk)
    assert not row.outcome.complete


def test_classification_is_idempotent_and_skips_withdrawn(training_world, user_named, media):
    w = training_world
    upload_both(w, user_named)
    trainer = user_named("giangvien")
    grade_all(w, trainer)
    first = [(e.pk, e.result_score, e.band_id, e.passed) for e in services.course_classify(user=trainer,
                                                                                             course=w["c1"])]
    second = [(e.pk, e.result_score, e.band_id, e.passed) for e in services.course_classify(user=trainer,
                                                                                              course=w["c1"])]
    assert first == second
    Enrolment.objects.filter(pk=w["e2"].pk).update(status=EnrolmentStatus.WITHDRAWN)
    assert [e.pk for e in services.course_classify(user=trainer, course=w["c1"])] == [w["e1"].pk]


def test_course_results_runs_a_constant_number_of_queries(training_world, user_named, media):
    w = training_world
    trainer = user_named("giangvien")
    upload_both(w, user_named)
    grade_all(w, trainer)
    with CaptureQueriesContext(connection) as small:
        course_results(user=trainer, course=w["c1"])
    for n in range(30):
        trainee = Trainee.objects.create(full_name=f"Học viên {n}", organisation="Sở Công Thương",
                                         organisation_type=OrganisationType.DOIT)
        enrolment = Enrolment.objects.create(course=w["c1"], trainee=trainee, organisation="Sở Công Thương",
                                             organisation_type=OrganisationType.DOIT)
        w["k1"].participants.add(enrolment)
    with CaptureQueriesContext(connection) as large:
        table = course_results(user=trainer, course=w["c1"])
    assert len(table.rows) == 32
    assert len(large.captured_queries) == len(small.captured_queries)


# --- rubric


def test_rubric_rules(training_world, user_named):
    w = training_world
    manager = user_named("quanlychuongtrinh")
    crit = [{"name": "Tham gia", "target": CriterionTarget.ENROLMENT, "weight": Decimal("1"),
             "max_score": Decimal("10"), "order": 0}]
    with pytest.raises(ValidationError, match="bắt đầu từ 0"):
        services.rubric_save(user=manager, course=w["c1"], criteria=crit,
                             bands=[{"name": "Đạt", "min_score": Decimal("5"), "passes": True}])
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        services.rubric_save(user=manager, course=w["c1"], criteria=[{**crit[0], "weight": Decimal("0")}],
                             bands=[{"name": "Đạt", "min_score": Decimal("0"), "passes": True}])
    with pytest.raises(ValidationError, match="trùng"):
        services.rubric_save(user=manager, course=w["c1"], criteria=crit,
                             bands=[{"name": "Đạt", "min_score": Decimal("0"), "passes": True},
                                    {"name": "đạt", "min_score": Decimal("5"), "passes": True}])
    assert w["c1"].bands.count() == 4
    services.rubric_save(user=manager, course=w["c1"], criteria=crit,
                         bands=[{"name": "Đạt", "min_score": Decimal("5"), "passes": True},
                                {"name": "Chưa đạt", "min_score": Decimal("0"), "passes": False}])
    assert [b.name for b in w["c1"].bands.all()] == ["Đạt", "Chưa đạt"]
    assert [c.name for c in w["c1"].criteria.all()] == ["Tham gia"]
    with pytest.raises(PermissionDenied):
        services.rubric_save(user=user_named("giangvien"), course=w["c1"], criteria=crit,
                             bands=[{"name": "Đạt", "min_score": Decimal("0"), "passes": True}])


def test_rubric_page_saves_the_formsets(training_world, login):
    w = training_world
    client = login("quanlychuongtrinh")
    page = client.get(reverse("training:rubric", args=[w["c1"].pk]))
    assert page.status_code == 200
    data = {"criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "3", "bands-TOTAL_FORMS": "2",
            "bands-INITIAL_FORMS": "2"}
    for i, criterion in enumerate(w["c1"].criteria.all()):
        data.update({f"criteria-{i}-id": criterion.pk, f"criteria-{i}-name": criterion.name,
                     f"criteria-{i}-target": criterion.target, f"criteria-{i}-weight": "1",
                     f"criteria-{i}-max_score": "10", f"criteria-{i}-order": i})
    data.update({"bands-0-name": "Đạt", "bands-0-min_score": "5", "bands-0-passes": "on",
                 "bands-1-name": "Không đạt", "bands-1-min_score": "0"})
    response = client.post(reverse("training:rubric", args=[w["c1"].pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(b.name for b in w["c1"].bands.all()) == ["Không đạt", "Đạt"]
    assert {c.weight for c in w["c1"].criteria.all()} == {Decimal("1")}


# --- publishing and what the trainee sees


def test_publish_freezes_and_then_the_trainee_sees_their_result(training_world, user_named, media, login):
    w = training_world
    upload_both(w, user_named)
    trainer = user_named("giangvien")
    grade_all(w, trainer)
    hocvien = login("hocvien")
    before = hocvien.get(reverse("training:course_results", args=[w["c1"].pk]))
    assert before.status_code == 200 and before.context["table"].hidden
    from kcn.training.selectors.grading import grade_list

    assert not grade_list(user=user_named("hocvien")).exists()
    client = login("quanlychuongtrinh")
    client.post(reverse("training:course_results", args=[w["c1"].pk]), {"action": "classify"})
    response = client.post(reverse("training:course_results", args=[w["c1"].pk]), {"action": "publish"})
    assert response.status_code == 302
    w["c1"].refresh_from_db()
    assert w["c1"].results_published_at is not None
    after = hocvien.get(reverse("training:course_results", args=[w["c1"].pk]))
    rows = after.context["table"].rows
    assert [row.enrolment.pk for row in rows] == [w["e1"].pk]
    assert "Giỏi" in after.content.decode()
    with pytest.raises(ValidationError, match="công bố"):
        services.grades_record(user=trainer, course=w["c1"], scores={})
    with pytest.raises(ValidationError, match="công bố"):
        services.rubric_save(user=user_named("quanlychuongtrinh"), course=w["c1"],
                             criteria=[{"name": "A", "target": "enrolment", "weight": 1, "max_score": 10, "order": 0}],
                             bands=[{"name": "Đạt", "min_score": Decimal("0"), "passes": True}])


def test_results_page_counts_bands_and_exports(training_world, user_named, media, login):
    w = training_world
    upload_both(w, user_named)
    grade_all(w, user_named("giangvien"), e1=("9", "9", "9"), e2=("3", "3", "3"))
    client = login("giangvien")
    client.post(reverse("training:course_results", args=[w["c1"].pk]), {"action": "classify"})
    page = client.get(reverse("training:course_results", args=[w["c1"].pk]))
    counts = {band.name: n for band, n in page.context["table"].band_counts}
    assert counts == {"Giỏi": 1, "Khá": 0, "Trung bình": 0, "Không đạt": 1}
    export = client.get(reverse("training:course_results", args=[w["c1"].pk]), {"export": "xlsx"})
    assert export.status_code == 200 and zipfile.is_zipfile(io.BytesIO(export.content))
    # A trainer may classify, but publishing is the manager's.
    client.post(reverse("training:course_results", args=[w["c1"].pk]), {"action": "publish"})
    w["c1"].refresh_from_db()
    assert w["c1"].results_published_at is None


def test_api_results_and_classify(training_world, user_named, media, api):
    w = training_world
    upload_both(w, user_named)
    grade_all(w, user_named("giangvien"))
    response = api("giangvien").post(f"/api/v1/training/courses/{w['c1'].pk}/classify/")
    assert response.status_code == 200, response.content
    bands = {row["enrolment"]: row["band"] for row in response.json()["rows"]}
    assert bands == {w["e1"].pk: "Giỏi", w["e2"].pk: "Trung bình"}
    assert api("gv.khac").get(f"/api/v1/training/courses/{w['c1'].pk}/results/").status_code == 404
    assert api("hocvien").post(f"/api/v1/training/courses/{w['c1'].pk}/classify/").status_code == 404
    hidden = api("hocvien").get(f"/api/v1/training/courses/{w['c1'].pk}/results/").json()
    assert hidden["rows"] == []


def test_api_report_upload_and_grade(training_world, user_named, media, api):
    w = training_world
    response = api("hocvien").post("/api/v1/training/reports/", {"coaching": w["k1"].pk, "title": "Báo cáo",
                                                                 "file": pdf()}, format="multipart")
    assert response.status_code == 201, response.content
    report = FieldReport.objects.get()
    _p, _i, report_criterion = criteria(w)
    bad = api("giangvien").post("/api/v1/training/grades/", {"enrolment": w["e1"].pk, "criterion": report_criterion.pk,
                                                             "report": report.pk, "score": "11"}, format="json")
    assert bad.status_code == 400 and not Grade.objects.exists()
    good = api("giangvien").post("/api/v1/training/grades/", {"enrolment": w["e1"].pk, "criterion": report_criterion.pk,
                                                              "report": report.pk, "score": "7.5"}, format="json")
    assert good.status_code == 201, good.content
    # The trainee does not see the grade before results are published.
    assert api("hocvien").get("/api/v1/training/grades/").json()["results"] == []


def test_api_rubric_put(training_world, api):
    w = training_world
    body = {"criteria": [{"name": "Tham gia", "target": "enrolment", "weight": "40", "max_score": "10", "order": 0},
                         {"name": "Báo cáo", "target": "report", "weight": "60", "max_score": "10", "order": 1}],
            "bands": [{"name": "Đạt", "min_score": "5", "passes": True},
                      {"name": "Không đạt", "min_score": "0", "passes": False}]}
    url = f"/api/v1/training/courses/{w['c1'].pk}/rubric/"
    assert api("giangvien").put(url, body, format="json").status_code == 404
    assert api("quanlychuongtrinh").put(f"/api/v1/training/courses/{w['c2'].pk}/rubric/", body,
                                        format="json").status_code == 404
    response = api("quanlychuongtrinh").put(url, body, format="json")
    assert response.status_code == 200, response.content
    assert [c.name for c in w["c1"].criteria.all()] == ["Tham gia", "Báo cáo"]
    bad = api("quanlychuongtrinh").put(url, {**body, "bands": [{"name": "Đạt", "min_score": "5", "passes": True}]},
                                       format="json")
    assert bad.status_code == 400 and "0 điểm" in str(bad.json())
    assert w["c1"].bands.count() == 2


def test_results_page_writes_decimals_the_way_each_language_does(training_world, user_named, media, login):
    w = training_world
    upload_both(w, user_named)
    grade_all(w, user_named("giangvien"), e1=("8.5", "7", "9"), e2=("5", "5", "5"))
    client = login("giangvien")
    url = reverse("training:course_results", args=[w["c1"].pk])
    client.post(url, {"action": "classify"})
    row = f'data-enrolment="{w["e1"].pk}"'
    # 8.5×30 + 7×20 + 9×50 → 8.45 on 10.
    vietnamese = client.get(url).content.decode()
    cells = vietnamese[vietnamese.index(row):vietnamese.index("</tr>", vietnamese.index(row))]
    assert ">8,5<" in cells and ">8,45<" in cells
    user = user_named("giangvien")
    user.language = "en"
    user.save()
    english = login("giangvien").get(url).content.decode()
    cells = english[english.index(row):english.index("</tr>", english.index(row))]
    assert ">8.5<" in cells and ">8.45<" in cells
