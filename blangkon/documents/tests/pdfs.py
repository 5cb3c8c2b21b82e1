"""PDFs written byte by byte, for what pypdf cannot write: names with #xx
escapes, objects inside compressed object streams, incremental updates.

Every file has a correct cross-reference, so a reader takes it as it is and
does not have to repair it.
"""

import re
import zlib
from collections.abc import Sequence

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

# Actions that leave the document, send data, play media or run code, as the
# body of an action dictionary. The key is the action type (/S).
ACTIONS: dict[str, bytes] = {
    "JavaScript": b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
    "SubmitForm": b"<< /S /SubmitForm /F << /FS /URL /F (https://contoh.invalid/kirim) >> >>",
    "URI": b"<< /S /URI /URI (https://contoh.invalid/) >>",
    "Launch": b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) >>",
    "GoToR": b"<< /S /GoToR /F (lain.pdf) /D [0 /Fit] >>",
    "GoToE": b"<< /S /GoToE /D [0 /Fit] /T << /R /C /N (lampiran) >> >>",
    "ImportData": b"<< /S /ImportData /F (data.fdf) >>",
    "Rendition": b"<< /S /Rendition /OP 0 >>",
    "Sound": b"<< /S /Sound /Volume 1 >>",
    "Movie": b"<< /S /Movie /T (film) >>",
    "RichMediaExecute": b"<< /S /RichMediaExecute /CMD << /C (play) >> >>",
    "Hide": b"<< /S /Hide /T (tombol) >>",
}
# Actions that only move inside the document.
GOTO = b"<< /S /GoTo /D [3 0 R /Fit] >>"
NAMED = b"<< /S /Named /N /NextPage >>"


def page_tree(catalog: bytes = b"", page: bytes = b"") -> list[bytes]:
    """Objects 1 (catalog), 2 (pages) and 3 (a blank page), with extra
    entries for the catalog and the page."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page + b">>",
    ]


def _object(number: int, body: bytes) -> bytes:
    return b"%d 0 obj\n%s\nendobj\n" % (number, body)


def raw_pdf(objects: Sequence[bytes], root: int = 1) -> bytes:
    """Objects 1, 2, … with a classic cross-reference table."""
    out = bytearray(HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += _object(number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def incremental_update(base: bytes, objects: dict[int, bytes], root: int = 1) -> bytes:
    """`base` with an update appended that adds or replaces `objects`, as an
    editor saving changes does."""
    previous = int(base.rsplit(b"startxref", 1)[1].split()[0])
    size = int(re.findall(rb"/Size (\d+)", base)[-1])
    out = bytearray(base)
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += _object(number, body)
    start = len(out)
    out += b"xref\n"
    for number, offset in offsets.items():
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    size = max(size, max(objects) + 1)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (size, root, previous)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def object_stream_pdf(objects: Sequence[bytes], root: int = 1) -> bytes:
    """Objects 1, 2, … all inside one compressed object stream, found through
    a cross-reference stream: none of their names is in the file's bytes."""
    count = len(objects)
    header, body = bytearray(), bytearray()
    for number, content in enumerate(objects, start=1):
        header += b"%d %d " % (number, len(body))
        body += content + b"\n"
    packed = zlib.compress(bytes(header + body))
    stream_number, xref_number = count + 1, count + 2
    out = bytearray(HEADER)
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        count,
        len(header),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [(0, 0, 65535)]  # (type, field 2, field 3) with widths [1 4 2]
    rows += [(2, stream_number, index) for index in range(count)]
    rows += [(1, stream_offset, 0), (1, xref_offset, 0)]
    table = b"".join(
        kind.to_bytes(1, "big") + second.to_bytes(4, "big") + third.to_bytes(2, "big")
        for kind, second, third in rows
    )
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\n" % (
        xref_number,
        xref_number + 1,
        root,
        len(table),
    )
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def escaped(body: bytes) -> bytes:
    """Every name of two letters or more written with its second letter as a
    #xx escape: /URI becomes /U#52I, which a PDF reader reads as /URI."""
    return re.sub(
        rb"/([A-Za-z])([A-Za-z]+)",
        lambda m: b"/" + m[1] + b"#%02X" % m[2][0] + m[2][1:],
        body,
    )
