"""Product images delivered as a ZIP next to a bulk upload.

File names are SKUs: `ATK-001.jpg` is the first image of SKU ATK-001,
`ATK-001_2.png` the second, up to `_5`. Folders inside the ZIP are ignored.
Images are added to the products the same upload created or updated, after
their existing images, up to 5 per product, each through
`catalog.services.product_image_add` (the product form's path: the documents app
checks the content, re-encodes it and makes the thumbnail). An image that
cannot be attached is reported and the others are still attached. An import
resumed after its worker stopped passes the images an earlier attempt already
attached (`attached_before`): they are counted, not added twice.
"""

import re
import zipfile
from collections import defaultdict
from collections.abc import Collection
from pathlib import PurePosixPath

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.catalog.bulk.safety import IMAGES_LIMITS, zip_inspect
from blangkon.catalog.services import MAX_IMAGES, product_image_add
from blangkon.core.errors import DomainError
from blangkon.documents.models import StoredFile
from blangkon.documents.services import safe_original_name
from blangkon.documents.storage import file_open

IMAGE_NAME = re.compile(r"(?P<stem>.+)\.(?:jpe?g|png)", re.IGNORECASE)
NUMBERED = re.compile(r"(?P<sku>.+)_(?P<position>[1-9][0-9]*)")


def _sku_and_position(stem: str, known: dict[str, int]) -> tuple[str, int] | None:
    if stem in known:
        return stem, 1
    numbered = NUMBERED.fullmatch(stem)
    if numbered and numbered["sku"] in known:
        return numbered["sku"], int(numbered["position"])
    return None


def _plan(
    entries: list[zipfile.ZipInfo], products_by_sku: dict[str, int]
) -> tuple[dict[str, list[zipfile.ZipInfo]], list[dict[str, str]]]:
    """Group the archive's images by SKU (in their numbered order), and list
    the entries that match no imported product."""
    found: dict[str, list[tuple[int, zipfile.ZipInfo]]] = defaultdict(list)
    problems: list[dict[str, str]] = []
    for entry in entries:
        name = PurePosixPath(entry.filename.replace("\\", "/")).name
        if entry.is_dir() or not name or name.startswith(".") or "__MACOSX" in entry.filename:
            continue
        match = IMAGE_NAME.fullmatch(name)
        if match is None:
            problems.append({"name": name, "error": _("Only .jpg and .png images are used.")})
            continue
        target = _sku_and_position(match["stem"], products_by_sku)
        if target is None:
            problems.append(
                {
                    "name": name,
                    "error": _(
                        "No product of this file has this SKU (or its row failed). Name "
                        "images SKU.jpg, SKU_2.jpg … SKU_5.jpg."
                    ),
                }
            )
            continue
        sku, position = target
        if position > MAX_IMAGES:
            problems.append(
                {"name": name, "error": _("At most 5 images per product (SKU_1 to SKU_5).")}
            )
            continue
        found[sku].append((position, entry))
    plan = {
        sku: [entry for _pos, entry in sorted(items, key=lambda i: i[0])]
        for sku, items in found.items()
    }
    return plan, problems


def images_attach(
    *,
    actor: User,
    products_by_sku: dict[str, int],
    stored: StoredFile,
    attached_before: Collection[tuple[int, str]] = (),
) -> tuple[int, list[dict[str, str]]]:
    """Attach the images of a stored ZIP; returns (attached, problems).
    `attached_before` holds (product id, file name) pairs already attached."""
    attached = 0
    with file_open(stored.path) as file:
        try:
            entries = zip_inspect(file, limits=IMAGES_LIMITS, field="images")
        except DomainError as error:
            return 0, [{"name": stored.original_name, "error": str(error.message)}]
        plan, problems = _plan(entries, products_by_sku)
        with zipfile.ZipFile(file) as archive:
            for sku, sku_entries in plan.items():
                for entry in sku_entries:
                    name = PurePosixPath(entry.filename.replace("\\", "/")).name
                    if (products_by_sku[sku], safe_original_name(name)) in attached_before:
                        attached += 1
                        continue
                    try:
                        product_image_add(
                            actor=actor,
                            product_id=products_by_sku[sku],
                            upload=SimpleUploadedFile(name, archive.read(entry)),
                        )
                    except DomainError as error:
                        problems.append({"name": name, "error": str(error.message)})
                    except (zipfile.BadZipFile, OSError):
                        problems.append({"name": name, "error": _("The image could not be read.")})
                    else:
                        attached += 1
    return attached, problems
