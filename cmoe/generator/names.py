"""Names for the simulated children, and the ways systems spell them differently.

Common English first names and surnames, drawn with a Zipf-like popularity;
some families join two surnames with a hyphen. `spelling_variant` gives the
kind of difference a second system's record of the same child shows: another
accepted spelling, a dropped hyphen or apostrophe, a first name shortened.
`typo`, `preferred_name` and `surname_part` give the harder ones.
"""

from __future__ import annotations

import numpy as np

BOYS = (
    "Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas "
    "Henry William Freddie Alfie Theo Archie Joshua James Isaac Max Lucas Logan "
    "Ethan Alexander Joseph Edward Daniel Samuel Mason Finley Adam Harrison Benjamin "
    "Dylan Reuben Toby Sebastian Louie Teddy Jude Ronnie Tommy Rory Elijah Riley "
    "Albie Hugo Zachary Ryan Luca Jaxon Nathan Bobby Frankie Ezra Caleb Jenson Kai "
    "Aaron Liam Jayden Matthew Louis Luke Harvey Tyler Callum Kieran Connor Aiden "
    "Ben Cameron Lewis Owen Evan Rhys Jamie Stanley Felix Elliot Ollie Bailey Dexter"
).split()

GIRLS = (
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya "
    "Florence Emily Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy "
    "Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Isabelle Millie Eva Luna "
    "Jessica Layla Esme Chloe Holly Scarlett Erin Imogen Bella Lucy Hannah Megan "
    "Lola Maisie Zara Aria Thea Ellie Lottie Molly Ada Arabella Penelope Eliza "
    "Maryam Nancy Ayla Orla Heidi Violet Darcie Mila Lacey Amber Katie Leah Abigail "
    "Lauren Niamh Paige Caitlin Jasmine Georgia Summer Robyn Harriet Martha Beatrice"
).split()

SURNAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
    "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris "
    "Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark "
    "Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker "
    "Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey "
    "Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson "
    "Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason "
    "Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd "
    "Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson "
    "Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders "
    "Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer "
    "Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong "
    "Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe "
    "Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding "
    "Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean "
    "Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd "
    "Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates "
    "Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy "
    "Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon "
    "Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis "
    "Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt "
    "Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake "
    "Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter "
    "Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes "
    "Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis "
    "Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles "
    "Hartley Miah Simmons Morton Alexander Field Morrison Norris Townsend Preston "
    "Hancock Thornton Baldwin Burrows Briggs Storey Pollard MacDonald Smith-Jones"
).split()

# Other spellings a second system records for the same child.
SPELLING_VARIANTS = {
    "Muhammad": ("Mohammed", "Mohammad", "Muhammed"),
    "Isabelle": ("Isabel", "Isobel"),
    "Isabella": ("Isobella",),
    "Sophie": ("Sophy", "Sofie"),
    "Sofia": ("Sophia",),
    "Jayden": ("Jaden", "Jaiden"),
    "Freddie": ("Freddy",),
    "Alfie": ("Alfy",),
    "Zachary": ("Zachery", "Zak"),
    "Frankie": ("Franky",),
    "Louie": ("Louis",),
    "Millie": ("Milly",),
    "Darcie": ("Darcey", "Darcy"),
    "Maisie": ("Maisy", "Maisey"),
    "Lacey": ("Lacie",),
    "Niamh": ("Neve",),
    "Caitlin": ("Katelyn", "Kaitlyn"),
    "Eliza": ("Elisa",),
    "Alexander": ("Alex",),
    "Benjamin": ("Ben",),
    "Matthew": ("Matt",),
    "Samuel": ("Sam",),
    "Thomas": ("Tom",),
    "Joshua": ("Josh",),
    "Charlotte": ("Lottie",),
    "Abigail": ("Abbie", "Abby"),
    "Elliot": ("Elliott",),
    "Owen": ("Owain",),
    "Rhys": ("Reece",),
    "Lewis": ("Louis",),
    "Davies": ("Davis",),
    "Thompson": ("Thomson",),
    "Clarke": ("Clark",),
    "Stephenson": ("Stevenson",),
    "Stephens": ("Stevens",),
    "Hussain": ("Hussein",),
    "Ahmed": ("Ahmad",),
    "Begum": ("Begam",),
    "Gray": ("Grey",),
    "Reid": ("Reed",),
    "Matthews": ("Mathews",),
    "Phillips": ("Philips",),
    "Thomson": ("Thompson",),
    "Hewitt": ("Hewett",),
    "Nicholls": ("Nichols",),
    "McDonald": ("MacDonald",),
    "MacDonald": ("McDonald",),
}


# The names children go by, beside the name on the birth certificate. Some are not in
# seeds/reference/forename_variants.csv: the pipeline's list never knows every one.
PREFERRED_NAMES = {
    "Alexander": ("Alex", "Xander"),
    "Benjamin": ("Ben", "Benji"),
    "Daniel": ("Dan", "Danny"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Jacob": ("Jake",),
    "James": ("Jamie", "Jim"),
    "Joseph": ("Joe",),
    "Joshua": ("Josh",),
    "Matthew": ("Matt",),
    "Nathan": ("Nate",),
    "Oliver": ("Ollie",),
    "Samuel": ("Sam", "Sammy"),
    "Sebastian": ("Seb",),
    "Stanley": ("Stan",),
    "Thomas": ("Tom", "Tommy"),
    "William": ("Will", "Bill"),
    "Zachary": ("Zach", "Zak"),
    "Abigail": ("Abbie", "Abby"),
    "Charlotte": ("Lottie",),
    "Florence": ("Flo",),
    "Harriet": ("Hattie",),
    "Imogen": ("Immy",),
    "Isabella": ("Izzy",),
    "Isabelle": ("Izzy",),
    "Jessica": ("Jess",),
    "Matilda": ("Tilly",),
    "Penelope": ("Penny",),
}

# The share of children whose surname joins two families' names with a hyphen.
DOUBLE_BARRELLED = 0.02


def popularity(count: int, exponent: float = 0.9) -> np.ndarray:
    """Zipf-like probabilities for a list ordered from most to least common."""
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def spelling_variant(name: str, rng: np.random.Generator) -> str:
    """Another way a system might record this forename (never the same string)."""
    if name in SPELLING_VARIANTS:
        options = SPELLING_VARIANTS[name]
        return options[int(rng.integers(len(options)))]
    return _spelt_differently(name, rng)


def _spelt_differently(name: str, rng: np.random.Generator) -> str:
    if "-" in name:
        return name.replace("-", " ")
    if "'" in name:
        return name.replace("'", "")
    if len(name) > 4:
        # A doubled or dropped letter, as typed in a hurry.
        position = int(rng.integers(1, len(name) - 1))
        if rng.random() < 0.5:
            return name[:position] + name[position] + name[position:]
        return name[:position] + name[position + 1 :]
    return name.upper()  # a system that records names in capitals


def surname_spelling_variant(name: str, rng: np.random.Generator) -> str:
    """Another way a system might record this surname: a forename's short form (Tom for
    Thomas) is no spelling of the surname Thomas."""
    if name in PREFERRED_NAMES:
        return _spelt_differently(name, rng)
    return spelling_variant(name, rng)


def typo(name: str, rng: np.random.Generator) -> str:
    """The name keyed in a hurry: a letter dropped, doubled, or swapped with the next."""
    if len(name) < 3:
        return name + name[-1]
    position = int(rng.integers(1, len(name) - 1))
    kind = int(rng.integers(3))
    if kind == 0:
        return name[:position] + name[position + 1 :]
    if kind == 1 or name[position] == name[position + 1]:
        return name[:position] + name[position] + name[position:]
    return name[:position] + name[position + 1] + name[position] + name[position + 2 :]


def preferred_name(forename: str, rng: np.random.Generator) -> str:
    """The name the child goes by (the forename itself if it has no shorter form)."""
    options = PREFERRED_NAMES.get(forename, ())
    return options[int(rng.integers(len(options)))] if options else forename


def surname_part(surname: str, rng: np.random.Generator) -> str:
    """One half of a double-barrelled surname, as a form with room for one name gives it."""
    parts = surname.split("-")
    return parts[int(rng.integers(len(parts)))] if len(parts) > 1 else surname


def is_alike(first: str, second: str) -> bool:
    """Two forenames one child could be recorded under (so twins are never given both)."""

    def others(name: str) -> set[str]:
        return {
            name.lower(),
            *(other.lower() for other in (*SPELLING_VARIANTS.get(name, ()), *PREFERRED_NAMES.get(name, ()))),
        }

    return bool(others(first) & others(second))
