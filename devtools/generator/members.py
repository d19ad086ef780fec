"""The generated members' profiles, as columns of small integers into the demo vocabularies.

Names from many cultures (accented ones included), an industry, a city, a current company and
title, one past position, a school and 3-8 skills, with a headline and a summary written from
templates — enough for search to have something to find.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from accounts.industries import INDUSTRY_LABELS
from devtools.demo import vocabulary as demo_data


@dataclass(frozen=True)
class MemberRow:
    """One member's profile, as strings and dates ready for the database."""

    index: int
    first_name: str
    last_name: str
    email: str
    industry: str
    location: str
    company: str
    title: str
    headline: str
    summary: str
    skills: list[str]
    school: str
    degree: str
    field_of_study: str
    graduated: int
    past_company: str
    past_title: str
    career_start: date
    current_since: date


def _ascii(text: str) -> str:
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in normal.lower() if ch.isalnum()) or "member"


def _zipf(count: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


class _Vocabulary:
    """The demo vocabularies as flat tuples with per-industry offsets."""

    def __init__(self) -> None:
        self.first = demo_data.FIRST_NAMES
        self.last = demo_data.LAST_NAMES
        self.first_ascii = tuple(_ascii(name) for name in self.first)
        self.last_ascii = tuple(_ascii(name) for name in self.last)
        self.cities = tuple(city for city, _country in demo_data.CITIES)
        self.industries = demo_data.DEMO_INDUSTRIES
        self.industry_labels = tuple(INDUSTRY_LABELS[slug] for slug in self.industries)
        self.companies = tuple(
            c for slug in self.industries for c in demo_data.COMPANIES_BY_INDUSTRY[slug]
        )
        self.company_start = np.cumsum(
            [0] + [len(demo_data.COMPANIES_BY_INDUSTRY[slug]) for slug in self.industries]
        )
        self.titles = tuple(
            t for slug in self.industries for t in demo_data.TITLES_BY_INDUSTRY[slug]
        )
        self.title_start = np.cumsum(
            [0] + [len(demo_data.TITLES_BY_INDUSTRY[slug]) for slug in self.industries]
        )
        self.skills = tuple(
            s for slug in self.industries for s in demo_data.SKILLS_BY_INDUSTRY[slug]
        )
        self.skill_start = np.cumsum(
            [0] + [len(demo_data.SKILLS_BY_INDUSTRY[slug]) for slug in self.industries]
        )
        self.schools = demo_data.SCHOOLS
        self.degrees = demo_data.DEGREES
        self.headlines = demo_data.HEADLINE_TEMPLATES
        self.summaries = demo_data.SUMMARY_TEMPLATES


_VOCABULARY: _Vocabulary | None = None


def _vocabulary() -> _Vocabulary:
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = _Vocabulary()
    return _VOCABULARY


MAX_SKILLS = 8


class Members:
    """Every member as columns of small integers (indexes into the vocabularies)."""

    def __init__(self, count: int, rng: np.random.Generator) -> None:
        vocab = _vocabulary()
        self.count = count
        n_industries = len(vocab.industries)
        small = np.int16
        self.first = rng.integers(0, len(vocab.first), count).astype(small)
        self.last = rng.integers(0, len(vocab.last), count).astype(small)
        industry = rng.choice(n_industries, count, p=_zipf(n_industries, 0.6))
        industry[: min(count, n_industries)] = np.arange(min(count, n_industries))
        self.industry = industry.astype(small)
        top_cities = 12
        city = np.where(
            rng.random(count) < 0.7,
            rng.integers(0, top_cities, count),
            rng.integers(0, len(vocab.cities), count),
        )
        self.city = city.astype(small)
        per_industry = np.diff(vocab.company_start)
        # Zipf-ish company sizes inside an industry: a few big employers, a long tail.
        rank = np.minimum(rng.zipf(1.6, count) - 1, per_industry[industry] - 1)
        self.company = (vocab.company_start[industry] + rank).astype(small)
        past_rank = rng.integers(0, per_industry[industry])
        self.past_company = (vocab.company_start[industry] + past_rank).astype(small)
        titles = np.diff(vocab.title_start)[industry]
        self.title = (vocab.title_start[industry] + rng.integers(0, titles)).astype(small)
        self.past_title = (vocab.title_start[industry] + rng.integers(0, titles)).astype(small)
        self.school = rng.choice(len(vocab.schools), count, p=_zipf(len(vocab.schools), 0.5))
        self.school = self.school.astype(small)
        self.degree = rng.integers(0, len(vocab.degrees), count).astype(small)
        self.years = rng.triangular(1, 6, 31, count).astype(np.int8)
        self.graduation_gap = rng.integers(0, 3, count).astype(np.int8)
        self.start_month = rng.integers(1, 13, count).astype(np.int8)
        self.headline = rng.integers(0, len(vocab.headlines), count).astype(np.int8)
        self.summary = rng.integers(0, len(vocab.summaries), count).astype(np.int8)
        # 3-8 distinct skills of the member's industry: the first k of a random permutation.
        available = np.diff(vocab.skill_start)[industry]
        keys = rng.random((count, int(available.max())), dtype=np.float32)
        keys[np.arange(keys.shape[1])[None, :] >= available[:, None]] = 2.0  # never picked
        self.skills = np.argsort(keys, axis=1)[:, :MAX_SKILLS].astype(np.int8)
        self.skill_count = rng.integers(3, MAX_SKILLS + 1, count).astype(np.int8)

    def row(self, index: int) -> MemberRow:
        vocab = _vocabulary()
        industry = int(self.industry[index])
        first = vocab.first[self.first[index]]
        last = vocab.last[self.last[index]]
        company = vocab.companies[self.company[index]]
        title = vocab.titles[self.title[index]]
        city = vocab.cities[self.city[index]]
        base = int(vocab.skill_start[industry])
        skills = [
            vocab.skills[base + int(s)] for s in self.skills[index, : self.skill_count[index]]
        ]
        years = int(self.years[index])
        words = {
            "title": title,
            "company": company,
            "skill": skills[0],
            "industry": vocab.industry_labels[industry],
            "years": years,
            "city": city,
        }
        degree, field_of_study = vocab.degrees[self.degree[index]]
        career_start = date(2026 - years, int(self.start_month[index]), 1)
        return MemberRow(
            index=index,
            first_name=first,
            last_name=last,
            email=(
                f"{vocab.first_ascii[self.first[index]]}.{vocab.last_ascii[self.last[index]]}"
                f".{index}@example.com"
            ),
            industry=vocab.industries[industry],
            location=city,
            company=company,
            title=title,
            headline=vocab.headlines[self.headline[index]].format(**words)[:220],
            summary=vocab.summaries[self.summary[index]].format(**words),
            skills=skills,
            school=vocab.schools[self.school[index]],
            degree=degree,
            field_of_study=field_of_study,
            graduated=2026 - years - int(self.graduation_gap[index]),
            past_company=vocab.companies[self.past_company[index]],
            past_title=vocab.titles[self.past_title[index]],
            career_start=career_start,
            current_since=career_start.replace(year=min(career_start.year + 3, 2025)),
        )

    def rows(self, start: int = 0, stop: int | None = None) -> Iterator[MemberRow]:
        for index in range(start, self.count if stop is None else min(stop, self.count)):
            yield self.row(index)

    def teams(self, team_size: int) -> np.ndarray:
        """Team of each member: runs of `team_size` members ordered by company, city."""
        order = np.lexsort((np.arange(self.count), self.city, self.company))
        team = np.empty(self.count, dtype=np.int64)
        team[order] = np.arange(self.count) // team_size
        return team
