"""The default tracing rule (version 1): the close contacts of the workplace as the 2021 guidance
applied them in industrial zones — same team and shift, same production line and shift, same
dormitory room, same bus route and shift (dormitories and buses shared by the enterprises of a
zone) — from 2 days before symptom onset (or the positive test) until isolation, F1 to F3."""

import datetime

from django.db import migrations

DEFAULT_GROUPS = [
    {"fields": ["team", "shift"], "across_enterprises": False},
    {"fields": ["production_line", "shift"], "across_enterprises": False},
    {"fields": ["dormitory", "room"], "across_enterprises": True},
    {"fields": ["bus_route", "shift"], "across_enterprises": True},
]


def create(apps, schema_editor):
    TracingRule = apps.get_model("tracing", "TracingRule")
    if not TracingRule.objects.exists():
        TracingRule.objects.create(
            version=1, valid_from=datetime.date(2021, 1, 1), groups=DEFAULT_GROUPS, days_before=2, generations=3,
            note="Tiếp xúc gần tại nơi làm việc: cùng tổ và ca, cùng dây chuyền và ca, cùng phòng ở, "
                 "cùng tuyến xe đưa đón và ca; từ 2 ngày trước khởi phát (hoặc trước ngày xét nghiệm dương tính) "
                 "đến ngày cách ly.",
        )


def remove(apps, schema_editor):
    apps.get_model("tracing", "TracingRule").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("tracing", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
