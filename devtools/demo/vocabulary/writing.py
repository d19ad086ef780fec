"""Headline and summary templates, and the placeholders they may use."""

from typing import Final

HEADLINE_TEMPLATES: Final[tuple[str, ...]] = (
    "{title} at {company}",
    "{title} | {skill} | Helping teams ship faster",
    "{title} @ {company} · {industry}",
    "{title} at {company} | {skill} enthusiast",
    "{title} | {industry} | Open to new opportunities",
    "Building the future of {industry} at {company}",
    "{title} · {skill} · Lifelong learner",
    "{skill} specialist | {title} at {company}",
    "{title} passionate about {skill} and {industry}",
    "Former {title} | Now exploring {industry}",
    "{title} | Turning {skill} into business results",
    "{title} at {company} — {industry} nerd",
    "{title} | Mentor | Speaker on {skill}",
    "Helping {industry} companies grow with {skill} | {title}",
    "{title} at {company} | Ex-founder | {skill}",
)

SUMMARY_TEMPLATES: Final[tuple[str, ...]] = (
    "I'm a {title} with {years} years of experience in {industry}. "
    "Currently at {company} in {city}, I focus on {skill} and building great teams.",
    "Over the past {years} years I've worked across {industry}, most recently as {title} "
    "at {company}. I care deeply about {skill}. Based in {city} and always happy to chat.",
    "{title} based in {city}. I help {company} get more out of {skill}. "
    "Before that I spent {years} years learning the ropes of {industry}.",
    "Curious by nature, pragmatic by training. I've spent {years} years in {industry} and "
    "today I lead {skill} initiatives at {company}. Reach out if you're in {city}!",
    "As a {title} at {company}, I turn complex problems into simple solutions. "
    "My toolkit revolves around {skill}. {years} years in {industry} taught me to listen first.",
    "I joined {company} as a {title} after {years} years in {industry}. "
    "I'm passionate about {skill}, mentoring, and the tech community in {city}.",
    "Hello from {city}! I work as a {title} at {company}. "
    "My {years} years in {industry} have been all about {skill}. "
    "Outside work you'll find me hiking or reading.",
    "Results-driven {title} with {years} years of {industry} experience. "
    "Known for {skill}, clear communication and calm under pressure. "
    "Currently helping {company} scale from {city}.",
    "I believe the best work happens when diverse people build together. "
    "At {company} I'm a {title} focused on {skill}. "
    "Previously {years} years across {industry} roles in and around {city}.",
    "{years} years ago I stumbled into {industry} and never looked back. "
    "Today I'm a {title} at {company}, where {skill} is my daily bread.",
    "My mission: make {industry} a little better every day. "
    "I do that as a {title} at {company}, leaning on {skill} and {years} years of lessons. "
    "Happy to connect with anyone in {city}.",
    "Experienced {title} ({years} years) with a strong background in {skill}. "
    "I've shipped projects for clients across {industry}. "
    "Now based in {city} with {company}. Open to speaking and advisory roles.",
)

TEMPLATE_PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"title", "company", "skill", "industry", "years", "city"}
)
