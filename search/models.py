"""The search index: one document per member, kept by PostgreSQL triggers (docs/search.md)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class MemberDocument(models.Model):
    """What people search reads for one member: written only by the triggers of migration 0001
    (same transaction as the profile edit), never by Python code."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_CASCADE,
        primary_key=True,
        related_name="+",
    )
    name = models.TextField(help_text="Unaccented lower-case 'first last', for trigram matching.")
    document = SearchVectorField(help_text="Weighted: A name, B headline/current/skills, ...")
    industry = models.CharField(max_length=60, blank=True)
    location = models.CharField(max_length=100, blank=True)
    location_key = models.TextField(blank=True)
    company_key = models.TextField(blank=True)
    past_company_keys = ArrayField(models.TextField(), default=list, blank=True)
    school_keys = ArrayField(models.TextField(), default=list, blank=True)
    is_visible = models.BooleanField(help_text="Active and not deactivated.")
    open_to_out_of_network = models.BooleanField()

    class Meta:
        # GIN without a pending list (fastupdate off, migration 0006): every scan of an index
        # with one reads all of it, up to 4 MB, for every search. The full-text index carries
        # the equality filters too (btree_gin), so "engineer" in one industry and city is one
        # index scan that skips through the word's entries instead of three bitmaps ANDed.
        indexes = [
            GinIndex(
                fields=["document", "industry", "location_key", "company_key"],
                name="search_document_fts_idx",
                fastupdate=False,
            ),
            GinIndex(
                fields=["name"],
                opclasses=["gin_trgm_ops"],
                name="search_document_name_idx",
                fastupdate=False,
            ),
            models.Index(fields=["industry"], name="search_document_industry_idx"),
            models.Index(fields=["location_key"], name="search_document_location_idx"),
            models.Index(fields=["company_key"], name="search_document_company_idx"),
            GinIndex(
                fields=["past_company_keys"], name="search_document_past_idx", fastupdate=False
            ),
            GinIndex(fields=["school_keys"], name="search_document_school_idx", fastupdate=False),
        ]

    def __str__(self) -> str:
        return f"Search document of member {self.member_id}"
