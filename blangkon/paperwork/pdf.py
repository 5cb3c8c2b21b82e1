"""Laying a document out as a PDF (fpdf2, pure Python) with a QR code to its
verification page (segno, pure Python). It knows nothing of orders: it is
given the words (already in the document's language) and draws them.

The PDF uses the standard Helvetica font (no font file to ship), which holds
Latin-1; other characters are replaced (`_latin`). Page contents are left
uncompressed so a text search of the file finds what it says (the security
matrix looks for personal data in every response).
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# Characters outside Latin-1 that come up in names and sentences.
_REPLACEMENTS = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"}
)
QR_SIDE_MM = 32


def _latin(text: str) -> str:
    return text.translate(_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    widths: tuple[int, ...]  # millimetres
    rows: Sequence[tuple[str, ...]]
    # Columns aligned right (amounts, quantities).
    right: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Signature:
    role: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    """A document's words, top to bottom."""

    issuer: str  # the line above the title
    title: str
    subtitle: str  # number and date
    facts: list[tuple[str, str]]
    tables: list[Table] = field(default_factory=list)
    totals: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    verify_text: str = ""
    verify_url: str = ""
    author: str = ""
    created: datetime.datetime | None = None


def qr_png(url: str) -> bytes:
    """The verification URL as a PNG QR code (error correction M, quiet zone 4)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.set_text_color(110)
        self.cell(0, 5, _latin(f"{self.footer_text}  {self.page_no()}/{{nb}}"), align="C")


def render(paper: Paper) -> bytes:
    pdf = _Document(format="A4", unit="mm")
    pdf.footer_text = paper.subtitle
    pdf.compress = False
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(_latin(f"{paper.title} {paper.subtitle}"))
    pdf.set_author(_latin(paper.author))
    pdf.set_creator("Blangkon")
    if paper.created is not None:
        pdf.set_creation_date(paper.created)
    pdf.add_page()
    _heading(pdf, paper)
    _facts(pdf, paper.facts)
    for table in paper.tables:
        _table(pdf, table)
    _totals(pdf, paper.totals)
    for paragraph in paper.paragraphs:
        pdf.set_font("Helvetica", size=9.5)
        pdf.multi_cell(0, 5, _latin(paragraph), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    _signatures(pdf, paper.signatures)
    _verification(pdf, paper)
    return bytes(pdf.output())


def _heading(pdf: FPDF, paper: Paper) -> None:
    pdf.set_font("Helvetica", size=8)
    pdf.set_text_color(90)
    pdf.cell(0, 5, _latin(paper.issuer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, _latin(paper.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, _latin(paper.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _facts(pdf: FPDF, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(52, 5.5, _latin(label))
        pdf.set_font("Helvetica", size=9)
        pdf.multi_cell(0, 5.5, _latin(value or "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font("Helvetica", "B", 8.5)
    pdf.set_fill_color(235)
    for index, (heading, width) in enumerate(zip(table.headings, table.widths, strict=True)):
        align = "R" if index in table.right else "L"
        pdf.cell(width, 6, _latin(heading), border=1, align=align, fill=True)
    pdf.ln()
    pdf.set_font("Helvetica", size=8.5)
    for row in table.rows:
        for index, (value, width) in enumerate(zip(row, table.widths, strict=True)):
            align = "R" if index in table.right else "L"
            text = _latin(value)
            # Long names are cut to the column rather than wrapping the row.
            while text and pdf.get_string_width(text) > width - 2:
                text = text[:-1]
            pdf.cell(width, 6, text, border=1, align=align)
        pdf.ln()
    pdf.ln(3)


def _totals(pdf: FPDF, totals: list[tuple[str, str]]) -> None:
    for label, value in totals:
        pdf.set_font("Helvetica", "B", 9.5)
        pdf.cell(124, 6, _latin(label), align="R")
        pdf.cell(50, 6, _latin(value), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if totals:
        pdf.ln(3)


def _signatures(pdf: FPDF, signatures: list[Signature]) -> None:
    if not signatures:
        return
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(signatures)
    top = pdf.get_y() + 2
    if top + 30 > pdf.h - 18:
        pdf.add_page()
        top = pdf.get_y()
    for index, signature in enumerate(signatures):
        pdf.set_xy(pdf.l_margin + index * width, top)
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(width - 4, 5, _latin(signature.role), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=9)
        for line in signature.lines:
            pdf.multi_cell(width - 4, 5, _latin(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, top + 32)


def _verification(pdf: FPDF, paper: Paper) -> None:
    if not paper.verify_url:
        return
    if pdf.get_y() + QR_SIDE_MM + 4 > pdf.h - 18:
        pdf.add_page()
    top = pdf.get_y() + 2
    pdf.image(io.BytesIO(qr_png(paper.verify_url)), x=pdf.l_margin, y=top, w=QR_SIDE_MM)
    pdf.set_xy(pdf.l_margin + QR_SIDE_MM + 4, top + 4)
    pdf.set_font("Helvetica", size=8.5)
    text_width = pdf.w - pdf.r_margin - pdf.get_x()
    pdf.multi_cell(text_width, 4.5, _latin(paper.verify_text), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 8.5)
    pdf.multi_cell(text_width, 4.5, _latin(paper.verify_url), new_x=XPos.LEFT, new_y=YPos.NEXT)
