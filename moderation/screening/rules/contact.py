"""Rules for contact details: e-mail and web addresses, handles, names on platforms."""

from __future__ import annotations

from moderation.screening.findings import Category
from moderation.screening.rules.base import I, rule
from moderation.screening.rules.vocabulary import (
    FULL_NAME,
    HANDLE,
    PLATFORM,
    PLATFORM_FIRST,
    PLATFORM_WORDS,
)

C = Category.contact

CONTACT_RULES = [
    rule(
        C,
        "a phone number with letters for some digits",
        # The "0" first, then the look-ahead for a letter o: the engine skips to each "0" at once.
        r"\b0(?=[\d \t-]*[oO])[\doO]{3,4}[ \t-]?[\doO]{3}[ \t-]?[\doO]{3,4}\b",
        needs=("0",),
    ),
    rule(
        C,
        "an e-mail address",
        r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
        needs=("@",),
    ),
    rule(
        C,
        "an e-mail address written to dodge filters",
        r"\b[a-z0-9_%+-]+(?:\s*(?:\.|[\[(]?\s*dot\s*[\])]?)\s*[a-z0-9_%+-]+)*\s*[\[(]?\s*(?:at|@)"
        r"\s*[\])]?\s*[a-z0-9-]+\s*[\[(]?\s*dot\s*[\])]?\s*"
        r"(?:com|org|net|co\s*[\[(]?\s*dot\s*[\])]?\s*uk|uk)\b",
        I,
        needs=("dot",),
    ),
    rule(
        C,
        "a web address",
        r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]",
        needs=("http", "www."),
        first="hw",
    ),
    rule(
        C,
        "a web domain",
        r"(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|me\.uk|com|org|net|"
        r"uk|io|me|info|biz|online|site|app|ly|tv|blog|page)\b(?:/[^\s]*[^\s.,;:!?])?",
        I,
        needs=tuple(
            "." + tld
            for tld in (
                "com",
                "org",
                "net",
                "uk",
                "io",
                "me",
                "info",
                "biz",
                "online",
                "site",
                "app",
                "ly",
                "tv",
                "blog",
                "page",
            )
        ),
    ),
    rule(
        C,
        "a social-media handle",
        r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?",
        needs=("@",),
        first="@",
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:(?:find|found|add|follow|search(?:ed)?(?:\s+for)?|look(?:ed)?|tracked\s+down)\s+"
        rf"(?:me|us|him|her|you|them)\s+(?:up\s+)?on\s+{PLATFORM}\s*(?:as|under|at|by|[:,-])?)\s*"
        rf"(?P<who>{FULL_NAME}|(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
        first="fFaAsSlLtT",
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:(?:(?:my|his|her)\s+)?{PLATFORM}\s*(?:name|handle|username|account|page|profile)?\s*"
        rf"(?:is|as|under|[:-])|(?:I'?m|I\s+am|he'?s|she'?s|he\s+is|she\s+is)\s+on\s+{PLATFORM}\s+"
        rf"(?:as|under))\s*(?P<who>{FULL_NAME}|(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
        first=f"mMhHiIsS{PLATFORM_FIRST}",
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"(?P<who>(?<![\w@])(?i:{HANDLE})|(?<=I'm\s){FULL_NAME}|(?<=I\sam\s){FULL_NAME})\s+"
        rf"(?i:on\s+(?:{PLATFORM}|there)\b)",
        group="who",
        needs=PLATFORM_WORDS,
    ),
]

CONTACT_RULES.append(
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:{PLATFORM})\b[^.!?\n]{{0,40}}?\b(?i:I'?m|I\s+am|it'?s|as|under|is|he'?s|"
        rf"she'?s|they'?re)\s+"
        rf"(?P<who>(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
        first=PLATFORM_FIRST,
    )
)
# A digit read out ("seven hundred" for 700 too).
DIGIT_WORD = r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine)"
CONTACT_RULES.append(
    rule(
        C,
        "a phone number written in words",
        rf"(?<![a-z])(?:(?:double|treble|triple)\s+)?{DIGIT_WORD}(?:[\s,-]+(?:(?:double|treble|triple)"
        rf"\s+)?{DIGIT_WORD}\b(?:\s+hundred\b)?){{6,}}",
        I,
        needs=("oh ", "zero", "double", "seven", "nine", "eight"),
        first="dotzfsen",
    )
)
