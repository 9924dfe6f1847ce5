"""Writes to the registry. Views, serializers, importers and commands all come through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kcn.core.services import scoped_delete, scoped_save

from .choices import Position
from .models import Board, Department, Enterprise, EnterpriseUser, Observer, Oversight, Staff, Zone, ZoneAssignment
from .scope import forget_reach
from .validators import normalize_tax_code


def zone_save(*, user, instance=None, data):
    return scoped_save(user=user, model=Zone, instance=instance, data=data)


def board_save(*, user, instance=None, data):
    return scoped_save(user=user, model=Board, instance=instance, data=data)


def enterprise_save(*, user, instance=None, data):
    data = dict(data)
    if "tax_code" in data:
        data["tax_code"] = normalize_tax_code(data["tax_code"])
    return scoped_save(user=user, model=Enterprise, instance=instance, data=data)


def enterprise_delete(*, user, instance):
    scoped_delete(user=user, model=Enterprise, instance=instance)


def enterprise_restore(*, user, history_id):
    """Bring back a deleted enterprise, with its id, from its last history record.

    The restored row goes through the same checks as a new one (scope, tax code not taken
    since), and its history says who restored it.
    """
    record = (Enterprise.history.filter(history_id=history_id, history_type="-")
              .exclude(id__in=Enterprise.objects.values("id")).first())
    if record is None:
        raise PermissionDenied
    fields = [f.name for f in Enterprise._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    data = {name: getattr(record, name if name != "zone" else "zone_id") for name in fields}
    data["zone"] = Zone.objects.filter(pk=data.pop("zone")).first()
    if data["zone"] is None:
        raise ValidationError(_("Khu công nghiệp của doanh nghiệp này không còn nữa."))
    if Enterprise.objects.filter(tax_code=data["tax_code"]).exists():
        raise ValidationError(_("Mã số thuế %(code)s đã được dùng cho một doanh nghiệp khác từ khi bản ghi này bị xóa.")
                              % {"code": data["tax_code"]})
    return scoped_save(user=user, model=Enterprise, data=data, reason=gettext_lazy("Khôi phục sau khi xóa"))


def department_save(*, user, instance=None, data):
    return scoped_save(user=user, model=Department, instance=instance, data=data)


def staff_save(*, user, instance=None, data):
    department, board = data.get("department"), data.get("board")
    if department and board and department.board_id != board.pk:
        raise ValidationError({"department": _("Phòng này không thuộc Ban quản lý đã chọn.")})
    staff = scoped_save(user=user, model=Staff, instance=instance, data=data)
    forget_reach(staff.user)
    return staff


def _overlapping(queryset, start, end):
    """Periods [start, end] (end None = open) that overlap the given one."""
    queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        queryset = queryset.filter(start_date__lte=end)
    return queryset


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})


def assignment_save(*, user, instance=None, data):
    """Assign a zone to a department. A zone is monitored by one department at a time."""
    _check_period(data.get("start_date"), data.get("end_date"))
    zone = data.get("zone") or (instance.zone if instance else None)
    clash = _overlapping(ZoneAssignment.objects.filter(zone=zone), data["start_date"], data.get("end_date"))
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    clash = clash.select_related("department").first()
    if clash is not None:
        raise ValidationError(_(
            "Trong khoảng thời gian này %(zone)s đã được giao cho %(department)s (từ %(start)s). "
            "Hãy nhập ngày kết thúc cho phân công cũ trước."
        ) % {"zone": zone, "department": clash.department, "start": clash.start_date.strftime("%d/%m/%Y")})
    if zone and data.get("department") and zone.board_id != data["department"].board_id:
        raise ValidationError({"department": _("Phòng và khu công nghiệp phải thuộc cùng một Ban quản lý.")})
    return scoped_save(user=user, model=ZoneAssignment, instance=instance, data=data)


def oversight_save(*, user, instance=None, data):
    _check_period(data.get("start_date"), data.get("end_date"))
    deputy, department = data.get("deputy"), data.get("department")
    if deputy and deputy.position not in (Position.HEAD, Position.DEPUTY_HEAD):
        raise ValidationError({"deputy": _("Người phụ trách phải là Trưởng ban hoặc Phó Trưởng ban.")})
    if deputy and department and deputy.board_id != department.board_id:
        raise ValidationError({"department": _("Phòng và lãnh đạo phụ trách phải thuộc cùng một Ban quản lý.")})
    return scoped_save(user=user, model=Oversight, instance=instance, data=data)


def enterprise_user_save(*, user, instance=None, data):
    """Let an enterprise-representative account act for an enterprise."""
    link = scoped_save(user=user, model=EnterpriseUser, instance=instance, data=data)
    forget_reach(link.user)
    return link


def enterprise_user_delete(*, user, instance):
    scoped_delete(user=user, model=EnterpriseUser, instance=instance)


def observer_save(*, user, instance=None, data):
    observer = scoped_save(user=user, model=Observer, instance=instance, data=data)
    forget_reach(observer.user)
    return observer


def observer_delete(*, user, instance):
    scoped_delete(user=user, model=Observer, instance=instance)
