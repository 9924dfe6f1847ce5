"""Refuse an oversized upload while it arrives, before Django writes it to a temporary file."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the multipart headers and the other form fields around the file itself.
FORM_OVERHEAD = 64 * 1024


def upload_limit(path: str) -> int:
    """The largest upload accepted at ``path``, in bytes."""
    for prefix, limit in settings.KCN_UPLOAD_LIMITS.items():
        if path.startswith(prefix):
            return limit
    return settings.KCN_MAX_UPLOAD_BYTES


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops a file larger than KCN_MAX_UPLOAD_BYTES, or than the
    limit KCN_UPLOAD_LIMITS gives the path's prefix (a 300,000-worker list is about 30 MB).

    The rest of the body is read and thrown away (connection_reset=False) so the browser still
    gets the page that says the file is too large; nothing of it is kept in memory or on disk.
    The view learns of it through ``request.kcn_upload_too_large``.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = upload_limit(META.get("PATH_INFO", ""))
        self.too_large = content_length > self.limit + FORM_OVERHEAD
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self._stop()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _stop(self):
        self.request.kcn_upload_too_large = True
        raise StopUpload(connection_reset=False)
