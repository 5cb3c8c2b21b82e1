"""What an upload is, decided from its bytes, and the bad inputs it must refuse."""

import os
import zipfile
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from blangkon.core.errors import DomainError
from blangkon.documents.tests import samples
from blangkon.documents.validation import (
    PDF_FORBIDDEN_NAMES,
    ValidatedFile,
    _raw_names,
    validate_upload,
)


def refused(name: str, content: bytes, kind: str = "ktp") -> DomainError:
    with pytest.raises(DomainError) as caught:
        validate_upload(upload=samples.upload(name, content), kind=kind)
    assert caught.value.code == "invalid_file"
    assert "file" in caught.value.fields
    return caught.value


def accepted(name: str, content: bytes, kind: str = "ktp") -> ValidatedFile:
    return validate_upload(upload=samples.upload(name, content), kind=kind)


def test_a_windows_executable_renamed_pdf_is_refused() -> None:
    refused("ktp.pdf", samples.EXE)


@pytest.mark.parametrize("content", [samples.SVG_WITH_SCRIPT, samples.HTML_PAGE])
def test_svg_or_html_named_png_is_refused(content: bytes) -> None:
    refused("foto.png", content, kind="product_image")
    refused("ktp.png", content)


def test_the_browsers_content_type_is_ignored() -> None:
    with pytest.raises(DomainError):
        validate_upload(
            upload=samples.upload("ktp.png", samples.SVG_WITH_SCRIPT, content_type="image/png"),
            kind="ktp",
        )
    result = validate_upload(
        upload=samples.upload("scan.exe", samples.pdf(), content_type="application/x-msdownload"),
        kind="ktp",
    )
    assert result.content_type == "application/pdf"
    assert result.extension == "pdf"


def test_a_script_appended_after_the_png_data_is_dropped() -> None:
    content = samples.png() + samples.SCRIPT
    result = accepted("produk.png", content, kind="product_image")
    assert samples.SCRIPT not in result.content
    assert b"<script" not in result.content
    with Image.open(BytesIO(result.content)) as image:
        assert image.format == "PNG"
        assert image.size == (40, 30)


def test_a_jpeg_loses_its_exif_and_gps_but_keeps_its_orientation() -> None:
    content = samples.jpeg_with_gps_and_rotation()
    with Image.open(BytesIO(content)) as original:
        assert original.getexif()  # the sample really carries EXIF
    result = accepted("ktp.jpg", content)
    assert result.content_type == "image/jpeg"
    assert b"KameraUji" not in result.content
    with Image.open(BytesIO(result.content)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (20, 40)  # rotated upright, as the EXIF asked


def test_a_transparent_png_stays_a_png_with_its_alpha() -> None:
    result = accepted("logo.png", samples.png(mode="RGBA"), kind="product_image")
    with Image.open(BytesIO(result.content)) as image:
        assert image.mode == "RGBA"


def test_a_truncated_image_is_refused() -> None:
    refused("foto.jpg", samples.jpeg()[:60], kind="product_image")


def test_an_image_with_too_many_pixels_is_refused_before_decoding() -> None:
    # 10,000 x 10,000 pixels of one colour compress to a few hundred KB.
    output = BytesIO()
    Image.new("1", (10_000, 10_000)).save(output, "PNG")
    error = refused("besar.png", output.getvalue(), kind="product_image")
    assert "40" in str(error.message)


def test_a_50_mb_upload_is_refused_before_it_is_read() -> None:
    with pytest.raises(DomainError) as caught:
        validate_upload(upload=samples.NeverRead(), kind="ktp")
    assert caught.value.code == "invalid_file"
    refused("besar.pdf", b"%PDF-1.7\n" + bytes(50 * 1024 * 1024))


def test_an_upload_that_understates_its_size_is_stopped_at_the_limit() -> None:
    upload = samples.upload("besar.pdf", b"%PDF-1.7\n" + bytes(6 * 1024 * 1024))
    upload.size = 1000
    with pytest.raises(DomainError) as caught:
        validate_upload(upload=upload, kind="ktp")
    assert caught.value.code == "invalid_file"


def test_an_empty_file_is_refused() -> None:
    refused("ktp.pdf", b"")


def test_a_valid_pdf_is_accepted_unchanged_and_reads_back() -> None:
    content = samples.pdf(pages=2)
    result = accepted("akta.pdf", content, kind="akta")
    assert result.content == content
    assert len(PdfReader(BytesIO(result.content)).pages) == 2


def test_a_pdf_with_javascript_is_refused() -> None:
    refused("npwp.pdf", samples.pdf_with_javascript())


def test_a_pdf_hiding_javascript_behind_name_escapes_is_refused() -> None:
    # /J#61vaScript is /JavaScript to a PDF reader but not to a byte search.
    content = samples.pdf_with_javascript()
    content = content.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    content = content.replace(b"/JS(", b"/J#53(")
    assert b"/JavaScript" not in content
    # Refused because the decoded names are forbidden, not because it is damaged.
    assert {"/JavaScript", "/JS"} <= _raw_names(content) & PDF_FORBIDDEN_NAMES
    assert len(PdfReader(BytesIO(content), strict=False).pages) == 1
    refused("npwp.pdf", content)


def test_a_pdf_with_an_embedded_file_is_refused() -> None:
    refused("nib.pdf", samples.pdf_with_embedded_file())


def test_an_encrypted_pdf_is_refused() -> None:
    refused("rekening.pdf", samples.encrypted_pdf())


def test_a_damaged_pdf_is_refused() -> None:
    refused("akta.pdf", b"%PDF-1.7\n" + b"garbage " * 100)


def test_a_pdf_is_not_a_product_image() -> None:
    refused("foto.jpg", samples.pdf(), kind="product_image")


def test_bulk_upload_accepts_a_real_xlsx() -> None:
    result = accepted("produk.xlsx", samples.xlsx(), kind="bulk_upload")
    assert result.extension == "xlsx"
    assert result.content_type.endswith("spreadsheetml.sheet")


def test_bulk_upload_refuses_a_random_zip() -> None:
    refused("produk.xlsx", samples.zip_of({"catatan.txt": b"halo"}), kind="bulk_upload")


def test_bulk_upload_refuses_a_zip_bomb_named_xlsx() -> None:
    refused("produk.xlsx", samples.xlsx_zip_bomb(), kind="bulk_upload")


def test_bulk_upload_refuses_a_workbook_with_macros() -> None:
    content = samples.xlsx()
    output = BytesIO(content)
    with zipfile.ZipFile(output, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    refused("produk.xlsx", output.getvalue(), kind="bulk_upload")


def test_bulk_upload_refuses_a_zip_with_a_path_escaping_name() -> None:
    content = samples.zip_of({"../../etc/passwd.png": samples.png()})
    refused("foto.zip", content, kind="bulk_upload")


def test_bulk_upload_accepts_a_zip_of_photos_and_ignores_macos_clutter() -> None:
    content = samples.zip_of(
        {
            "SBN-01.png": samples.png(),
            "SBN-02.jpg": samples.jpeg(),
            "__MACOSX/._SBN-01.png": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    result = accepted("foto.zip", content, kind="bulk_upload")
    assert result.extension == "zip"


def test_a_zip_is_not_an_identity_document() -> None:
    refused("ktp.pdf", samples.xlsx(), kind="ktp")


def test_bulk_files_may_be_larger_than_documents() -> None:
    big_sheet = samples.zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            # Incompressible data: about 6 MB stored, above the 5 MB document limit.
            "xl/media/image1.bin": os.urandom(6 * 1024 * 1024),
        }
    )
    assert accepted("produk.xlsx", big_sheet, kind="bulk_upload").extension == "xlsx"


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a\x01\x00\x01\x00",
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        b"just some text",
    ],
)
def test_other_formats_are_refused_with_a_message(content: bytes) -> None:
    error = refused("berkas.jpg", content)
    assert str(error.message)


def test_a_word_document_is_refused_even_for_bulk_upload() -> None:
    docx = samples.zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    )
    refused("akta.pdf", docx, kind="akta")
    refused("produk.xlsx", docx, kind="bulk_upload")
