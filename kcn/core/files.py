"""Uploaded documents (field reports, library files, workshop presentations): really a document.

The name's extension and the browser's content type are only what the sender claims; the first
bytes must agree. A .pdf must start with ``%PDF-``; Office Open XML and OpenDocument files are
zip archives holding their own manifest; the old Office formats are OLE compound files.
Anything else (an image renamed .pdf, an executable, an empty file) is refused with the reason.
"""

import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    content_type: str
    family: str  # pdf, ooxml, odf, ole


DOCUMENT_KINDS = {
    kind.extension: kind
    for kind in [
        DocumentKind("pdf", "application/pdf", "pdf"),
        DocumentKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
        DocumentKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
        DocumentKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml"),
        DocumentKind("odt", "application/vnd.oasis.opendocument.text", "odf"),
        DocumentKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "odf"),
        DocumentKind("odp", "application/vnd.oasis.opendocument.presentation", "odf"),
        DocumentKind("doc", "application/msword", "ole"),
        DocumentKind("xls", "application/vnd.ms-excel", "ole"),
        DocumentKind("ppt", "application/vnd.ms-powerpoint", "ole"),
    ]
}


def stored_name(folder: str, filename: str = "", *, extension: str | None = None) -> str:
    """Where an upload is stored: ``folder/yyyy/mm/<random>.<extension>``.

    The name is random on purpose: the original may carry personal names, and guessing a path
    must not lead to a file; the original name is kept on the row for the download. The
    extension is the original's (lower case), or ``extension`` when the content decides it (a
    photo re-encoded as JPEG).
    """
    if extension is None:
        extension = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    return f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def document_kind(upload, *, max_bytes: int) -> DocumentKind:
    """The kind of ``upload`` if it is a document no larger than ``max_bytes``; else ValidationError."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = DOCUMENT_KINDS.get(extension)
    if kind is None:
        raise ValidationError(
            _("Tệp %(name)s không phải tài liệu được chấp nhận (PDF, Word, Excel, PowerPoint, OpenDocument).")
            % {"name": name}, code="not_document")
    if not upload.size:
        raise ValidationError(_("Tệp %(name)s rỗng.") % {"name": name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(_("Tệp %(name)s quá lớn (%(size)s); tối đa %(limit)s.") % {
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}, code="too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not _content_matches(kind, head, upload):
        raise ValidationError(
            _("Nội dung tệp %(name)s không phải tệp %(extension)s (tệp có thể bị đổi đuôi hoặc bị hỏng).")
            % {"name": name, "extension": extension.upper()}, code="content_mismatch")
    upload.seek(0)
    return kind


def _content_matches(kind, head, upload) -> bool:
    if kind.family == "pdf":
        return head.startswith(b"%PDF-")
    if kind.family == "ole":
        return head == OLE_MAGIC
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if kind.family == "ooxml":
                return "[Content_Types].xml" in names
            declared = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            return declared == kind.content_type
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        upload.seek(0)
