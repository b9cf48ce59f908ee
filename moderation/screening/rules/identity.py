"""Rules for identities: prison numbers, registrations, NI numbers, dates of birth, names."""

from __future__ import annotations

from moderation.screening.findings import Category
from moderation.screening.rules.base import I, rule
from moderation.screening.rules.vocabulary import (
    ANY_CODE,
    APOSTROPHES,
    CODE,
    DATE,
    FULL_NAME,
    MONTH,
    NAME_KIND,
    NAME_WORD,
    NOT_A_NAME,
    NUMBER_WORD,
    PLATFORM,
    SIX_DIGITS,
    STREET_SUFFIX,
    TITLE_AND_SURNAME,
)

ID = Category.identity
NOT_A_STREET = rf"(?!{STREET_SUFFIX}\b)"

# The phonetic alphabet, as numbers and registrations are read out: "bravo kilo two two".
PHONETIC = (
    r"(?:alpha|alfa|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett?|kilo|lima|mike|"
    r"november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiske?y|x-?ray|yankee|zulu)"
)
PHONETIC_WORDS: tuple[str, ...] = ("alpha", "alfa", "bravo", "charlie", "delta", "echo")
PHONETIC_WORDS += ("foxtrot", "golf")
PHONETIC_WORDS += ("hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar")
PHONETIC_WORDS += ("papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor")
PHONETIC_WORDS += ("whisk", "ray", "yankee", "zulu")
# A day of the month in words, as a date of birth is said: "the ninth of January 1990".
ORDINAL_WORD = (
    r"(?i:(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth)"
)

IDENTITY_RULES = [
    rule(ID, "a prison number", r"\b[A-Z]\d{4}[A-Z]{2}\b", anchor=CODE, starts=True),
    rule(ID, "a vehicle registration", r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", anchor=CODE, first="A-Z"),
    rule(
        ID,
        "a prison, visiting or other number given as such",
        # ... or named earlier in the sentence: "my number, so it gets to me quicker, it's BX4471"
        rf"\b(?i:number)(?:[^.!?\n]{{0,60}}?\b(?i:it[{APOSTROPHES}]?s|it\s+is|that[{APOSTROPHES}]?s|"
        r"that\s+is))?(?:\s*(?:is|was|:|,|-|it's|it is|reads))*\s+"
        r"(?P<code>[A-Z]{1,3}\s?\d{3,6}\s?[A-Z]{0,2})\b",
        group="code",
        needs=("number",),
    ),
    rule(
        ID,
        "a number spelled out in the phonetic alphabet",
        rf"\b{PHONETIC}(?:[\s,-]+{PHONETIC}){{0,2}}(?:[\s,-]+{NUMBER_WORD}){{3,}}\b",
        I,
        needs=PHONETIC_WORDS,
    ),
    rule(ID, "a vehicle registration", r"\b[A-Z]\d{1,3}\s?[A-Z]{3}\b", anchor=CODE),
    rule(ID, "a vehicle registration", r"\b[A-Z]{3}\s?\d{1,3}[A-Z]\b", anchor=CODE),
    rule(
        ID,
        "a National Insurance number",
        r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
        anchor=CODE,
    ),
    rule(
        ID,
        "a National Insurance number",
        r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b",
        I,
        anchor=SIX_DIGITS,
    ),
    rule(
        ID,
        "a date of birth",
        rf"\b(?i:born|date of birth|DOB|d\.o\.b\.?|birthday)\b(?:\s*(?:is|was|on|in|the|:|,)\s*|"
        rf"[{APOSTROPHES}]s\s+)*\s*"
        rf"(?P<date>{DATE}|{MONTH}\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}|"
        rf"{ORDINAL_WORD}\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?|"
        r"\d{1,2}\.\d{1,2}\.\d{2,4})",
        group="date",
        needs=("born", "birth", "dob", "d.o.b", "birthday"),
        first="bBdD",
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:(?:my|his|her|their|your) (?:{NAME_KIND})?name(?:\s+(?:on|in|for)\s+\w+)?"
        rf"(?:[{APOSTROPHES}]s|\s+is|\s+was|,|:))\s+(?!{TITLE_AND_SURNAME})(?P<name>{FULL_NAME})",
        group="name",
        needs=tuple(
            f"{whose} {kind}name"
            for whose in ("my", "his", "her", "their", "your")
            for kind in ("", *NAME_KIND.split("|"))
        ),
        starts=True,
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:I'?m called|I am called|"
        rf"(?:profile|account|page|channel)(?:[{APOSTROPHES}]s|\s+is)?\s+(?:under|in the name of)|"
        rf"under (?:my|his|her|their) (?:full |real )?name,?|"
        rf"(?:I[{APOSTROPHES}]?m|I am|he[{APOSTROPHES}]?s|she[{APOSTROPHES}]?s) "
        rf"on {PLATFORM} (?:as|under)|"
        rf"(?:I|you|he|she|they) go(?:es)? by|(?:I'?m|I am|you'?re|he'?s|she'?s) known as|"
        rf"calls? (?:himself|herself|yourself|myself)|"
        rf"look (?:me|him|her) up(?:,| as| under)?|search for|google|ask for|put it for|"
        rf"addressed to|under the name|by the name(?: of)?|in the name of|"
        rf"registered (?:to|under)(?: me| him| her| them)?,?)\s+(?P<name>{FULL_NAME})",
        group="name",
        needs=(
            *(f"{who} called" for who in ("i'm", "im", "i am")),
            "profile",
            "account",
            "page",
            "channel",
            *(f"under {whose} " for whose in ("my", "his", "her", "their", "the name")),
            *(
                f"{who} on "
                for who in (
                    *(
                        f"{w}{a}{e}"
                        for w, e in (("i", "m"), ("he", "s"), ("she", "s"))
                        for a in ("'", "\u2019", "")
                    ),
                    "i am",
                )
            ),
            *(f"{who} go by" for who in ("i", "you", "they")),
            *(f"{who} goes by" for who in ("he", "she")),
            *(f"{who} go by" for who in ("he", "she")),
            *(
                f"{who} known as"
                for who in ("i'm", "im", "i am", "you're", "youre", "he's", "hes", "she's", "shes")
            ),
            *(
                f"{call} {who}"
                for call in ("call", "calls")
                for who in ("himself", "herself", "yourself", "myself")
            ),
            *(f"look {who} up" for who in ("me", "him", "her")),
            "search for",
            "google",
            "ask for",
            "put it for",
            "addressed to",
            "by the name",
            "in the name of",
            "registered to",
            "registered under",
        ),
        starts=True,
    ),
    rule(
        ID,
        "a full name given with who they are or how to find them",
        # (a street, "22 Wesley Terrace, Ashworth", is not a name)
        rf"(?<![\w-])(?!{TITLE_AND_SURNAME})(?P<name>{NAME_WORD}\s+{NOT_A_STREET}{NAME_WORD}"
        rf"(?:\s+{NOT_A_STREET}{NAME_WORD})?)"
        r"(?=,|\s+(?:is|was)\s+my|"
        r"\s+on\s+the|\s+at\s+the)",
        group="name",
        needs=(
            "full name",
            "my name",
            "born",
            "look me up",
            "search",
            "that name",
            "ask for",
            "birthday",
            "that's me",
            "google",
            "only one",
            "find me",
            "date of birth",
            "dob",
            "d.o.b",
            "my details",
        ),
        context=r"\b(?:full name|my name|born|look me up|search (?:my|for)|that name|"
        r"only one (?:called|with|in)|ask for|birthday|that'?s me|google|find me|"
        r"date of birth|d\.?o\.?b|my details)\b",
        first="A-Z",
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"(?<![\w{APOSTROPHES}-]){NOT_A_NAME}(?!{TITLE_AND_SURNAME})(?P<name>{FULL_NAME})\s+"
        r"if\s+you\s+(?:ever\s+|still\s+|really\s+)?(?:want|wanna|need|fancy|would\s+like|"
        rf"[{APOSTROPHES}]d\s+like)\s+to\s+(?:find|look|search|google)\b",
        group="name",
        needs=tuple(f"to {verb}" for verb in ("find", "look", "search", "google")),
        ends=True,
        first="A-Z",
    ),
]

# The words of RELATIVE, short forms standing for longer ones (for `needs`).
RELATIVE_WORDS = (
    "mate",
    "friend",
    "pal",
    "cousin",
    "brother",
    "sister",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "partner",
    "girlfriend",
    "boyfriend",
    "wife",
    "husband",
    "son",
    "daughter",
    "mum",
    "mam",
    "dad",
    "mother",
    "father",
    "nan",
    "gran",
    "stepdad",
    "stepmum",
    "ex",
    "neighbour",
    "boss",
    "solicitor",
)
RELATIVE = (
    r"(?:mate|friend|pal|cousin|brother|sister|uncle|aunt|auntie|nephew|niece|partner|"
    r"girlfriend|boyfriend|wife|husband|son|daughter|mum|mam|dad|mother|father|nan|gran|"
    r"grandad|grandma|stepdad|stepmum|ex|neighbour|boss|solicitor)"
)
IDENTITY_RULES += [
    rule(
        ID,
        "a prison number",
        r"\b[a-z]\s?\d{4}\s?[a-z]{2}\b",
        I,
        anchor=ANY_CODE,
        starts=True,
        context=r"\b(?:prison|prisoner|inmate|number|no|HMP|visits?|wing)\b",
    ),
    rule(
        ID,
        "a full name given with who they are",
        rf"\b(?i:(?:my|his|her|your|their|our)\s+{RELATIVE}(?:[{APOSTROPHES}]s|\s+is|\s+was|,)?)\s+"
        # A title and a surname ("my mother, Mrs Havers") is how the letters address people, not
        # a full name to find them by.
        rf"(?!(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s)"
        rf"(?P<name>{NOT_A_NAME}{NAME_WORD}\s+{NOT_A_NAME}{NAME_WORD}(?:\s+{NOT_A_NAME}{NAME_WORD})?)"
        rf"(?![\w{APOSTROPHES}])",
        group="name",
        needs=tuple(
            f"{whose} {who}"
            for whose in ("my", "his", "her", "your", "their", "our")
            for who in RELATIVE_WORDS
        ),
        starts=True,
    ),
    rule(
        ID,
        "a full name given with an age",
        rf"(?<![\w{APOSTROPHES}-])(?P<name>{NAME_WORD}\s+{NAME_WORD}),\s+(?:aged\s+)?(?:\d{{1,2}}|"
        r"(?i:(?:twenty|thirty|forty|fifty|sixty)(?:-\w+)?|eighteen|nineteen|seventeen|sixteen)),",
        group="name",
        anchor=r",\s+(?:aged\s+)?(?:\d\d?|[a-z]+teen|[a-z]+ty(?:-[a-z]+)?),",
        first="A-Z",
    ),
]
