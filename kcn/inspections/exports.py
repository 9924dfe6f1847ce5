"""An inspection as .xlsx and as the official minutes (biên bản kiểm tra), Decree 30/2020 layout.

The PDF reuses core's document machinery and reporting's helpers for the heading (the province's
committee and the board's abbreviation), like the consolidated report does.
"""

import datetime
import io

import xlsxwriter

from kcn.core.documents import DocumentTable, Heading, OfficialDocument
from kcn.registry.documents import board_symbol, issuing_authority
from kcn.registry.models import ZoneAssignment

from .choices import Outcome
from .selectors import inspection_results_by_group

OUTCOME_MARK = {Outcome.PASS: "Đạt", Outcome.FAIL: "Không đạt", Outcome.NOT_APPLICABLE: "Không áp dụng",
                Outcome.PENDING: ""}


def inspection_filename(inspection, extension: str) -> str:
    return f"bien-ban-kiem-tra-{inspection.enterprise.tax_code}-{inspection.date:%Y%m%d}.{extension}"


def _lines(inspection):
    findings = list(inspection.findings.select_related("item").order_by("pk"))
    actions = list(inspection.actions.order_by("due_date", "pk"))
    return inspection_results_by_group(inspection), findings, actions


def inspection_xlsx(inspection) -> bytes:
    """Three sheets: the checklist with outcomes, the findings, the corrective actions."""
    groups, findings, actions = _lines(inspection)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})

    sheet = book.add_worksheet("Kết quả kiểm tra")
    sheet.write_string(0, 0, "BIÊN BẢN KIỂM TRA CÔNG TÁC PHÒNG, CHỐNG DỊCH", bold)
    info = [
        ("Doanh nghiệp", inspection.enterprise.name),
        ("Mã số thuế", inspection.enterprise.tax_code),
        ("Khu công nghiệp", inspection.enterprise.zone.name),
        ("Ngày kiểm tra", inspection.date.strftime("%d/%m/%Y")),
        ("Bảng kiểm", str(inspection.checklist)),
        ("Đoàn kiểm tra", ", ".join(str(user) for user in inspection.inspectors.all())),
        ("Trạng thái", str(inspection.get_status_display())),
        ("Kết luận", inspection.conclusion),
    ]
    for row, (label, value) in enumerate(info, start=2):
        sheet.write_string(row, 0, label, bold)
        sheet.write_string(row, 1, value or "", wrap)
    start = len(info) + 3
    for col, title in enumerate(["Nhóm", "Mã", "Nội dung kiểm tra", "Kết quả", "Ghi chú"]):
        sheet.write_string(start, col, title, header)
    row = start
    for group, results in groups:
        for result in results:
            row += 1
            sheet.write_string(row, 0, group, wrap)
            sheet.write_string(row, 1, result.item.code, wrap)
            sheet.write_string(row, 2, result.item.text, wrap)
            sheet.write_string(row, 3, OUTCOME_MARK[result.outcome], wrap)
            sheet.write_string(row, 4, result.note, wrap)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3, 14)
    sheet.set_column(4, 4, 40)

    sheet = book.add_worksheet("Tồn tại")
    for col, title in enumerate(["STT", "Nội dung kiểm tra", "Mô tả tồn tại", "Số ảnh"]):
        sheet.write_string(0, col, title, header)
    for row, finding in enumerate(findings, start=1):
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 1, str(finding.item) if finding.item else "", wrap)
        sheet.write_string(row, 2, finding.description, wrap)
        sheet.write_number(row, 3, finding.photos.count())
    sheet.set_column(1, 2, 50)

    sheet = book.add_worksheet("Biện pháp khắc phục")
    for col, title in enumerate(["STT", "Biện pháp khắc phục", "Hạn khắc phục", "Trạng thái", "Báo cáo khắc phục",
                                 "Ý kiến xác nhận"]):
        sheet.write_string(0, col, title, header)
    for row, action in enumerate(actions, start=1):
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 1, action.description, wrap)
        sheet.write_datetime(row, 2, datetime.datetime.combine(action.due_date, datetime.time()), date)
        sheet.write_string(row, 3, str(action.get_status_display()), wrap)
        sheet.write_string(row, 4, action.fix_note, wrap)
        sheet.write_string(row, 5, action.verify_note, wrap)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 3, 16)
    sheet.set_column(4, 5, 40)
    book.close()
    return buffer.getvalue()


def _department(inspection):
    assignment = (ZoneAssignment.objects.current(inspection.date).filter(zone=inspection.enterprise.zone)
                  .select_related("department").first())
    return assignment.department if assignment else None


def inspection_document(inspection) -> OfficialDocument:
    """Biên bản kiểm tra: who, where, when, the checklist's outcome, findings, actions, conclusion."""
    enterprise = inspection.enterprise
    board = enterprise.zone.board
    department = _department(inspection)
    groups, findings, actions = _lines(inspection)
    inspectors = [str(user) for user in inspection.inspectors.all()]
    others = [line.strip() for line in inspection.other_participants.splitlines() if line.strip()]
    intro = (
        f"Hôm nay, {inspection.date:%d/%m/%Y}, tại {enterprise.name} (mã số thuế {enterprise.tax_code}, "
        f"{enterprise.zone.name}), đoàn kiểm tra của {board.name} tiến hành kiểm tra công tác phòng, chống "
        f"dịch bệnh tại doanh nghiệp theo {inspection.checklist.name.lower()} (phiên bản "
        f"{inspection.checklist.version})."
    )
    body = [Heading("I. THÀNH PHẦN"), "1. Đoàn kiểm tra: " + ("; ".join(inspectors) or "…") + "."]
    if others:
        body.append("2. Thành phần khác: " + "; ".join(others) + ".")
    body += [Heading("II. NỘI DUNG KIỂM TRA"), intro]
    rows, number = [], 0
    for group, results in groups:
        rows.append(["", group, "", ""])
        for result in results:
            number += 1
            rows.append([str(number), result.item.text, OUTCOME_MARK[result.outcome], result.note])
    body.append(DocumentTable(header=["STT", "Nội dung kiểm tra", "Kết quả", "Ghi chú"], rows=rows,
                              widths=[0.08, 0.52, 0.16, 0.24]))
    body.append(Heading("III. TỒN TẠI PHÁT HIỆN"))
    if findings:
        body.append(DocumentTable(header=["STT", "Tồn tại", "Nội dung kiểm tra"],
                                  rows=[[str(i), f.description, f.item.code if f.item else ""]
                                        for i, f in enumerate(findings, start=1)],
                                  widths=[0.08, 0.72, 0.20]))
    else:
        body.append("Không phát hiện tồn tại.")
    body.append(Heading("IV. YÊU CẦU KHẮC PHỤC"))
    if actions:
        body.append(DocumentTable(header=["STT", "Biện pháp khắc phục", "Hạn hoàn thành"],
                                  rows=[[str(i), a.description, a.due_date.strftime("%d/%m/%Y")]
                                        for i, a in enumerate(actions, start=1)],
                                  widths=[0.08, 0.67, 0.25]))
        body.append(f"{enterprise.name} báo cáo kết quả khắc phục trên hệ thống KCN trước hạn nêu trên.")
    else:
        body.append("Không có yêu cầu khắc phục.")
    body += [Heading("V. KẾT LUẬN"), inspection.conclusion or "…",
             "Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản./."]
    if department is not None:
        authority, issuer = board.name.upper(), department.name.upper()
    else:
        authority, issuer = issuing_authority(board), board.name.upper()
    recipients = [enterprise.name, "Lãnh đạo Ban (để b/c)"]
    if department is not None:
        recipients.append(department.name)
    draft_note = "" if not inspection.is_draft else " (DỰ THẢO)"
    return OfficialDocument(
        issuing_authority=authority,
        issuing_body=issuer,
        number_symbol="\u00a0" * 6 + f"/BB-{board_symbol(board)}",
        place=board.province.name,
        date=inspection.date,
        kind="BIÊN BẢN" + draft_note,
        subtitle="Kiểm tra công tác phòng, chống dịch bệnh tại doanh nghiệp",
        body=body,
        signer_title="TRƯỞNG ĐOÀN KIỂM TRA",
        signer_name=inspectors[0] if inspectors else "",
        recipients=recipients,
        archive="VT",
    )
