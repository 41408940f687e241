"""Models used only by the remote tests, mirrored to the CAP server in ``odata_server/``."""

from __future__ import annotations

from django.db import models

from modelsync.remote import RemoteOptions
from modelsync.remote.models import RemoteModel
from modelsync.remote.queryset import RemoteQuerySet
from modelsync.tracking import TrackedQuerySet
from modelsync.tracking.models import TrackedModel


class Account(RemoteModel):
    """Every field type the serialization has to handle."""

    name = models.CharField(max_length=200)
    email = models.CharField(max_length=200, blank=True, null=True)
    city = models.CharField(max_length=100, blank=True, null=True)
    score = models.IntegerField(null=True, blank=True)
    balance = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)
    birthday = models.DateField(null=True, blank=True)
    last_contact = models.DateTimeField(null=True, blank=True)
    external_ref = models.UUIDField(null=True, blank=True)
    note = models.CharField(max_length=500, null=True, blank=True)

    remote = RemoteOptions(
        "Accounts",
        fields={
            "name": "name",
            "email": "email",
            "city": "city",
            "score": "score",
            "balance": "balance",
            "active": "active",
            "birthday": "birthday",
            "last_contact": "lastContact",
            "external_ref": "externalRef",
            "note": "note",
        },
    )

    def __str__(self) -> str:
        return self.name


class Contact(RemoteModel):
    """A row with a foreign key to another remote model."""

    full_name = models.CharField(max_length=200)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )

    remote = RemoteOptions("Contacts", fields={"full_name": "fullName", "account": "account_ID"})

    def __str__(self) -> str:
        return self.full_name


class TrackedRemoteQuerySet(RemoteQuerySet, TrackedQuerySet):  # type: ignore[misc]
    """Remote mirroring and change tracking on one queryset."""


class Lead(RemoteModel, TrackedModel):
    """A remote model whose writes also send the tracking signals."""

    name = models.CharField(max_length=200)
    score = models.IntegerField(null=True, blank=True)

    objects = models.Manager.from_queryset(TrackedRemoteQuerySet)()

    remote = RemoteOptions("Accounts", fields={"name": "name", "score": "score"})

    def __str__(self) -> str:
        return self.name


PERSON_FIELDS = {
    "seq": "seq",
    "first_name": "firstName",
    "last_name": "lastName",
    "city": "city",
    "score": "score",
    "balance": "balance",
    "active": "active",
    "born": "born",
    "seen": "seen",
}


class PersonFields(models.Model):
    """The columns of the randomized comparison, shared by the mirror and the plain model."""

    seq = models.IntegerField()
    first_name = models.CharField(max_length=100, null=True, blank=True)
    last_name = models.CharField(max_length=100, null=True, blank=True)
    city = models.CharField(max_length=100, null=True, blank=True)
    score = models.IntegerField(null=True, blank=True)
    balance = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)
    born = models.DateField(null=True, blank=True)
    seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Person(RemoteModel, PersonFields):
    """Mirrored to ``People``: its answers must equal :class:`LocalPerson`'s."""

    remote = RemoteOptions("People", fields=PERSON_FIELDS)


class LocalPerson(PersonFields):
    """A plain local model holding the same rows as the remote ``People``."""


class BoundContact(RemoteModel):
    """A contact whose account reference is written as ``account@odata.bind``."""

    full_name = models.CharField(max_length=200)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    remote = RemoteOptions(
        "Contacts",
        fields={"full_name": "fullName", "account": "account_ID"},
        bind={"account": "account"},
    )
