"""Pages of the courses area: programmes, courses, sessions and their days, the trainee roster,
enrolments, coaching at enterprises and a trainee's own page ("Học tập của tôi").

Every row is reached through ``restrict``; a row out of scope answers 404 like one that does not
exist. Writes go through services/courses.py.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin, _attach_errors

from ..choices import CoachingStatus, EnrolmentStatus
from ..filtersets.courses import CoachingFilterSet, CourseFilterSet, ProgrammeFilterSet, TraineeFilterSet
from ..forms.courses import (
    CoachingDoneForm,
    CoachingForm,
    CourseForm,
    EnrolmentForm,
    ProgrammeForm,
    SessionDaysForm,
    SessionForm,
    TraineeForm,
    TraineeSelfForm,
    WithdrawForm,
)
from ..models import Coaching, Course, Enrolment, Programme, Session, Trainee
from ..selectors import courses as selectors
from ..services import courses as services
from ..tables import courses as tables

# --- programmes


class ProgrammeListView(ObjectListView):
    model = Programme
    filterset_class = ProgrammeFilterSet
    table_class = tables.ProgrammeTable
    add_url_name = "training:programme_add"
    export_name = "chuong-trinh-dao-tao"

    def base_queryset(self):
        return Programme.objects.annotate(course_count=Count("courses", distinct=True))

    @staticmethod
    def export_columns(request):
        return tables.programme_export_columns()


class ProgrammeDetailView(ObjectDetailView):
    model = Programme
    template_name = "training/courses/programme_detail.html"

    def extra_context(self, programme):
        return {"courses": selectors.course_list(user=self.request.user).filter(programme=programme),
                "managers": programme.managers.all(), "can_add_course": self.can(Action.ADD, Course)}


class ProgrammeEditView(ObjectEditView):
    model = Programme
    form_class = ProgrammeForm
    service = staticmethod(services.programme_save)


# --- courses


class CourseListView(ObjectListView):
    model = Course
    filterset_class = CourseFilterSet
    table_class = tables.CourseTable
    add_url_name = "training:course_add"
    export_name = "khoa-dao-tao"

    def base_queryset(self):
        return Course.objects.select_related("programme").annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED), distinct=True),
            session_count=Count("sessions", distinct=True))

    @staticmethod
    def export_columns(request):
        return tables.course_export_columns()


class CourseDetailView(ObjectDetailView):
    model = Course
    queryset = Course.objects.select_related("programme")
    template_name = "training/courses/course_detail.html"

    def extra_context(self, course):
        user = self.request.user
        sessions = selectors.course_sessions(user=user, course=course)
        return {
            "modules": course.modules.all(),
            "trainers": course.trainers.order_by("full_name"),
            "sessions": sessions,
            "class_days": sum(session.totals.class_days for session in sessions),
            "field_days": sum(session.totals.field_days for session in sessions),
            "enrolments": selectors.course_enrolments(user=user, course=course),
            "coachings": selectors.course_coachings(user=user, course=course),
            "can_add_session": self.can(Action.ADD, Session) and course.is_in_scope(user, Action.CHANGE),
            "can_add_enrolment": self.can(Action.ADD, Enrolment) and course.is_in_scope(user, Action.CHANGE),
            "can_add_coaching": self.can(Action.ADD, Coaching),
        }


class CourseEditView(ObjectEditView):
    model = Course
    form_class = CourseForm

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CourseForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if key != "modules_text"}
            if instance is not None:
                data["programme"] = instance.programme
            try:
                course = services.course_save(user=request.user, instance=instance, data=data,
                                              modules=form.module_titles())
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                form.add_error(None, _("Bạn không có quyền lưu bản ghi này trong phạm vi của mình."))
            else:
                messages.success(request, _("Đã lưu %(object)s.") % {"object": course})
                return redirect(course.get_absolute_url())
        return self.render_form(form, instance, status=400)


# --- sessions


class SessionDetailView(ObjectDetailView):
    model = Session
    queryset = Session.objects.select_related("course__programme", "province", "legacy_province__successor")
    template_name = "training/courses/session_detail.html"

    def extra_context(self, session):
        user = self.request.user
        days = list(session.days.all())
        editable = self.can(Action.CHANGE) and session.is_in_scope(user, Action.CHANGE)
        return {"days": days, "totals": selectors.session_totals(days), "trainers": session.trainers.all(),
                "modules": session.modules.all(), "coachings": session.coachings.all(),
                "days_form": SessionDaysForm(session=session) if editable else None,
                "can_add_coaching": self.can(Action.ADD, Coaching)}

    def post(self, request, pk):
        """The days formset: kind, half day and topic of each day."""
        session = self.get_object(Action.CHANGE)
        if not self.can(Action.CHANGE):
            raise Http404
        form = SessionDaysForm(request.POST, session=session)
        if form.is_valid():
            try:
                services.session_days_update(user=request.user, session=session, rows=form.rows())
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu các ngày của đợt."))
        else:
            messages.error(request, _("Chưa lưu được các ngày của đợt: hãy kiểm tra lại."))
        return redirect(session.get_absolute_url())


class SessionEditView(ObjectEditView):
    model = Session
    form_class = SessionForm

    def get_instance(self):
        if "pk" in self.kwargs:
            instance = self.get_object(Action.CHANGE)
            self.course = instance.course
            return instance
        if not self.can(Action.ADD):
            raise Http404
        self.course = get_object_or_404(Course.objects.restrict(self.request.user, Action.CHANGE),
                                        pk=self.kwargs["course_pk"])
        return None

    def get_form_class(self, instance):
        return partial(SessionForm, course=self.course)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = SessionForm(request.POST, instance=instance, user=request.user, course=self.course)
        if form.is_valid():
            try:
                session = services.session_save(user=request.user, instance=instance,
                                                data={**form.cleaned_data, "course": self.course})
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu %(object)s.") % {"object": session})
                return redirect(session.get_absolute_url())
        return self.render_form(form, instance, status=400)

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance, "course": self.course}
        return render(self.request, "training/courses/session_form.html", context, status=status)


# --- trainees


class TraineeListView(ObjectListView):
    model = Trainee
    filterset_class = TraineeFilterSet
    table_class = tables.TraineeTable
    add_url_name = "training:trainee_add"
    export_name = "hoc-vien"

    def base_queryset(self):
        return Trainee.objects.select_related("province").annotate(course_count=Count("enrolments", distinct=True))

    @staticmethod
    def export_columns(request):
        return tables.trainee_export_columns()


class TraineeDetailView(ObjectDetailView):
    model = Trainee
    queryset = Trainee.objects.select_related("province", "user")
    template_name = "training/courses/trainee_detail.html"

    def extra_context(self, trainee):
        user = self.request.user
        enrolments = Enrolment.objects.restrict(user, Action.VIEW).filter(trainee=trainee).select_related(
            "course__programme", "band", "province", "legacy_province__successor")
        coachings = Coaching.objects.restrict(user, Action.VIEW).filter(participants__trainee=trainee).distinct() \
            .select_related("session__course")
        certificates = [e.certificate for e in enrolments if hasattr(e, "certificate")]
        return {"enrolments": enrolments, "coachings": coachings, "certificates": certificates,
                "sectors": trainee.sectors.all()}


class TraineeEditView(ObjectEditView):
    model = Trainee

    def get_form_class(self, instance):
        return TraineeSelfForm if self.request.user.role == Role.TRAINEE else TraineeForm

    service = staticmethod(services.trainee_save)


# --- enrolments


class EnrolmentDetailView(ObjectDetailView):
    model = Enrolment
    queryset = Enrolment.objects.select_related("course__programme", "trainee", "band", "province",
                                                "legacy_province__successor")
    template_name = "training/courses/enrolment_detail.html"

    def extra_context(self, enrolment):
        return {"coachings": enrolment.coachings.select_related("session"),
                "certificate": getattr(enrolment, "certificate", None),
                "can_withdraw": enrolment.status == EnrolmentStatus.ENROLLED and self.can(Action.CHANGE)
                and enrolment.is_in_scope(self.request.user, Action.CHANGE)}


class EnrolmentAddView(ScopedViewMixin, View):
    model = Enrolment
    template_name = "training/courses/enrolment_form.html"

    def course(self):
        if not self.can(Action.ADD):
            raise Http404
        return get_object_or_404(Course.objects.restrict(self.request.user, Action.CHANGE), pk=self.kwargs["course_pk"])

    def get(self, request, course_pk):
        course = self.course()
        return self.render(course, EnrolmentForm(user=request.user, course=course, initial=request.GET.dict()))

    def post(self, request, course_pk):
        course = self.course()
        form = EnrolmentForm(request.POST, user=request.user, course=course)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrolment = services.enrolment_create(
                    user=request.user, course=course, trainee=data.get("trainee"), new_trainee=form.new_trainee(),
                    organisation=data.get("organisation", ""), organisation_type=data.get("organisation_type", ""),
                    province=data.get("province"), legacy_province=data.get("legacy_province"))
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã ghi danh %(trainee)s vào khóa.") % {
                    "trainee": enrolment.trainee.full_name})
                return redirect(course.get_absolute_url())
        return self.render(course, form, status=400)

    def render(self, course, form, status=200):
        return render(self.request, self.template_name, {"course": course, "form": form}, status=status)


class EnrolmentWithdrawView(ScopedViewMixin, View):
    model = Enrolment

    def post(self, request, pk):
        enrolment = self.get_object(Action.CHANGE)
        if not WithdrawForm(request.POST).is_valid():
            raise Http404
        try:
            services.enrolment_withdraw(user=request.user, enrolment=enrolment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Đã ghi nhận học viên rút khỏi khóa."))
        return redirect(enrolment.get_absolute_url())


# --- coaching


class CoachingListView(ObjectListView):
    model = Coaching
    filterset_class = CoachingFilterSet
    table_class = tables.CoachingTable
    export_name = "huong-dan-tai-doanh-nghiep"

    def base_queryset(self):
        return Coaching.objects.select_related("session__course").annotate(
            participant_count=Count("participants", distinct=True))

    @staticmethod
    def export_columns(request):
        return tables.coaching_export_columns()


class CoachingDetailView(ObjectDetailView):
    model = Coaching
    queryset = Coaching.objects.select_related("session__course", "enterprise", "province")
    template_name = "training/courses/coaching_detail.html"

    def extra_context(self, coaching):
        user = self.request.user
        editable = self.can(Action.CHANGE) and coaching.is_in_scope(user, Action.CHANGE)
        return {"trainers": coaching.trainers.all(),
                "participants": coaching.participants.restrict(user, Action.VIEW).select_related("trainee"),
                "done_form": CoachingDoneForm(initial={"notes": coaching.notes})
                if editable and coaching.status == CoachingStatus.PLANNED else None}

    def post(self, request, pk):
        coaching = self.get_object(Action.CHANGE)
        if not self.can(Action.CHANGE):
            raise Http404
        form = CoachingDoneForm(request.POST)
        if form.is_valid():
            try:
                services.coaching_mark_done(user=request.user, coaching=coaching, notes=form.cleaned_data["notes"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã ghi nhận buổi hướng dẫn tại doanh nghiệp."))
        return redirect(coaching.get_absolute_url())


class CoachingEditView(SessionEditView):
    model = Coaching
    form_class = CoachingForm

    def get_instance(self):
        if "pk" in self.kwargs:
            instance = self.get_object(Action.CHANGE)
            self.session = instance.session
            return instance
        if not self.can(Action.ADD):
            raise Http404
        self.session = get_object_or_404(Session.objects.restrict(self.request.user, Action.VIEW)
                                         .select_related("course"), pk=self.kwargs["session_pk"])
        return None

    def get_form_class(self, instance):
        return partial(CoachingForm, session=self.session)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CoachingForm(request.POST, instance=instance, user=request.user, session=self.session)
        if form.is_valid():
            try:
                coaching = services.coaching_save(user=request.user, instance=instance,
                                                  data={**form.cleaned_data, "session": self.session})
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu %(object)s.") % {"object": coaching})
                return redirect(coaching.get_absolute_url())
        return self.render_form(form, instance, status=400)

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance, "session": self.session}
        return render(self.request, "training/courses/coaching_form.html", context, status=status)


# --- a trainee's own page


class MyTrainingView(LoginRequiredMixin, View):
    def get(self, request):
        if request.user.role != Role.TRAINEE:
            raise Http404
        return render(request, "training/courses/my_training.html", selectors.my_training(user=request.user))


urlpatterns = [
    path("programmes/", ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/add/", ProgrammeEditView.as_view(), name="programme_add"),
    path("programmes/<int:pk>/", ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", ProgrammeEditView.as_view(), name="programme_edit"),
    path("courses/", CourseListView.as_view(), name="course_list"),
    path("courses/add/", CourseEditView.as_view(), name="course_add"),
    path("courses/<int:pk>/", CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", CourseEditView.as_view(), name="course_edit"),
    path("courses/<int:course_pk>/sessions/add/", SessionEditView.as_view(), name="session_add"),
    path("courses/<int:course_pk>/enrol/", EnrolmentAddView.as_view(), name="enrolment_add"),
    path("sessions/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", SessionEditView.as_view(), name="session_edit"),
    path("sessions/<int:session_pk>/coaching/add/", CoachingEditView.as_view(), name="coaching_add"),
    path("trainees/", TraineeListView.as_view(), name="trainee_list"),
    path("trainees/add/", TraineeEditView.as_view(), name="trainee_add"),
    path("trainees/<int:pk>/", TraineeDetailView.as_view(), name="trainee_detail"),
    path("trainees/<int:pk>/edit/", TraineeEditView.as_view(), name="trainee_edit"),
    path("enrolments/<int:pk>/", EnrolmentDetailView.as_view(), name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", EnrolmentWithdrawView.as_view(), name="enrolment_withdraw"),
    path("coaching/", CoachingListView.as_view(), name="coaching_list"),
    path("coaching/<int:pk>/", CoachingDetailView.as_view(), name="coaching_detail"),
    path("coaching/<int:pk>/edit/", CoachingEditView.as_view(), name="coaching_edit"),
    path("my/", MyTrainingView.as_view(), name="my_training"),
]
