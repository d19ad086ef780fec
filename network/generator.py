"""Deterministic generator of a realistic professional network (members, profiles, edges).

Communities by company, city and industry give the graph clustering; a Pareto-distributed
"sociability" per member gives it power-law-like degrees. The same seed always gives the same
network, so demos, tests and benchmarks are reproducible.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from accounts import demo_data


@dataclass
class MemberSpec:
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
    sociability: float = field(default=1.0)


def _email(first: str, last: str, index: int) -> str:
    def ascii_part(text: str) -> str:
        import unicodedata

        normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in normal.lower() if ch.isalnum()) or "member"

    return f"{ascii_part(first)}.{ascii_part(last)}.{index}@example.com"


def generate_members(count: int, *, seed: int = 2026) -> list[MemberSpec]:
    """Return `count` member specifications with realistic, searchable profiles."""
    rng = random.Random(seed)
    industries = demo_data.DEMO_INDUSTRIES
    cities = [city for city, _country in demo_data.CITIES]
    members: list[MemberSpec] = []
    for index in range(count):
        industry = (
            industries[index % len(industries)]
            if index < len(industries)
            else rng.choice(industries)
        )
        first = rng.choice(demo_data.FIRST_NAMES)
        last = rng.choice(demo_data.LAST_NAMES)
        company = rng.choice(demo_data.COMPANIES_BY_INDUSTRY[industry])
        title = rng.choice(demo_data.TITLES_BY_INDUSTRY[industry])
        skills = rng.sample(demo_data.SKILLS_BY_INDUSTRY[industry], k=rng.randint(3, 8))
        city = rng.choice(cities[:12]) if rng.random() < 0.7 else rng.choice(cities)
        years = rng.randint(1, 30)
        placeholders = {
            "title": title,
            "company": company,
            "skill": skills[0],
            "industry": industry.replace("_", " "),
            "years": years,
            "city": city,
        }
        school = rng.choice(demo_data.SCHOOLS)
        degree, field_of_study = rng.choice(demo_data.DEGREES)
        past_company = rng.choice(demo_data.COMPANIES_BY_INDUSTRY[industry])
        members.append(
            MemberSpec(
                index=index,
                first_name=first,
                last_name=last,
                email=_email(first, last, index),
                industry=industry,
                location=city,
                company=company,
                title=title,
                headline=rng.choice(demo_data.HEADLINE_TEMPLATES).format(**placeholders),
                summary=rng.choice(demo_data.SUMMARY_TEMPLATES).format(**placeholders),
                skills=skills,
                school=school,
                degree=degree,
                field_of_study=field_of_study,
                graduated=2026 - years - rng.randint(0, 2),
                past_company=past_company,
                past_title=rng.choice(demo_data.TITLES_BY_INDUSTRY[industry]),
                career_start=date(2026 - years, rng.randint(1, 12), 1),
                sociability=min(rng.paretovariate(1.6), 40.0),
            )
        )
    return members


def generate_edges(
    members: list[MemberSpec], *, mean_degree: float, seed: int = 2026, isolated_share: float = 0.03
) -> Iterator[tuple[int, int]]:
    """Yield undirected edges (low index, high index), each once, between member indexes.

    Most edges stay inside a community (same company, else same city and industry), the rest
    go anywhere; a few members stay isolated so "out of network" exists in every demo.
    """
    rng = random.Random(seed + 1)
    count = len(members)
    if count < 2:
        return
    isolated = {m.index for m in members if rng.random() < isolated_share}
    by_company: dict[str, list[int]] = {}
    by_city_industry: dict[tuple[str, str], list[int]] = {}
    for member in members:
        if member.index in isolated:
            continue
        by_company.setdefault(member.company, []).append(member.index)
        by_city_industry.setdefault((member.location, member.industry), []).append(member.index)
    candidates = [m.index for m in members if m.index not in isolated]
    weights = [members[i].sociability for i in candidates]
    seen: set[tuple[int, int]] = set()
    target_edges = int(count * mean_degree / 2)
    attempts = 0
    while len(seen) < target_edges and attempts < target_edges * 20:
        attempts += 1
        source = rng.choices(candidates, weights=weights)[0]
        member = members[source]
        roll = rng.random()
        if roll < 0.45:
            pool = by_company[member.company]
        elif roll < 0.8:
            pool = by_city_industry[(member.location, member.industry)]
        else:
            pool = candidates
        other = rng.choice(pool)
        if other == source:
            continue
        pair = (min(source, other), max(source, other))
        if pair in seen:
            continue
        seen.add(pair)
        yield pair
