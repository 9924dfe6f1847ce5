from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class ZoneStatus(models.TextChoices):
    PLANNED = "planned", _("Quy hoạch")
    UNDER_CONSTRUCTION = "construction", _("Đang xây dựng")
    OPERATING = "operating", _("Đang hoạt động")


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("Đang hoạt động")
    CONSTRUCTION = "construction", _("Đang xây dựng nhà xưởng")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    CLOSED = "closed", _("Đã chấm dứt hoạt động")


class DepartmentKind(models.TextChoices):
    """The units of a board as plan 16/KH-BQLKCN names them."""

    OFFICE = "office", _("Văn phòng")
    ENTERPRISE = "enterprise", _("Quản lý doanh nghiệp")
    INVESTMENT = "investment", _("Quản lý đầu tư")
    ENVIRONMENT = "environment", _("Quản lý môi trường")
    PLANNING = "planning", _("Quản lý quy hoạch xây dựng")
    OTHER = "other", _("Khác")


class Position(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY_HEAD = "deputy_head", _("Phó Trưởng ban")
    CHIEF_OF_OFFICE = "chief_of_office", _("Chánh Văn phòng")
    DEPARTMENT_HEAD = "department_head", _("Trưởng phòng")
    DEPUTY_DEPARTMENT_HEAD = "deputy_department_head", _("Phó Trưởng phòng")
    OFFICER = "officer", _("Chuyên viên")


# VSIC 2018 divisions (level 2) that enterprises in industrial zones belong to.
class Sector(models.TextChoices):
    C10 = "10", _("10 – Sản xuất chế biến thực phẩm")
    C11 = "11", _("11 – Sản xuất đồ uống")
    C13 = "13", _("13 – Dệt")
    C14 = "14", _("14 – Sản xuất trang phục")
    C15 = "15", _("15 – Sản xuất da và các sản phẩm có liên quan")
    C16 = "16", _("16 – Chế biến gỗ và sản xuất sản phẩm từ gỗ")
    C17 = "17", _("17 – Sản xuất giấy và sản phẩm từ giấy")
    C18 = "18", _("18 – In, sao chép bản ghi các loại")
    C20 = "20", _("20 – Sản xuất hóa chất và sản phẩm hóa chất")
    C21 = "21", _("21 – Sản xuất thuốc, hóa dược và dược liệu")
    C22 = "22", _("22 – Sản xuất sản phẩm từ cao su và plastic")
    C23 = "23", _("23 – Sản xuất sản phẩm từ khoáng phi kim loại khác")
    C24 = "24", _("24 – Sản xuất kim loại")
    C25 = "25", _("25 – Sản xuất sản phẩm từ kim loại đúc sẵn")
    C26 = "26", _("26 – Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học")
    C27 = "27", _("27 – Sản xuất thiết bị điện")
    C28 = "28", _("28 – Sản xuất máy móc, thiết bị chưa được phân vào đâu")
    C29 = "29", _("29 – Sản xuất xe có động cơ")
    C30 = "30", _("30 – Sản xuất phương tiện vận tải khác")
    C31 = "31", _("31 – Sản xuất giường, tủ, bàn, ghế")
    C32 = "32", _("32 – Công nghiệp chế biến, chế tạo khác")
    C33 = "33", _("33 – Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị")
    D35 = "35", _("35 – Sản xuất và phân phối điện, khí đốt, nước nóng")
    E36 = "36", _("36 – Khai thác, xử lý và cung cấp nước")
    E38 = "38", _("38 – Thu gom, xử lý và tiêu hủy rác thải; tái chế phế liệu")
    F41 = "41", _("41 – Xây dựng nhà các loại")
    G46 = "46", _("46 – Bán buôn")
    H52 = "52", _("52 – Kho bãi và các hoạt động hỗ trợ cho vận tải")
    J62 = "62", _("62 – Lập trình máy vi tính, dịch vụ tư vấn")
    M71 = "71", _("71 – Hoạt động kiến trúc, kiểm tra và phân tích kỹ thuật")
    OTHER = "99", _("99 – Ngành khác")


# What a zone's boundary may be: an area, bare or wrapped in a Feature.
GEOJSON_AREA_TYPES = ("Polygon", "MultiPolygon", "Feature", "FeatureCollection")

# What an enterprise's own representative may change about it (page form and API alike).
ENTERPRISE_CONTACT_FIELDS = ["name", "foreign_name", "workforce", "legal_representative", "phone", "email", "zalo",
                             "address"]
