"""Official documents (kế hoạch, báo cáo, công văn) in the state format of Decree 30/2020/NĐ-CP.

Core knows no domain: a module builds an ``OfficialDocument`` from its own data and asks for
``document_pdf(doc)``. The layout follows Appendix I of the decree: A4, margins 20 / 20 / 30 /
15 mm, a serif face at 13 pt, the two-column head (issuing body and number on the left, national
name, motto and place-and-date on the right), the centred title, the body, the signature on the
right and "Nơi nhận" on the left.

The decree asks for Times New Roman. Linux servers seldom have it, so the metric-compatible
Liberation Serif 2 (Debian package fonts-liberation2) stands in: the lines break at the same places.
Liberation 1.x (Debian fonts-liberation) has no Vietnamese letters beyond Latin-1 and is refused.
"""

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# Margins of Decree 30, Appendix I, section II.1 (the middle of each allowed range).
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TEXT_WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
HEAD_LEFT_WIDTH = 70 * mm

BODY_SIZE = 13
TABLE_SIZE = 12


@dataclass
class DocumentTable:
    """A bordered table in the body: a header row and data rows.

    Numbers (int, float, Decimal) are written the Vietnamese way (1.234.567 and 12,5) and
    aligned right; ``widths`` are fractions of the text width, equal columns when omitted.
    """

    header: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[float] | None = None
    caption: str = ""


@dataclass
class Heading:
    """A bold section heading in the body, e.g. "I. MỤC ĐÍCH, YÊU CẦU"."""

    text: str


@dataclass
class OfficialDocument:
    """What a generated document says; ``document_pdf`` decides how it looks.

    ``body`` holds the blocks in reading order: a ``str`` is a paragraph, a ``Heading`` a section
    heading, a ``DocumentTable`` a table. A document without ``kind`` is a công văn: its
    ``subtitle`` then goes under the number as "V/v …", as the decree places it.
    """

    issuing_authority: str
    issuing_body: str
    number_symbol: str
    place: str
    date: datetime.date
    kind: str = ""
    subtitle: str = ""
    body: Sequence[str | Heading | DocumentTable] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    recipients: Sequence[str] = field(default_factory=list)
    archive: str = "VT"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {vietnamese_date(self.date)}"

    @property
    def recipient_lines(self) -> list[str]:
        """The "Nơi nhận" list: "- X;" for each recipient, then "- Lưu: VT, ….", as in the decree."""
        lines = [f"- {name.strip().rstrip(';.')};" for name in self.recipients]
        lines.append(f"- Lưu: {self.archive.strip().rstrip('.')}.")
        return lines


def vietnamese_date(date: datetime.date) -> str:
    """"ngày 03 tháng 5 năm 2021": days below 10 and the months January and February take a zero."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def vietnamese_number(value, decimals: int | None = None) -> str:
    """1234567 → "1.234.567", 12.5 → "12,5": the separators of Vietnamese administrative writing.

    Official documents are always in Vietnamese, so this ignores the active language on purpose.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "" if value is None else str(value)
    if isinstance(value, int):
        text = f"{value:,}"
    elif decimals is not None:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value:,f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# --- Fonts

FONT_DIRS = (
    Path(__file__).resolve().parent.parent / "static" / "fonts",
    Path("/usr/share/fonts/truetype/msttcorefonts"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FACES = (
    ("TimesNewRoman", ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
                       "Times_New_Roman_Bold_Italic.ttf")),
    ("LiberationSerif", ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                         "LiberationSerif-BoldItalic.ttf")),
)
# Letters a face must have to print Vietnamese: the stacked vowels, ư, ơ and đ.
VIETNAMESE = "ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựỉịọụỷỹƯưƠơĐđ"
_font_family: str | None = None


class FontMissing(RuntimeError):
    pass


def font_family() -> str:
    """Register the serif family once (Times New Roman if installed, else Liberation Serif)."""
    global _font_family
    if _font_family:
        return _font_family
    for family, files in FACES:
        for directory in FONT_DIRS:
            paths = [directory / name for name in files]
            if all(path.is_file() for path in paths) and all(_speaks_vietnamese(path) for path in paths):
                names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
                for name, path in zip(names, paths, strict=True):
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1], italic=names[2],
                                              boldItalic=names[3])
                _font_family = family
                return family
    raise FontMissing(
        "Không tìm thấy phông Times New Roman hoặc Liberation Serif 2 có đủ chữ tiếng Việt "
        "(apt-get install fonts-liberation2)."
    )


def _speaks_vietnamese(path: Path) -> bool:
    charmap = TTFontFile(str(path)).charToGlyph
    return all(ord(char) in charmap for char in VIETNAMESE)


# --- Rendering


def _text(value) -> str:
    # ReportLab draws one glyph per code point and does no mark positioning, so a decomposed
    # "ệ" (e + two combining marks) would print its marks beside the letter: compose first.
    return escape(unicodedata.normalize("NFC", str(value)))


def _lines(text) -> str:
    return "<br/>".join(_text(line) for line in str(text).splitlines())


class _Styles:
    def __init__(self, family: str):
        def style(name, **kwargs):
            kwargs.setdefault("fontName", family)
            kwargs.setdefault("bulletFontName", family)
            kwargs.setdefault("fontSize", BODY_SIZE)
            kwargs.setdefault("leading", kwargs["fontSize"] * 1.2)
            return ParagraphStyle(name, **kwargs)

        bold, italic, bold_italic = f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"
        self.authority = style("authority", fontSize=12, alignment=TA_CENTER)
        self.body_name = style("body_name", fontName=bold, fontSize=12, alignment=TA_CENTER)
        self.number = style("number", alignment=TA_CENTER)
        self.about = style("about", fontSize=12, alignment=TA_CENTER)
        self.nation = style("nation", fontName=bold, fontSize=12, alignment=TA_CENTER)
        self.motto = style("motto", fontName=bold, alignment=TA_CENTER)
        self.date = style("date", fontName=italic, alignment=TA_CENTER)
        self.kind = style("kind", fontName=bold, fontSize=14, alignment=TA_CENTER, leading=17)
        self.subtitle = style("subtitle", fontName=bold, alignment=TA_CENTER)
        self.paragraph = style("paragraph", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6,
                               leading=BODY_SIZE * 1.3)
        self.heading = style("heading", fontName=bold, alignment=TA_JUSTIFY, spaceBefore=3, spaceAfter=6,
                             leading=BODY_SIZE * 1.3)
        self.caption = style("caption", fontName=bold, alignment=TA_CENTER, spaceAfter=4)
        self.cell = style("cell", fontSize=TABLE_SIZE, alignment=TA_LEFT)
        self.cell_number = style("cell_number", fontSize=TABLE_SIZE, alignment=TA_RIGHT)
        self.cell_header = style("cell_header", fontName=bold, fontSize=TABLE_SIZE, alignment=TA_CENTER)
        self.signer_title = style("signer_title", fontName=bold, alignment=TA_CENTER)
        self.signer_name = style("signer_name", fontName=bold, alignment=TA_CENTER)
        self.recipients_label = style("recipients_label", fontName=bold_italic, fontSize=12)
        self.recipient = style("recipient", fontSize=11, leading=13)
        self.page_number = style("page_number", alignment=TA_CENTER)


class _Rule(Flowable):
    """A short centred rule a few points below the line above it.

    ReportLab's HRFlowable sits right on the paragraph box, whose bottom is above the
    descenders, so it would cross the "g" and "p" of "CÔNG NGHIỆP"; inside a table cell its
    spaceBefore is ignored too.
    """

    def __init__(self, width, gap=4):
        super().__init__()
        self.rule_width = width
        self.gap = gap

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.gap + 3

    def draw(self):
        left = (self.width - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(left, 3, left + self.rule_width, 3)


def _rule(width):
    return _Rule(width)


def _balanced(text: str, style: ParagraphStyle, width: float) -> str:
    """Break a name too long for its column into two lines of about the same length.

    Left to the paragraph, "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP" would leave "NGHIỆP" alone on the
    second line; clerks break it as "BAN QUẢN LÝ CÁC / KHU CÔNG NGHIỆP".
    """
    if "\n" in text or pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    words = text.split()

    def longest(cut):
        return max(pdfmetrics.stringWidth(" ".join(part), style.fontName, style.fontSize)
                   for part in (words[:cut], words[cut:]))

    cut = min(range(1, len(words)), key=longest, default=0)
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:]) if cut else text


def _head(doc: OfficialDocument, s: _Styles):
    issuing_body = _balanced(doc.issuing_body.upper(), s.body_name, HEAD_LEFT_WIDTH - 4 * mm)
    body_width = max(pdfmetrics.stringWidth(line, s.body_name.fontName, s.body_name.fontSize)
                     for line in issuing_body.splitlines())
    left = []
    if doc.issuing_authority:
        authority = _balanced(doc.issuing_authority.upper(), s.authority, HEAD_LEFT_WIDTH - 4 * mm)
        left.append(Paragraph(_lines(authority), s.authority))
    left += [
        Paragraph(_lines(issuing_body), s.body_name),
        # The rule under the issuing body is a third to a half of its line (Appendix I, II.4).
        _rule(max(body_width * 0.4, 20 * mm)),
        Paragraph(_text(f"Số: {doc.number_symbol}"), s.number),
    ]
    if not doc.kind and doc.subtitle:
        left.append(Paragraph(_text(f"V/v {doc.subtitle}"), s.about))
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.nation),
        Paragraph(motto, s.motto),
        _rule(pdfmetrics.stringWidth(motto, s.motto.fontName, s.motto.fontSize)),
        Spacer(1, 2 * mm),
        Paragraph(_text(doc.date_line), s.date),
    ]
    table = Table([[left, right]], colWidths=[HEAD_LEFT_WIDTH, TEXT_WIDTH - HEAD_LEFT_WIDTH])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.paragraph.fontName),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _title(doc: OfficialDocument, s: _Styles):
    if not doc.kind:
        return [Spacer(1, 8 * mm)]
    flowables = [Spacer(1, 10 * mm), Paragraph(_text(doc.kind.upper()), s.kind)]
    if doc.subtitle:
        flowables.append(Paragraph(_lines(doc.subtitle), s.subtitle))
    flowables += [_rule(TEXT_WIDTH / 4), Spacer(1, 5 * mm)]
    return flowables


def _table(block: DocumentTable, s: _Styles):
    columns = len(block.header)
    fractions = block.widths or [1 / columns] * columns
    total = sum(fractions)
    widths = [TEXT_WIDTH * fraction / total for fraction in fractions]
    data = [[Paragraph(_lines(cell), s.cell_header) for cell in block.header]]
    for row in block.rows:
        data.append([
            Paragraph(_text(vietnamese_number(cell)), s.cell_number)
            if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)
            else Paragraph(_lines("" if cell is None else cell), s.cell)
            for cell in row
        ])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.cell.fontName),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    flowables = [Paragraph(_text(block.caption), s.caption)] if block.caption else []
    return [*flowables, table, Spacer(1, 6)]


def _body(doc: OfficialDocument, s: _Styles):
    flowables = []
    for block in doc.body:
        if isinstance(block, DocumentTable):
            flowables += _table(block, s)
        elif isinstance(block, Heading):
            flowables.append(Paragraph(_text(block.text), s.heading))
        else:
            flowables.append(Paragraph(_text(block), s.paragraph))
    return flowables


def _foot(doc: OfficialDocument, s: _Styles):
    left = [Paragraph("Nơi nhận:", s.recipients_label)]
    left += [Paragraph(_text(line), s.recipient) for line in doc.recipient_lines]
    right = [Paragraph(_lines(doc.signer_title.upper()), s.signer_title)] if doc.signer_title else []
    # The space the decree leaves for the signature and the seal.
    right += [Spacer(1, 25 * mm), Paragraph(_text(doc.signer_name), s.signer_name)]
    table = Table([[left, right]], colWidths=[TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.paragraph.fontName),
        ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [Spacer(1, 4 * mm), KeepTogether(table)]


def document_pdf(doc: OfficialDocument) -> bytes:
    """The document as an A4 PDF in the layout of Decree 30/2020/NĐ-CP."""
    family = font_family()
    styles = _Styles(family)
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT, title=unicodedata.normalize("NFC", " ".join(filter(None, [doc.kind, doc.subtitle]))),
        author=unicodedata.normalize("NFC", doc.issuing_body), subject=doc.number_symbol, creator="KCN",
        # Otherwise ReportLab lists Helvetica, its starting font, among the page's fonts.
        initialFontName=family, initialFontSize=BODY_SIZE,
    )

    def later_page(canvas, _template):
        # Pages are numbered from the second one, centred in the top margin (Decree 30, II.9).
        canvas.saveState()
        canvas.setFont(family, BODY_SIZE)
        canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, A4[1] - MARGIN_TOP / 2, str(canvas.getPageNumber()))
        canvas.restoreState()

    story = [_head(doc, styles), *_title(doc, styles), *_body(doc, styles), *_foot(doc, styles)]
    template.build(story, onLaterPages=later_page)
    return buffer.getvalue()
