"""Rules for places: postcodes, streets, flats, named schools, prisons and other places."""

from __future__ import annotations

from moderation.screening.findings import Category
from moderation.screening.rules.base import rule
from moderation.screening.rules.vocabulary import (
    APOSTROPHES,
    CAP,
    CODE,
    GOES_TO,
    NAME_WORD,
    NOT_A_NAME,
    NOT_A_PLACE,
    STREET,
    STREET_SUFFIX,
    TITLE_AND_SURNAME,
    VENUE,
)

L = Category.location

# What someone goes to that is not a place: a meeting or a service, or a day ("I go to the
# Tuesday AA meeting", "I go to the Mass every Sunday").
NOT_A_VENUE = (
    r"(?!(?:AA|NA|CA|GA|SMART|Mass|Communion|Confession|Bible|Prayers?|Meetings?|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)s?\b)"
)

LOCATION_RULES = [
    rule(
        L,
        "a UK postcode",
        r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
        anchor=CODE,
        first="A-Z",
    ),
    rule(
        L,
        "a street address",
        rf"\b(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
        rf"(?:{NAME_WORD}\s+){{1,3}}{STREET_SUFFIX}\b",
        anchor=STREET,
        first="FAUR0-9",
    ),
    rule(
        L,
        "a named street",
        rf"(?<!the\s)(?<!The\s)\b(?:{NAME_WORD}\s+){{1,2}}{STREET_SUFFIX}\b"
        r"(?!\s+(?:Primary|School|Academy))",
        anchor=STREET,
        first="A-Z",
    ),
    rule(
        L,
        "a flat or house name",
        rf"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?(?:,?\s+{NAME_WORD}(?:\s+{NAME_WORD})?\s+"
        rf"(?:House|Court|Tower|Heights|Lodge|Mansions|Buildings))?\b",
        needs=("flat", "apartment", "apt"),
        first="FA",
    ),
    rule(
        L,
        "a named place tied to where someone lives, works or goes",
        rf"\b(?:I|we|he|she|they|my \w+|our \w+|[A-Z][a-z]+)\s+(?:still\s+|now\s+|usually\s+|"
        rf"often\s+|always\s+|be\s+)?(?:work|works|worked|working|live|lives|lived|living|stay|"
        rf"stays|staying|moved|go|goes|went|drink|drinks|train|trains|volunteer|volunteers|shop|"
        rf"shops|study|studies)\s+(?:at|in|near|on|to|by|round|around|opposite|behind)\s+"
        rf"(?P<place>(?:the\s+)?(?!HMP|HMYOI|Prison){NOT_A_VENUE}(?:{CAP})(?:\s+(?:{CAP}|on|in|of|the|and|&|"
        rf"near|at))*?(?:\s+{CAP}))",
        group="place",
        anchor=GOES_TO,
    ),
    rule(
        L,
        "a named place tied to where someone lives, works or goes",
        rf"\b(?:I|we|he|she|they|my \w+|our \w+|[A-Z][a-z]+)\s+(?:still\s+|now\s+|usually\s+|"
        rf"often\s+|always\s+|be\s+)?(?:work|works|worked|working|live|lives|lived|living|stay|"
        rf"stays|staying|go|goes|drink|drinks|train|trains|volunteer|volunteers)\s+(?:at|in|near|"
        rf"on|to|by|opposite|behind)\s+(?P<place>(?!HMP|HMYOI|Prison)(?:the\s+)?{NOT_A_VENUE}{CAP})",
        group="place",
        anchor=GOES_TO,
    ),
    rule(
        L,
        "a named school, college or nursery",
        rf"\b(?:St\.?\s+)?(?:{NAME_WORD}[{APOSTROPHES}]?s?\s+){{1,3}}"
        rf"(?:Primary|Academy|High School|Secondary School|School|College|Infants|Juniors|"
        rf"Nursery|Grammar|(?:Pupil\s+)?Referral\s+Unit|PRU)\b",
        needs=(
            "primary",
            "academy",
            "school",
            "college",
            "infants",
            "juniors",
            "nursery",
            "grammar",
            "referral unit",
            "pru",
        ),
        first="A-Z",
    ),
    rule(
        L,
        "a named workplace, shop or venue tied to someone",
        rf"\b(?P<place>the\s+{CAP}(?:\s+(?:and\s+|&\s+)?{CAP}){{0,2}}\s+(?:on|at|in|near|by|off)\s+"
        rf"{NOT_A_PLACE}"
        rf"{NAME_WORD}"
        rf"(?:\s+{NAME_WORD})?)",
        anchor=r"the\s+[A-Z]",
        first="t",
    ),
    rule(
        L,
        "a named workplace, shop or venue tied to someone",
        rf"\b(?P<place>the\s+(?:[a-z]+\s+)?{VENUE}\s+(?:on|in|at|near|by|off|behind)\s+"
        rf"(?:the\s+)?{NOT_A_PLACE}{NAME_WORD}(?:\s+{NAME_WORD})?(?:\s+(?:road|street|lane|"
        r"(?:industrial\s+)?estate|retail\s+park|business\s+park|bypass))?)",
        anchor=rf"the\s+(?:[a-z]+\s+)?{VENUE}\s",
        first="t",
    ),
]

# The letters that begin UK postcodes: a partial postcode ("in LS11") is one of these and digits.
POSTCODE_AREA = (
    r"(?:AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|"
    r"DN|DT|DY|EC|EH|EN|EX|E|FK|FY|GL|GU|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IP|IV|KA|KT|KW|KY|LA|LD|"
    r"LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|NW|N|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|"
    r"SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|"
    r"WV|W|YO|ZE)"
)
# Kinds of named place, written after their name ("Moorfield Park", "the Albion retail park",
# "Tanner's Yard gym"): a name with one of these locates whoever is said to be there.
PLACE_NOUN = (
    r"(?:(?:sports|leisure|health|medical|shopping|community|youth|day|garden|job|family|"
    r"children's|resource|training|business|visitor|arts?|music|enterprise|learning|skills|"
    r"heritage|media|dance)\s+centre|(?:bus|train|railway|coach)\s+station|station|retail\s+park|business\s+park|"
    r"industrial\s+estate|trading\s+estate|park|allotments?|market|hospital|hospice|surgery|"
    r"health\s+clinic|clinic|library|gym|boxing\s+club|golf\s+club|social\s+club|"
    r"working\s+men's\s+club|church|chapel|mosque|temple|gurdwara|synagogue|hostel|"
    r"community\s+hall|village\s+hall|church\s+hall|rec|recreation\s+ground|playing\s+fields?|"
    r"precinct|arcade|marina|garden\s+centre|care\s+home|nursing\s+home|children's\s+home|"
    r"estate|arms|inn|tavern|hotel|barracks|depot|bakery|garage|timber|motors|flats|towers?|"
    r"heights|(?:veterinary|vets|dental|medical|doctors'?|gp|health)\s+practice|club)"
)
# A word that may stand between a place's name and its kind ("the Linden Road adult learning
# centre", "Moor Lane community sports centre").
PLACE_ADJ = (
    r"(?:adult|community|drop-in|youth|family|women's|men's|local|indoor|recovery|sports?|"
    r"leisure|health|medical|dental|veterinary|education|training|learning|skills)"
)
PLACE_NOUN_WORDS = (
    "centre",
    "station",
    "flats",
    "tower",
    "heights",
    "park",
    "allotment",
    "market",
    "hospi",
    "surgery",
    "clinic",
    "library",
    "gym",
    "club",
    "church",
    "chapel",
    "mosque",
    "temple",
    "gurdwara",
    "synagogue",
    "hostel",
    " hall",
    "recreation",
    "playing field",
    "precinct",
    "arcade",
    "marina",
    "care home",
    "nursing home",
    "s home",
    "estate",
    " arms",
    " inn",
    "tavern",
    "hotel",
    "barracks",
    "depot",
    "bakery",
    "garage",
    "timber",
    "motors",
    "practice",
)

LOCATION_RULES += [
    rule(
        L,
        "a named prison",
        rf"\b(?:HMP|HMYOI)(?:\s?(?:&|and)\s?YOI)?\s+{NAME_WORD}(?:\s+{NAME_WORD})?",
        needs=("hmp", "hmyoi"),
        starts=True,
    ),
    rule(
        L,
        "a named prison",
        rf"(?<![\w{APOSTROPHES}-]){NOT_A_NAME}{NAME_WORD}(?:\s+{NAME_WORD})?\s+Prison\b",
        anchor="Prison",  # a single word: found much faster than two
        first="A-Z",
    ),
    rule(
        L,
        "a named prison",
        rf"(?<![\w{APOSTROPHES}-]){NOT_A_NAME}{NAME_WORD}(?:\s+{NAME_WORD})?\s+YOI\b",
        anchor="YOI",
        first="A-Z",
    ),
    rule(
        L,
        "a named place: a park, centre, market, estate, church, gym or the like",
        rf"(?<![\w{APOSTROPHES}-])(?P<place>(?:{NOT_A_NAME}{NAME_WORD}(?:[{APOSTROPHES}]s)?\s+){{1,3}}"
        rf"(?i:(?:{PLACE_ADJ}\s+)?{PLACE_NOUN})s?)\b",
        group="place",
        needs=PLACE_NOUN_WORDS,
        ends=True,
        first="A-Z",
    ),
    rule(
        L,
        "the first half of a UK postcode",
        rf"\b(?:in|postcode(?:[{APOSTROPHES}]s|\s+is)?(?:\s+starts(?:\s+with)?)?|area|near|round|"
        rf"around|from|to|off)\s+(?P<code>{POSTCODE_AREA}\d{{1,2}})(?![\w-])(?!\s?\d[A-Z]{{2}})",
        group="code",
        anchor=CODE,
        first="ipanrfto",
    ),
    rule(
        L,
        "the first half of a UK postcode",
        rf"\b(?i:still|live|lives|living|lived|moved|moving|based|settled)\s+(?:in\s+|to\s+)?"
        rf"(?P<code>{POSTCODE_AREA}\d{{1,2}})(?![\w-])(?!\s?\d[A-Z]{{2}})",
        group="code",
        anchor=CODE,
        first="slmbSLMB",
    ),
    rule(
        L,
        "the first half of a UK postcode",
        rf"\bthe\s+(?P<code>{POSTCODE_AREA}\d{{1,2}})\s+(?:area|side|end|way|district|postcode)\b",
        group="code",
        anchor=CODE,
        first="t",
    ),
    rule(
        L,
        "a home placed by a named landmark",
        r"\b(?i:flats|houses|bungalows|maisonettes|block|tower|cottages|terrace|new\s+builds)\s+"
        r"(?i:behind|opposite|next\s+to|near|by|above|over|beside|off|round\s+the\s+back\s+of)\s+"
        rf"(?:the\s+)?{NOT_A_NAME}{CAP}(?:\s+{CAP}){{0,2}}",
        needs=(
            "flats",
            "houses",
            "bungalows",
            "maisonettes",
            "block",
            "tower",
            "cottages",
            "terrace",
            "new builds",
        ),
        starts=True,
    ),
    rule(
        L,
        "a unit, plot or stall given as an address",
        r"\b(?i:unit|plot|block|stall|pitch|bay)\s+\d{1,4}[A-Za-z]?(?:,\s*|\s+(?:on|at|in|of)\s+"
        rf"(?:the\s+)?){NAME_WORD}",
        needs=("unit", "plot", "block", "stall", "pitch", "bay"),
        starts=True,
    ),
    rule(
        L,
        "a team or club someone plays for",
        rf"(?<![\w-]){NOT_A_NAME}{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}\s+"
        r"(?:[Uu]nder[- ]?\d{1,2}s?|U\d{1,2}s?)\b",
        needs=(
            "under-",
            "under 1",
            "under 9",
            "under 8",
            "under 7",
            "under 6",
            "u1",
            "u9",
            "u8",
            "u7",
            "u6",
        ),
        first="A-Z",
    ),
    rule(
        L,
        "a team or club someone plays for",
        r"\b(?:plays|play|playing|played|trains|signed)\s+for\s+(?:the\s+)?"
        rf"(?P<team>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})",
        group="team",
        needs=("plays for", "play for", "playing for", "played for", "trains for", "signed for"),
        starts=True,
    ),
    rule(
        L,
        "a named place tied to where someone is",
        rf"\b(?i:I[{APOSTROPHES}]?m|I\s+am|he[{APOSTROPHES}]?s|she[{APOSTROPHES}]?s|he\s+is|she\s+is|"
        rf"they[{APOSTROPHES}]?re|they\s+are|you[{APOSTROPHES}]?re|you\s+are)"
        rf"\s+(?:still\s+|now\s+|usually\s+|mostly\s+|always\s+)?(?:at|in)\s+(?P<place>"
        rf"(?!HMP|HMYOI|Prison|(?:AA|NA|CA|GA)\b){CAP}(?:\s+{CAP}){{0,2}}\s+on\s+"
        rf"(?:the\s+(?i:high\s+street|main\s+road|seafront|front|parade|precinct|market)|"
        rf"{NOT_A_PLACE}{NAME_WORD}(?:\s+{NAME_WORD})?)(?:\s+in\s+{NAME_WORD})?)",
        group="place",
        needs=tuple(
            f"{who} {how}{where} "
            for who in (
                *(
                    f"{w}{a}{e}"
                    for w, e in (
                        ("i", "m"),
                        ("he", "s"),
                        ("she", "s"),
                        ("they", "re"),
                        ("you", "re"),
                    )
                    for a in APOSTROPHES
                ),
                "i am",
                "he is",
                "she is",
                "they are",
                "you are",
            )
            for how in ("", "still ", "now ", "usually ", "mostly ", "always ")
            for where in ("at", "in")
        ),
        starts=True,
    ),
]

# Where someone can be found that is not a building: a stall, a stand, a bench.
PITCHES = ("stall", "kiosk", "pitch", "bench", "booth")
# Working for someone named: "I drive for Apex Cars", "she works for Hallam & Daughters".
WORKS_FOR = ("work", "works", "worked", "working", "drive", "drives", "drove", "driving")
LOCATION_RULES += [
    rule(
        L,
        "a named workplace, shop or venue tied to someone",
        rf"\b(?i:{'|'.join(WORKS_FOR)})\s+for\s+(?P<place>(?:the\s+)?{NOT_A_NAME}"
        rf"(?!{TITLE_AND_SURNAME}){NAME_WORD}(?:\s+(?:&\s+|and\s+)?{NAME_WORD}){{1,3}})",
        group="place",
        needs=tuple(f"{verb} for " for verb in WORKS_FOR),
        starts=True,
    ),
    rule(
        L,
        "the first half of a UK postcode",
        # after the place it belongs to, as an address is written: "on the Harland estate, WF3."
        rf"(?<=[A-Za-z]),\s+(?P<code>{POSTCODE_AREA}\d{{1,2}})(?=\s*(?:[.,;!?\n]|$))",
        group="code",
        anchor=CODE,
        first=",",
    ),
    rule(
        L,
        "a place given by a landmark in a named town",
        # "the market stall by the clock tower in Dunmore", "the bench opposite the bandstand in
        # Hexley": somewhere to find someone, however it is put
        rf"\b(?i:(?:{'|'.join(PITCHES)})\s+(?:by|next\s+to|opposite|outside|beside|behind|near|"
        r"under|across\s+from)\s+the\s+(?:[a-z]+\s+){0,2}[a-z]+\s+in)\s+"
        rf"{NOT_A_PLACE}{NAME_WORD}(?:\s+{NAME_WORD})?",
        needs=PITCHES,
        starts=True,
    ),
]
