"""Reads of certificates: the scoped list, the public check by code, and the printed certificate.

``certificate_verify`` takes no user on purpose: anyone holding the paper may check it. It
answers one certificate or nothing, in one query, and never a list, so codes cannot be
enumerated through it.
"""

import io
import re
import unicodedata

from django.db.models import QuerySet
from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from kcn.core.choices import Action
from kcn.core.documents import font_family, vietnamese_date, vietnamese_number

from ..models import Certificate

CODE_LENGTH = 10
_NOT_CODE = re.compile(r"[^0-9A-Z]")
RELATED = ("enrolment__trainee", "enrolment__course__programme", "enrolment__band")


def normalise_code(code: str | None) -> str:
    """" abcde fghjk ", "ABCDEFGHJK", "abcde-fghjk" → "ABCDE-FGHJK"; anything else → ""."""
    raw = _NOT_CODE.sub("", unicodedata.normalize("NFKC", code or "").upper())
    if len(raw) != CODE_LENGTH:
        return ""
    return f"{raw[:5]}-{raw[5:]}"


def certificate_verify(code: str | None) -> Certificate | None:
    """The certificate with this code (any case, spaces or dash optional), or None. One query."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return Certificate.objects.select_related(*RELATED).filter(code=normalised).first()


def certificates_for(*, user, action=Action.VIEW) -> QuerySet:
    """The certificates the user may see: a manager's programmes, a trainer's courses, a trainee's own."""
    return Certificate.objects.restrict(user, action).select_related(*RELATED)


def certificates_of_course(*, user, course) -> QuerySet:
    return certificates_for(user=user).filter(enrolment__course=course)


# --- The printed certificate (A4 landscape)

PAGE = landscape(A4)
INK = colors.HexColor("#1f3a68")
RED = colors.HexColor("#b3261e")


def _nfc(value) -> str:
    # ReportLab prints one glyph per code point: compose "ệ" first or its marks float beside it.
    return unicodedata.normalize("NFC", str(value or ""))


def _centred(pdf, text, y, font, size, x=None, color=colors.black, max_width=None):
    text = _nfc(text)
    while max_width and size > 8 and pdfmetrics.stringWidth(text, font, size) > max_width:
        size -= 0.5
    pdf.setFont(font, size)
    pdf.setFillColor(color)
    pdf.drawCentredString(PAGE[0] / 2 if x is None else x, y, text)


def _qr(pdf, url, x, y, size):
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF, with its code and a QR code of ``verify_url``.

    Always in Vietnamese, whatever the reader's language: it is an official paper. A revoked
    certificate prints "ĐÃ THU HỒI" across the page so a printout cannot pass for a valid one.
    """
    family = font_family()
    bold, italic = f"{family}-Bold", f"{family}-Italic"
    enrolment = certificate.enrolment
    course, programme, trainee = enrolment.course, enrolment.course.programme, enrolment.trainee
    width, height = PAGE
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(_nfc(f"Chứng chỉ {certificate.number or certificate.code} – {trainee.full_name}"))
    pdf.setAuthor(_nfc(programme.sponsor or programme.name))

    # Double frame
    pdf.setStrokeColor(INK)
    pdf.setLineWidth(3)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    # Header: issuing body on the left, national name and motto on the right
    left_x, right_x, top = width * 0.27, width * 0.68, height - 27 * mm
    _centred(pdf, (programme.sponsor or "Bộ Công Thương").upper(), top, bold, 12, x=left_x, max_width=120 * mm)
    _centred(pdf, programme.name, top - 6 * mm, family, 11, x=left_x, max_width=120 * mm)
    _centred(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", top, bold, 12, x=right_x)
    _centred(pdf, "Độc lập - Tự do - Hạnh phúc", top - 6 * mm, bold, 13, x=right_x)
    motto_width = pdfmetrics.stringWidth(_nfc("Độc lập - Tự do - Hạnh phúc"), bold, 13)
    pdf.setLineWidth(0.6)
    pdf.setStrokeColor(colors.black)
    pdf.line(right_x - motto_width / 2, top - 8 * mm, right_x + motto_width / 2, top - 8 * mm)

    # Title and holder
    _centred(pdf, "CHỨNG CHỈ", height - 62 * mm, bold, 36, color=INK)
    _centred(pdf, "Chứng nhận", height - 76 * mm, italic, 15)
    _centred(pdf, trainee.full_name.upper(), height - 89 * mm, bold, 24, color=INK, max_width=220 * mm)
    details = []
    if trainee.birth_year:
        details.append(f"Năm sinh: {trainee.birth_year}")
    details.append(f"Đơn vị: {enrolment.organisation or trainee.organisation}")
    _centred(pdf, "   ·   ".join(details), height - 98 * mm, family, 13, max_width=230 * mm)
    _centred(pdf, f"Đã hoàn thành Khóa {course.number}: {course.name}", height - 109 * mm, bold, 15,
             max_width=230 * mm)
    _centred(pdf, f"thuộc chương trình {programme.name}", height - 117 * mm, family, 13, max_width=230 * mm)
    _centred(pdf, f"từ ngày {course.start_date:%d/%m/%Y} đến ngày {course.end_date:%d/%m/%Y}",
             height - 125 * mm, family, 13)
    result = []
    if enrolment.band_id:
        result.append(f"Xếp loại: {enrolment.band.name}")
    if enrolment.result_score is not None:
        result.append(f"Điểm tổng hợp: {vietnamese_number(enrolment.result_score, 2)}/10")
    if result:
        _centred(pdf, "   ·   ".join(result), height - 134 * mm, bold, 14)

    # Footer: number and code with the QR on the left, place, date and signer on the right
    qr_size = 34 * mm
    _qr(pdf, verify_url, 22 * mm, 20 * mm, qr_size)
    pdf.setFillColor(colors.black)
    pdf.setFont(family, 11)
    text_x = 22 * mm + qr_size + 4 * mm
    pdf.drawString(text_x, 46 * mm, _nfc(f"Số: {certificate.number or '—'}"))
    pdf.drawString(text_x, 40 * mm, _nfc(f"Mã xác thực: {certificate.code}"))
    pdf.setFont(italic, 10)
    pdf.drawString(text_x, 34 * mm, _nfc("Kiểm tra chứng chỉ tại:"))
    url_size = 9
    while url_size > 6 and pdfmetrics.stringWidth(verify_url, family, url_size) > 100 * mm:
        url_size -= 0.5
    pdf.setFont(family, url_size)
    pdf.drawString(text_x, 29 * mm, verify_url)

    sign_x = width * 0.72
    place = enrolment.course.sessions.order_by("number").values_list("province__name", flat=True).first() or "Hà Nội"
    _centred(pdf, f"{place}, {vietnamese_date(certificate.issued_on)}", 58 * mm, italic, 13, x=sign_x)
    _centred(pdf, certificate.signer_title.upper(), 51 * mm, bold, 13, x=sign_x, max_width=110 * mm)
    _centred(pdf, certificate.signer_name, 24 * mm, bold, 14, x=sign_x)

    if certificate.is_revoked:
        pdf.saveState()
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.setFillColor(RED)
        pdf.setFillAlpha(0.55)
        pdf.setFont(bold, 64)
        pdf.drawCentredString(0, 0, _nfc("ĐÃ THU HỒI"))
        pdf.setFont(bold, 14)
        revoked_on = timezone.localtime(certificate.revoked_at)
        note = f"Thu hồi ngày {revoked_on:%d/%m/%Y}: {certificate.revoked_reason}"
        pdf.drawCentredString(0, -12 * mm, _nfc(note[:120]))
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
