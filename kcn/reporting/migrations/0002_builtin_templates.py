"""The templates KCN ships with: the reports of plan 16/KH-BQLKCN and a cleaner-production report.

Each is created with one published version. The data is written out here (not imported from
the app) so that the migration stays what it was when it was written.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

ZERO = Decimal(0)

TEMPLATES = [
    {
        "code": "covid_daily",
        "name": "Báo cáo tình hình phòng, chống dịch Covid-19 hằng ngày",
        "description": "Theo Kế hoạch số 16/KH-BQLKCN ngày 03/5/2021: doanh nghiệp báo cáo hằng ngày số lao động, "
                       "số lao động từ vùng dịch trở về, số lao động chưa quay trở lại làm việc và các trường hợp "
                       "F0, F1, F2, F3.",
        "fields": [
            ("workforce", "Tổng số lao động", "integer", "người", True, ZERO),
            ("workers_at_work", "Số lao động đang làm việc", "integer", "người", True, ZERO),
            ("returnees", "Số lao động từ vùng dịch trở về", "integer", "người", True, ZERO),
            ("workers_not_returned", "Số lao động chưa quay trở lại làm việc", "integer", "người", True, ZERO),
            ("f0", "Số ca dương tính (F0)", "integer", "người", True, ZERO),
            ("f1", "Số trường hợp F1", "integer", "người", True, ZERO),
            ("f2", "Số trường hợp F2", "integer", "người", True, ZERO),
            ("f3", "Số trường hợp F3", "integer", "người", True, ZERO),
            ("notes", "Ghi chú", "text", "", False, None),
        ],
        "rules": [
            ("returnees <= workforce",
             "Số lao động từ vùng dịch trở về không được lớn hơn tổng số lao động."),
            ("workers_at_work <= workforce",
             "Số lao động đang làm việc không được lớn hơn tổng số lao động."),
            ("workers_at_work + workers_not_returned <= workforce",
             "Số lao động đang làm việc cộng số lao động chưa quay trở lại không được lớn hơn tổng số lao động."),
        ],
    },
    {
        "code": "holiday_return",
        "name": "Báo cáo tình hình lao động trở lại làm việc sau kỳ nghỉ lễ",
        "description": "Theo Kế hoạch số 16/KH-BQLKCN, mục II.4: thời gian doanh nghiệp đi vào hoạt động sau kỳ "
                       "nghỉ lễ, số lao động từ vùng dịch trở về và số lao động không quay trở lại làm việc.",
        "fields": [
            ("operations_resume_on", "Ngày đi vào hoạt động trở lại", "date", "", True, None),
            ("workforce", "Tổng số lao động", "integer", "người", True, ZERO),
            ("returnees", "Số lao động từ vùng dịch trở về", "integer", "người", True, ZERO),
            ("absentees", "Số lao động không quay trở lại làm việc", "integer", "người", True, ZERO),
            ("notes", "Ghi chú", "text", "", False, None),
        ],
        "rules": [
            ("returnees <= workforce",
             "Số lao động từ vùng dịch trở về không được lớn hơn tổng số lao động."),
            ("absentees <= workforce",
             "Số lao động không quay trở lại làm việc không được lớn hơn tổng số lao động."),
        ],
    },
    {
        "code": "cleaner_production_quarterly",
        "name": "Báo cáo hoạt động sản xuất sạch hơn hằng quý",
        "description": "Các giải pháp sản xuất sạch hơn doanh nghiệp đã thực hiện trong quý, vốn đầu tư và lợi "
                       "ích tiết kiệm được.",
        "fields": [
            ("cp_options_implemented", "Số giải pháp sản xuất sạch hơn đã thực hiện", "integer", "giải pháp",
             True, ZERO),
            ("investment_million_vnd", "Vốn đầu tư cho các giải pháp", "decimal", "triệu đồng", True, ZERO),
            ("annual_savings_million_vnd", "Lợi ích tiết kiệm hằng năm", "decimal", "triệu đồng/năm", False, ZERO),
            ("electricity_saved_kwh", "Điện năng tiết kiệm", "decimal", "kWh", False, ZERO),
            ("water_saved_m3", "Nước tiết kiệm", "decimal", "m³", False, ZERO),
            ("notes", "Ghi chú", "text", "", False, None),
        ],
        "rules": [
            ("investment_million_vnd == 0 or cp_options_implemented > 0",
             "Đã có vốn đầu tư thì số giải pháp sản xuất sạch hơn đã thực hiện phải lớn hơn 0."),
        ],
    },
]


def create(apps, schema_editor):
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateVersion = apps.get_model("reporting", "TemplateVersion")
    Field = apps.get_model("reporting", "Field")
    CrossFieldRule = apps.get_model("reporting", "CrossFieldRule")
    now = timezone.now()
    for spec in TEMPLATES:
        template, created = ReportTemplate.objects.get_or_create(code=spec["code"], defaults={
            "name": spec["name"], "description": spec["description"], "is_builtin": True})
        if not created:
            continue
        version = TemplateVersion.objects.create(template=template, number=1, is_published=True, published_at=now)
        for order, (code, label, kind, unit, required, minimum) in enumerate(spec["fields"], start=1):
            Field.objects.create(version=version, code=code, label=label, type=kind, unit=unit, required=required,
                                 min_value=minimum, order=order * 10)
        for expression, message in spec["rules"]:
            CrossFieldRule.objects.create(version=version, expression=expression, message=message)


def remove(apps, schema_editor):
    apps.get_model("reporting", "ReportTemplate").objects.filter(
        code__in=[spec["code"] for spec in TEMPLATES], is_builtin=True, schedules__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
