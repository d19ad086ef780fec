"""Cities (with their countries) where the generated members live."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

CITIES: Final[tuple[tuple[str, str], ...]] = (
    ("Lisbon, Portugal", "Portugal"),
    ("Porto, Portugal", "Portugal"),
    ("Madrid, Spain", "Spain"),
    ("Barcelona, Spain", "Spain"),
    ("Paris, France", "France"),
    ("Lyon, France", "France"),
    ("Berlin, Germany", "Germany"),
    ("Munich, Germany", "Germany"),
    ("Hamburg, Germany", "Germany"),
    ("Amsterdam, Netherlands", "Netherlands"),
    ("Brussels, Belgium", "Belgium"),
    ("Zürich, Switzerland", "Switzerland"),
    ("Vienna, Austria", "Austria"),
    ("Copenhagen, Denmark", "Denmark"),
    ("Stockholm, Sweden", "Sweden"),
    ("Oslo, Norway", "Norway"),
    ("Helsinki, Finland", "Finland"),
    ("Dublin, Ireland", "Ireland"),
    ("London, United Kingdom", "United Kingdom"),
    ("Edinburgh, United Kingdom", "United Kingdom"),
    ("Milan, Italy", "Italy"),
    ("Warsaw, Poland", "Poland"),
    ("Kraków, Poland", "Poland"),
    ("Prague, Czechia", "Czechia"),
    ("Istanbul, Türkiye", "Türkiye"),
    ("Tel Aviv, Israel", "Israel"),
    ("Dubai, United Arab Emirates", "United Arab Emirates"),
    ("Lagos, Nigeria", "Nigeria"),
    ("Nairobi, Kenya", "Kenya"),
    ("Cape Town, South Africa", "South Africa"),
    ("Bengaluru, India", "India"),
    ("Mumbai, India", "India"),
    ("Singapore", "Singapore"),
    ("Tokyo, Japan", "Japan"),
    ("Seoul, South Korea", "South Korea"),
    ("Sydney, Australia", "Australia"),
    ("Auckland, New Zealand", "New Zealand"),
    ("Toronto, Canada", "Canada"),
    ("Montréal, Canada", "Canada"),
    ("San Francisco Bay Area", "United States"),
    ("New York City Metropolitan Area", "United States"),
    ("Greater Seattle Area", "United States"),
    ("Austin, Texas, United States", "United States"),
    ("Mexico City, Mexico", "Mexico"),
    ("São Paulo, Brazil", "Brazil"),
    ("Buenos Aires, Argentina", "Argentina"),
)

# fmt: on
