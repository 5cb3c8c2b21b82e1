"""Flat illustrations for demo products, drawn with Pillow (nothing downloaded).

One picture per product template: the line's colour and motif (drawn once
per line) with the template's short name ("Kertas HVS") and the line's label
written over it. JPEG, like a phone photo after the upload's re-encoding.

And one specimen per kind of registration document (KTP, bank book, NPWP…):
a plain card that says what it stands for and that it is demo data, with
nobody's name or number on it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from PIL import Image, ImageColor, ImageDraw, ImageFont

from blangkon.demo.lines import LINES_BY_SLUG, Line, Template

WIDTH, HEIGHT = 640, 480
QUALITY = 85
# The upload service's thumbnail: longest side 320 px (documents.services.thumbnail_create).
THUMBNAIL_SIDE = 320
INK = (255, 255, 255)
# The motif's box, above the text band.
BOX = (220, 40, 420, 240)

Box = tuple[int, int, int, int]
Motif = Callable[[ImageDraw.ImageDraw, Box, tuple[int, int, int]], None]


@dataclass(frozen=True)
class Picture:
    photo: bytes  # JPEG, WIDTH x HEIGHT
    thumbnail: bytes  # JPEG, longest side THUMBNAIL_SIDE


def picture(line: Line, template: Template) -> Picture:
    image = _line_base(line.slug).copy()
    draw = ImageDraw.Draw(image)
    _centred_text(draw, template.base, top=290, size=52, max_width=WIDTH - 60)
    _centred_text(draw, line.label, top=372, size=28, max_width=WIDTH - 60)
    # The photo is exactly twice the thumbnail: a box reduction is enough.
    thumbnail = image.reduce(max(WIDTH, HEIGHT) // THUMBNAIL_SIDE)
    return Picture(_jpeg(image), _jpeg(thumbnail))


SPECIMEN_COLOUR = (64, 84, 110)


def specimen(title: str) -> bytes:
    """A JPEG standing in for a scanned registration document."""
    image = Image.new("RGB", (WIDTH, HEIGHT), SPECIMEN_COLOUR)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, WIDTH - 24, HEIGHT - 24), outline=INK, width=4)
    _centred_text(draw, "SPESIMEN", top=110, size=88, max_width=WIDTH - 80)
    _centred_text(draw, title, top=250, size=36, max_width=WIDTH - 80)
    _centred_text(
        draw, "Data demo Blangkon, bukan dokumen asli", top=340, size=24, max_width=WIDTH - 80
    )
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    output = BytesIO()
    image.save(output, "JPEG", quality=QUALITY)
    return output.getvalue()


@cache
def _line_base(slug: str) -> Image.Image:
    """The line's background and motif, drawn once and copied per template."""
    line = LINES_BY_SLUG[slug]
    colour = ImageColor.getrgb(line.colour)[:3]
    image = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(image)
    if line.motif == "batik":
        _batik_pattern(draw, colour)
    # A lighter disc behind the motif, a darker band behind the text.
    draw.ellipse((BOX[0] - 30, BOX[1] - 30, BOX[2] + 30, BOX[3] + 30), fill=_mix(colour, INK, 0.25))
    draw.rectangle((0, 270, WIDTH, HEIGHT), fill=_mix(colour, (0, 0, 0), 0.35))
    MOTIFS[line.motif](draw, BOX, colour)
    return image


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _centred_text(
    draw: ImageDraw.ImageDraw, text: str, *, top: int, size: int, max_width: int
) -> None:
    font = _font(size)
    while size > 16 and draw.textlength(text, font=font) > max_width:
        size -= 4
        font = _font(size)
    width = draw.textlength(text, font=font)
    draw.text(((WIDTH - width) / 2, top), text, font=font, fill=INK)


def _mix(a: tuple[int, ...], b: tuple[int, ...], share: float) -> tuple[int, int, int]:
    r, g, bl = (round(x + (y - x) * share) for x, y in zip(a, b, strict=False))
    return (r, g, bl)


# --- motifs: a few flat shapes each, inside `box` ------------------------------


def _food(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.chord((x0, y0 + 20, x1, y1 + 20), 0, 180, fill=INK)  # bowl
    d.ellipse((x0 + 30, y0 + 50, x1 - 30, y0 + 130), fill=_mix(c, INK, 0.7))  # rice
    for x in (x0 + 60, x0 + 100, x0 + 140):
        d.arc((x - 15, y0 - 15, x + 15, y0 + 45), 90, 270, fill=INK, width=6)  # steam


def _paper(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    for shift in (24, 12, 0):
        d.rectangle((x0 + 30 + shift, y0 + shift, x1 - 30 + shift, y1 - 10 + shift), fill=INK,
                    outline=_mix(c, (0, 0, 0), 0.3), width=3)  # fmt: skip
    for n in range(6):
        y = y0 + 40 + n * 22
        d.line((x0 + 55, y, x1 - 55, y), fill=_mix(c, INK, 0.4), width=5)


def _sack(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rounded_rectangle((x0 + 20, y0 + 40, x1 - 20, y1), radius=40, fill=INK)
    d.polygon([(x0 + 60, y0 + 45), (x1 - 60, y0 + 45), (x1 - 80, y0), (x0 + 80, y0)], fill=INK)
    d.line((x0 + 60, y0 + 45, x1 - 60, y0 + 45), fill=c, width=8)


def _print(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rectangle((x0 + 40, y0, x1 - 40, y0 + 70), fill=_mix(c, INK, 0.8))  # sheet in
    d.rounded_rectangle((x0, y0 + 60, x1, y0 + 150), radius=14, fill=INK)  # body
    d.rectangle((x0 + 40, y0 + 130, x1 - 40, y1), fill=_mix(c, INK, 0.8))  # sheet out
    d.ellipse((x1 - 40, y0 + 80, x1 - 20, y0 + 100), fill=c)


def _screen(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rounded_rectangle((x0, y0 + 10, x1, y0 + 140), radius=10, fill=INK)
    d.rectangle((x0 + 14, y0 + 24, x1 - 14, y0 + 126), fill=_mix(c, (0, 0, 0), 0.3))
    d.rectangle((x0 + 85, y0 + 140, x1 - 85, y0 + 175), fill=INK)
    d.rounded_rectangle((x0 + 40, y0 + 170, x1 - 40, y0 + 190), radius=6, fill=INK)


def _chair(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rounded_rectangle((x0 + 50, y0, x1 - 50, y0 + 100), radius=16, fill=INK)  # back
    d.rounded_rectangle((x0 + 30, y0 + 100, x1 - 30, y0 + 130), radius=10, fill=INK)  # seat
    for x in (x0 + 45, x1 - 60):
        d.rectangle((x, y0 + 130, x + 15, y1), fill=INK)


def _bottle(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rectangle((x0 + 85, y0, x1 - 85, y0 + 30), fill=INK)  # cap
    d.rounded_rectangle((x0 + 50, y0 + 30, x1 - 50, y1), radius=30, fill=INK)
    d.rectangle((x0 + 50, y0 + 90, x1 - 50, y0 + 150), fill=_mix(c, INK, 0.5))  # label


def _cross(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.ellipse(b, fill=INK)
    d.rectangle((x0 + 80, y0 + 30, x1 - 80, y1 - 30), fill=(192, 57, 43))
    d.rectangle((x0 + 30, y0 + 80, x1 - 30, y1 - 80), fill=(192, 57, 43))


def _shirt(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.polygon(
        [(x0 + 60, y0), (x0, y0 + 50), (x0 + 25, y0 + 95), (x0 + 50, y0 + 80), (x0 + 50, y1),
         (x1 - 50, y1), (x1 - 50, y0 + 80), (x1 - 25, y0 + 95), (x1, y0 + 50), (x1 - 60, y0)],
        fill=INK,
    )  # fmt: skip
    d.chord((x0 + 70, y0 - 25, x1 - 70, y0 + 25), 0, 180, fill=c)  # collar


def _batik(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    # Kawung: four ovals around a point, the classic Javanese motif.
    x0, y0, x1, y1 = b
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    gold = (212, 172, 13)
    d.ellipse((cx - 20, y0, cx + 20, cy - 8), fill=gold)
    d.ellipse((cx - 20, cy + 8, cx + 20, y1), fill=gold)
    d.ellipse((x0, cy - 20, cx - 8, cy + 20), fill=gold)
    d.ellipse((cx + 8, cy - 20, x1, cy + 20), fill=gold)
    d.ellipse((cx - 10, cy - 10, cx + 10, cy + 10), fill=INK)


def _batik_pattern(d: ImageDraw.ImageDraw, c: tuple[int, int, int]) -> None:
    """Parang: diagonal bands over the whole background."""
    stripe = _mix(c, (212, 172, 13), 0.35)
    for x in range(-HEIGHT, WIDTH, 60):
        d.line((x, HEIGHT, x + HEIGHT, 0), fill=stripe, width=14)


def _gift(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rectangle((x0 + 20, y0 + 60, x1 - 20, y1), fill=INK)
    d.rectangle((x0 + 5, y0 + 40, x1 - 5, y0 + 80), fill=_mix(c, INK, 0.8))
    d.rectangle(((x0 + x1) // 2 - 12, y0 + 40, (x0 + x1) // 2 + 12, y1), fill=c)
    d.ellipse((x0 + 50, y0, (x0 + x1) // 2, y0 + 45), outline=INK, width=10)
    d.ellipse(((x0 + x1) // 2, y0, x1 - 50, y0 + 45), outline=INK, width=10)


def _cup(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rectangle((x0 + 30, y0 + 40, x1 - 70, y1 - 20), fill=INK)
    d.arc((x1 - 110, y0 + 70, x1 - 20, y0 + 150), 270, 90, fill=INK, width=16)
    d.ellipse((x0, y1 - 30, x1, y1 + 10), fill=_mix(c, INK, 0.7))  # saucer


def _brick(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    for row in range(5):
        offset = 0 if row % 2 == 0 else 30
        for col in range(-1, 4):
            left = x0 + offset + col * 62
            if left + 56 <= x0 or left >= x1:
                continue
            top = y0 + 20 + row * 34
            d.rectangle((max(left, x0), top, min(left + 56, x1), top + 28), fill=INK)


def _person(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.ellipse((x0 + 65, y0, x1 - 65, y0 + 70), fill=INK)
    d.chord((x0 + 20, y0 + 85, x1 - 20, y1 + 110), 180, 360, fill=INK)


def _tent(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.polygon([((x0 + x1) // 2, y0), (x0, y0 + 90), (x1, y0 + 90)], fill=INK)
    d.rectangle((x0 + 20, y0 + 90, x1 - 20, y1), fill=_mix(c, INK, 0.8))
    d.rectangle((x0 + 75, y0 + 120, x1 - 75, y1), fill=c)


def _car(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.rounded_rectangle((x0 - 20, y0 + 90, x1 + 20, y0 + 160), radius=20, fill=INK)
    d.polygon([(x0 + 30, y0 + 92), (x0 + 60, y0 + 30), (x1 - 60, y0 + 30), (x1 - 20, y0 + 92)],
              fill=INK)  # fmt: skip
    for x in (x0 + 20, x1 - 80):
        d.ellipse(
            (x, y0 + 130, x + 60, y0 + 190), fill=_mix(c, (0, 0, 0), 0.5), outline=INK, width=6
        )


def _leaf(d: ImageDraw.ImageDraw, b: Box, c: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = b
    d.ellipse((x0 + 20, y0, x1 - 20, y1 - 40), fill=INK)
    d.line(((x0 + x1) // 2, y0 + 20, (x0 + x1) // 2, y1), fill=c, width=8)
    d.rectangle((x0 + 40, y1 - 20, x1 - 40, y1), fill=_mix(c, (0, 0, 0), 0.4))  # soil


MOTIFS: dict[str, Motif] = {
    "food": _food,
    "paper": _paper,
    "sack": _sack,
    "print": _print,
    "screen": _screen,
    "chair": _chair,
    "bottle": _bottle,
    "cross": _cross,
    "shirt": _shirt,
    "batik": _batik,
    "gift": _gift,
    "cup": _cup,
    "brick": _brick,
    "person": _person,
    "tent": _tent,
    "car": _car,
    "leaf": _leaf,
}
