"""Reads of grading that pages, the API and other areas share; each takes the acting user.

``course_results`` answers in a constant number of queries whatever the number of trainees: one
each for the criteria, bands, enrolments, grades, reports and coaching participations, then the
arithmetic in Python (services.grading.compute_result).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import formats

from kcn.accounts.choices import Role
from kcn.core.choices import Action

from ..choices import CoachingStatus, CriterionTarget, EnrolmentStatus
from ..models import Coaching, Enrolment, FieldReport, Grade, GradeBand, RubricCriterion
from ..services.grading import Result, compute_result


def results_hidden(user, course):
    """A trainee sees their grades and result only once the course's results are published."""
    return getattr(user, "role", None) == Role.TRAINEE and course.results_published_at is None


def report_list(*, user, action=Action.VIEW):
    return (FieldReport.objects.restrict(user, action)
            .select_related("enrolment__trainee", "enrolment__course", "coaching__session"))


def grade_list(*, user, action=Action.VIEW):
    queryset = Grade.objects.restrict(user, action).select_related("criterion", "enrolment__trainee")
    if getattr(user, "role", None) == Role.TRAINEE:
        queryset = queryset.filter(enrolment__course__results_published_at__isnull=False)
    return queryset


def number_texts(values, *, places=2, trim=True, separator=None):
    """Decimals as the page shows them ("8,5" in Vietnamese, "8.5" in English; None stays None).

    What ``floatformat`` does, once per request instead of once per cell: a course of 600 trainees
    has thousands of cells, and the filter's per-cell locale look-ups were most of the page's time.
    """
    separator = separator or formats.get_format("DECIMAL_SEPARATOR")
    texts = []
    for value in values:
        if value is None:
            texts.append(None)
            continue
        text = f"{value:.{places}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        texts.append(text.replace(".", separator))
    return texts


@dataclass
class ResultRow:
    enrolment: Enrolment
    outcome: Result
    scores: list = field(default_factory=list)  # (criterion, score or None) in the criteria's order
    score_texts: list = field(default_factory=list)  # the scores formatted for the page
    result_text: str | None = None

    @property
    def band(self):
        return self.enrolment.band

    @property
    def stale(self):
        """The stored classification differs from what the grades give now (classify again)."""
        return self.enrolment.result_score != self.outcome.result


@dataclass
class ResultsTable:
    criteria: list
    bands: list
    rows: list
    hidden: bool = False

    @property
    def band_counts(self):
        """[(band, count)] from the highest band down, for "10 giỏi, 11 khá, 5 trung bình, 3 không đạt"."""
        counts = Counter(row.enrolment.band_id for row in self.rows if row.enrolment.band_id)
        return [(band, counts.get(band.pk, 0)) for band in sorted(self.bands, key=lambda b: -b.min_score)]

    @property
    def unclassified(self):
        return sum(1 for row in self.rows if row.enrolment.band_id is None)

    @property
    def incomplete(self):
        return sum(1 for row in self.rows if not row.outcome.complete)

    @property
    def missing_reports(self):
        return sum(row.outcome.missing_reports for row in self.rows)

    @property
    def has_report_criteria(self):
        return any(c.target == CriterionTarget.REPORT for c in self.criteria)

    @property
    def total_weight(self):
        return sum(c.weight for c in self.criteria)


def course_results(*, user, course, classify=False) -> ResultsTable:
    """Every trainee of ``course`` the user may see, with each criterion's score, result and band.

    ``classify``: only the enrolled trainees (not withdrawn), as the classification needs.
    """
    criteria = list(RubricCriterion.objects.restrict(user, Action.VIEW).filter(course=course).order_by("order", "pk"))
    bands = list(GradeBand.objects.restrict(user, Action.VIEW).filter(course=course))
    hidden = results_hidden(user, course)
    enrolments = (Enrolment.objects.restrict(user, Action.VIEW).filter(course=course).select_related("trainee", "band")
                  .only("course_id", "status", "organisation", "result_score", "passed", "band", "trainee__full_name",
                        "band__name", "band__passes", "band__min_score"))
    if classify:
        enrolments = enrolments.exclude(status=EnrolmentStatus.WITHDRAWN)
    enrolments = list(enrolments.order_by("trainee__full_name", "pk"))
    if hidden:
        return ResultsTable(criteria=criteria, bands=bands, rows=[], hidden=True)
    grades = defaultdict(dict)
    for enrolment_id, criterion_id, report_id, score in (
            Grade.objects.restrict(user, Action.VIEW).filter(enrolment__course=course)
            .order_by().values_list("enrolment_id", "criterion_id", "report_id", "score")):
        grades[enrolment_id][(criterion_id, report_id)] = score
    reports = defaultdict(dict)
    for enrolment_id, coaching_id, report_id in (FieldReport.objects.restrict(user, Action.VIEW)
                                                 .filter(enrolment__course=course)
                                                 .order_by().values_list("enrolment_id", "coaching_id", "pk")):
        reports[enrolment_id][coaching_id] = report_id
    coachings = defaultdict(list)
    through = Coaching.participants.through
    for enrolment_id, coaching_id in (through.objects.filter(enrolment__course=course)
                                      .exclude(coaching__status=CoachingStatus.CANCELLED)
                                      .order_by().values_list("enrolment_id", "coaching_id")):
        coachings[enrolment_id].append(coaching_id)
    rows = []
    separator = formats.get_format("DECIMAL_SEPARATOR")
    for enrolment in enrolments:
        outcome = compute_result(criteria, grades=grades[enrolment.pk], reports=reports[enrolment.pk],
                                 coachings=coachings[enrolment.pk])
        scores = [outcome.scores.get(c.pk) for c in criteria]
        rows.append(ResultRow(enrolment=enrolment, outcome=outcome, scores=list(zip(criteria, scores, strict=True)),
                              score_texts=number_texts(scores, separator=separator),
                              result_text=number_texts([enrolment.result_score], trim=False, separator=separator)[0]))
    return ResultsTable(criteria=criteria, bands=bands, rows=rows)


def grading_grid(*, user, course):
    """Per-trainee criteria and the current grades: (criteria, enrolments, {(enrolment_id, criterion_id): score})."""
    criteria = list(RubricCriterion.objects.restrict(user, Action.VIEW)
                    .filter(course=course, target=CriterionTarget.ENROLMENT).order_by("order", "pk"))
    enrolments = list(Enrolment.objects.restrict(user, Action.VIEW).filter(course=course)
                      .exclude(status=EnrolmentStatus.WITHDRAWN).select_related("trainee")
                      .order_by("trainee__full_name", "pk"))
    scores = dict(((e, c), s) for e, c, s in Grade.objects.restrict(user, Action.VIEW)
                  .filter(enrolment__course=course, report__isnull=True).values_list("enrolment_id", "criterion_id",
                                                                                     "score"))
    return criteria, enrolments, scores
