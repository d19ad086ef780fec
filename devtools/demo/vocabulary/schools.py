"""Schools (fictional or generic public-university style names) and degrees."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

SCHOOLS: Final[tuple[str, ...]] = (
    "University of Lisbon", "University of Porto", "Complutense University of Madrid",
    "University of Barcelona", "Sorbonne University", "University of Lyon",
    "Free University of Berlin", "Technical University of Munich", "University of Hamburg",
    "University of Amsterdam", "KU Leuven", "University of Zürich", "University of Vienna",
    "University of Copenhagen", "Stockholm University", "University of Oslo",
    "University of Helsinki", "Trinity College Dublin", "University of Edinburgh",
    "University of Milan", "University of Warsaw", "Jagiellonian University",
    "Charles University", "Istanbul Technical University", "University of Lagos",
    "University of Nairobi", "University of Cape Town", "University of Mumbai",
    "National University of Singapore", "University of Tokyo", "Seoul National University",
    "University of Sydney", "University of Auckland", "University of Toronto",
    "Université de Montréal", "University of São Paulo", "University of Buenos Aires",
    "National Autonomous University of Mexico", "Northvale State University",
    "Eastmoor Institute of Technology", "Westbrook School of Business",
    "Lakemont Polytechnic",
)

# fmt: on

DEGREES: Final[tuple[tuple[str, str], ...]] = (
    ("BSc", "Computer Science"),
    ("MSc", "Computer Science"),
    ("BEng", "Software Engineering"),
    ("MEng", "Electrical Engineering"),
    ("BEng", "Mechanical Engineering"),
    ("BEng", "Civil Engineering"),
    ("BSc", "Mathematics"),
    ("MSc", "Data Science"),
    ("MSc", "Artificial Intelligence"),
    ("PhD", "Physics"),
    ("PhD", "Molecular Biology"),
    ("BSc", "Biochemistry"),
    ("MBA", "Business Administration"),
    ("BBA", "Business Administration"),
    ("BA", "Economics"),
    ("MSc", "Finance"),
    ("BCom", "Accounting"),
    ("BA", "Marketing"),
    ("BA", "Psychology"),
    ("BA", "Graphic Design"),
    ("LLB", "Law"),
    ("LLM", "International Law"),
    ("MD", "Medicine"),
    ("BSN", "Nursing"),
    ("MPH", "Public Health"),
    ("BA", "English Literature"),
    ("MA", "International Relations"),
    ("BSc", "Environmental Science"),
)
