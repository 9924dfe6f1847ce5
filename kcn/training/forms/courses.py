"""Forms of the courses area. They collect and clean input; services/courses.py decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.choices import Action
from kcn.core.forms import KcnForm, KcnModelForm
from kcn.registry.choices import Sector
from kcn.registry.models import Enterprise, LegacyProvince, Province

from ..choices import DayKind, OrganisationType
from ..models import Coaching, Course, Programme, Session, Trainee
from ..services.courses import uses_legacy_provinces

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _dates(form, *names):
    for name in names:
        form.fields[name].input_formats = DATE_FORMATS


def _trainers():
    return User.objects.filter(role=Role.TRAINER, is_active=True).order_by("full_name", "username")


class ProgrammeForm(KcnModelForm):
    class Meta:
        model = Programme
        fields = ["code", "name", "sponsor", "description", "start_year", "end_year", "managers",
                  "target_department_share"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managers"].queryset = User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True)


class CourseForm(KcnModelForm):
    modules_text = forms.CharField(
        label=_("Các module"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một module, theo thứ tự: Lập kế hoạch, Thực hiện, Giám sát và đánh giá…"))

    class Meta:
        model = Course
        fields = ["programme", "number", "name", "description", "start_date", "end_date", "status", "trainers"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "start_date", "end_date")
        self.fields["programme"].queryset = Programme.objects.restrict(self.user, Action.CHANGE)
        self.fields["trainers"].queryset = _trainers()
        if self.instance.pk:
            self.fields["programme"].disabled = True
            self.fields["modules_text"].initial = "\n".join(self.instance.modules.values_list("title", flat=True))

    def module_titles(self):
        return [line.strip() for line in self.cleaned_data.get("modules_text", "").splitlines() if line.strip()]


class SessionForm(KcnModelForm):
    class Meta:
        model = Session
        fields = ["number", "place", "province", "legacy_province", "start_date", "end_date", "modules",
                  "trainers", "visited_enterprise"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course or self.instance.course
        _dates(self, "start_date", "end_date")
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Để trống: số tiếp theo của khóa.")
        self.fields["modules"].queryset = self.course.modules.all()
        self.fields["trainers"].queryset = self.course.trainers.order_by("full_name", "username")
        self.fields["trainers"].help_text = _("Chỉ giảng viên của khóa.")
        if not uses_legacy_provinces(self.course):
            del self.fields["legacy_province"]
        else:
            self.fields["province"].help_text = _("Để trống: suy ra từ tỉnh cũ.")


class SessionDaysForm(KcnForm):
    """One row (kind, half day, topic) per day of a session."""

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = list(session.days.all())
        for day in self.days:
            self.fields[f"kind_{day.pk}"] = forms.ChoiceField(choices=DayKind.choices, initial=day.kind,
                                                              label=_("Hình thức"))
            self.fields[f"half_{day.pk}"] = forms.BooleanField(required=False, initial=day.half_day,
                                                               label=_("Nửa ngày"))
            self.fields[f"topic_{day.pk}"] = forms.CharField(required=False, max_length=255, initial=day.topic,
                                                             label=_("Nội dung"))
        self._style_widgets()

    def rows(self):
        return [{"day": day.pk, "kind": self.cleaned_data[f"kind_{day.pk}"],
                 "half_day": self.cleaned_data[f"half_{day.pk}"], "topic": self.cleaned_data[f"topic_{day.pk}"]}
                for day in self.days]

    def day_fields(self):
        return [(day, self[f"kind_{day.pk}"], self[f"half_{day.pk}"], self[f"topic_{day.pk}"]) for day in self.days]


class TraineeForm(KcnModelForm):
    sectors = forms.MultipleChoiceField(choices=Sector.choices, required=False, label=_("Ngành có kinh nghiệm"),
                                        widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Trainee
        fields = ["full_name", "sex", "birth_year", "email", "phone", "organisation", "organisation_type",
                  "position", "province", "experience", "user"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.TRAINEE, is_active=True).order_by("username")
        self.fields["user"].help_text = _("Tài khoản để học viên điểm danh, nộp báo cáo và đánh giá đợt học.")
        if self.instance.pk:
            self.fields["sectors"].initial = list(self.instance.sectors.values_list("sector", flat=True))


class TraineeSelfForm(KcnModelForm):
    """What a trainee keeps up to date themself."""

    sectors = forms.MultipleChoiceField(choices=Sector.choices, required=False, label=_("Ngành có kinh nghiệm"),
                                        widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Trainee
        fields = ["phone", "experience"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sectors"].initial = list(self.instance.sectors.values_list("sector", flat=True))


class EnrolmentForm(KcnForm):
    """Enrol an existing trainee, or a new one typed here; the organisation at enrolment defaults to theirs."""

    trainee = forms.ModelChoiceField(queryset=Trainee.objects.none(), required=False, label=_("Học viên đã có"))
    full_name = forms.CharField(required=False, max_length=150, label=_("Họ và tên (học viên mới)"))
    email = forms.EmailField(required=False, label=_("Thư điện tử"))
    phone = forms.CharField(required=False, max_length=20, label=_("Điện thoại"))
    organisation = forms.CharField(required=False, max_length=255, label=_("Cơ quan, đơn vị khi học"),
                                   help_text=_("Để trống: đơn vị hiện nay của học viên."))
    organisation_type = forms.ChoiceField(choices=[("", "—"), *OrganisationType.choices], required=False,
                                          label=_("Loại đơn vị"))
    province = forms.ModelChoiceField(queryset=Province.objects.all(), required=False, label=_("Tỉnh, thành phố"))
    legacy_province = forms.ModelChoiceField(queryset=LegacyProvince.objects.select_related("successor"),
                                             required=False, label=_("Tỉnh khi học (trước 01/07/2025)"))

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["trainee"].queryset = Trainee.objects.restrict(self.user, Action.VIEW)
        if uses_legacy_provinces(course):
            del self.fields["province"]
        else:
            del self.fields["legacy_province"]
        self._style_widgets()

    def clean(self):
        data = super().clean()
        if not data.get("trainee"):
            if not data.get("full_name"):
                self.add_error("full_name", _("Chọn học viên đã có hoặc nhập họ và tên học viên mới."))
            if not data.get("organisation"):
                self.add_error("organisation", _("Nhập cơ quan, đơn vị của học viên mới."))
            if not data.get("organisation_type"):
                self.add_error("organisation_type", _("Chọn loại đơn vị của học viên mới."))
        return data

    def new_trainee(self):
        data = self.cleaned_data
        if data.get("trainee"):
            return None
        province = data.get("province")
        if province is None and data.get("legacy_province"):
            province = data["legacy_province"].successor
        return {"full_name": data["full_name"], "email": data.get("email", ""), "phone": data.get("phone", ""),
                "organisation": data["organisation"], "organisation_type": data["organisation_type"],
                "province": province}


class CoachingForm(KcnModelForm):
    class Meta:
        model = Coaching
        fields = ["enterprise_name", "enterprise", "start_date", "end_date", "status", "trainers", "participants",
                  "report_due", "province", "notes"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "report_due": DATE_WIDGET,
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session or self.instance.session
        _dates(self, "start_date", "end_date", "report_due")
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(self.user, Action.VIEW).order_by("name")
        self.fields["enterprise"].help_text = _("Nếu doanh nghiệp có trong danh bạ khu công nghiệp.")
        course = self.session.course
        self.fields["trainers"].queryset = course.trainers.order_by("full_name", "username")
        self.fields["participants"].queryset = course.enrolments.select_related("trainee").order_by(
            "trainee__full_name")
        self.fields["participants"].label_from_instance = lambda enrolment: enrolment.trainee.full_name
        if not self.instance.pk:
            self.fields["status"].initial = "planned"


class CoachingDoneForm(KcnForm):
    notes = forms.CharField(label=_("Ghi nhận"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            help_text=_("Nội dung đã hướng dẫn, kết quả tại doanh nghiệp."))


class WithdrawForm(KcnForm):
    pass

