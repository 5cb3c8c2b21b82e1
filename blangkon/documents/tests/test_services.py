"""Storing uploads: what reaches the disk and the database, and what never does."""

import datetime
import hashlib
import stat
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from PIL import Image

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, NotFound
from blangkon.documents import services
from blangkon.documents.models import StoredFile
from blangkon.documents.services import stored_file_create, thumbnail_create
from blangkon.documents.tests import samples
from conftest import World


def files_on_disk(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_an_upload_is_stored_privately_with_its_checksum_and_audited(
    world: World, media_root: Path
) -> None:
    owner = world.user("pemilik.vendor")
    content = samples.pdf()
    stored = stored_file_create(
        actor=owner,
        owner=world.vendor,
        kind="ktp",
        upload=samples.upload("../../KTP Budi.pdf", content),
        ip_address="10.0.0.7",
    )
    assert stored.path == f"private/{world.vendor.pk}/{stored.pk}.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "KTP Budi.pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.uploaded_by == owner
    on_disk = media_root / stored.path
    assert on_disk.read_bytes() == content
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o640
    event = AuditEvent.objects.get(action="document.upload")
    assert event.object_id == str(stored.pk)
    assert event.organisation == world.vendor
    assert event.ip_address == "10.0.0.7"
    assert event.details["sha256"] == stored.sha256


def test_a_stored_image_is_the_reencoded_copy(world: World, media_root: Path) -> None:
    stored = stored_file_create(
        actor=world.user("staf.vendor"),
        owner=world.vendor,
        kind="product_image",
        upload=samples.upload("sabun.png", samples.png() + samples.SCRIPT),
    )
    content = (media_root / stored.path).read_bytes()
    assert samples.SCRIPT not in content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    with Image.open(BytesIO(content)) as image:
        assert image.format == "PNG"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("ktp.pdf", samples.EXE, "ktp"),
        ("foto.png", samples.SVG_WITH_SCRIPT, "product_image"),
        ("npwp.pdf", samples.encrypted_pdf(), "npwp"),
        ("produk.xlsx", samples.xlsx_zip_bomb(), "bulk_upload"),
    ],
)
def test_a_refused_upload_writes_nothing_to_disk_or_database(
    world: World, media_root: Path, name: str, content: bytes, kind: str
) -> None:
    with pytest.raises(DomainError) as caught:
        stored_file_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind=kind,
            upload=samples.upload(name, content),
        )
    assert caught.value.code == "invalid_file"
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="document.upload").exists()
    assert files_on_disk(media_root) == []


def test_an_oversized_upload_writes_nothing(world: World, media_root: Path) -> None:
    with pytest.raises(DomainError):
        stored_file_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind="ktp",
            upload=samples.NeverRead(),
        )
    assert not StoredFile.objects.exists()
    assert files_on_disk(media_root) == []


def test_the_file_is_removed_when_the_database_write_fails(
    world: World, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_audit(**kwargs: object) -> None:
        raise IntegrityError("simulated failure after the row was written")

    monkeypatch.setattr(services, "audit_record", failing_audit)
    with pytest.raises(IntegrityError):
        stored_file_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind="ktp",
            upload=samples.upload("ktp.pdf", samples.pdf()),
        )
    assert not StoredFile.objects.exists()
    assert files_on_disk(media_root) == []


@pytest.mark.parametrize("username", ["pp.batang", "admin.batang", "auditor.provinsi"])
def test_only_members_or_a_pendamping_may_upload_for_an_organisation(
    world: World, media_root: Path, username: str
) -> None:
    with pytest.raises(NotFound):
        stored_file_create(
            actor=world.user(username),
            owner=world.vendor,
            kind="ktp",
            upload=samples.upload("ktp.pdf", samples.pdf()),
        )
    assert files_on_disk(media_root) == []


def test_a_pendamping_may_upload_for_a_vendor(world: World) -> None:
    stored = stored_file_create(
        actor=world.user("pendamping.batang"),
        owner=world.vendor,
        kind="nib",
        upload=samples.upload("nib.jpg", samples.jpeg()),
    )
    assert stored.owner == world.vendor
    assert stored.content_type == "image/jpeg"


def test_an_unknown_kind_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        stored_file_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind="passport",
            upload=samples.upload("x.pdf", samples.pdf()),
        )
    assert caught.value.code == "invalid"


def test_a_thumbnail_is_a_small_jpeg_of_the_same_owner(world: World, media_root: Path) -> None:
    source = stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="product_image",
        upload=samples.upload("sabun.png", samples.png((1200, 600), mode="RGBA")),
    )
    thumbnail = thumbnail_create(source=source)
    assert thumbnail.pk != source.pk
    assert thumbnail.owner == world.vendor
    assert thumbnail.kind == "product_image"
    assert thumbnail.content_type == "image/jpeg"
    assert thumbnail.path.endswith(".jpg")
    with Image.open(media_root / thumbnail.path) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 160)
    assert AuditEvent.objects.filter(action="document.thumbnail").count() == 1


def test_a_pdf_gets_no_thumbnail(world: World) -> None:
    source = stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="ktp",
        upload=samples.upload("ktp.pdf", samples.pdf()),
    )
    with pytest.raises(DomainError):
        thumbnail_create(source=source)


def test_sweeping_removes_files_left_by_a_rolled_back_outer_transaction(
    world: World, media_root: Path
) -> None:
    kept = stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="ktp",
        upload=samples.upload("ktp.pdf", samples.pdf()),
    )

    def caller_service() -> None:
        with transaction.atomic():
            stored_file_create(
                actor=world.user("pemilik.vendor"),
                owner=world.vendor,
                kind="npwp",
                upload=samples.upload("npwp.pdf", samples.pdf()),
            )
            raise RuntimeError("the caller's own step failed")

    with pytest.raises(RuntimeError):
        caller_service()
    assert len(files_on_disk(media_root)) == 2  # the orphan is still there

    # -1: count every file as old enough, however fast the test ran.
    call_command("documents_sweep_orphans", older_than_minutes=-1, stdout=StringIO())

    assert files_on_disk(media_root) == [media_root / kept.path]


class CallerStepFailed(Exception):
    """A step of the calling service after the files were stored."""


def store_ktp(world: World) -> StoredFile:
    return stored_file_create(
        actor=world.user("pemilik.vendor"),
        owner=world.vendor,
        kind="ktp",
        upload=samples.upload("ktp.pdf", samples.pdf()),
    )


def store_photo_with_thumbnail(world: World) -> StoredFile:
    return thumbnail_create(
        source=stored_file_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind="product_image",
            upload=samples.upload("sabun.png", samples.png()),
        )
    )


def test_a_files_atomic_block_that_rolls_back_removes_its_files_at_once(
    world: World, media_root: Path
) -> None:
    kept = store_ktp(world)

    def caller_service() -> None:
        with services.files_atomic():
            store_ktp(world)
            store_photo_with_thumbnail(world)
            assert len(files_on_disk(media_root)) == 4
            raise CallerStepFailed

    with pytest.raises(CallerStepFailed):
        caller_service()
    assert files_on_disk(media_root) == [media_root / kept.path]
    assert list(StoredFile.objects.all()) == [kept]


def test_files_of_an_inner_block_that_committed_go_when_the_outer_block_rolls_back(
    world: World, media_root: Path
) -> None:
    def caller_service() -> None:
        with services.files_atomic():
            with services.files_atomic():
                store_ktp(world)
            with services.files_atomic():
                store_ktp(world)
            raise CallerStepFailed

    with pytest.raises(CallerStepFailed):
        caller_service()
    assert files_on_disk(media_root) == []


def test_an_inner_block_that_rolls_back_takes_only_its_own_files(
    world: World, media_root: Path
) -> None:
    def failing_step() -> None:
        with services.files_atomic():
            store_ktp(world)
            raise CallerStepFailed

    with services.files_atomic():
        kept = store_ktp(world)
        with pytest.raises(CallerStepFailed):
            failing_step()
    assert files_on_disk(media_root) == [media_root / kept.path]
    assert list(StoredFile.objects.all()) == [kept]


def test_several_uploads_are_all_validated_before_any_is_written(
    world: World, media_root: Path
) -> None:
    with pytest.raises(DomainError) as refused:
        services.stored_files_create(
            actor=world.user("pemilik.vendor"),
            owner=world.vendor,
            kind="bulk_upload",
            uploads={
                "file": samples.upload("produk.xlsx", samples.xlsx()),
                "images": samples.upload("foto.zip", samples.EXE),
            },
        )
    assert set(refused.value.fields) == {"images"}
    assert files_on_disk(media_root) == []
    assert StoredFile.objects.count() == 0


def test_the_sweep_looks_paths_up_in_batches_and_misses_none(
    world: World, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "SWEEP_BATCH", 2)
    kept = [store_ktp(world) for _ in range(3)]

    def caller_service() -> None:
        with transaction.atomic():  # a plain block: the sweep's case
            for _ in range(3):
                store_ktp(world)
            raise CallerStepFailed

    with pytest.raises(CallerStepFailed):
        caller_service()
    assert len(files_on_disk(media_root)) == 6

    removed = services.orphan_files_sweep(older_than=datetime.timedelta(seconds=-1))

    assert len(removed) == 3
    assert sorted(files_on_disk(media_root)) == sorted(media_root / f.path for f in kept)
