"""Training menu entries and home panels (imported by TrainingConfig.ready).

Each entry is protected by the model it shows, so a role sees only what training/permissions.py
lets it: the roster and coaching lists need "export" (managers and trainers; a trainee finds their
own on "Học tập của tôi"), "Học tập của tôi" and "Điểm danh bằng mã" need "add" on feedback, which only trainees have.
"""

from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

from .selectors.courses import my_training, trainer_today

TRAINING = pgettext_lazy("menu", "Đào tạo")
PANEL_ROWS = 6


register(
    NavEntry(pgettext_lazy("menu", "Học tập của tôi"), "training:my_training", "training.feedback", 60,
             group=TRAINING, action=Action.ADD),
    NavEntry(pgettext_lazy("menu", "Điểm danh bằng mã"), "training:checkin_code", "training.feedback", 60,
             group=TRAINING, action=Action.ADD),
    NavEntry(pgettext_lazy("menu", "Chương trình đào tạo"), "training:programme_list", "training.programme", 61,
             group=TRAINING),
    NavEntry(pgettext_lazy("menu", "Khóa đào tạo"), "training:course_list", "training.course", 62, group=TRAINING),
    NavEntry(pgettext_lazy("menu", "Học viên"), "training:trainee_list", "training.trainee", 63, group=TRAINING,
             action=Action.EXPORT),
    NavEntry(pgettext_lazy("menu", "Hướng dẫn tại doanh nghiệp"), "training:coaching_list", "training.coaching",
             64, group=TRAINING, action=Action.EXPORT),
    NavEntry(pgettext_lazy("menu", "Báo cáo thu hoạch"), "training:report_list", "training.fieldreport", 65,
             group=TRAINING),
    NavEntry(pgettext_lazy("menu", "Chứng chỉ"), "training:certificate_list", "training.certificate", 66,
             group=TRAINING),
    NavEntry(pgettext_lazy("menu", "Đánh giá đợt học"), "training:feedback_summary", "training.feedback", 67,
             group=TRAINING, action=Action.EXPORT),
)


def trainee_panel(request):
    """A trainee: today's class, coaching reports due, sessions to give feedback on, certificates."""
    user = request.user
    if not user.is_authenticated or user.role != Role.TRAINEE:
        return None
    data = my_training(user=user)
    if data["trainee"] is None:
        return None
    return {"template": "training/courses/panels/trainee.html", "width": "col-xl-6",
            "coachings": [c for c in data["coachings"] if not c.report_done][:PANEL_ROWS], **data}


def trainer_panel(request):
    """A trainer (or a programme manager): running courses and today's days, with the QR code and
    the attendance grid."""
    user = request.user
    if not user.is_authenticated or user.role not in (Role.TRAINER, Role.PROGRAMME_MANAGER):
        return None
    data = trainer_today(user=user)
    if not data["courses"]:
        return None
    return {"template": "training/courses/panels/trainer.html", "width": "col-xl-6", **data}


register_panel(trainee_panel, order=60)
register_panel(trainer_panel, order=60)
