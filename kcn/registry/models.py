"""The registry: administrative units, boards, departments, staff, zones and enterprises.

Every other module (reporting, health, resilience, cleaner production, training) hangs its
records on these, so who-sees-what for a zone or an enterprise is decided here, in
``scope.py``, and nowhere else.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from kcn.core.models import KcnModel, RestrictedQuerySet
from kcn.core.text import search_key

from . import scope
from .choices import GEOJSON_AREA_TYPES, DepartmentKind, DivisionType, EnterpriseStatus, Position, Sector, ZoneStatus
from .validators import validate_phone, validate_tax_code


class Province(models.Model):
    """A province or centrally-run city of the structure in force since 1 July 2025."""

    code = models.PositiveSmallIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=16, choices=DivisionType.choices)
    codename = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh, thành phố")

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A commune, ward or special zone (cấp xã) since 1 July 2025."""

    code = models.PositiveIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=16, choices=DivisionType.choices)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                                 related_name="communes")

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("xã, phường")
        verbose_name_plural = pgettext_lazy("plural", "xã, phường")

    def __str__(self):
        return f"{self.name}, {self.province.name}"


class LegacyProvince(models.Model):
    """A province as it was named before 1 July 2025, and the province that absorbed it."""

    code = models.PositiveSmallIntegerField(_("mã cũ"), primary_key=True)
    name = models.CharField(_("tên cũ"), max_length=100)
    successor = models.ForeignKey(Province, verbose_name=_("nay thuộc"), on_delete=models.PROTECT,
                                  related_name="legacy_provinces")

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh trước 01/07/2025")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh trước 01/07/2025")

    def __str__(self):
        return self.name


class Board(KcnModel):
    """The Industrial Zones Management Board (Ban quản lý các KCN) of a province."""

    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                                 related_name="boards")
    legacy_province = models.ForeignKey(
        LegacyProvince, verbose_name=_("tỉnh trước 01/07/2025"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Tên tỉnh trên các văn bản cũ, ví dụ Hà Nam."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_phone])
    hotline = models.CharField(_("đường dây nóng"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ban quản lý")
        verbose_name_plural = pgettext_lazy("plural", "ban quản lý")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_q(user, action)


class Department(KcnModel):
    """A unit of the board (Văn phòng or a phòng chuyên môn)."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="departments")
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=DepartmentKind.choices)
    consolidates = models.BooleanField(
        _("đầu mối tổng hợp"), default=False,
        help_text=_("Đơn vị tổng hợp tình hình chung của Ban (theo Kế hoạch 16: phòng Quản lý doanh nghiệp)."),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        ordering = ["board", "name"]
        unique_together = [("board", "name")]
        verbose_name = _("phòng, đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "phòng, đơn vị")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:department_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.department_q(user, action)


class Staff(KcnModel):
    """A person working for a board: the user, the department (none for leaders) and position."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE,
                                related_name="staff")
    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE, related_name="staff")
    department = models.ForeignKey(Department, verbose_name=_("phòng, đơn vị"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="staff")
    position = models.CharField(_("chức vụ"), max_length=32, choices=Position.choices)

    class Meta:
        ordering = ["board", "department", "position"]
        verbose_name = _("cán bộ")
        verbose_name_plural = pgettext_lazy("plural", "cán bộ")

    def __str__(self):
        return f"{self.user} – {self.get_position_display()}"

    def get_absolute_url(self):
        return reverse("registry:staff_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.staff_q(user, action)


class Oversight(KcnModel):
    """Which deputy head directs which department (plan 16/KH-BQLKCN, II.1)."""

    deputy = models.ForeignKey(Staff, verbose_name=_("lãnh đạo phụ trách"), on_delete=models.CASCADE,
                               related_name="oversights")
    department = models.ForeignKey(Department, verbose_name=_("phòng, đơn vị"), on_delete=models.CASCADE,
                                   related_name="oversights")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["department", "-start_date"]
        verbose_name = _("phân công phụ trách")
        verbose_name_plural = pgettext_lazy("plural", "phân công phụ trách")

    def __str__(self):
        return f"{self.deputy.user} → {self.department}"

    def get_absolute_url(self):
        return reverse("registry:oversight_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.oversight_q(user, action)


class Zone(KcnModel):
    """An industrial zone (khu công nghiệp) managed by a board."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.PROTECT, related_name="zones")
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                                 related_name="zones")
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="zones")
    legacy_province = models.ForeignKey(
        LegacyProvince, verbose_name=_("tỉnh trước 01/07/2025"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    area_ha = models.DecimalField(_("diện tích (ha)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    occupancy_rate = models.DecimalField(
        _("tỷ lệ lấp đầy (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    developer = models.CharField(_("chủ đầu tư hạ tầng"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ZoneStatus.choices,
                              default=ZoneStatus.OPERATING)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(8), MaxValueValidator(24)])
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(102), MaxValueValidator(118)])
    boundary = models.JSONField(_("ranh giới (GeoJSON)"), null=True, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("khu công nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "khu công nghiệp")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:zone_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors["commune"] = _("Xã, phường này không thuộc tỉnh, thành phố đã chọn.")
        boundary = self.boundary
        if boundary and (not isinstance(boundary, dict) or boundary.get("type") not in GEOJSON_AREA_TYPES):
            errors["boundary"] = _("Ranh giới phải là GeoJSON kiểu Polygon, MultiPolygon hoặc Feature.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_q(cls, user, action):
        return scope.zone_q(user, action)

    def current_assignment(self):
        return self.assignments.current().select_related("department").first()


class ZoneAssignmentQuerySet(RestrictedQuerySet):
    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


class ZoneAssignment(KcnModel):
    """Which department monitors which zone, from a date to a date (plan 16/KH-BQLKCN, III)."""

    zone = models.ForeignKey(Zone, verbose_name=_("khu công nghiệp"), on_delete=models.CASCADE,
                             related_name="assignments")
    department = models.ForeignKey(Department, verbose_name=_("phòng theo dõi"), on_delete=models.CASCADE,
                                   related_name="assignments")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ZoneAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["zone", "-start_date"]
        verbose_name = _("phân công theo dõi KCN")
        verbose_name_plural = pgettext_lazy("plural", "phân công theo dõi KCN")

    def __str__(self):
        return f"{self.department} – {self.zone}"

    def get_absolute_url(self):
        return reverse("registry:assignment_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.assignment_q(user, action)


class Enterprise(KcnModel):
    """An enterprise (doanh nghiệp) in a zone, identified by its tax code."""

    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True, validators=[validate_tax_code],
                                help_text=_("10 chữ số, hoặc 10 chữ số và 3 chữ số chi nhánh (ví dụ 0101234567-001)."))
    name = models.CharField(_("tên doanh nghiệp"), max_length=255)
    foreign_name = models.CharField(_("tên nước ngoài"), max_length=255, blank=True)
    # No index of its own: the (zone, name) index below serves lookups by zone.
    zone = models.ForeignKey(Zone, verbose_name=_("khu công nghiệp"), on_delete=models.PROTECT,
                             related_name="enterprises", db_index=False)
    sector = models.CharField(_("ngành (VSIC)"), max_length=4, choices=Sector.choices, blank=True)
    investor_country = CountryField(_("quốc gia nhà đầu tư"), blank=True)
    workforce = models.PositiveIntegerField(_("số lao động"), default=0)
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    zalo = models.CharField(_("Zalo"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.OPERATING)
    # Names, tax code and representative without diacritics, for the search box (see search_key).
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "doanh nghiệp")
        # (name, id) and (workforce, id) serve the list's sort orders with their stable tie-break;
        # every other index would slow imports more than it speeds a 50,000-row list.
        indexes = [models.Index(fields=["zone", "name"]), models.Index(fields=["name", "id"]),
                   models.Index(fields=["workforce", "id"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.search_text_for(self.tax_code, self.name, self.foreign_name, self.legal_representative)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:enterprise_detail", args=[self.pk])

    @staticmethod
    def search_text_for(tax_code, name, foreign_name, legal_representative):
        """What the search box matches; bulk writers (import, demo) call this themselves."""
        return search_key(tax_code, name, foreign_name, legal_representative)

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_q(user, action)


class EnterpriseUser(KcnModel):
    """A user who represents an enterprise; they see and report for that enterprise only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE,
                             related_name="enterprise_links")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="user_links")

    class Meta:
        unique_together = [("user", "enterprise")]
        verbose_name = _("tài khoản doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản doanh nghiệp")

    def __str__(self):
        return f"{self.user} – {self.enterprise}"

    def get_absolute_url(self):
        return reverse("registry:enterpriseuser_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_user_q(user, action)


class Observer(KcnModel):
    """A provincial reader (UBND tỉnh, Ban chỉ đạo, Sở Y tế, Sở Công Thương) of a board's results."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE,
                             related_name="observer_links")
    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="observers")

    class Meta:
        unique_together = [("user", "board")]
        verbose_name = _("quan sát viên")
        verbose_name_plural = pgettext_lazy("plural", "quan sát viên")

    def __str__(self):
        return f"{self.user} – {self.board}"

    def get_absolute_url(self):
        return reverse("registry:observer_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_child_q(user, action, "board")
