"""Sanity checks for the static industry taxonomy (no DB)."""

import re

from accounts.industries import INDUSTRIES, INDUSTRY_LABELS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def test_industry_count_and_uniqueness() -> None:
    assert 145 <= len(INDUSTRIES) <= 155
    slugs = [slug for slug, _ in INDUSTRIES]
    labels = [label for _, label in INDUSTRIES]
    assert len(set(slugs)) == len(slugs)
    assert len(set(labels)) == len(labels)
    assert dict(INDUSTRIES) == INDUSTRY_LABELS


def test_industry_slugs_are_short_snake_case() -> None:
    for slug, label in INDUSTRIES:
        assert SLUG_RE.match(slug), slug
        assert len(slug) <= 60, slug
        assert label.strip() == label and label


def test_industries_sorted_by_label() -> None:
    labels = [label for _, label in INDUSTRIES]
    assert labels == sorted(labels, key=str.lower)


def test_industry_taxonomy_contains_well_known_entries() -> None:
    labels = set(INDUSTRY_LABELS.values())
    for expected in (
        "Accounting",
        "Airlines/Aviation",
        "Banking",
        "Computer Software",
        "Information Technology and Services",
        "Internet",
        "Hospital & Health Care",
        "Renewables & Environment",
    ):
        assert expected in labels
