"""Document uploads: only real documents get through, whatever their name claims."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kcn.core.files import OLE_MAGIC, document_kind, stored_name

LIMIT = 1024 * 1024


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, extension", [
    ("bao-cao.pdf", b"%PDF-1.7\n...", "pdf"),
    ("Báo cáo thu hoạch.DOCX", _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), "docx"),
    ("slides.pptx", _zip({"[Content_Types].xml": "<Types/>"}), "pptx"),
    ("bieu-mau.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
    ("cu.doc", OLE_MAGIC + b"\x00" * 100, "doc"),
])
def test_documents_are_recognised(name, content, extension):
    assert document_kind(SimpleUploadedFile(name, content), max_bytes=LIMIT).extension == extension


@pytest.mark.parametrize("name, content, message", [
    ("anh.jpg", _jpeg(), "không phải tài liệu"),
    ("anh-doi-duoi.pdf", _jpeg(), "đổi đuôi"),
    ("zip-thuong.docx", _zip({"a.txt": "x"}), "đổi đuôi"),
    ("sai-loai.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "đổi đuôi"),
    ("khong-duoi", b"%PDF-1.4", "không phải tài liệu"),
    ("rong.pdf", b"", "rỗng"),
    ("lon.pdf", b"%PDF-" + b"x" * LIMIT, "quá lớn"),
])
def test_anything_else_is_refused_with_the_reason(name, content, message):
    with pytest.raises(ValidationError) as raised:
        document_kind(SimpleUploadedFile(name, content), max_bytes=LIMIT)
    assert message in raised.value.messages[0]
    assert name in raised.value.messages[0]


def test_stored_names_are_random_dated_and_keep_only_the_extension():
    first = stored_name("library", "Báo cáo Nguyễn Văn An.PDF")
    second = stored_name("library", "Báo cáo Nguyễn Văn An.PDF")
    assert first != second
    folder, year, month, name = first.split("/")
    assert folder == "library" and len(year) == 4 and len(month) == 2
    assert name.endswith(".pdf") and "Nguy" not in name and len(name) == 32 + len(".pdf")
    assert stored_name("announcements", "no-extension").endswith(".bin")
    assert stored_name("inspections/photos", "IMG_0001.HEIC", extension="jpg").endswith(".jpg")
