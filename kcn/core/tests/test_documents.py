import datetime
import unicodedata
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from kcn.core.documents import (
    DocumentTable,
    Heading,
    OfficialDocument,
    document_pdf,
    vietnamese_date,
    vietnamese_number,
)

STACKED = "Hướng dẫn triển khai: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự đ Đ."


def report(**overrides) -> OfficialDocument:
    values = dict(
        issuing_authority="UBND TỈNH NINH BÌNH",
        issuing_body="BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
        number_symbol="16/BC-BQLKCN",
        place="Ninh Bình",
        date=datetime.date(2026, 11, 22),
        kind="BÁO CÁO",
        subtitle="Tình hình phòng, chống dịch Covid-19 tại các khu công nghiệp tuần 47 năm 2026",
        body=[
            "Thực hiện Công điện số 01/CĐ-UBND ngày 01/5/2021 của UBND tỉnh về việc quyết liệt thực hiện "
            "các biện pháp cấp bách phòng, chống dịch Covid-19 trên địa bàn tỉnh, Ban Quản lý các khu công "
            "nghiệp báo cáo như sau:",
            Heading("I. TÌNH HÌNH CHUNG"),
            STACKED,
            DocumentTable(
                header=["STT", "Khu công nghiệp", "Số doanh nghiệp", "Số lao động", "Tỷ lệ tiêm (%)"],
                rows=[
                    [1, "KCN Đồng Văn I", 62, 1234, Decimal("98.5")],
                    [2, "KCN Châu Sơn", 48, 23456, 87.25],
                    [3, "KCN Hòa Mạc", 17, 1234567, 100],
                ],
                widths=[0.08, 0.34, 0.18, 0.2, 0.2],
            ),
            Heading("II. KIẾN NGHỊ, ĐỀ XUẤT"),
            "Đề nghị Sở Y tế hỗ trợ vắc-xin cho người lao động ở các doanh nghiệp chưa đủ liều./.",
        ],
        signer_title="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        signer_name="Trần Văn Kiên",
        recipients=["UBND tỉnh (để b/c)", "BCĐ phòng chống dịch bệnh COVID-19 tỉnh", "Website Ban"],
        archive="VT, VP",
    )
    values.update(overrides)
    return OfficialDocument(**values)


@pytest.fixture(scope="module")
def pdf():
    return PdfReader(BytesIO(document_pdf(report())))


def page_text(reader) -> str:
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def test_the_page_is_a4(pdf):
    box = pdf.pages[0].mediabox
    # A4 is 210 × 297 mm = 595.28 × 841.89 pt.
    assert round(float(box.width)) == 595
    assert round(float(box.height)) == 842


def test_the_head_title_and_foot_are_there(pdf):
    text = page_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 16/BC-BQLKCN" in text
    assert "Ninh Bình, ngày 22 tháng 11 năm 2026" in text
    assert "BÁO CÁO" in text
    assert "Nơi nhận:" in text
    assert "- UBND tỉnh (để b/c);" in text
    assert "- Lưu: VT, VP." in text
    assert "PHÓ TRƯỞNG BAN" in text
    assert "Trần Văn Kiên" in text


def test_vietnamese_diacritics_survive(pdf):
    text = page_text(pdf)
    for word in ("Hướng", "triển", "khai:", "ắ", "ẵ", "ậ", "ễ", "ỗ", "ợ", "ự", "đ", "Đ", "nghiệp", "Hòa"):
        assert word in text


def test_table_numbers_are_written_the_vietnamese_way(pdf):
    text = page_text(pdf)
    assert "1.234" in text
    assert "23.456" in text
    assert "1.234.567" in text
    assert "98,5" in text
    assert "87,25" in text


def test_the_embedded_font_is_times_new_roman_or_liberation_serif(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all(("LiberationSerif" in name or "TimesNewRoman" in name) for name in fonts), fonts


def test_a_long_document_numbers_its_later_pages():
    doc = report(body=["Nội dung báo cáo của các doanh nghiệp trong khu công nghiệp. " * 12] * 12)
    reader = PdfReader(BytesIO(document_pdf(doc)))
    assert len(reader.pages) >= 2
    assert reader.pages[1].extract_text().strip().startswith("2")


def test_an_official_letter_carries_its_subject_under_the_number():
    doc = report(kind="", number_symbol="      /BQLKCN-QLDN", subtitle="đôn đốc nộp báo cáo tháng 11")
    text = page_text(PdfReader(BytesIO(document_pdf(doc))))
    assert "V/v đôn đốc nộp báo cáo tháng 11" in text


def test_decomposed_input_is_composed_before_drawing():
    decomposed = unicodedata.normalize("NFD", "Phòng Quản lý doanh nghiệp")
    doc = report(body=[decomposed])
    assert "Phòng Quản lý doanh nghiệp" in page_text(PdfReader(BytesIO(document_pdf(doc))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (-1234, "-1.234"),
        (0, "0"),
        (12.5, "12,5"),
        (1234.5, "1.234,5"),
        (100.0, "100"),
        (Decimal("98.50"), "98,5"),
        (None, ""),
        ("KCN", "KCN"),
    ],
)
def test_vietnamese_number(value, expected):
    assert vietnamese_number(value) == expected


def test_vietnamese_number_with_fixed_decimals():
    assert vietnamese_number(1234.5, decimals=2) == "1.234,50"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2021, 5, 3), "ngày 03 tháng 5 năm 2021"),
        (datetime.date(2026, 11, 22), "ngày 22 tháng 11 năm 2026"),
        (datetime.date(2026, 2, 1), "ngày 01 tháng 02 năm 2026"),
    ],
)
def test_vietnamese_date(date, expected):
    assert vietnamese_date(date) == expected
