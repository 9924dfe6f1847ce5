"""Photos of findings and fixes: size-limited, of an allowed type, and really an image.

The browser's content type is only a first filter; Pillow then opens and verifies the file, and
its own idea of the format must match. The stored file is a fresh JPEG re-encoded from the pixels
(no EXIF: phone photos carry the GPS position of whoever took them), with a thumbnail beside it.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .constants import PHOTO_CONTENT_TYPES, PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, THUMBNAIL_SIZE


def _open_checked(upload):
    name = getattr(upload, "name", "") or ""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("Ảnh %(name)s quá lớn (%(size)s); tối đa %(limit)s.") % {
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(PHOTO_MAX_BYTES)})
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type and content_type not in PHOTO_CONTENT_TYPES:
        raise ValidationError(_("Tệp %(name)s không phải ảnh JPEG, PNG hoặc WebP.") % {"name": name})
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(BytesIO(data)) as probe:
            fmt = probe.format
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("Ảnh %(name)s có độ phân giải quá lớn.") % {"name": name})
            probe.verify()
        image = Image.open(BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp %(name)s không phải ảnh hợp lệ hoặc đã bị hỏng.") % {"name": name}) from exc
    if fmt not in PHOTO_CONTENT_TYPES.values():
        raise ValidationError(_("Tệp %(name)s không phải ảnh JPEG, PNG hoặc WebP.") % {"name": name})
    if content_type and PHOTO_CONTENT_TYPES[content_type] != fmt:
        raise ValidationError(_("Nội dung tệp %(name)s không khớp với loại tệp khai báo.") % {"name": name})
    return ImageOps.exif_transpose(image).convert("RGB")


def _jpeg(image, size=None):
    if size is not None:
        image = image.copy()
        image.thumbnail(size)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def validate_photo(upload):
    """Raise a Vietnamese ValidationError unless ``upload`` is an acceptable photo."""
    _open_checked(upload)


def processed_photo(upload) -> tuple[ContentFile, ContentFile]:
    """(full image, thumbnail) as re-encoded JPEG files, after the checks."""
    image = _open_checked(upload)
    return _jpeg(image), _jpeg(image, THUMBNAIL_SIZE)
