"""Writes of grading: field reports, the course's rubric and bands, grades, classification, publishing.

The course result of a trainee is Σ(weight × score / max score) / Σ weight × 10, where a
per-report criterion's score is the mean over the coachings the trainee took part in (a report
not handed in counts 0). It is computed by ``compute_result`` for both the classification and
the results page, so the page never disagrees with what was written.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.services import require_permission
from kcn.core.text import search_key

from ..choices import CriterionTarget, EnrolmentStatus
from ..constants import DOCUMENT_MAX_BYTES, RESULT_SCALE
from ..models import Coaching, Course, Enrolment, FieldReport, Grade, GradeBand, RubricCriterion

TWO_PLACES = Decimal("0.01")


def _locked_course(user, course, action=Action.VIEW):
    current = (Course.objects.restrict(user, action).filter(pk=course.pk).order_by()
               .select_for_update(of=("self",)).first())
    if current is None:
        raise PermissionDenied
    return current


def _not_published(course):
    if course.results_published_at is not None:
        raise ValidationError(_("Kết quả của khóa đã được công bố nên không thay đổi được nữa."), code="published")


# --- field reports


def report_submit(*, user, coaching: Coaching, title: str, file) -> FieldReport:
    """The trainee hands in (or, until it is graded, replaces) their field report on ``coaching``."""
    from kcn.core.files import document_kind

    require_permission(user, FieldReport, Action.ADD)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tiêu đề báo cáo.")})
    if file is None:
        raise ValidationError({"file": _("Hãy chọn tệp báo cáo.")})
    try:
        kind = document_kind(file, max_bytes=DOCUMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        coaching = Coaching.objects.restrict(user, Action.VIEW).filter(pk=coaching.pk).first()
        if coaching is None:
            raise PermissionDenied
        enrolment = (Enrolment.objects.restrict(user, Action.VIEW)
                     .filter(trainee__user=user, coachings=coaching).select_related("course").first())
        if enrolment is None:
            raise ValidationError(_("Chỉ học viên tham gia đợt hướng dẫn này mới nộp được báo cáo thu hoạch."))
        if enrolment.status == EnrolmentStatus.WITHDRAWN:
            raise ValidationError(_("Bạn đã rút khỏi khóa học nên không nộp báo cáo được."))
        report = FieldReport.objects.select_for_update().filter(enrolment=enrolment, coaching=coaching).first()
        old_file = None
        if report is not None:
            require_permission(user, FieldReport, Action.CHANGE)
            if report.grades.exists():
                raise ValidationError(_("Báo cáo đã được chấm điểm nên không thay được tệp nữa."))
            old_file = report.file.name
        else:
            report = FieldReport(enrolment=enrolment, coaching=coaching)
        report.title = title
        report.original_name = (getattr(file, "name", "") or "")[-255:]
        report.size = file.size
        report.content_type = kind.content_type
        report.submitted_at = timezone.now()
        report.submitted_by = user
        report.file.save(report.original_name, file, save=False)
        report.full_clean()
        report._history_user = user
        report.save()
        if not FieldReport.objects.restrict(user, Action.CHANGE if old_file else Action.ADD).filter(
                pk=report.pk).exists():
            raise PermissionDenied
        if old_file:
            storage = report.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return report


def report_grade(*, user, report: FieldReport, scores: dict, comment: str = "") -> list[Grade]:
    """Grade one report on every per-report criterion of its course: {criterion_id: Decimal}."""
    require_permission(user, Grade, Action.CHANGE)
    with transaction.atomic():
        report = (FieldReport.objects.restrict(user, Action.VIEW).filter(pk=report.pk)
                  .select_related("enrolment").first())
        if report is None:
            raise PermissionDenied
        course = _locked_course(user, Course(pk=report.enrolment.course_id))
        _not_published(course)
        criteria = list(course.criteria.filter(target=CriterionTarget.REPORT))
        existing = {g.criterion_id: g for g in report.grades.all()}
        grades, errors = [], []
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is None:
                errors.append(_("Hãy cho điểm tiêu chí “%(criterion)s”.") % {"criterion": criterion.name})
                continue
            grade = existing.get(criterion.pk) or Grade(enrolment=report.enrolment, criterion=criterion, report=report)
            grade.score, grade.comment, grade.graded_by, grade.graded_at = score, comment, user, timezone.now()
            try:
                grade.full_clean()
            except ValidationError as error:
                errors.extend(error.messages)
            grades.append(grade)
        if errors:
            raise ValidationError(errors)
        for grade in grades:
            grade._history_user = user
            grade.save()
        _check_grades(user, grades)
    return grades


def grades_record(*, user, course: Course, scores: dict) -> int:
    """The per-trainee criteria of ``course``: {(enrolment_id, criterion_id): Decimal or None}.

    None clears a grade. All or nothing: one score out of range and nothing is saved. Returns
    the number of grades written or cleared.
    """
    require_permission(user, Grade, Action.CHANGE)
    with transaction.atomic():
        course = _locked_course(user, course)
        _not_published(course)
        criteria = {c.pk: c for c in course.criteria.filter(target=CriterionTarget.ENROLMENT)}
        enrolments = {e.pk: e for e in Enrolment.objects.restrict(user, Action.VIEW).filter(course=course)}
        existing = {(g.enrolment_id, g.criterion_id): g for g in
                    Grade.objects.filter(enrolment__course=course, report__isnull=True)}
        to_save, to_delete, errors = [], [], []
        for (enrolment_id, criterion_id), score in scores.items():
            if enrolment_id not in enrolments or criterion_id not in criteria:
                raise PermissionDenied
            grade = existing.get((enrolment_id, criterion_id))
            if score is None:
                if grade is not None:
                    to_delete.append(grade)
                continue
            if grade is not None and grade.score == score:
                continue
            grade = grade or Grade(enrolment=enrolments[enrolment_id], criterion=criteria[criterion_id])
            grade.score, grade.graded_by, grade.graded_at = score, user, timezone.now()
            try:
                grade.full_clean()
            except ValidationError as error:
                errors.append(_("%(trainee)s: %(message)s") % {"trainee": enrolments[enrolment_id].trainee,
                                                               "message": " ".join(error.messages)})
            to_save.append(grade)
        if errors:
            raise ValidationError(errors)
        for grade in to_delete:
            grade._history_user = user
            grade.delete()
        for grade in to_save:
            grade._history_user = user
            grade.save()
        _check_grades(user, to_save)
    return len(to_save) + len(to_delete)


def grade_save(*, user, instance: Grade | None, data: dict) -> Grade:
    """One grade (the API): of a trainee on a per-trainee criterion, or of a report on a per-report one."""
    require_permission(user, Grade, Action.CHANGE if instance is not None else Action.ADD)
    with transaction.atomic():
        enrolment = Enrolment.objects.restrict(user, Action.VIEW).filter(pk=data["enrolment"].pk).first()
        if enrolment is None:
            raise PermissionDenied
        course = _locked_course(user, Course(pk=enrolment.course_id))
        _not_published(course)
        criterion, report = data["criterion"], data.get("report")
        if criterion.course_id != course.pk:
            raise ValidationError({"criterion": _("Tiêu chí “%(criterion)s” không thuộc khóa của học viên.") % {
                "criterion": criterion.name}})
        if report is not None and report.enrolment_id != enrolment.pk:
            raise ValidationError({"report": _("Báo cáo này không phải của học viên đã chọn.")})
        if instance is not None:
            grade = Grade.objects.restrict(user, Action.CHANGE).select_for_update().filter(pk=instance.pk).first()
            if grade is None:
                raise PermissionDenied
        else:
            grade = Grade.objects.filter(enrolment=enrolment, criterion=criterion, report=report).first() or Grade()
        grade.enrolment, grade.criterion, grade.report = enrolment, criterion, report
        grade.score, grade.comment = data["score"], data.get("comment", "")
        grade.graded_by, grade.graded_at = user, timezone.now()
        grade.full_clean()
        grade._history_user = user
        grade.save()
        _check_grades(user, [grade])
    return grade


def _check_grades(user, grades):
    ids = {grade.pk for grade in grades}
    if ids and Grade.objects.restrict(user, Action.CHANGE).filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied


# --- the rubric


def _criterion_code(name, taken):
    base = slugify(search_key(name))[:28] or "tieu-chi"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def rubric_save(*, user, course: Course, criteria: list[dict], bands: list[dict]) -> Course:
    """Replace the rubric of ``course`` with ``criteria`` and ``bands`` (each a dict of fields, with
    ``id`` for an existing row); rows not listed are removed. Any earlier classification is
    cleared, as it no longer matches the rubric.
    """
    require_permission(user, RubricCriterion, Action.CHANGE)
    require_permission(user, GradeBand, Action.CHANGE)
    errors = []
    if not criteria:
        errors.append(_("Khóa phải có ít nhất một tiêu chí chấm điểm."))
    elif sum((Decimal(c["weight"]) for c in criteria), Decimal(0)) <= 0:
        errors.append(_("Tổng trọng số các tiêu chí phải lớn hơn 0."))
    names = [b["name"].strip().casefold() for b in bands]
    if len(set(names)) != len(names):
        errors.append(_("Tên xếp loại bị trùng."))
    minimums = [Decimal(b["min_score"]) for b in bands]
    if len(set(minimums)) != len(minimums):
        errors.append(_("Hai xếp loại không được có cùng điểm từ."))
    if Decimal(0) not in minimums:
        errors.append(_("Phải có một xếp loại bắt đầu từ 0 điểm để điểm nào cũng được xếp loại."))
    criterion_names = [c["name"].strip().casefold() for c in criteria]
    if len(set(criterion_names)) != len(criterion_names):
        errors.append(_("Tên tiêu chí bị trùng."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        course = _locked_course(user, course, Action.CHANGE)
        _not_published(course)
        Enrolment.objects.filter(course=course).update(result_score=None, band=None, passed=None, classified_at=None)
        try:
            _replace(user, course, RubricCriterion, criteria, _("tiêu chí"))
            _replace(user, course, GradeBand, bands, _("xếp loại"))
        except IntegrityError:
            raise ValidationError(_("Không lưu được bảng tiêu chí: hãy kiểm tra tên và điểm không bị trùng.")) from None
        if not RubricCriterion.objects.restrict(user, Action.CHANGE).filter(course=course).exists():
            raise PermissionDenied
    return course


def _replace(user, course, model, rows, label):
    current = {row.pk: row for row in model.objects.filter(course=course)}
    keep = {row["id"] for row in rows if row.get("id")}
    if keep - set(current):
        raise PermissionDenied
    for pk in set(current) - keep:
        try:
            current[pk].delete()
        except ProtectedError:
            raise ValidationError(_("Không xóa được %(label)s “%(name)s” vì đã có điểm hoặc học viên được xếp loại "
                                    "theo nó.") % {"label": label, "name": current[pk].name}) from None
    taken = {row.code for pk, row in current.items() if pk in keep} if model is RubricCriterion else set()
    for data in rows:
        obj = current.get(data.get("id")) or model(course=course)
        for name, value in data.items():
            if name not in ("id", "delete"):
                setattr(obj, name, value)
        if model is RubricCriterion and not obj.code:
            obj.code = _criterion_code(obj.name, taken)
            taken.add(obj.code)
        obj.full_clean(validate_constraints=False)
        obj._history_user = user
        obj.save()


# --- the result


@dataclass
class Result:
    """A trainee's scores per criterion (None: not graded yet) and their weighted result."""

    scores: dict = field(default_factory=dict)  # criterion_id → Decimal | None
    missing_reports: int = 0
    result: Decimal | None = None

    @property
    def complete(self):
        return self.result is not None


def compute_result(criteria, *, grades, reports, coachings) -> Result:
    """The result of one trainee.

    ``grades``: {(criterion_id, report_id or None): score}; ``reports``: {coaching_id: report_id};
    ``coachings``: ids of the coachings the trainee took part in.
    """
    outcome = Result()
    outcome.missing_reports = sum(1 for coaching in coachings if coaching not in reports)
    complete = True
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for criterion in criteria:
        if criterion.target == CriterionTarget.REPORT:
            if not coachings:
                score = None
            else:
                values = []
                for coaching in coachings:
                    report = reports.get(coaching)
                    if report is None:
                        values.append(Decimal(0))  # not handed in
                    else:
                        values.append(grades.get((criterion.pk, report)))
                score = None if any(v is None for v in values) else sum(values, Decimal(0)) / len(values)
        else:
            score = grades.get((criterion.pk, None))
        outcome.scores[criterion.pk] = score
        if score is None:
            complete = False
            continue
        weighted += criterion.weight * score / criterion.max_score
        total_weight += criterion.weight
    if complete and total_weight > 0:
        outcome.result = (weighted / total_weight * RESULT_SCALE).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return outcome


def band_for(score, bands):
    """The highest band whose minimum is at most ``score`` (``bands`` in any order)."""
    if score is None:
        return None
    eligible = [band for band in bands if band.min_score <= score]
    return max(eligible, key=lambda band: band.min_score) if eligible else None


def course_classify(*, user, course: Course) -> list[Enrolment]:
    """Classify every enrolled trainee of ``course``: result on 10, band, passed.

    A trainee with a criterion not graded yet gets no result (chưa đủ điểm). Running it again
    gives the same answer; only classified_at moves.
    """
    from ..selectors.grading import course_results

    require_permission(user, Grade, Action.CHANGE)
    with transaction.atomic():
        course = _locked_course(user, course)
        _not_published(course)
        table = course_results(user=user, course=course, classify=True)
        now = timezone.now()
        enrolments = []
        for row in table.rows:
            enrolment = row.enrolment
            band = band_for(row.outcome.result, table.bands)
            enrolment.result_score = row.outcome.result
            enrolment.band = band
            enrolment.passed = band.passes if band else None
            enrolment.classified_at = now if band else None
            enrolments.append(enrolment)
        Enrolment.objects.bulk_update(enrolments, ["result_score", "band", "passed", "classified_at"], batch_size=500)
    return enrolments


def course_publish_results(*, user, course: Course) -> Course:
    """Publish the results: trainees see their grades and band; the rubric and grades are frozen."""
    with transaction.atomic():
        course = _locked_course(user, course, Action.CHANGE)
        _not_published(course)
        enrolled = course.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN)
        if not enrolled.exists() or enrolled.filter(band__isnull=True).exists():
            raise ValidationError(_("Chưa công bố được: còn học viên chưa đủ điểm hoặc chưa được xếp loại."))
        course.results_published_at = timezone.now()
        course._history_user = user
        course.save(update_fields=["results_published_at", "updated_at"])
    return course
