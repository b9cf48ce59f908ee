"""The screening rules: explainable patterns, grouped by category.

Each rule says in plain words why it fires; that reason is what the facilitator reads.
To add a rule, add a `rule(...)` to its category's list below, and a letter that needs it to
the evaluation set (tests/screening/eval_letters.txt); check with `shuttle screen-eval`.

Options, all optional:
- flags=I: case-insensitive. Such patterns must not depend on capitals; they are compiled in
  lower case and run over a lower-cased copy of the letter, which is much faster.
- group: the named group that is the span to report (default: the whole match).
- needs: lower-case words one of which every match contains; the rule then only runs near
  them (a cheap way to stay under a few milliseconds for a long letter).
- anchor: a cheap case-sensitive pattern every match contains ("[A-Z]\\s?\\d" for codes like
  postcodes); like needs, the rule then only runs near its matches.
- context: the match counts only when its sentence also matches this (case-insensitive).
- first: the characters every match begins with, written as the inside of a character class
  ("fFaA"); the regex engine then passes over every other place at once (a case-insensitive
  alternation at the start of a pattern is otherwise tried, branch by branch, everywhere).
- ends: every match ends within a few characters (a plural, a second word) after one of its
  needed words ("Moorfield Park"); the rule then only runs just before them.
- starts: every match starts where one of its needed words (or its anchor's matches)
  starts ("my brother ..."); the pattern is then only tried at those places, not searched
  for around them, which costs next to nothing however common the words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.screening.findings import Category, Severity

I = re.IGNORECASE  # noqa: E741 - the conventional flag name reads best in long rule lists


@dataclass(frozen=True)
class Rule:
    """A compiled rule; see the module docstring for what each option means."""

    category: Category
    reason: str
    pattern: re.Pattern[str]
    group: int | str
    severity: Severity
    lowered: bool
    word_start: bool
    needs: frozenset[str]
    anchor: re.Pattern[str] | None
    context: re.Pattern[str] | None
    starts: bool
    ends: bool


def rule(
    category: Category,
    reason: str,
    pattern: str,
    flags: int = 0,
    *,
    group: int | str = 0,
    needs: tuple[str, ...] = (),
    anchor: str | None = None,
    context: str | None = None,
    starts: bool = False,
    ends: bool = False,
    first: str | None = None,
) -> Rule:
    """Compile one rule."""
    if starts and not (needs or anchor):
        raise ValueError(f"rule {reason!r} starts at its needed words but needs none")
    if ends and not needs:
        raise ValueError(f"rule {reason!r} ends with its needed words but needs none")
    urgent = category in (Category.threat, Category.self_harm)
    # A leading \b is checked in Python: with it first, the regex engine cannot skip ahead.
    word_start = pattern.startswith(r"\b")
    body = pattern[2:] if word_start else pattern
    if first:
        body = f"(?=[{first}]){body}"
    lowered = bool(flags & re.IGNORECASE)
    if lowered:
        if re.search(r"\\[SWDBAZ]|\[A-Z]|\(\?P<[^>]*[A-Z]", body):
            raise ValueError(f"case-insensitive rule {reason!r} must not depend on capitals")
        compiled = re.compile(body.lower(), flags & ~re.IGNORECASE)
    else:
        compiled = re.compile(body, flags)
    return Rule(
        category,
        reason,
        compiled,
        group,
        Severity.high if urgent else Severity.medium,
        lowered,
        word_start,
        frozenset(needs),
        re.compile(anchor) if anchor else None,
        re.compile(context, I) if context else None,
        starts,
        ends,
    )


# ---- shared vocabulary ---------------------------------------------------------------------

APOSTROPHES = "'\u2019"
CAP = rf"[A-Z][\w{APOSTROPHES}&.-]*"  # a capitalised word
NAME_WORD = rf"[A-Z][a-z{APOSTROPHES}]+(?:-[A-Z][a-z{APOSTROPHES}]+)?"  # O'Neill, Price-Adams
FULL_NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}"
# kylew99, sam_t92, @anything, wes.carver.new
HANDLE = r"@?[a-z][\w.-]*[\d_](?:[\w.-]*[a-z\d_])?|@[\w.]+|[a-z][a-z\d_-]*(?:\.[a-z\d_-]+){1,3}"
PLATFORM = (
    r"(?:facebook|fb|instagram|insta|ig|tiktok|tik\s?tok|snapchat|snap|twitter|x|"
    r"linkedin|whatsapp|telegram|signal|discord|threads|bluesky|youtube)"
)
# The platforms of PLATFORM, as literal words (for `needs`).
PLATFORM_NAMES = (
    "facebook",
    "fb",
    "instagram",
    "insta",
    "ig",
    "tiktok",
    "tik tok",
    "snapchat",
    "snap",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "signal",
    "discord",
    "threads",
    "bluesky",
    "youtube",
)
# The letters a platform's name begins with, in either case (for `first`).
PLATFORM_FIRST = "".join(sorted({c for name in PLATFORM_NAMES for c in (name[0], name[0].upper())}))
PLATFORM_WORDS = (
    "facebook",
    "fb",
    "insta",
    " ig",
    "tiktok",
    "tik tok",
    "snap",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "signal",
    "discord",
    "threads",
    "bluesky",
    "youtube",
    " on there",
)
STREET_SUFFIX = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|"
    r"Place|Pl|Court|Ct|Gardens|Gdns|Grove|Terrace|Square|Sq|Hill|Row|Mews|Walk|"
    r"View|Rise|Parade|Green|Vale|Estate|Boulevard|Wharf|Chase|Fold|Croft|Meadows?)"
)
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))"
)
# Words after "on" that are a time, not a street: "the pub on New Year's".
NOT_A_PLACE = (
    r"(?!(?:New\s+Year|Christmas|Boxing|Easter|Bonfire|Valentine|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|" + MONTH + r")\b)"
)
VENUE = (
    r"(?:car\s+wash|shop|pub|cafe|café|garage|bakery|gym|salon|barbers?|takeaway|chippy|"
    r"bookies|newsagents?|factory|warehouse|building\s+site|site|yard|depot|office|store|"
    r"club|hotel|restaurant|bar|church|mosque|surgery|pharmacy|market|garden\s+centre|"
    r"supermarket|petrol\s+station|leisure\s+centre|community\s+centre|library|nursery)"
)

# Cheap anchors for rules with no needed words: letters and digits together (postcodes, prison
# numbers, registrations), a street word, and going, living or working somewhere named.
CODE = r"[A-Z]\s?\d"
SIX_DIGITS = r"\d\d\s?\d\d\s?\d\d"  # a cheap scan, unlike letters then digits
STREET = rf"{STREET_SUFFIX}\b"
GOES_TO = (
    r"(?:work|live|stay|moved|go|went|drink|train|volunteer|shop|stud)\w*\s+(?:at|in|near|on|to|"
    r"by|round|around|opposite|behind)\s+(?:the\s+)?[A-Z]"
)
# Anchors every match of which is digits, with at most one other character between two, and
# at most this many characters before the first digit. The engine only looks for them around
# the letter's digits, which it finds once for these and for phone numbers. Such an anchor
# must not look around (no \b, look-ahead or look-behind): it is searched in pieces.
ANY_CODE = r"[A-Za-z]\s?\d"  # as CODE, in either case
AROUND_DIGITS = {CODE: 2, ANY_CODE: 2, SIX_DIGITS: 0}

C, L, ID = Category.contact, Category.location, Category.identity

CONTACT_RULES = [
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
        rf"\b(?i:{PLATFORM})\b[^.!?\n]{{0,40}}?\b(?i:I'?m|I\s+am|it'?s|as|under|is)\s+"
        rf"(?P<who>(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
        first=PLATFORM_FIRST,
    )
)
DIGIT_WORD = r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine)"
CONTACT_RULES.append(
    rule(
        C,
        "a phone number written in words",
        rf"(?<![a-z])(?:(?:double|treble|triple)\s+)?{DIGIT_WORD}(?:[\s,-]+(?:(?:double|treble|triple)"
        rf"\s+)?{DIGIT_WORD}\b){{6,}}",
        I,
        needs=("oh ", "zero", "double", "seven", "nine", "eight"),
        first="dotzfsen",
    )
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
        rf"(?P<place>(?:the\s+)?(?!HMP|HMYOI|Prison|(?:AA|NA|CA|GA)\b)(?:{CAP})(?:\s+(?:{CAP}|on|in|of|the|and|&|"
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
        rf"on|to|by|opposite|behind)\s+(?P<place>(?!HMP|HMYOI|Prison)(?:the\s+)?(?!(?:AA|NA|CA|GA)\b){CAP})",
        group="place",
        anchor=GOES_TO,
    ),
    rule(
        L,
        "a named school, college or nursery",
        rf"\b(?:St\.?\s+)?(?:{NAME_WORD}[{APOSTROPHES}]?s?\s+){{1,3}}"
        rf"(?:Primary|Academy|High School|Secondary School|School|College|Infants|Juniors|"
        rf"Nursery|Grammar)\b",
        needs=(
            "primary",
            "academy",
            "school",
            "college",
            "infants",
            "juniors",
            "nursery",
            "grammar",
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
# How a name may be described: "my full name", "his real name".
NAME_KIND = "full |real |proper |legal |birth |whole "
# Capitalised words that start sentences rather than names.
NOT_A_NAME = (
    rf"(?=[A-Z])(?!(?:The|A|An|My|Your|His|Her|Our|Their|This|That|These|Those|I|I[{APOSTROPHES}]\w+|We|"
    r"You|He|She|They|It|In|On|At|By|To|For|From|And|But|So|If|When|Then|There|What|Every|"
    r"Each|No|Some|Any|All|Both|One|Two|Many|Most|Just|Even|Only|Or|Not|Near|Behind|Outside|"
    r"Inside|Please|Thank|Sorry|Yes|Mum|Mam|Dad|Nan|Gran|Grandad|Grandma|Auntie|Uncle|Majesty|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter|New|Boxing|"
    r"Open|Local)\b)"
)
# Kinds of named place, written after their name ("Moorfield Park", "the Albion retail park",
# "Tanner's Yard gym"): a name with one of these locates whoever is said to be there.
PLACE_NOUN = (
    r"(?:(?:sports|leisure|health|medical|shopping|community|youth|day|garden|job|family|"
    r"children's|resource|training|business|visitor)\s+centre|retail\s+park|business\s+park|"
    r"industrial\s+estate|trading\s+estate|park|allotments?|market|hospital|hospice|surgery|"
    r"health\s+clinic|clinic|library|gym|boxing\s+club|golf\s+club|social\s+club|"
    r"working\s+men's\s+club|church|chapel|mosque|temple|gurdwara|synagogue|hostel|"
    r"community\s+hall|village\s+hall|church\s+hall|rec|recreation\s+ground|playing\s+fields?|"
    r"precinct|arcade|marina|garden\s+centre|care\s+home|nursing\s+home|children's\s+home|"
    r"estate|arms|inn|tavern|hotel|barracks|depot|bakery|garage|timber|motors|flats|towers?|"
    r"heights)"
)
PLACE_NOUN_WORDS = (
    "centre",
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
        rf"(?i:{PLACE_NOUN})s?)\b",
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

IDENTITY_RULES = [
    rule(ID, "a prison number", r"\b[A-Z]\d{4}[A-Z]{2}\b", anchor=CODE, starts=True),
    rule(ID, "a vehicle registration", r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", anchor=CODE, first="A-Z"),
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
        r"\d{1,2}\.\d{1,2}\.\d{2,4})",
        group="date",
        needs=("born", "birth", "dob", "d.o.b", "birthday"),
        first="bBdD",
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:(?:my|his|her|their|your) (?:{NAME_KIND})?name(?:\s+(?:on|in|for)\s+\w+)?"
        rf"(?:[{APOSTROPHES}]s|\s+is|\s+was|,|:))\s+(?P<name>{FULL_NAME})",
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
        rf"(?<![\w-])(?P<name>{NAME_WORD}\s+{NAME_WORD}(?:\s+{NAME_WORD})?)(?=,|\s+(?:is|was)\s+my|"
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
        ),
        context=r"\b(?:full name|my name|born|look me up|search (?:my|for)|that name|"
        r"only one (?:called|with|in)|ask for|birthday|that'?s me|google|find me)\b",
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

RULES: list[Rule] = [
    *CONTACT_RULES,
    *LOCATION_RULES,
    *IDENTITY_RULES,
]
