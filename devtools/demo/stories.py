"""What the demo network's members say: groups, posts, comments, messages and notes.

Pure data, fixed text: the seed (`devtools.demo.activity`) picks from these by position, so
every run writes the same words in the same places.
"""

from typing import Final, NamedTuple


class GroupStory(NamedTuple):
    name: str
    description: str
    rules: str
    industry: str
    join_policy: str  # "open" or "approval"
    owned_by_demo: bool


GROUPS: Final[tuple[GroupStory, ...]] = (
    GroupStory(
        "Product Builders Guild",
        "Product managers, designers and engineers comparing notes on discovery, roadmaps and "
        "shipping. Ask a question, share a write-up, review each other's launch plans.",
        "Be kind. No recruiting posts. Share what you learned, not only what you sell.",
        "software",
        "approval",
        True,
    ),
    GroupStory(
        "Remote Work Practitioners",
        "How distributed teams plan, write and meet across time zones.",
        "Stay on topic; one promotional post a month at most.",
        "software",
        "open",
        False,
    ),
    GroupStory(
        "Data & Analytics Community",
        "Dashboards, experiments, warehouses and the people who keep them honest.",
        "Cite your sources. Anonymise any customer data before you post it.",
        "financial-services",
        "open",
        False,
    ),
    GroupStory(
        "Women in Engineering Network",
        "Mentoring, sponsorship and honest conversations about careers in engineering.",
        "Members approve each request to keep this a safe space. Respect confidentiality.",
        "software",
        "approval",
        False,
    ),
    GroupStory(
        "Early-Career Mentoring Circle",
        "New graduates and career changers meet people a few steps ahead of them.",
        "Questions are always welcome. Offer help before asking for a referral.",
        "education",
        "open",
        False,
    ),
)

FEED_POSTS: Final[tuple[str, ...]] = (
    "We shipped the new onboarding flow today. Activation is up 14% in the first week, and "
    "the support queue is quieter than it has been all year. Thank you to everyone who tested "
    "the early builds!",
    "Hiring: we are looking for a senior backend engineer who enjoys boring, reliable systems. "
    "Remote within Europe. Happy to answer questions in the comments.",
    "Three things I learned from running our first customer advisory board:\n"
    "1. Send the agenda a week early.\n2. Let customers talk to each other.\n"
    "3. Write down every promise you make, and keep it.",
    "Five years at the same company today. Grateful for the people who took a chance on a "
    "career changer with more enthusiasm than experience.",
    "Does anyone have a good template for a one-page product brief? Ours has grown to nine "
    "pages and nobody reads past the second.",
    "Speaking at the regional analytics meetup next Thursday about how we cut our dashboard "
    "load time from 40 seconds to 2. Slides will be shared here afterwards.",
    "A small habit that changed my week: a 15-minute written update every Friday. My manager "
    "reads it, my team reads it, and I finally remember what I did.",
    "Our team is running a free workshop on accessible design for anyone who builds web "
    "pages. Keyboard navigation, contrast, screen readers: the basics done well.",
    "Looking back at our migration to the new warehouse: it took twice as long as planned and "
    "was worth every week. Happy to share the checklist we wish we had had.",
    "Proud of our interns this summer. They shipped a feature that 30,000 customers now use "
    "every day, and they wrote better documentation than most of us.",
    "Reading recommendations for someone moving from engineering into management? I have "
    "'The Manager's Path' on my list already.",
    "Just passed my cloud architecture certification. The practice exams were harder than the "
    "real one, which is exactly how it should be.",
)

DEMO_POSTS: Final[tuple[tuple[str, str], ...]] = (
    (
        "What a good roadmap review looks like",
        "After a year of quarterly roadmap reviews, here is what made ours useful: start from "
        "the problems, not the features; show what we decided not to do; and end every review "
        "with the three questions we still cannot answer.\n\nThe best reviews felt like a "
        "conversation, not a presentation. What works for your team?",
    ),
    (
        "",
        "Looking for two or three product people to review our new pricing page before it goes "
        "live next month. Coffee (or a virtual one) on me.",
    ),
)

SPAM_POST: Final[str] = (
    "Make $5,000 a week from home!!! No experience needed. Message me for the secret method, "
    "only 3 places left."
)

COMMENTS: Final[tuple[str, ...]] = (
    "Congratulations, well deserved!",
    "This is really useful, thank you for sharing.",
    "We tried something similar last year. Happy to compare notes if you like.",
    "Great write-up. Saving this for our next planning session.",
    "Agree with every point, especially the first one.",
    "Would love to see the slides when they are out.",
    "How did you convince leadership to give it the time?",
    "Sent you a message with a couple of ideas.",
    "This matches our experience exactly.",
    "Thanks for putting this together!",
)

GROUP_POSTS: Final[tuple[str, ...]] = (
    "Welcome to everyone who joined this week! Introduce yourself below: what you work on and "
    "one thing you would like to learn here.",
    "What is the one meeting you would cancel tomorrow if you could?",
    "Sharing our team's checklist for writing decision documents. Comments welcome.",
    "Monthly thread: what did you ship, and what did you learn from it?",
    "Has anyone moved their planning from spreadsheets to a dedicated tool? Was it worth it?",
)

# (who speaks, what they say): "demo" or "them"; the last line decides what is unread.
CONVERSATIONS: Final[tuple[tuple[tuple[str, str], ...], ...]] = (
    (
        ("them", "Hi! Great to be connected. I saw your post about roadmap reviews."),
        ("demo", "Thanks! It took a few tries to get right. Are you running them too?"),
        ("them", "We are starting next quarter. Could we have a 20-minute call next week?"),
    ),
    (
        ("demo", "Hello, are you going to the analytics meetup on Thursday?"),
        ("them", "Yes, I am speaking there! Come and say hello afterwards."),
        ("them", "I'll save you a seat in the front row."),
    ),
    (
        ("them", "Thanks for the introduction to your design team, it was really helpful."),
        ("demo", "Glad it worked out. Let me know how the project goes."),
    ),
    (
        ("them", "Quick question: do you know anyone hiring for a data engineer role?"),
        ("demo", "A couple of teams might be. Send me your CV and I'll pass it on."),
        ("them", "Sent it to your email just now. Thank you so much!"),
    ),
    (
        ("demo", "Happy work anniversary! Five years is a real milestone."),
        ("them", "Thank you! Time flies."),
    ),
)

GROUP_CONVERSATION: Final[tuple[str, tuple[tuple[str, str], ...]]] = (
    "Pricing page review",
    (
        ("demo", "Thanks both for offering to review the pricing page. Draft link on Monday."),
        ("them", "Looking forward to it. Any particular questions you want us to focus on?"),
        ("other", "Count me in. I can do Tuesday afternoon."),
    ),
)

INVITATION_NOTES_TO_DEMO: Final[tuple[str, ...]] = (
    "Hi, we met at the product conference in the spring. I'd love to stay in touch.",
    "I enjoyed your post about roadmap reviews. Would be glad to connect.",
    "",  # an invitation without a note
)

INVITATION_NOTES_FROM_DEMO: Final[tuple[str, ...]] = (
    "Hello, a colleague of ours recommended I reach out. Happy to connect!",
    "I liked your talk at the analytics meetup. Let's keep in touch.",
)

ACCEPTED_NOTE: Final[str] = (
    "Hi, we spoke briefly after the workshop last month. Would be good to connect."
)
