"""Files uploaded with events: PDF, office documents and images, checked by their content.

The name's extension says what a file claims to be; its first bytes say
what it is. Both must agree on a format of the list below, and the file
must fit `EVENT_DOCUMENT_MAX_BYTES`, before it is stored.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF, OLE, ZIP, PNG, JPEG = "pdf", "ole", "zip", "png", "jpeg"
# The container each extension must be, and the content type it is served with.
FORMATS = {
    "pdf": (PDF, "application/pdf"),
    "doc": (OLE, "application/msword"),
    "xls": (OLE, "application/vnd.ms-excel"),
    "ppt": (OLE, "application/vnd.ms-powerpoint"),
    "docx": (ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (ZIP, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": (ZIP, "application/vnd.oasis.opendocument.text"),
    "ods": (ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": (ZIP, "application/vnd.oasis.opendocument.presentation"),
    "png": (PNG, "image/png"),
    "jpg": (JPEG, "image/jpeg"),
    "jpeg": (JPEG, "image/jpeg"),
}
SIGNATURES = {
    PDF: b"%PDF-",
    OLE: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ZIP: b"PK\x03\x04",
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type(name: str) -> str:
    """The content type a stored file is served with, from its (checked) extension."""
    return FORMATS.get(extension(name), ("", "application/octet-stream"))[1]


def _is_office_zip(upload: UploadedFile, kind: str) -> bool:
    """An Office Open XML or OpenDocument file of the right kind, not any ZIP archive."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if kind.startswith("od"):
                return (
                    "mimetype" in names
                    and archive.read("mimetype").decode("ascii", "replace") == FORMATS[kind][1]
                )
            folder = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[kind]
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False
    finally:
        upload.seek(0)


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file too large, of a format not accepted, or whose content is not its format."""
    limit = settings.EVENT_DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = extension(upload.name or "")
    if kind not in FORMATS:
        raise ValidationError(
            _("Accepted files: %(formats)s.") % {"formats": ", ".join(sorted(FORMATS))},
            code="format",
        )
    container = FORMATS[kind][0]
    upload.seek(0)
    head = upload.read(len(SIGNATURES[container]))
    upload.seek(0)
    matches = head == SIGNATURES[container]
    if matches and container == ZIP:
        matches = _is_office_zip(upload, kind)
    if not matches:
        raise ValidationError(
            _("The file's content is not a %(format)s file.") % {"format": kind.upper()},
            code="content",
        )
