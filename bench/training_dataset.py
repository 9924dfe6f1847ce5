"""The training benchmark's dataset: a programme with ten years of courses (issue 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_training .venv/bin/python bench/training_dataset.py \
        [--trainees 20000] [--years 10] [--rebuild]

Built once and reused while the size recorded in ``bench_training_dataset`` matches; ``--rebuild``
drops the database and builds it again. ``bench/training.py`` calls ``ensure_dataset``.

What is in it (seed 2008):

- the demo users (``load_demo`` without enterprises), six trainers of its own;
- the programme "Đào tạo chuyên gia tư vấn SXSH (đo hiệu năng)", managed by ``quanlychuongtrinh``,
  with 4 courses a year for 10 years (40 courses, 430–570 trainees each, 20,000 trainees each
  enrolled once), 4 modules, 4 grade bands and 3 rubric criteria (30/20/50) per course;
- per course 4 sessions of 5 days (the 4th a half day, the 5th a factory visit) and a coaching
  after sessions 2 and 4 with every trainee taking part;
- attendance for every trainee and day (400,000 rows), feedback from every trainee on every session
  (80,000, with 240,000 scores on the programme's 3 criteria), field reports (about 95 % of the
  trainees write each of their 2), grades (2 per trainee, 1 per report), results classified with
  the weighted formula (scores brought to 10, a missing report counts 0, highest band reached),
  a certificate for every trainee who passed (a few revoked);
- where a record names a province before 1 July 2025 it names the province as it was then
  (``legacy_province``), with the current one beside it;
- the network: registered activities of about 70 % of the graduates with quarterly updates,
  six-monthly evaluations, two workshops a year with the organisations that came;
- a second programme with one course of 20 trainees (same structure): the small case of the
  constant-query checks.

Everything goes in by ``COPY`` (psycopg 3) with ids chosen here, sequences set afterwards, in one
transaction with the foreign-key triggers off (``session_replication_role = replica``: the ids are
the ones just written); no audit-history rows (bulk data has none, as in the other datasets).
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_training")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")

SEED = 2008
MARKER = "bench_training_dataset"
PROGRAMME_CODE = "bench-sxsh-tu-van"
SMALL_PROGRAMME_CODE = "bench-sxsh-mot-khoa"
SMALL_COURSE_TRAINEES = 20
CUTOVER = datetime.date(2025, 7, 1)  # provinces merged: records before this name the old province

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Thanh", "Thùy", "Phương"]
MIDDLE_M = ["Văn", "Minh", "Quang", "Đức", "Hoàng", "Thành", "Hữu", "Anh"]
GIVEN_F = ["Hoa", "Lan", "Hương", "Mai", "Trang", "Hà", "Linh", "Thảo", "Nga", "Yến", "Dung", "Hạnh", "Vân"]
GIVEN_M = ["Bình", "Nam", "Hùng", "Dũng", "Tuấn", "Sơn", "Hải", "Long", "Cường", "Khoa", "Thắng", "Phong"]
PLACES = ["Khách sạn Kim Liên, Hà Nội", "Trung tâm Hội nghị tỉnh Thái Nguyên", "Khách sạn Sài Gòn – Đà Lạt",
          "Trường Đại học Bách khoa Đà Nẵng", "Trung tâm Khuyến công tỉnh Bến Tre", "Khách sạn Mường Thanh Vinh"]
FACTORIES = ["Công ty CP Giấy Hoàng Văn Thụ", "Công ty CP Mía đường Bến Tre", "Nhà máy Thuốc lá Bến Tre",
             "Công ty TNHH Dệt may Nam Định", "Công ty CP Thực phẩm Sao Mai", "Công ty CP Gạch men Thanh Hải",
             "Công ty CP Chế biến thủy sản Cà Mau", "Công ty TNHH Bia Huế"]
#: organisation type, weight, name pattern ({province} is the province's name)
ORGANISATIONS = [
    ("doit", 30, "Sở Công Thương {province}"),
    ("promotion_centre", 18, "Trung tâm Khuyến công {province}"),
    ("cp_centre", 10, "Trung tâm Tiết kiệm năng lượng và Sản xuất sạch hơn {province}"),
    ("consulting_firm", 16, "Công ty TNHH Tư vấn Môi trường {n}"),
    ("environment_centre", 8, "Trung tâm Quan trắc môi trường {province}"),
    ("enterprise", 12, "Công ty CP Sản xuất {n}"),
    ("university", 4, "Viện Khoa học và Công nghệ Môi trường {n}"),
    ("other", 2, "Hội Doanh nghiệp {province}"),
]
BANDS = [("Giỏi", Decimal("8"), True), ("Khá", Decimal("6.5"), True), ("Trung bình", Decimal("5"), True),
         ("Không đạt", Decimal("0"), False)]
CRITERIA = [("tham-gia", "Tham gia các hoạt động đào tạo", "enrolment", Decimal("30")),
            ("tuong-tac", "Tương tác với giảng viên, doanh nghiệp và học viên", "enrolment", Decimal("20")),
            ("bao-cao", "Chất lượng báo cáo thu hoạch", "report", Decimal("50"))]
MODULES = ["Lập kế hoạch", "Thực hiện", "Giám sát và đánh giá", "Duy trì và cải tiến"]
FEEDBACK = ["Nội dung đáp ứng nhu cầu", "Phương pháp giảng dạy", "Công tác tổ chức"]
SECTORS = ["10", "11", "13", "14", "17", "20", "22", "23", "24", "25"]
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TWO = Decimal("0.01")


class Loader:
    """Rows for one model at a time, sent by COPY with ids chosen here."""

    def __init__(self, cursor, now):
        self.cursor = cursor
        self.now = now
        self.next_ids = {}
        self.counts = {}

    def ids(self, model, count):
        table = model._meta.db_table
        if table not in self.next_ids:
            self.cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
            self.next_ids[table] = self.cursor.fetchone()[0]
        first = self.next_ids[table]
        self.next_ids[table] += count
        return range(first, first + count)

    def copy(self, model, rows):
        """COPY dict rows (attnames, incl. id) into the model's table; other columns at their default."""
        fields = model._meta.concrete_fields
        defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = self.now
            elif f.has_default() and not callable(f.default):
                defaults[f.attname] = f.get_default()
            else:
                defaults[f.attname] = None if f.null else ""
        names = [f.attname for f in fields]
        columns = ", ".join(f'"{f.column}"' for f in fields)
        count = 0
        with self.cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
                count += 1
        self.counts[model._meta.db_table] = self.counts.get(model._meta.db_table, 0) + count
        return count

    def check_references(self):
        """Every foreign key of the tables loaded points at a row (the triggers that would say so were off)."""
        from django.apps import apps

        tables = set(self.counts)
        broken = []
        for model in apps.get_models(include_auto_created=True):
            if model._meta.db_table not in tables:
                continue
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.target_field
                self.cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" t WHERE t."{field.column}" IS NOT NULL AND NOT '
                    f'EXISTS (SELECT 1 FROM "{target.model._meta.db_table}" r WHERE r."{target.column}" = '
                    f't."{field.column}")')
                missing = self.cursor.fetchone()[0]
                if missing:
                    broken.append(f"{model._meta.db_table}.{field.column}: {missing}")
        if broken:
            raise RuntimeError("rows pointing nowhere: " + ", ".join(broken))

    def reset_sequences(self):
        for table in self.next_ids:
            self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))')


def _round(value):
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def _score(rng, ability, spread=0.7, step=Decimal("0.25")):
    raw = min(10.0, max(0.0, rng.gauss(ability, spread)))
    return (Decimal(str(raw)) / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step


def _at(day, hour):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _course_sizes(total, count, rng):
    sizes = [rng.randint(430, 570) for _ in range(count)]
    scale = total / sum(sizes)
    sizes = [int(s * scale) for s in sizes]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


class Builder:
    def __init__(self, loader, rng, today):
        from kcn.registry.models import LegacyProvince, Province

        self.load = loader
        self.rng = rng
        self.today = today
        self.legacy = list(LegacyProvince.objects.select_related("successor").order_by("code"))
        self.current = list(Province.objects.order_by("code"))
        self.trainee_number = 0
        self.certificate_codes = set()
        self.certificate_number = 0
        self.graduates = []  # (trainee id, course end date) of those who passed

    # --- people -------------------------------------------------------------------------------
    def _name(self):
        rng = self.rng
        if rng.random() < 0.55:
            return "F", f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
        return "M", f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"

    def _where(self, start):
        """(current province, legacy province or None, name the record used) for a record dated start."""
        if start < CUTOVER:
            legacy = self.rng.choice(self.legacy)
            return legacy.successor_id, legacy.code, legacy.name
        province = self.rng.choice(self.current)
        return province.code, None, province.name

    def _organisation(self, province_name):
        kind, _weight, pattern = self.rng.choices(ORGANISATIONS, weights=[o[1] for o in ORGANISATIONS])[0]
        prefix = "" if province_name.startswith(("Thành phố", "Tỉnh")) else "tỉnh "
        return kind, pattern.format(province=f"{prefix}{province_name}", n=self.rng.randint(1, 400))

    # --- one course and everything under it -------------------------------------------------------
    def course(self, programme_id, number, start, size, trainers, manager_id):
        from kcn.training import models as m

        load, rng = self.load, self.rng
        end = start + datetime.timedelta(days=120)
        (course_id,) = load.ids(m.Course, 1)
        published = _at(end + datetime.timedelta(days=10), 9)
        load.copy(m.Course, [{"id": course_id, "programme_id": programme_id, "number": number,
                              "name": f"Kỹ năng tư vấn sản xuất sạch hơn – khóa {number}",
                              "start_date": start, "end_date": end, "status": "closed",
                              "results_published_at": published}])
        course_trainers = rng.sample(trainers, 2)
        load.copy(m.Course.trainers.through, [{"id": i, "course_id": course_id, "user_id": u} for i, u in zip(
            load.ids(m.Course.trainers.through, 2), course_trainers, strict=True)])
        module_ids = list(load.ids(m.CourseModule, 4))
        load.copy(m.CourseModule, [{"id": i, "course_id": course_id, "order": n, "title": t}
                                   for n, (i, t) in enumerate(zip(module_ids, MODULES, strict=True), start=1)])
        band_ids = list(load.ids(m.GradeBand, len(BANDS)))
        load.copy(m.GradeBand, [{"id": i, "course_id": course_id, "name": name, "min_score": low, "passes": passes}
                                for i, (name, low, passes) in zip(band_ids, BANDS, strict=True)])
        criterion_ids = list(load.ids(m.RubricCriterion, len(CRITERIA)))
        load.copy(m.RubricCriterion, [
            {"id": i, "course_id": course_id, "code": code, "name": name, "target": target, "weight": weight,
             "max_score": Decimal("10"), "order": order}
            for order, (i, (code, name, target, weight)) in enumerate(zip(criterion_ids, CRITERIA, strict=True))])

        # Sessions, their days, modules and trainers; a coaching after sessions 2 and 4.
        sessions, days, coachings = [], [], []
        for n, session_id in enumerate(load.ids(m.Session, 4), start=1):
            first = start + datetime.timedelta(days=(n - 1) * 28)
            province, legacy, _name = self._where(first)
            sessions.append({"id": session_id, "course_id": course_id, "number": n, "place": rng.choice(PLACES),
                             "start_date": first, "end_date": first + datetime.timedelta(days=4),
                             "visited_enterprise": rng.choice(FACTORIES), "province_id": province,
                             "legacy_province_id": legacy})
            for offset, day_id in enumerate(load.ids(m.SessionDay, 5)):
                days.append({"id": day_id, "session_id": session_id, "date": first + datetime.timedelta(days=offset),
                             "kind": "field" if offset == 4 else "class", "half_day": offset == 3,
                             "topic": MODULES[n - 1]})
            if n in (2, 4):
                coaching_start = first + datetime.timedelta(days=7)
                province, legacy, _name = self._where(coaching_start)
                coachings.append({"id": load.ids(m.Coaching, 1)[0], "session_id": session_id,
                                  "enterprise_name": rng.choice(FACTORIES), "start_date": coaching_start,
                                  "end_date": coaching_start + datetime.timedelta(days=1), "status": "done",
                                  "report_due": coaching_start + datetime.timedelta(days=14),
                                  "province_id": province, "legacy_province_id": legacy,
                                  "notes": "Hướng dẫn nhận diện dòng thải và lập cân bằng vật liệu."})
        load.copy(m.Session, sessions)
        load.copy(m.SessionDay, days)
        load.copy(m.Coaching, coachings)
        through = m.Session.modules.through
        load.copy(through, [{"id": i, "session_id": s["id"], "coursemodule_id": module_ids[s["number"] - 1]}
                            for i, s in zip(load.ids(through, 4), sessions, strict=True)])
        through = m.Session.trainers.through
        pairs = [(s["id"], u) for s in sessions for u in course_trainers]
        load.copy(through, [{"id": i, "session_id": s, "user_id": u}
                            for i, (s, u) in zip(load.ids(through, len(pairs)), pairs, strict=True)])
        through = m.Coaching.trainers.through
        pairs = [(c["id"], course_trainers[0]) for c in coachings]
        load.copy(through, [{"id": i, "coaching_id": c, "user_id": u}
                            for i, (c, u) in zip(load.ids(through, len(pairs)), pairs, strict=True)])

        # Trainees and their enrolments, as they were at the time of the course.
        trainees, enrolments, sectors = [], [], []
        trainee_ids = list(load.ids(m.Trainee, size))
        enrolment_ids = list(load.ids(m.Enrolment, size))
        for trainee_id, enrolment_id in zip(trainee_ids, enrolment_ids, strict=True):
            self.trainee_number += 1
            sex, full_name = self._name()
            province, legacy, province_name = self._where(start)
            kind, organisation = self._organisation(province_name)
            email = f"hocvien{self.trainee_number:05d}@sxsh-daotao.vn" if rng.random() < 0.8 else ""
            trainees.append({"id": trainee_id, "full_name": full_name, "sex": sex,
                             "birth_year": rng.randint(1965, 1998), "email": email,
                             "phone": f"09{rng.randint(10000000, 99999999)}", "organisation": organisation,
                             "organisation_type": kind, "province_id": province, "position": "Chuyên viên",
                             "experience": "",
                             "search_text": m.Trainee.search_text_for(full_name, organisation, email)})
            for sector in rng.sample(SECTORS, rng.randint(1, 2)):
                sectors.append({"trainee_id": trainee_id, "sector": sector})
            enrolments.append({"id": enrolment_id, "course_id": course_id, "trainee_id": trainee_id,
                               "status": "enrolled", "enrolled_on": start - datetime.timedelta(days=14),
                               "organisation": organisation, "organisation_type": kind, "province_id": province,
                               "legacy_province_id": legacy})
        load.copy(m.Trainee, trainees)
        for row, i in zip(sectors, load.ids(m.SectorExperience, len(sectors)), strict=True):
            row["id"] = i
        load.copy(m.SectorExperience, sectors)

        # Attendance: every trainee, every day.
        statuses = ["present"] * 90 + ["late"] * 4 + ["excused"] * 3 + ["absent"] * 3
        qr = start.year >= 2020
        attendance = []
        ids = iter(load.ids(m.Attendance, size * len(days)))
        for day in days:
            recorded_at = _at(day["date"], 8)
            for enrolment_id in enrolment_ids:
                by_qr = qr and rng.random() < 0.7
                attendance.append({"id": next(ids), "enrolment_id": enrolment_id, "day_id": day["id"],
                                   "status": rng.choice(statuses), "method": "qr" if by_qr else "trainer",
                                   "recorded_by_id": None if by_qr else course_trainers[0],
                                   "recorded_at": recorded_at})

        # Coaching participants, field reports and grades; the result by the weighted formula.
        through = m.Coaching.participants.through
        pairs = [(c["id"], e) for c in coachings for e in enrolment_ids]
        participants = [{"id": i, "coaching_id": c, "enrolment_id": e}
                        for i, (c, e) in zip(load.ids(through, len(pairs)), pairs, strict=True)]
        reports, grades = [], []
        total_weight = sum(c[3] for c in CRITERIA)
        results = {}
        for enrolment in enrolments:
            ability = min(9.8, max(2.0, rng.gauss(7.0, 1.2)))
            graded_at = _at(end, 10)
            weighted = Decimal(0)
            for criterion_id, (_code, _name, target, weight) in zip(criterion_ids, CRITERIA, strict=True):
                if target == "enrolment":
                    score = _score(rng, ability)
                    grades.append({"enrolment_id": enrolment["id"], "criterion_id": criterion_id, "report_id": None,
                                   "score": score, "comment": "", "graded_by_id": course_trainers[0],
                                   "graded_at": graded_at})
                    weighted += weight * score
                    continue
                total = Decimal(0)
                for coaching in coachings:
                    if rng.random() < 0.05:
                        continue  # no report: counts 0
                    (report_id,) = load.ids(m.FieldReport, 1)
                    submitted = coaching["report_due"] - datetime.timedelta(days=rng.randint(0, 10))
                    reports.append({
                        "id": report_id, "enrolment_id": enrolment["id"], "coaching_id": coaching["id"],
                        "title": f"Báo cáo thu hoạch tại {coaching['enterprise_name']}",
                        "file": f"training/reports/{submitted:%Y/%m}/{uuid.UUID(int=rng.getrandbits(128)).hex}.pdf",
                        "original_name": "bao-cao-thu-hoach.pdf", "size": rng.randint(200_000, 4_000_000),
                        "content_type": "application/pdf", "submitted_at": _at(submitted, 20),
                        "submitted_by_id": course_trainers[0]})
                    score = _score(rng, ability, 0.9)
                    grades.append({"enrolment_id": enrolment["id"], "criterion_id": criterion_id,
                                   "report_id": report_id, "score": score, "comment": "",
                                   "graded_by_id": course_trainers[1], "graded_at": graded_at})
                    total += score
                weighted += weight * total / len(coachings)
            result = _round(weighted / total_weight)  # criteria scored out of 10: the result is on 10
            band_index = next(i for i, band in enumerate(BANDS) if result >= band[1])
            results[enrolment["id"]] = result
            enrolment.update(result_score=result, band_id=band_ids[band_index], passed=BANDS[band_index][2],
                             classified_at=published)
        load.copy(m.Enrolment, enrolments)
        load.copy(m.Attendance, attendance)
        load.copy(through, participants)
        load.copy(m.FieldReport, reports)
        for row, i in zip(grades, load.ids(m.Grade, len(grades)), strict=True):
            row["id"] = i
        load.copy(m.Grade, grades)

        # Feedback from every trainee on every session.
        feedback, scores = [], []
        criteria = self.feedback_criteria[programme_id]
        for session in sessions:
            submitted = _at(session["end_date"], 16)
            feedback_ids = load.ids(m.Feedback, size)
            for feedback_id, enrolment_id in zip(feedback_ids, enrolment_ids, strict=True):
                mood = rng.gauss(8.2, 0.8)
                values = [_score(rng, mood, 0.6, Decimal("1")) for _ in criteria]
                feedback.append({"id": feedback_id, "session_id": session["id"], "enrolment_id": enrolment_id,
                                 "average": _round(sum(values) / len(values)),
                                 "comment": "" if rng.random() < 0.8 else "Cần thêm thời gian thực hành.",
                                 "submitted_at": submitted})
                for criterion_id, value in zip(criteria, values, strict=True):
                    scores.append({"feedback_id": feedback_id, "criterion_id": criterion_id, "score": value})
        load.copy(m.Feedback, feedback)
        for row, i in zip(scores, load.ids(m.FeedbackScore, len(scores)), strict=True):
            row["id"] = i
        load.copy(m.FeedbackScore, scores)

        # Certificates for those who passed.
        certificates = []
        issued_on = end + datetime.timedelta(days=14)
        for enrolment in enrolments:
            if not enrolment["passed"]:
                continue
            self.graduates.append((enrolment["trainee_id"], end))
            self.certificate_number += 1
            revoked = rng.random() < 0.002
            certificates.append({
                "id": load.ids(m.Certificate, 1)[0], "enrolment_id": enrolment["id"], "code": self._code(),
                "number": f"{issued_on.year}/CC-SXSH/{self.certificate_number:05d}", "issued_on": issued_on,
                "signer_name": "Nguyễn Văn Hòa", "signer_title": "Giám đốc Văn phòng Sản xuất sạch hơn",
                "issued_by_id": manager_id, "revoked_at": _at(issued_on + datetime.timedelta(days=90), 9) if revoked
                else None, "revoked_reason": "Cấp nhầm họ tên." if revoked else "",
                "revoked_by_id": manager_id if revoked else None})
        load.copy(m.Certificate, certificates)
        return course_id

    def _code(self):
        while True:
            raw = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(10))
            code = f"{raw[:5]}-{raw[5:]}"
            if code not in self.certificate_codes:
                self.certificate_codes.add(code)
                return code

    # --- programmes -----------------------------------------------------------------------------
    def programme(self, code, name, start_year, end_year, manager_id):
        from kcn.training import models as m

        (programme_id,) = self.load.ids(m.Programme, 1)
        self.load.copy(m.Programme, [{"id": programme_id, "code": code, "name": name,
                                      "sponsor": "Bộ Công Thương – Hợp phần Sản xuất sạch hơn trong công nghiệp",
                                      "description": "", "start_year": start_year, "end_year": end_year,
                                      "target_department_share": Decimal("90")}])
        through = m.Programme.managers.through
        self.load.copy(through, [{"id": self.load.ids(through, 1)[0], "programme_id": programme_id,
                                  "user_id": manager_id}])
        ids = list(self.load.ids(m.FeedbackCriterion, len(FEEDBACK)))
        self.load.copy(m.FeedbackCriterion, [{"id": i, "programme_id": programme_id, "order": n, "text": text,
                                              "is_active": True}
                                             for n, (i, text) in enumerate(zip(ids, FEEDBACK, strict=True))])
        self.feedback_criteria = getattr(self, "feedback_criteria", {})
        self.feedback_criteria[programme_id] = ids
        return programme_id

    # --- the network ----------------------------------------------------------------------------
    def network(self, programme_id, manager_id, first_year):
        from kcn.network import models as n

        load, rng, today = self.load, self.rng, self.today
        activities, updates, evaluations = [], [], []
        kinds = ["assessment", "consulting", "training", "guidance", "other"]
        for trainee_id, course_end in self.graduates:
            for half_index in range(1, 9):  # six-monthly evaluations for up to four years
                moment = course_end + datetime.timedelta(days=182 * half_index)
                if moment >= today or rng.random() < 0.15:
                    continue
                rating = rng.choices(["excellent", "good", "fair", "weak"], weights=[25, 40, 25, 10])[0]
                evaluations.append({"trainee_id": trainee_id, "year": moment.year, "half": 1 if moment.month <= 6
                                    else 2, "rating": rating, "score": _score(rng, 7.0, 1.2),
                                    "comment": "", "evaluated_by_id": manager_id, "evaluated_on": moment})
            if rng.random() >= 0.7:
                continue
            for _ in range(rng.randint(1, 2)):
                planned_start = course_end + datetime.timedelta(days=rng.randint(15, 200))
                planned_end = planned_start + datetime.timedelta(days=rng.randint(90, 540))
                status = ("done" if planned_end < today else "in_progress") if rng.random() < 0.85 else "dropped"
                if planned_start > today:
                    status = "registered"
                (activity_id,) = load.ids(n.CpActivity, 1)
                activities.append({"id": activity_id, "trainee_id": trainee_id, "programme_id": programme_id,
                                   "kind": rng.choice(kinds), "title": "Đánh giá SXSH tại doanh nghiệp",
                                   "enterprise_name": rng.choice(FACTORIES), "enterprise_id": None,
                                   "sector": rng.choice(SECTORS), "description": "", "planned_start": planned_start,
                                   "planned_end": planned_end, "status": status})
                quarter_start = planned_start
                for _q in range(rng.randint(1, 6)):
                    quarter_start += datetime.timedelta(days=91)
                    if quarter_start >= today:
                        break
                    updates.append({"activity_id": activity_id, "year": quarter_start.year,
                                    "quarter": (quarter_start.month - 1) // 3 + 1,
                                    "status": "in_progress", "progress": "Đã khảo sát hiện trạng và đề xuất giải pháp.",
                                    "enterprises_reached": rng.randint(0, 3), "submitted_by_id": manager_id})
        seen, unique_updates = set(), []
        for row in updates:  # one update per activity and quarter
            key = (row["activity_id"], row["year"], row["quarter"])
            if key not in seen:
                seen.add(key)
                unique_updates.append(row)
        seen, unique_evaluations = set(), []
        for row in evaluations:
            key = (row["trainee_id"], row["year"], row["half"])
            if key not in seen:
                seen.add(key)
                unique_evaluations.append(row)
        load.copy(n.CpActivity, activities)
        for row, i in zip(unique_updates, load.ids(n.ActivityUpdate, len(unique_updates)), strict=True):
            row["id"] = i
        load.copy(n.ActivityUpdate, unique_updates)
        for row, i in zip(unique_evaluations, load.ids(n.Evaluation, len(unique_evaluations)), strict=True):
            row["id"] = i
        load.copy(n.Evaluation, unique_evaluations)

        workshops, organisations = [], []
        for year in range(first_year, today.year):
            for month in (4, 10):
                start = datetime.date(year, month, 14)
                province, legacy, province_name = self._where(start)
                (workshop_id,) = load.ids(n.Workshop, 1)
                workshops.append({"id": workshop_id, "title": f"Hội thảo chia sẻ kinh nghiệm SXSH {province_name}",
                                  "organiser": "Bộ Công Thương", "programme_id": programme_id,
                                  "place": province_name, "start_date": start,
                                  "end_date": start + datetime.timedelta(days=1), "description": "",
                                  "status": "held", "province_id": province, "legacy_province_id": legacy})
                names = set()
                for _ in range(16):
                    o_province, o_legacy, o_name = self._where(start)
                    kind, name = self._organisation(o_name)
                    if name in names:
                        continue
                    names.add(name)
                    organisations.append({"id": load.ids(n.WorkshopOrganisation, 1)[0], "workshop_id": workshop_id,
                                          "name": name, "organisation_type": kind, "attendees": rng.randint(1, 4),
                                          "province_id": o_province, "legacy_province_id": o_legacy})
        load.copy(n.Workshop, workshops)
        load.copy(n.WorkshopOrganisation, organisations)


def _dataset_present(trainees, years):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT trainees, years, built_at, seconds FROM {MARKER}")
        row = cursor.fetchone()
    if not row or (row[0], row[1]) != (trainees, years):
        return None
    from kcn.training.models import Programme

    if not Programme.objects.filter(code=PROGRAMME_CODE).exists():
        return None
    return row


def _drop_database():
    import dj_database_url
    import psycopg
    from django.db import connections

    connections.close_all()
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                         user=config["USER"] or "postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


def ensure_dataset(trainees=20_000, years=10, rebuild=False):
    """Build the dataset unless the database already holds one of this size; returns a summary dict."""
    from bench.setup_db import prepare_database

    if rebuild:
        _drop_database()
    prepare_database()
    present = _dataset_present(trainees, years)
    if present:
        print(f"training dataset present ({present[0]:,} trainees, {present[1]} years, built {present[2]:%d/%m/%Y} "
              f"in {present[3]:.0f} s); --rebuild to build it again", flush=True)
        return {"built": False, "seconds": present[3]}
    if _marker_exists():
        # A dataset of another size: start from an empty database.
        _drop_database()
        prepare_database()
    return _build(trainees, years)


def _marker_exists():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        return cursor.fetchone()[0] is not None


def _build(trainees, years):
    from django.db import connection, transaction
    from django.utils import timezone

    from kcn.accounts.choices import Role
    from kcn.accounts.models import User
    from kcn.registry.demo import load_demo

    print(f"building the training dataset: {trainees:,} trainees over {years} years...", flush=True)
    started = time.perf_counter()
    phases = {}
    rng = random.Random(SEED)
    today = timezone.localdate()
    load_demo(enterprise_count=0)
    manager = User.objects.get(username="quanlychuongtrinh")
    trainers = []
    for index in range(1, 7):
        user, _ = User.objects.get_or_create(username=f"gv.dohieunang{index}", defaults={
            "role": Role.TRAINER, "full_name": f"Giảng viên đo hiệu năng {index}"})
        trainers.append(user.pk)
    trainers.append(User.objects.get(username="giangvien").pk)
    phases["users"] = time.perf_counter() - started

    with transaction.atomic(), connection.cursor() as cursor:
        # The ids written are the ones chosen here: skip the deferred foreign-key checks at commit
        # (tens of seconds for a million rows), as reporting_dataset.py does.
        cursor.execute("SET LOCAL session_replication_role = replica")
        loader = Loader(cursor, timezone.now())
        builder = Builder(loader, rng, today)
        first_year = today.year - years
        programme_id = builder.programme(PROGRAMME_CODE, "Đào tạo chuyên gia tư vấn SXSH (đo hiệu năng)",
                                         first_year, today.year - 1, manager.pk)
        starts = [datetime.date(year, month, 10) for year in range(first_year, today.year) for month in (1, 4, 7, 10)]
        sizes = _course_sizes(trainees, len(starts), rng)
        mark = time.perf_counter()
        for number, (start, size) in enumerate(zip(starts, sizes, strict=True), start=1):
            builder.course(programme_id, number, start, size, trainers, manager.pk)
            if number % 10 == 0:
                print(f"  {number} of {len(starts)} courses ({time.perf_counter() - mark:.0f} s)", flush=True)
        phases["courses"] = time.perf_counter() - mark
        mark = time.perf_counter()
        builder.network(programme_id, manager.pk, first_year)
        small = builder.programme(SMALL_PROGRAMME_CODE, "Tập huấn nâng cao đánh giá SXSH (đo hiệu năng, một khóa)",
                                  today.year - 1, today.year - 1, manager.pk)
        builder.course(small, 1, datetime.date(today.year - 1, 3, 2), SMALL_COURSE_TRAINEES, trainers, manager.pk)
        phases["network and small programme"] = time.perf_counter() - mark
        loader.reset_sequences()
        mark = time.perf_counter()
        loader.check_references()
        phases["foreign-key check"] = time.perf_counter() - mark
        seconds = time.perf_counter() - started
        cursor.execute(f"CREATE TABLE {MARKER} (trainees integer, years integer, built_at timestamptz, "
                       "seconds double precision)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, now(), %s)", [trainees, years, seconds])
        mark = time.perf_counter()
    phases["commit"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    phases["analyze"] = time.perf_counter() - mark
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MARKER} SET seconds = %s", [seconds])
    counts = loader.counts
    print(f"  built in {seconds:.1f} s ("
          + ", ".join(f"{name} {value:.1f} s" for name, value in phases.items()) + ")", flush=True)
    for table in ("training_trainee", "training_enrolment", "training_attendance", "training_feedback",
                  "training_feedbackscore", "training_grade", "training_fieldreport", "training_certificate",
                  "network_cpactivity", "network_activityupdate", "network_evaluation"):
        print(f"  {table}: {counts.get(table, 0):,}")
    return {"built": True, "seconds": seconds, "phases": phases, "rows": counts}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_dataset(args.trainees, args.years, args.rebuild)


if __name__ == "__main__":
    main()
