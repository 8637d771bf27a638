"""Plausible generated Danish names for the demo and tests. No real persons: first and last names
are drawn independently from common-name lists with a fixed seed."""

import random

FIRST_NAMES = [
    "Anne",
    "Mette",
    "Kirsten",
    "Hanne",
    "Helle",
    "Susanne",
    "Lene",
    "Camilla",
    "Maria",
    "Louise",
    "Charlotte",
    "Pia",
    "Tina",
    "Marianne",
    "Line",
    "Sofie",
    "Ida",
    "Julie",
    "Emma",
    "Karen",
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Søren",
    "Thomas",
    "Jan",
    "Niels",
    "Morten",
    "Rasmus",
    "Jesper",
    "Martin",
    "Anders",
    "Christian",
    "Mads",
    "Mikkel",
    "Jakob",
    "Frederik",
    "Ole",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Lund",
    "Holm",
    "Bach",
    "Kjær",
    "Lauridsen",
    "Dam",
    "Vestergaard",
    "Skov",
    "Brandt",
    "Frost",
    "Høgh",
    "Bang",
    "Friis",
]
STREETS = [
    "Algade",
    "Hovedgaden",
    "Stationsvej",
    "Skolevej",
    "Kirkevej",
    "Møllevej",
    "Strandvejen",
    "Torvet",
    "Nørregade",
    "Søndergade",
    "Østergade",
    "Vestergade",
    "Parkvej",
    "Engvej",
]


def name_generator(seed: int):
    """Distinct names, endlessly. First, an optional middle and a last name give ~49,000; once
    they run short (many misses in a row: the national benchmark data at scale 10 needs more
    than 100,000 people), every name has two middle names (~1.7 million)."""
    rng = random.Random(seed)
    used: set[str] = set()
    misses, crowded = 0, False
    while True:
        first = rng.choice(FIRST_NAMES)
        middle = rng.choice(LAST_NAMES) if rng.random() < 0.3 else ""
        last = rng.choice(LAST_NAMES)
        if middle == last:
            middle = ""
        if crowded:
            middle = f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
        name = " ".join(part for part in (first, middle, last) if part)
        if name in used:
            misses += 1
            crowded = crowded or misses >= 20
            continue
        misses = 0
        used.add(name)
        yield name


def email_for(name: str, domain: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", " ": "."})
    return f"{name.lower().translate(table)}@{domain}"
