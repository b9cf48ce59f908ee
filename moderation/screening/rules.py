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
- unless_facilitated: drop the match when its sentence asks for the process itself
  ("if Priya arranges it", "a facilitated meeting") and does not also push it aside.
- context: the match counts only when its sentence also matches this (case-insensitive).
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
    unless_facilitated: bool
    context: re.Pattern[str] | None


def rule(
    category: Category,
    reason: str,
    pattern: str,
    flags: int = 0,
    *,
    group: int | str = 0,
    needs: tuple[str, ...] = (),
    anchor: str | None = None,
    unless_facilitated: bool = False,
    context: str | None = None,
) -> Rule:
    """Compile one rule."""
    urgent = category in (Category.threat, Category.self_harm)
    # A leading \b is checked in Python: with it first, the regex engine cannot skip ahead.
    word_start = pattern.startswith(r"\b")
    body = pattern[2:] if word_start else pattern
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
        unless_facilitated,
        re.compile(context, I) if context else None,
    )


# ---- shared vocabulary ---------------------------------------------------------------------

APOSTROPHES = "'\u2019"
CAP = rf"[A-Z][\w{APOSTROPHES}&.-]*"  # a capitalised word
NAME_WORD = rf"[A-Z][a-z{APOSTROPHES}]+(?:-[A-Z][a-z{APOSTROPHES}]+)?"  # O'Neill, Price-Adams
FULL_NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}"
HANDLE = r"@?[a-z][\w.-]*[\d_](?:[\w.-]*[a-z\d_])?|@[\w.]+"  # kylew99, sam_t92, @anything
PLATFORM = (
    r"(?:facebook|fb|instagram|insta|ig|tiktok|tik\s?tok|snapchat|snap|twitter|x|"
    r"linkedin|whatsapp|telegram|signal|discord|threads|bluesky|youtube)"
)
# The thing asked for, one of which every request for contact details names.
CONTACT_DETAIL_WORDS = (
    "number",
    "address",
    "phone",
    "mobile",
    "mail",
    "details",
    "facebook",
    "insta",
    "snap",
    "whatsapp",
)
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
CLAUSE = r"[^.!?\n]{0,60}"  # the rest of the clause, for rules that report whole clauses
ASSOCIATES = (
    r"(?:people|mates|friends|lads|boys|contacts|cousins?|brothers?|uncles?|family|"
    r"dad|crew|gang|associates)"
)
SELF_VERBS = (
    r"(?:kill|end|hurt|harm|cut|top|hang|overdose|poison|burn|scratch|starve|"
    r"punish|stab|bang|hit|punch|drown)"
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
AROUND_DIGITS = {CODE: 2, SIX_DIGITS: 0}

C, L, ID = Category.contact, Category.location, Category.identity
T, CR, SH = Category.threat, Category.contact_request, Category.self_harm

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
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:(?:find|found|add|follow|search(?:ed)?(?:\s+for)?|look(?:ed)?|tracked\s+down)\s+"
        rf"(?:me|us|him|her|you|them)\s+(?:up\s+)?on\s+{PLATFORM}\s*(?:as|under|at|by|[:,-])?)\s*"
        rf"(?P<who>{FULL_NAME}|(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:(?:(?:my|his|her)\s+)?{PLATFORM}\s*(?:name|handle|username|account|page|profile)?\s*"
        rf"(?:is|as|under|[:-])|(?:I'?m|I\s+am|he'?s|she'?s|he\s+is|she\s+is)\s+on\s+{PLATFORM}\s+"
        rf"(?:as|under))\s*(?P<who>{FULL_NAME}|(?i:{HANDLE}))",
        group="who",
        needs=PLATFORM_WORDS,
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
    )
)

LOCATION_RULES = [
    rule(
        L,
        "a UK postcode",
        r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b",
        anchor=CODE,
    ),
    rule(
        L,
        "a street address",
        rf"\b(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
        rf"(?:{NAME_WORD}\s+){{1,3}}{STREET_SUFFIX}\b",
        anchor=STREET,
    ),
    rule(
        L,
        "a named street",
        rf"(?<!the\s)(?<!The\s)\b(?:{NAME_WORD}\s+){{1,2}}{STREET_SUFFIX}\b"
        r"(?!\s+(?:Primary|School|Academy))",
        anchor=STREET,
    ),
    rule(
        L,
        "a flat or house name",
        rf"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?(?:,?\s+{NAME_WORD}(?:\s+{NAME_WORD})?\s+"
        rf"(?:House|Court|Tower|Heights|Lodge|Mansions|Buildings))?\b",
        needs=("flat", "apartment", "apt"),
    ),
    rule(
        L,
        "a named place tied to where someone lives, works or goes",
        rf"\b(?:I|we|he|she|they|my \w+|our \w+|[A-Z][a-z]+)\s+(?:still\s+|now\s+|usually\s+|"
        rf"often\s+|always\s+|be\s+)?(?:work|works|worked|working|live|lives|lived|living|stay|"
        rf"stays|staying|moved|go|goes|went|drink|drinks|train|trains|volunteer|volunteers|shop|"
        rf"shops|study|studies)\s+(?:at|in|near|on|to|by|round|around|opposite|behind)\s+"
        rf"(?P<place>(?:the\s+)?(?!HMP|HMYOI|Prison)(?:{CAP})(?:\s+(?:{CAP}|on|in|of|the|and|&|"
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
        rf"on|to|by|opposite|behind)\s+(?P<place>(?!HMP|HMYOI|Prison)(?:the\s+)?{CAP})",
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
    ),
    rule(
        L,
        "a named workplace, shop or venue tied to someone",
        rf"\b(?P<place>the\s+{CAP}(?:\s+{CAP}){{0,2}}\s+(?:on|at|in|near|by|off)\s+{NOT_A_PLACE}"
        rf"{NAME_WORD}"
        rf"(?:\s+{NAME_WORD})?)",
        anchor=r"the\s+[A-Z]",
    ),
    rule(
        L,
        "a named workplace, shop or venue tied to someone",
        rf"\b(?P<place>the\s+(?:[a-z]+\s+)?{VENUE}\s+(?:on|in|at|near|by|off|behind)\s+"
        rf"(?:the\s+)?{NOT_A_PLACE}{NAME_WORD}(?:\s+{NAME_WORD})?(?:\s+(?:road|street|lane|"
        r"(?:industrial\s+)?estate|retail\s+park|business\s+park|bypass))?)",
        anchor=rf"the\s+(?:[a-z]+\s+)?{VENUE}\s",
    ),
]

IDENTITY_RULES = [
    rule(ID, "a prison number", r"\b[A-Z]\d{4}[A-Z]{2}\b", anchor=CODE),
    rule(ID, "a vehicle registration", r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", anchor=CODE),
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
        rf"\b(?i:born|date of birth|DOB|d\.o\.b\.?|birthday)\b(?:\s*(?:is|was|on|in|:|,)\s*)*\s*"
        rf"(?P<date>{DATE}|{MONTH}\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}|"
        r"\d{1,2}\.\d{1,2}\.\d{2,4})",
        group="date",
        needs=("born", "birth", "dob", "d.o.b", "birthday"),
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:my (?:full |real |proper )?name(?:'s| is)|I'?m called|I am called|I go by|"
        rf"look (?:me|him|her) up(?:,| as| under)?|search for|google|ask for|put it for|"
        rf"addressed to|under the name|by the name(?: of)?)\s+(?P<name>{FULL_NAME})",
        group="name",
        needs=(
            "name",
            "called",
            "go by",
            "look me up",
            "look him up",
            "look her up",
            "search",
            "google",
            "ask for",
            "put it for",
            "addressed",
        ),
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
        ),
        context=r"\b(?:full name|my name|born|look me up|search (?:my|for)|that name|"
        r"only one (?:called|with)|ask for|birthday|that'?s me|google)\b",
    ),
]

THREAT_RULES = [
    rule(
        T,
        "says they know where someone is, or their routine",
        r"\bI\s+(?:know|found\s+out|can\s+find\s+out|could\s+find\s+out|have\s+found\s+out|"
        r"know\s+exactly)\s+(?:where|what\s+time|when|which\s+(?:school|bus|car|house|street|"
        r"gym|pub|shift)|your\s+(?:address|route|routine|shifts?|car|reg))" + CLAUSE,
        I,
        needs=("know", "found out"),
    ),
    rule(
        T,
        "says they have someone's address or details",
        r"\bI(?:'ve|\s+have)?\s+(?:got|still\s+got|kept)\s+(?:your|his|her|their)\s+(?:\w+(?:'s)?\s+)?"
        r"(?:address|number|details|photo|reg)" + CLAUSE,
        I,
        needs=("got", "kept"),
    ),
    rule(
        T,
        "a warning of consequences",
        r"\byou(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to|'re\s+gonna|\s+are\s+gonna)\s+"
        r"(?:regret|pay\s+for|be\s+sorry|get\s+what'?s\s+coming|wish\s+you|learn|find\s+out\s+what|"
        r"be\s+the\s+one|end\s+up|need\s+(?:a|an)\b)" + CLAUSE,
        I,
        needs=("regret", "pay", "sorry", "coming", "wish", "learn", "find", "one", "end", "need"),
    ),
    rule(
        T,
        "a warning of consequences",
        r"\b(?:watch\s+your\s+(?:back|step|mouth)|look(?:ing)?\s+over\s+your\s+shoulder|"
        r"sleep\s+with\s+one\s+eye\s+open|you(?:'ve|\s+have)\s+been\s+warned|consider\s+yourself\s+"
        r"warned|this\s+isn'?t\s+over|it(?:'s|\s+is)\s+not\s+over|you\s+haven'?t\s+heard\s+the\s+"
        r"last|accidents\s+happen|long\s+memor(?:y|ies)|make\s+an\s+enemy|be\s+careful\s+who|"
        r"think\s+(?:carefully|twice|about\s+that)\s+(?:about|before)|"
        r"(?:small|funny)\s+(?:town|world|place)|keep\s+(?:his|your|her|their)\s+mouths?\s+shut|"
        r"or\s+(?:else|they'?ll|I'?ll|we'?ll)\b)" + CLAUSE,
        I,
        needs=(
            "watch",
            "shoulder",
            "eye open",
            "warned",
            "isn't over",
            "not over",
            "heard the last",
            "accidents",
            "memor",
            "enemy",
            "careful",
            "think carefully",
            "think twice",
            "think about that",
            "small",
            "funny",
            "shut",
            "or else",
            "or they",
            "or i'll",
            "or we'll",
            "or i will",
        ),
    ),
    rule(
        T,
        "mentions people who could act for the writer",
        rf"\b(?:I(?:'ve|\s+have)?\s+(?:got|have|know)|(?:my|our))\s+(?:some\s+|\w+\s+)?"
        rf"{ASSOCIATES}\b[^.!?\n]{{0,50}}?\b(?:owe\s+me|do\s+anything|sort|find\s+you|pay\s+you|"
        r"reach\s+you|visit\s+you|know\s+(?:where|your)|on\s+the\s+out|outside|don'?t\s+like|"
        r"have\s+a\s+word|'ll\s+have\s+a\s+word|would\s+love\s+to|looking\s+for\s+you)" + CLAUSE,
        I,
        needs=(
            "people",
            "mates",
            "friends",
            "lads",
            "boys",
            "contacts",
            "cousin",
            "brother",
            "uncle",
            "family",
            "dad",
            "crew",
            "gang",
            "associates",
        ),
    ),
    rule(
        T,
        "a veiled threat about harm to someone or their things",
        r"\bit(?:'d|\s+would|'ll|\s+will)\s+be\s+(?:a\s+)?(?:shame|pity|terrible|awful|sad|tragic|"
        r"a\s+real\s+shame)\s+if" + CLAUSE,
        I,
        needs=("shame", "pity", "terrible", "awful", "sad", "tragic"),
    ),
    rule(
        T,
        "a veiled threat about harm to someone or their things",
        r"\b(?:something\s+(?:bad\s+)?(?:might|could|will|would)\s+happen\s+to\s+(?:you|your)|"
        r"hope\s+you(?:'ve|\s+have)\s+got\s+(?:good|strong|decent)\s+(?:locks|insurance|doors)|"
        r"(?:lock|check)\s+your\s+doors|a\s+lot\s+of\s+glass)" + CLAUSE,
        I,
        needs=("happen", "locks", "insurance", "doors", "glass"),
    ),
    rule(
        T,
        "a statement of intent to find, follow or hurt",
        r"\b(?:I|we|they|he)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to|"
        r"'m\s+gonna|\s+are\s+gonna|'s\s+going\s+to)\s+(?:come\s+(?:round|for|after)|find\s+you|"
        r"get\s+you|hurt\s+you|make\s+(?:you|your|his|her)\s+(?:pay|life)|be\s+waiting\s+for\s+you|"
        r"sort\s+you\s+out|deal\s+with\s+you|track\s+you\s+down|pay\s+you\s+a\s+visit|"
        r"come\s+looking|burn|smash|do\s+you|have\s+a\s+word)" + CLAUSE,
        I,
        needs=("'ll", "will", "going to", "gonna"),
    ),
    rule(
        T,
        "a threat of violence to someone's body",
        r"\b(?:lose\s+your\s+teeth|break\s+your\s+(?:legs?|arms?|neck|face|jaw|nose)|"
        r"smash\s+your\s+(?:face|head)|kick\s+your\s+(?:head|teeth|face)\s+in|"
        r"(?:needing|need|in)\s+a\s+wheelchair|in\s+(?:a\s+)?hospital\s+bed|end\s+up\s+in\s+"
        r"(?:hospital|a\s+box|the\s+ground)|stab\s+you|batter\s+you|do\s+you\s+in)" + CLAUSE,
        I,
        needs=(
            "teeth",
            "break your",
            "smash your",
            "kick your",
            "wheelchair",
            "hospital",
            "box",
            "ground",
            "stab",
            "batter",
            "do you in",
        ),
    ),
    rule(
        T,
        "a conditional threat",
        r"\bif\s+(?:I|we|they|my\s+\w+)\s+(?:ever\s+)?(?:see|catch|find|hear)\b[^.!?\n]{0,80}?"
        r"\byou(?:'ll|\s+will|'re\s+going\s+to|\s+won'?t)" + CLAUSE,
        I,
        needs=("see", "catch", "find", "hear"),
    ),
    rule(
        T,
        "a threat said by denying it",
        r"\b(?:I'?m\s+not\s+saying\s+I'?(?:ll|d)|I'?m\s+(?:just\s+)?saying\s+I\s+could|"
        r"I\s+could\s+if\s+I\s+wanted)" + CLAUSE,
        I,
        needs=("saying", "could"),
    ),
    rule(
        T,
        "a reminder of release used as a warning",
        r"\b(?:I(?:'ll|\s+will)\s+be\s+out|when\s+(?:I|you)(?:'m|\s+am|\s+get|'re|\s+are)\s+out|"
        r"once\s+(?:I|you)(?:'m|\s+am|\s+get|'re)\s+out)[^.!?\n]{0,60}?\b(?:won'?t\s+forget|"
        r"remember|find\s+you|see\s+you|come\s+(?:for|after|round|looking)|sort|pay|regret|"
        r"settle|visit|find\s+out)" + CLAUSE,
        I,
        needs=("out",),
    ),
    rule(
        T,
        "pressure to drop or change evidence",
        r"\b(?:you(?:'d|\s+had)\s+better|you\s+should|you\s+might\s+want\s+to|you'?d\s+want\s+to)"
        r"\s+(?:not|drop|withdraw|change|keep|stay|watch|tell|be\s+careful|think)" + CLAUSE,
        I,
        needs=("better", "should", "want to"),
    ),
    rule(
        T,
        "pressure to drop or change evidence",
        r"\b(?:drop|withdraw|take\s+back)\s+(?:the|your)\s+(?:charges?|complaint|statement|"
        r"evidence)" + CLAUSE,
        I,
        needs=("drop", "withdraw", "take back"),
    ),
    rule(
        T,
        "says they have been watching someone",
        r"\bI(?:'ve|\s+have)\s+(?:been\s+)?(?:seen|watching|watched|following|followed)\s+"
        r"(?:you|your)\b" + CLAUSE,
        I,
        needs=("seen", "watch", "follow"),
    ),
    rule(
        T,
        "says they have been watching someone",
        r"\bI\s+saw\s+you\s+(?:at|in|on|outside|with|walking|going|leaving)\b"
        r"(?!\s+(?:the\s+)?(?:court|dock|witness|box|trial|hearing|sentencing|cctv|video|"
        r"footage|paper|news))" + CLAUSE,
        I,
        needs=("saw you",),
    ),
    # Broader families of intimidation, written from how threats are made, not from letters.
    rule(
        T,
        "says they know someone's family, home or things",
        r"\b(?:I\s+know\s+(?:your|which|what)\s+(?:mum|mam|dad|wife|husband|kids?|children|son|"
        r"daughter|family|school|car|house|street|road|work)(?!\s+(?:still|must|has|had|was|is|"
        r"were|felt|feels|gets|got|went|never|can'?t|won'?t|didn'?t|makes?|made|suffered))|nice\s+(?:house|car|place|garden)\s+"
        r"you(?:'ve|\s+have)?\s+got|your\s+(?:kids|children|little\s+ones?)\s+(?:are\s+)?"
        r"(?:getting\s+big|look|are\s+growing)|say\s+hello\s+to\s+your\s+\w+\s+for\s+me|"
        r"(?:I(?:'ve|\s+have)\s+)?(?:been|driven|drove|walked|went)\s+past\s+your|"
        r"I\s+see\s+you(?:'ve|\s+have)\s+moved|your\s+new\s+(?:place|house|flat|address))" + CLAUSE,
        I,
        needs=(
            "know your",
            "know which",
            "know what",
            "nice ",
            "your kids",
            "your children",
            "little one",
            "say hello",
            "past your",
            "you've moved",
            "you have moved",
            "your new",
        ),
    ),
    rule(
        T,
        "promises payback",
        r"\b(?:you(?:'ll|\s+will)\s+get\s+yours|you(?:'ve|\s+have)\s+got\s+it\s+coming|"
        r"what\s+goes\s+around\s+comes\s+around|get\s+you\s+back|get\s+even\s+with|"
        r"settle\s+(?:the\s+score|this|things|up)|(?:this|it)\s+(?:isn'?t|is\s+not|ain'?t)\s+"
        r"(?:finished|done|over)|I\s+(?:never|won'?t|will\s+not)\s+forget\s+(?:a\s+face|your|"
        r"you|what\s+you)|I(?:'ll|\s+will)\s+(?:be\s+)?see(?:ing)?\s+you|see\s+you\s+(?:soon|"
        r"when|on\s+the\s+out|outside)|last\s+warning|final\s+warning|if\s+I\s+were\s+you|"
        r"I\s+wouldn'?t\s+if\s+I\s+were\s+you|for\s+your\s+own\s+good|you(?:'ve|\s+have)\s+"
        r"(?:got\s+)?a\s+lot\s+to\s+lose|think\s+(?:of|about)\s+your\s+(?:kids|children|family|"
        r"mum|wife))" + CLAUSE,
        I,
        needs=(
            "get yours",
            "coming",
            "goes around",
            "payback",
            "pay back",
            "get you back",
            "get back",
            "get even",
            "settle",
            "isn't finished",
            "not finished",
            "ain't finished",
            "isn't done",
            "not done",
            "ain't done",
            "isn't over",
            "not over",
            "ain't over",
            "forget",
            "see you",
            "seeing you",
            "warning",
            "were you",
            "own good",
            "to lose",
            "think of your",
            "think about your",
        ),
    ),
    rule(
        T,
        "threatens someone's home, car or belongings",
        r"\b(?:burn|torch|smash|trash|wreck|brick|petrol|slash|key|firebomb)(?:ing)?\s+(?:through\s+)?"
        r"(?:down\s+)?(?:your|his|her|their|the)\s+(?:house|home|car|van|windows?|letterbox|"
        r"tyres?|door|shop|place|flat|garden)" + CLAUSE,
        I,
        needs=(
            "burn",
            "torch",
            "smash",
            "trash",
            "wreck",
            "brick",
            "petrol",
            "slash",
            "key",
            "firebomb",
        ),
    ),
    rule(
        T,
        "threatens violence",
        r"\b(?:you(?:'re|\s+are)\s+(?:dead|finished|done\s+for|a\s+dead\s+man)|dead\s+man\s+"
        r"walking|I(?:'ll|\s+will|'m\s+going\s+to|'m\s+gonna|\s+could|'d)\s+(?:kill|end|"
        r"batter|stab|hurt|finish|destroy|ruin|get)\s+(?:you|him|her|them|your)|put\s+you\s+in\s+"
        r"(?:hospital|a\s+wheelchair|the\s+ground)|knock\s+your\s+(?:block|head|teeth)|"
        r"do\s+you\s+over|(?:snitches|grasses)\s+get|people\s+who\s+(?:talk|grass|snitch)|"
        r"if\s+you\s+(?:talk|grass|snitch|say\s+anything|go\s+to\s+the\s+police))" + CLAUSE,
        I,
        needs=(
            "dead",
            "finished",
            "done for",
            "kill",
            "end",
            "batter",
            "stab",
            "hurt",
            "finish",
            "destroy",
            "ruin",
            "get you",
            "get him",
            "get her",
            "put you",
            "knock your",
            "do you over",
            "snitch",
            "grass",
            "who talk",
            "if you talk",
            "say anything",
            "police",
        ),
    ),
    rule(
        T,
        "a warning dressed as advice",
        r"\b(?:be\s+careful|watch\s+yourself|mind\s+how\s+you\s+go|you\s+never\s+know\s+"
        r"what\s+(?:might|could)|anything\s+(?:could|can)\s+happen|things\s+happen\s+to|"
        r"keep\s+(?:looking|checking)\s+(?:over|behind))\b" + CLAUSE,
        I,
        needs=(
            "careful",
            "watch yourself",
            "mind how",
            "never know",
            "could happen",
            "can happen",
            "things happen",
            "looking over",
            "checking over",
            "behind",
        ),
    ),
    rule(
        T,
        "someone will be sent round",
        r"\b(?:someone|somebody|they|my\s+\w+|people)(?:'ll|\s+will|\s+might|\s+could)\s+"
        r"(?:be\s+round|come\s+round|pay\s+you\s+a\s+visit|have\s+a\s+word|be\s+waiting|"
        r"find\s+you|call\s+round|knock)|(?:be|get)\s+paid\s+a\s+visit" + CLAUSE,
        I,
        needs=("round", "visit", "a word", "waiting", "find you", "knock"),
    ),
    rule(
        T,
        "says they know someone's whereabouts or surroundings",
        r"\b(?:knows?|found\s+out)\s+(?:what|which)\s+(?:wing|cell|landing|block|prison|jail|"
        r"unit|ward|shift)\s+(?:you|he|she|they)|what\s+your\s+(?:house|home|car|street|door|"
        r"kids?|children|wife|husband|mum)\s+looks?\s+like|(?:not|n'?t)\s+as\s+(?:hidden|safe|"
        r"far\s+away|untouchable|clever|protected|anonymous)\s+as\s+you\s+(?:think|reckon)|"
        r"(?:friends|mates|people|boys|lads)\s+(?:inside|on\s+the\s+inside|on\s+your\s+wing|"
        r"in\s+there)" + CLAUSE,
        I,
        needs=(
            "wing",
            "cell",
            "landing",
            "block",
            "prison",
            "jail",
            "unit",
            "ward",
            "shift",
            "looks like",
            "look like",
            "as you think",
            "as you reckon",
            "inside",
            "in there",
        ),
    ),
    rule(
        T,
        "a warning of what will follow",
        r"\b(?:(?:and|then)\s+(?:just\s+)?see\s+what\s+happens|you(?:'ll|\s+will)\s+(?:soon\s+)?"
        r"(?:find\s+out|see)\b|(?:it(?:'d|\s+would)\s+)?be\s+a\s+(?:shame|pity)\s+if|"
        r"mind\s+how\s+(?:you|she|he|they)\s+go(?:es)?|check\s+your\s+(?:tyres|brakes|car|"
        r"locks|windows|post)|how\s+many\s+friends\s+I(?:'ve|\s+have)?\s+got)" + CLAUSE,
        I,
        needs=(
            "see what happens",
            "find out",
            "you'll see",
            "you will see",
            "shame",
            "pity",
            "mind how",
            "check your",
            "how many friends",
        ),
    ),
    # Oblique intimidation: ease, luck, lessons.
    rule(
        T,
        "says harm would be easy or is only a matter of luck",
        r"\b(?:it(?:'d|\s+would)\s+be\s+(?:easy|simple|nothing)\s+(?:to|for)|"
        r"wouldn'?t\s+take\s+much|I'?d\s+hate\s+for\s+(?:anything|something)|"
        r"you\s+never\s+know\s+who|people\s+get\s+hurt|things\s+have\s+a\s+way\s+of|"
        r"you(?:'ve|\s+have)\s+been\s+lucky|stay\s+lucky|(?:teach|taught)\s+(?:you|him|her|them)\s+"
        r"a\s+lesson|don'?t\s+make\s+me|I(?:'ve|\s+have)\s+got\s+a\s+long\s+memory)" + CLAUSE,
        I,
        needs=(
            "easy",
            "simple",
            "nothing",
            "take much",
            "hate for",
            "never know who",
            "get hurt",
            "a way of",
            "lucky",
            "lesson",
            "make me",
            "long memory",
        ),
    ),
]

# Rules about arranging contact outside the process.
BYPASS_WORDS = (
    r"(?:facilitators?|mediators?|middle\s?m[ae]n|go-?betweens?|the\s+service|"
    r"the\s+scheme|probation|them|her|him|priya|(?:them|anyone|her|him)\s+"
    r"(?:reading|checking|involved|seeing))"
)
CONTACT_REQUEST_RULES = [
    rule(
        CR,
        "asks to meet",
        r"\b(?:meet|meeting)\s+(?:me|up|you|in\s+person|face\s+to\s+face)\b" + CLAUSE,
        I,
        needs=("meet",),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "asks to meet",
        r"\b(?:(?:we|us)\s+(?:could|should|can)\s+meet|where\s+(?:to|we\s+can|I\s+can)\s+meet)\b"
        + CLAUSE,
        I,
        needs=("meet",),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "asks for contact details",
        r"\b(?:give|send|pass|leave|write\s+down|tell)\s+me\s+your\s+(?:phone\s+|mobile\s+|home\s+)?"
        r"(?:number|address|phone|mobile|e-?mail|details|facebook|insta\w*|snap\w*|whatsapp)",
        I,
        needs=CONTACT_DETAIL_WORDS,
    ),
    rule(
        CR,
        "asks for contact details",
        r"\b(?:what(?:'s|\s+is)|can\s+I\s+(?:have|get)|could\s+I\s+(?:have|get)|I\s+need)\s+your\s+"
        r"(?:phone\s+|mobile\s+|home\s+)?(?:number|address|mobile|e-?mail|facebook|insta\w*|"
        r"snap\w*|whatsapp)",
        I,
        needs=CONTACT_DETAIL_WORDS,
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        r"\b(?:just\s+(?:the\s+two\s+of\s+us|you\s+and\s+me|us\s+two|between\s+us|two\s+\w+\s+"
        r"talking)|between\s+(?:you\s+and\s+me|ourselves|the\s+two\s+of\s+us)|the\s+two\s+of\s+us\s+"
        r"alone|on\s+our\s+own|(?:arrange|sort)\s+it\s+(?:ourselves|between\s+us)|nobody\s+else\s+"
        r"(?:has|needs|would\s+have)\s+to\s+(?:read|see|know)|no\s*one\s+else\s+(?:has|needs)\s+to\s+"
        r"(?:read|see|know))" + CLAUSE,
        I,
        needs=(
            "two of us",
            "you and me",
            "us two",
            "between",
            "ourselves",
            "our own",
            "talking",
            "nobody else",
            "no one else",
            "noone else",
        ),
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        rf"\b(?:without|no|cut\s+out|leave\s+out|bypass|skip|get\s+rid\s+of|don'?t\s+need|"
        rf"no\s+need\s+for|keep\s+out|not\s+through|instead\s+of\s+(?:going\s+)?through|"
        rf"rather\s+than\s+(?:going\s+)?through)\s+(?:the\s+|any\s+|a\s+|these\s+|those\s+|all\s+)?"
        rf"{BYPASS_WORDS}" + CLAUSE,
        I,
        needs=(
            "without",
            "no ",
            "cut out",
            "leave out",
            "bypass",
            "skip",
            "rid of",
            "need",
            "keep out",
            "through",
        ),
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        r"\b(?:hate|don'?t\s+like|don'?t\s+want)\s+(?:the\s+idea\s+of\s+)?(?:her|him|them|anyone|"
        r"the\s+\w+)\s+reading" + CLAUSE,
        I,
        needs=("reading",),
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        r"\b(?:don'?t|do\s+not|never)\s+(?:tell|show|mention\s+(?:this\s+)?to)\s+(?:the\s+)?"
        r"(?:facilitators?|mediators?|anyone|your\s+\w+)\b" + CLAUSE,
        I,
        needs=("tell", "show", "mention"),
    ),
    rule(
        CR,
        "offers to wait for or visit someone",
        r"\b(?:I(?:'ll|\s+will)\s+(?:be\s+)?wait(?:ing)?|wait)\s+(?:for\s+you\s+)?(?:outside|at|by|"
        r"near|round|after)\b" + CLAUSE,
        I,
        needs=("wait",),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "offers to wait for or visit someone",
        r"\b(?:come|pop|drop)\s+(?:round|by|over|in)\b(?!\s+(?:the|a|to\s+the)\b)" + CLAUSE,
        I,
        needs=("come", "pop", "drop"),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "offers to wait for or visit someone",
        r"\b(?:come\s+(?:in\s+|round\s+|over\s+|down\s+)?(?:and\s+)?(?:see|find|visit)\s+me|"
        r"visit\s+me|see\s+me\s+when|look\s+me\s+up|I(?:'ll|\s+will|'d\s+like\s+to|\s+could)\s+"
        r"(?:come\s+(?:and\s+)?)?(?:visit|find)\s+you|knock\s+on\s+your\s+door|turn\s+up\b|"
        r"ask\s+for\s+(?:me|him|her)\b)" + CLAUSE,
        I,
        needs=("visit", "find", "see me", "look me up", "door", "turn up", "ask for"),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "asks to be contacted directly",
        r"\b(?:write|text|ring|call|phone|message|msg|dm|email|e-mail|contact|reach|add|inbox)\s+"
        r"(?:to\s+)?(?:me|us|her|him)\b(?:\s+(?:direct(?:ly)?|there|on|at|privately|yourself))?"
        + CLAUSE,
        I,
        needs=(
            "write me",
            "write us",
            "write her",
            "write him",
            "text me",
            "text us",
            "text her",
            "text him",
            "ring me",
            "ring us",
            "ring her",
            "ring him",
            "call me",
            "call us",
            "call her",
            "call him",
            "phone me",
            "phone us",
            "phone her",
            "phone him",
            "message me",
            "message us",
            "message her",
            "message him",
            "msg me",
            "msg us",
            "msg her",
            "msg him",
            "dm me",
            "dm us",
            "dm her",
            "dm him",
            "email me",
            "email us",
            "email her",
            "email him",
            "e-mail me",
            "e-mail us",
            "e-mail her",
            "e-mail him",
            "contact me",
            "contact us",
            "contact her",
            "contact him",
            "reach me",
            "reach us",
            "reach her",
            "reach him",
            "add me",
            "add us",
            "add her",
            "add him",
            "inbox me",
            "inbox us",
            "inbox her",
            "inbox him",
            "write to me",
            "write to us",
            "write to her",
            "write to him",
            "text to me",
            "text to us",
            "text to her",
            "text to him",
            "ring to me",
            "ring to us",
            "ring to her",
            "ring to him",
            "call to me",
            "call to us",
            "call to her",
            "call to him",
            "phone to me",
            "phone to us",
            "phone to her",
            "phone to him",
            "message to me",
            "message to us",
            "message to her",
            "message to him",
            "msg to me",
            "msg to us",
            "msg to her",
            "msg to him",
            "dm to me",
            "dm to us",
            "dm to her",
            "dm to him",
            "email to me",
            "email to us",
            "email to her",
            "email to him",
            "e-mail to me",
            "e-mail to us",
            "e-mail to her",
            "e-mail to him",
            "contact to me",
            "contact to us",
            "contact to her",
            "contact to him",
            "reach to me",
            "reach to us",
            "reach to her",
            "reach to him",
            "add to me",
            "add to us",
            "add to her",
            "add to him",
            "inbox to me",
            "inbox to us",
            "inbox to her",
            "inbox to him",
        ),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "asks to be contacted directly",
        r"\b(?:give|drop)\s+(?:me|us|him|her)\s+a\s+(?:bell|ring|call|shout|buzz|text|message|"
        r"line|visit)\b" + CLAUSE,
        I,
        needs=("bell", "ring", "call", "shout", "buzz", "text", "message", "line", "visit"),
    ),
    rule(
        CR,
        "asks to be contacted directly",
        r"\b(?:write|reply|send\s+it|get\s+in\s+touch|say\s+it)\s+(?:to\s+(?:me|him|her)\s+)?"
        r"(?:directly|direct|privately|straight\s+to\s+(?:me|him|her)|yourself|face\s+to\s+face)\b"
        + CLAUSE,
        I,
        needs=("direct", "privately", "straight", "yourself", "face to face"),
    ),
    rule(
        CR,
        "asks to talk outside the process",
        r"\b(?:talk|speak|chat)\s+(?:properly|face\s+to\s+face|in\s+person|man\s+to\s+man|"
        r"woman\s+to\s+woman|off\s+the\s+record)|properly\s+talk\b" + CLAUSE,
        I,
        needs=("properly", "face to face", "in person", "to man", "to woman", "off the record"),
    ),
    # Broader families of arranging contact outside the process.
    rule(
        CR,
        "offers a prison visit or a way to write outside the process",
        r"\b(?:visiting\s+order|(?:send|put)\s+(?:you|me)\s+(?:a|on\s+(?:my|the))\s+"
        r"(?:VO|visit(?:ing)?s?(?:\s+list)?)|book\s+a\s+visit|(?:come|visit)\s+(?:me\s+)?in\s+"
        r"(?:here|prison|jail|the\s+nick)|put\s+you\s+on\s+my\s+(?:list|visits|visitors))\b"
        + CLAUSE,
        I,
        needs=(
            "visiting order",
            "vo",
            "visit",
            "in here",
            "prison",
            "jail",
            "the nick",
            "my list",
            "visitors",
        ),
    ),
    rule(
        CR,
        "proposes getting together",
        r"\b(?:(?:grab|get|have|go\s+for)\s+(?:a|a\s+quick)\s+(?:coffee|cuppa|brew|pint|drink|"
        r"bite|chat|walk)\s+(?:together|sometime|one\s+day|with\s+me)|catch\s+up\s+(?:sometime|"
        r"one\s+day|in\s+person|properly)|you\s+know\s+where\s+to\s+find\s+me|"
        r"I(?:'ll|\s+will)\s+be\s+(?:there|at\s+the|outside|in\s+the)\b[^.!?\n]{0,40}?"
        r"\b(?:if\s+you\s+want|come|find\s+me|look\s+out)|look\s+out\s+for\s+me)" + CLAUSE,
        I,
        needs=(
            "coffee",
            "cuppa",
            "brew",
            "pint",
            "drink",
            "bite",
            "chat",
            "walk",
            "catch up",
            "find me",
            "be there",
            "be at",
            "be outside",
            "be in the",
            "look out",
        ),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "gives or asks for a private way to be reached",
        r"\b(?:my\s+(?:number|mobile|phone|email|e-mail|address|snap|insta\w*|facebook)\s+"
        r"(?:is|'s)|here(?:'s|\s+is)\s+my\s+(?:number|mobile|email|address)|accept\s+my\s+"
        r"(?:friend\s+)?request|(?:sent|send)\s+you\s+a\s+(?:friend\s+)?request|add\s+me\s+back|"
        r"follow\s+me\s+back|slide\s+into|drop\s+me\s+a\s+(?:line|message|text))" + CLAUSE,
        I,
        needs=(
            "my number",
            "my mobile",
            "my phone",
            "my email",
            "my e-mail",
            "my address",
            "my snap",
            "my insta",
            "my facebook",
            "here's my",
            "here is my",
            "request",
            "add me back",
            "follow me back",
            "slide into",
            "drop me",
        ),
    ),
    rule(
        CR,
        "wants the exchange kept from others",
        r"\b(?:keep\s+(?:this|it)\s+(?:between\s+us|quiet|to\s+yourself|private|secret)|"
        r"off\s+the\s+(?:books|record)|our\s+(?:little\s+)?secret|on\s+our\s+own\s+terms|"
        r"(?:don'?t|no\s+need\s+to)\s+let\s+(?:them|her|him|anyone|the\s+\w+)\s+know|"
        r"(?:they|she|he|the\s+\w+)\s+(?:don'?t|doesn'?t)\s+(?:need|have)\s+to\s+know)" + CLAUSE,
        I,
        needs=(
            "between us",
            "quiet",
            "to yourself",
            "private",
            "secret",
            "off the",
            "own terms",
            "let them",
            "let her",
            "let him",
            "let anyone",
            "let the",
            "to know",
        ),
    ),
    rule(
        CR,
        "offers to come or hand something over in person",
        r"\b(?:bring|give|hand|drop|deliver|pass)\s+(?:you|it|them)\b[^.!?\n]{0,30}?\b(?:myself|"
        r"in\s+person|personally|by\s+hand)|come\s+(?:to|round\s+to)\s+(?:the|my|our)\s+"
        r"(?:house|flat|door|place|work|shop)|(?:ring|call|text|phone)\s+(?:first|ahead|before)"
        + CLAUSE,
        I,
        needs=(
            "myself",
            "in person",
            "personally",
            "by hand",
            "come to",
            "come round",
            "ring first",
            "call first",
            "text first",
            "phone first",
            "ring ahead",
            "call ahead",
            "ring before",
            "call before",
            "text before",
            "phone before",
        ),
        unless_facilitated=True,
    ),
    rule(
        CR,
        "moves the conversation somewhere private",
        r"\b(?:(?:on|via|through|over)\s+(?:my|your)\s+(?:page|profile|account|dms?|inbox|"
        r"messages)|follow\s+me\b|(?:chat|talk|message)\s+(?:there|on\s+there)|instead\s+of\s+"
        r"(?:waiting\s+for|going\s+through|writing\s+through))" + CLAUSE,
        I,
        needs=(
            "my page",
            "your page",
            "profile",
            "account",
            "dm",
            "inbox",
            "messages",
            "follow me",
            "there",
            "instead of",
        ),
    ),
    rule(
        CR,
        "says how to find the writer outside the process",
        r"\b(?:I'?m|I\s+am)\s+(?:not\s+hard|easy|not\s+difficult)\s+to\s+find|in\s+the\s+phone\s*book|"
        r"my\s+door'?s?\s+(?:is\s+)?(?:always\s+)?open|if\s+you'?re\s+ever\s+(?:in|near|round|"
        r"passing)|ask\s+(?:anyone|around|about)\b[^.!?\n]{0,30}?\bfor\s+me" + CLAUSE,
        I,
        needs=(
            "to find",
            "phone book",
            "phonebook",
            "door",
            "ever in",
            "ever near",
            "ever round",
            "ever passing",
            "for me",
        ),
        unless_facilitated=True,
    ),
]

SELF_HARM_RULES = [
    rule(
        SH,
        "talks of ending their life or harming themselves",
        rf"\b{SELF_VERBS}(?:s|ed|t|ing|ting|ping|ging)?\s+(?:my\s*self|myself|my\s+life|it\s+all|"
        r"my\s+(?:arms?|wrists?|legs?|skin|head|body))\b" + CLAUSE,
        I,
        needs=(
            "myself",
            "my self",
            "my life",
            "it all",
            "my arm",
            "my wrist",
            "my leg",
            "my skin",
            "my head",
            "my body",
        ),
    ),
    rule(
        SH,
        "talks of ending their life or harming themselves",
        r"\b(?:suicid\w*|self[-\s]?harm\w*|overdosed|took\s+an\s+overdose|on\s+(?:an\s+)?acct|"
        r"acct\s+(?:document|book|review|open)|cutting\s+again|been\s+cutting|started\s+cutting|"
        r"the\s+cuts\s+on\s+my|razor\s+blade|with\s+a\s+(?:blade|razor|lighter))\b" + CLAUSE,
        I,
        needs=("suicid", "self", "overdos", "acct", "cut", "razor", "blade", "lighter"),
    ),
    rule(
        SH,
        "talks of a fall or jump",
        r"\b(?:step(?:ping|ped)?|jump(?:ing|ed)?|throw(?:ing)?\s+myself|fall(?:ing)?)\s+(?:off|from|"
        r"in\s+front\s+of)\s+(?:the|a)\s+(?:landing|bridge|roof|ledge|balcony|cliff|train|car|bus|"
        r"railings|multi-?storey)|\bsat\s+on\s+the\s+(?:bridge|edge|ledge|railings|roof)" + CLAUSE,
        I,
        needs=("step", "jump", "throw", "fall", "sat on"),
    ),
    rule(
        SH,
        "says others would be better off without them",
        r"\b(?:better\s+off\s+(?:without\s+me|dead|if\s+I\s+(?:was|were|wasn'?t|weren'?t)\b)|"
        r"(?:everyone|everybody|they|you|my\s+\w+)\s+would\s+be\s+better\s+off\b|"
        r"(?:easier|better)\s+(?:for\s+everyone\s+)?if\s+I\s+(?:didn'?t|wasn'?t|weren'?t|was\s+gone|"
        r"were\s+gone|never\s+woke|just\s+went))" + CLAUSE,
        I,
        needs=("better off", "if i"),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:don'?t|do\s+not|didn'?t|doesn'?t|can'?t|cannot|couldn'?t|no\s+longer|never)\s+"
        r"(?:really\s+)?see\s+(?:the|any|much)\s+point\s+(?:in\s+)?(?:going\s+on|living|carrying\s+"
        r"on|being\s+(?:here|alive|around)|life|anything|of\s+(?:it|anything|living|life|me))"
        + CLAUSE,
        I,
        needs=("point",),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:want(?:ed)?|wish(?:ed)?|wishing)\s+(?:to\s+die|I\s+(?:was|were)\s+dead|I\s+(?:wasn'?t|"
        r"weren'?t)\s+(?:here|alive|around)|to\s+disappear\s+(?:for\s+good|forever)|"
        r"I\s+(?:could|would)\s+(?:just\s+)?(?:disappear|not\s+wake\s+up|go\s+to\s+sleep\s+and))"
        + CLAUSE,
        I,
        needs=("want", "wish"),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:not|don'?t|do\s+not|didn'?t|doesn'?t)\s+(?:really\s+|even\s+|honestly\s+)?"
        r"(?:want(?:ing)?\s+to|wanna)\s+(?:be\s+(?:here|alive|around)|wake\s+up|live|go\s+on|"
        r"carry\s+on|exist)\b" + CLAUSE,
        I,
        needs=("want", "wanna"),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|going\s+on|carry\s+on|"
        r"being\s+here)|can'?t\s+(?:go\s+on|carry\s+on|do\s+this\s+any\s*more|take\s+(?:it|this)\s+"
        r"any\s*more)|no\s+way\s+out|end\s+it\s+all|ending\s+it\s+all|ending\s+(?:things|it)\b|"
        r"(?:thought|thinking|think)\s+about\s+(?:ending|not\s+being\s+here|dying|death|"
        r"stepping|jumping)|not\s+be\s+(?:around|here)\s+(?:much\s+longer|for\s+long|by\s+then)|"
        r"if\s+I\s+didn'?t\s+wake\s+up|never\s+wake\s+up)" + CLAUSE,
        I,
        needs=(
            "reason",
            "point",
            "go on",
            "carry on",
            "any more",
            "anymore",
            "way out",
            "end it",
            "ending",
            "think about",
            "thinking about",
            "thought about",
            "not be",
            "wake up",
        ),
    ),
    rule(
        SH,
        "mentions means of self-harm",
        r"\b(?:saved|saving|stockpil\w+|hoard\w*)\s+(?:up\s+)?(?:my\s+)?(?:pills|tablets|meds|"
        r"medication)|\b(?:a\s+)?ligature\b" + CLAUSE,
        I,
        needs=("sav", "stockpil", "hoard", "ligature"),
    ),
    # Broader families of suicidal and self-harming talk.
    rule(
        SH,
        "talks of taking their own life",
        r"\b(?:take|taking|took)\s+my\s+own\s+life|\b(?:rope|noose)\b|said\s+my\s+goodbyes|"
        r"(?:written|wrote|writing)\s+(?:a|my)\s+(?:goodbye\s+)?(?:note|letters?)\s+(?:to\s+my\s+"
        r"\w+\s+)?(?:in\s+case|for\s+when|for\s+after)|affairs\s+in\s+order|given\s+(?:my|all\s+"
        r"my)\s+(?:things|stuff)\s+away|on\s+suicide\s+watch|on\s+(?:constant\s+)?obs" + CLAUSE,
        I,
        needs=(
            "own life",
            "rope",
            "noose",
            "goodbyes",
            "in case",
            "for when",
            "for after",
            "affairs",
            "away",
            "suicide watch",
            "obs",
        ),
    ),
    rule(
        SH,
        "says no one would miss them, or that they are a burden",
        r"\b(?:no\s*(?:one|body)\s+would\s+(?:miss|notice|care)|(?:no\s*one|nobody)\s+(?:will|"
        r"would)\s+care\s+if\s+I|I(?:'m|\s+am)\s+(?:just\s+)?a\s+burden|burden\s+(?:to|on)\s+"
        r"(?:everyone|everybody|my\s+\w+)|(?:don'?t|do\s+not)\s+deserve\s+to\s+(?:live|be\s+"
        r"alive|be\s+here)|deserve\s+to\s+die|should\s+have\s+(?:been\s+me\s+that\s+)?died|"
        r"wish\s+it\s+had\s+been\s+me)" + CLAUSE,
        I,
        needs=("miss", "notice", "care", "burden", "deserve", "died", "been me"),
    ),
    rule(
        SH,
        "says they cannot go on",
        r"\b(?:tired\s+of\s+(?:living|life|being\s+alive|everything)|sick\s+of\s+(?:living|"
        r"being\s+alive)|(?:want|need)\s+(?:it\s+all\s+|everything\s+)?to\s+(?:stop|end)\s+"
        r"for\s+good|sleep\s+(?:and\s+never|forever|for\s+ever)|can'?t\s+cope\s+(?:any\s*more|"
        r"with\s+(?:living|life|being\s+alive))|no\s+future\s+for\s+me|nothing\s+(?:left\s+)?"
        r"to\s+live\s+for|what'?s\s+the\s+point\s+(?:of\s+)?(?:living|anything|going\s+on|me))"
        + CLAUSE,
        I,
        needs=(
            "tired of",
            "sick of",
            "stop",
            "end",
            "sleep",
            "cope",
            "no future",
            "live for",
            "the point",
        ),
    ),
    rule(
        SH,
        "talks of taking an overdose",
        r"\b(?:take|taking|took|swallow(?:ing|ed)?)\s+(?:all|the\s+whole|a\s+load\s+of|every\s+one\s+"
        r"of)\s+(?:my|his|her|the|their|those)?\s*(?:tablets|pills|meds|medication|packets?)"
        + CLAUSE,
        I,
        needs=("tablets", "pills", "meds", "medication", "packet"),
    ),
    # Recognised warning signs, said without naming suicide.
    rule(
        SH,
        "a warning sign: stopping treatment on purpose",
        r"\b(?:stopped|stopping|quit|not|haven'?t\s+been|no\s+longer)\s+taking\s+(?:my|the)\s+"
        r"(?:meds|medication|tablets|pills|antidepressants)\b[^.!?\n]{0,40}?\b(?:on\s+purpose|"
        r"deliberately|no\s+point|why\s+bother|what'?s\s+the\s+point|don'?t\s+see\s+why)" + CLAUSE,
        I,
        needs=("taking my", "taking the"),
    ),
    rule(
        SH,
        "a warning sign: giving things away or saying goodbye",
        r"\b(?:(?:gave|given|giving)\s+(?:away\s+)?(?:my|all\s+my)\s+[\w\s]{1,25}?\s+(?:away\s+)?"
        r"(?:to\s+\w+\s+)?(?:so|in\s+case|because)\s+(?:she|he|they|it|someone)\b|"
        r"(?:this|it)\s+(?:will|might|may)\s+be\s+(?:my|the)\s+last\s+(?:letter|time)"
        r"(?!\s+for\s+(?:a\s+while|now|a\s+bit|some\s+time))|"
        r"last\s+(?:letter|time)\s+you(?:'ll|\s+will)\s+(?:hear|get)|when\s+I'?m\s+gone|"
        r"after\s+I'?m\s+gone|won'?t\s+be\s+(?:around|here)\s+(?:much\s+longer|to\s+see|for\s+"
        r"much)|(?:sorted|written|made)\s+(?:out\s+)?my\s+will)" + CLAUSE,
        I,
        needs=(
            "gave",
            "given",
            "giving",
            "last letter",
            "last time",
            "gone",
            "around",
            "here",
            "my will",
        ),
    ),
    rule(
        SH,
        "says they would not mind not waking up",
        r"\b(?:wouldn'?t|don'?t|didn'?t|would\s+not|do\s+not)\s+(?:care|mind)\s+if\s+I\s+"
        r"(?:didn'?t\s+wake|never\s+woke|died|wasn'?t\s+here|was\s+gone|never\s+came\s+back)|"
        r"can'?t\s+see\s+(?:a|any)\s+(?:way\s+(?:forward|out|through)|future|end\s+to\s+(?:it|this))"
        + CLAUSE,
        I,
        needs=("care if", "mind if", "can't see", "cant see"),
    ),
]

RULES: list[Rule] = [
    *CONTACT_RULES,
    *LOCATION_RULES,
    *IDENTITY_RULES,
    *THREAT_RULES,
    *CONTACT_REQUEST_RULES,
    *SELF_HARM_RULES,
]

# A sentence that asks for the process itself ("if Priya arranges it", "a facilitated
# meeting") turns "meet" or "visit" into a request that is not a finding...
FACILITATED = re.compile(
    r"\b(?:facilitat\w*|mediat\w*|restorative|arrange[ds]?|organis\w+|organiz\w+|through\s+"
    r"(?:the\s+)?(?:service|probation|you|them|her|him|\w+\s+service)|conference|supervised|"
    r"if\s+(?:you|they|she|he)\s+(?:think|agree|arrange|set)|when\s+(?:the\s+)?time\s+is\s+right|"
    r"probation|chaplain|the\s+scheme|the\s+process|officially|with\s+support)\b",
    I,
)
# ...unless it also pushes the process aside.
BYPASS = re.compile(
    r"\b(?:without|no\s+facilitators?|no\s+mediators?|cut\s+out|bypass|don'?t\s+need|no\s+need\s+"
    r"for|just\s+the\s+two|between\s+us|privately|directly|behind|secret|instead\s+of|rather\s+than|"
    r"not\s+through|ourselves|meant\s+to|supposed\s+to|reading\s+everything|face\s+to\s+face)\b",
    I,
)
