"""Training events (pelatihan) and who attended; attendees get a badge."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.vendors.access import can_record_training, readable_vendors
from blangkon.vendors.models import TrainingEvent


def training_event_create(
    *,
    actor: User,
    held_on: datetime.date,
    place: str,
    topic: str,
    ip_address: str | None = None,
) -> TrainingEvent:
    """Record a training event held by the actor's pemda (kab/kota or province admins)."""
    if not can_record_training(actor) or actor.organisation_id is None:
        raise Forbidden
    place, topic = " ".join(place.split()), " ".join(topic.split())
    fields: dict[str, str] = {}
    if not place:
        fields["place"] = _("Fill in where the training was held, e.g. Aula Dinkop Batang.")
    if not topic:
        fields["topic"] = _("Fill in the topic, e.g. How to upload products.")
    for field, value in (("place", place), ("topic", topic)):
        if len(value) > 200:
            fields[field] = _("Too long: use at most %(max)d characters.") % {"max": 200}
    if fields:
        raise DomainError("invalid", _("Please correct the marked fields."), fields)
    with transaction.atomic():
        pemda = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
        if pemda.kind != OrganisationKind.PEMDA:
            raise Forbidden
        event = TrainingEvent.objects.create(
            pemda=pemda, held_on=held_on, place=place, topic=topic, created_by=actor
        )
        audit_record(
            actor=actor,
            action="training.create",
            obj=event,
            organisation=pemda,
            ip_address=ip_address,
            details={"held_on": held_on.isoformat(), "place": place, "topic": topic},
        )
    return event


def training_attendance_add(
    *,
    actor: User,
    event_id: int,
    vendor_ids: list[int],
    ip_address: str | None = None,
) -> TrainingEvent:
    """Record vendors who attended an event of the actor's pemda.

    Every vendor must be in the actor's scope (domiciled in the kab/kota);
    one outside it makes the whole call NotFound. Adding an attendee twice
    changes nothing.
    """
    if not can_record_training(actor):
        raise Forbidden
    wanted = sorted(set(vendor_ids))
    if not wanted:
        message = _("Tick at least one vendor who attended.")
        raise DomainError("invalid", message, {"vendors": message})
    with transaction.atomic():
        event = (
            TrainingEvent.objects.select_for_update()
            .select_related("pemda")
            .filter(pk=event_id, pemda_id=actor.organisation_id)
            .first()
        )
        if event is None:
            raise NotFound
        vendors = list(readable_vendors(actor).filter(pk__in=wanted))
        if len(vendors) != len(wanted):
            raise NotFound
        already = set(event.attendees.filter(pk__in=wanted).values_list("pk", flat=True))
        new = [v for v in vendors if v.pk not in already]
        if not new:
            return event
        event.attendees.add(*new)
        audit_record(
            actor=actor,
            action="training.attendance_add",
            obj=event,
            organisation=event.pemda,
            ip_address=ip_address,
            details={"vendors": [v.pk for v in new]},
        )
    return event
