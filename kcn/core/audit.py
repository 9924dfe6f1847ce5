"""The audit trail shown on every object's page, read from django-simple-history."""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

CHANGE_TYPES = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    reason: str
    changes: list[FieldChange]


def _display(record, field_name):
    field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field_name))
        except Exception:  # the related row may have been deleted since
            return str(value)
    # Dates and times as the rest of the page writes them (22/11/2026 14:05), not ISO.
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def history_entries(obj, limit=50):
    """Newest first: who changed what, when, and each field from what to what."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["created_at", "updated_at"])
            for change in delta.changes:
                changes.append(FieldChange(
                    field=str(obj._meta.get_field(change.field).verbose_name),
                    old=_display(previous, change.field),
                    new=_display(record, change.field),
                ))
        entries.append(HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=CHANGE_TYPES.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=changes,
        ))
    return entries
