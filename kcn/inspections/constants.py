"""Limits of the photos attached to findings and fixes."""

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; larger is refused before decoding
PHOTO_CONTENT_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
THUMBNAIL_SIZE = (320, 320)
PHOTOS_PER_FINDING = 6
DEFAULT_CHECKLIST_CODE = "5k-phong-dich"
