"""Test files built in the test, from Pillow, pypdf, openpyxl or literal bytes."""

import zipfile
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from openpyxl import Workbook
from PIL import ExifTags, Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SCRIPT = b"<script>alert(1)</script>"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    output = BytesIO()
    Image.new(mode, size, "red" if mode != "RGBA" else (255, 0, 0, 128)).save(output, "PNG")
    return output.getvalue()


def jpeg(size: tuple[int, int] = (40, 20), exif: Image.Exif | None = None) -> bytes:
    output = BytesIO()
    image = Image.new("RGB", size, "blue")
    if exif is None:
        image.save(output, "JPEG")
    else:
        image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def jpeg_with_gps_and_rotation() -> bytes:
    """40x20 pixels, EXIF says 'rotate 90° clockwise' and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 54.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (109.0, 43.0, 10.0)
    return jpeg((40, 20), exif)


def pdf_from(writer: PdfWriter) -> bytes:
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    return pdf_from(writer)


def pdf_opening_with(action: dict[str, str], writer: PdfWriter | None = None) -> bytes:
    """A one-page PDF that runs `action` when opened: {"/S": "/URI", "/URI": "…"},
    names for keys and for values starting with "/", text for the others."""
    if writer is None:
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
            for key, value in action.items()
        }
    )
    return pdf_from(writer)


def pdf_with_javascript() -> bytes:
    return pdf_opening_with({"/S": "/JavaScript", "/JS": "app.alert('hi');"})


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("rahasia")
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.exe", EXE)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["sku", "nama", "harga"])
    sheet.append(["SBN-01", "Sabun cuci", 15000])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


def xlsx_zip_bomb() -> bytes:
    """Looks like a workbook; its sheet inflates 5 MB of nothing from a few KB."""
    return zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<c/>" * (5 * 1024 * 1024 // 4),
        }
    )


class NeverRead(UploadedFile):
    """An upload claiming 50 MB whose content must never be read."""

    def __init__(self, size: int = 50 * 1024 * 1024) -> None:
        super().__init__(file=BytesIO(b""), name="besar.pdf", content_type="application/pdf")
        self.size = size

    def chunks(self, chunk_size: int | None = None):
        raise AssertionError("the content of an oversized upload was read")

    def read(self, *args: object, **kwargs: object) -> bytes:
        raise AssertionError("the content of an oversized upload was read")
