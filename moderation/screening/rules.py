"""The screening rules: one explainable pattern per line of reasoning, grouped by category.

Each rule says, in plain words, why it fires; that reason is what the facilitator reads.
To add a rule, add a `Rule(...)` to the list of its category below and a letter that needs
it to the evaluation set (tests/screening/eval_letters.txt). Patterns are compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.screening.findings import Category, Severity

I = re.IGNORECASE  # noqa: E741 - the conventional flag name reads best in long rule lists


@dataclass(frozen=True)
class Rule:
    """A pattern, the span group to report, and the reason shown to the facilitator.

    Case-insensitive rules are compiled in lower case and run over a lower-cased copy of the
    letter (much faster than IGNORECASE); `fallback` is the IGNORECASE form for the rare text
    whose lower-casing changes its length. A leading word boundary is checked in Python, not
    in the pattern, so the regex engine can skip ahead to the pattern's first characters.
    """

    category: Category
    reason: str
    pattern: re.Pattern[str]
    group: int | str
    severity: Severity
    lowered: bool
    fallback: re.Pattern[str]
    word_start: bool
    needs: tuple[str, ...]


def rule(
    category: Category,
    reason: str,
    pattern: str,
    flags: int = 0,
    group: int | str = 0,
    severity: Severity | None = None,
    needs: tuple[str, ...] = (),
) -> Rule:
    """Compile one rule; `needs` lists lower-case words one of which every match contains."""
    if severity is None:
        urgent = category in (Category.threat, Category.self_harm)
        severity = Severity.high if urgent else Severity.medium
    word_start = pattern.startswith(r"\b")
    body = pattern[2:] if word_start else pattern
    lowered = bool(flags & re.IGNORECASE)
    if lowered:
        if re.search(r"\\[SWDBAZ]|\[A-Z]|\(\?P<[^>]*[A-Z]", body):
            raise ValueError(f"case-insensitive rule {reason!r} must not depend on capitals")
        compiled = re.compile(body.lower(), flags & ~re.IGNORECASE)
    else:
        compiled = re.compile(body, flags)
    fallback = re.compile(pattern, flags)
    return Rule(category, reason, compiled, group, severity, lowered, fallback, word_start, needs)


# ---- shared vocabulary ---------------------------------------------------------------------

CAP = r"[A-Z][\w'’&.-]*"  # a capitalised word
NAME_WORD = r"[A-Z][a-z'’-]+"
PLATFORM = (
    r"(?:facebook|fb|instagram|insta|tiktok|tik\s?tok|snapchat|snap|twitter|x\.com|"
    r"linkedin|whatsapp|telegram|signal|discord|threads|bluesky|youtube)"
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
# Where a sentence ends, for rules that reach to the end of a clause.
CLAUSE = r"[^.!?\n]{0,60}"

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
        needs=(
            ".com",
            ".org",
            ".net",
            ".uk",
            ".io",
            ".me",
            ".info",
            ".biz",
            ".online",
            ".site",
            ".app",
            ".ly",
            ".tv",
            ".blog",
            ".page",
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
        rf"\b(?i:(?:find|add|follow|search(?: for)?|look)\s+(?:me|us|him|her)\s+(?:up\s+)?on\s+"
        rf"{PLATFORM}\s*(?:as|under|at|by|[:,-])?)\s*"
        rf"(?P<who>@[\w.]+|{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}|[\w.]*[_\d][\w.]*)",
        0,
        "who",
        needs=(
            "facebook",
            "fb",
            "insta",
            "tiktok",
            "tik tok",
            "snap",
            "twitter",
            "x.com",
            "linkedin",
            "whatsapp",
            "telegram",
            "signal",
            "discord",
            "threads",
            "bluesky",
            "youtube",
        ),
    ),
    rule(
        C,
        "a social-media name given so someone can be found",
        rf"\b(?i:(?:my|I'?m on|I am on)\s+{PLATFORM}\s*(?:name|handle|username|account|page|"
        rf"profile)?\s*(?:is|as|under|[:-]))\s*"
        rf"(?P<who>@[\w.]+|{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}|[\w.]*[_\d][\w.]*)",
        0,
        "who",
        needs=(
            "facebook",
            "fb",
            "insta",
            "tiktok",
            "tik tok",
            "snap",
            "twitter",
            "x.com",
            "linkedin",
            "whatsapp",
            "telegram",
            "signal",
            "discord",
            "threads",
            "bluesky",
            "youtube",
        ),
    ),
]

LOCATION_RULES = [
    rule(L, "a UK postcode", r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b"),
    rule(
        L,
        "a street address",
        rf"\b(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
        rf"(?:{NAME_WORD}\s+){{1,3}}{STREET_SUFFIX}\b",
    ),
    rule(
        L,
        "a named street",
        rf"(?<!the\s)(?<!The\s)\b(?:{NAME_WORD}\s+){{1,2}}{STREET_SUFFIX}\b(?!\s+(?:Primary|School|Academy))",
    ),
    rule(
        L,
        "a flat or house name",
        rf"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?(?:,?\s+{NAME_WORD}(?:\s+{NAME_WORD})?\s+"
        rf"(?:House|Court|Tower|Heights|Lodge|Mansions|Buildings))?\b",
    ),
    rule(
        L,
        "a named place tied to where someone lives, works or goes",
        rf"\b(?:I|we|he|she|they|my \w+|our \w+|[A-Z][a-z]+)\s+(?:still\s+|now\s+|usually\s+|"
        rf"often\s+|always\s+)?(?:work|works|worked|working|live|lives|lived|living|stay|stays|"
        rf"staying|moved|go|goes|went|drink|drinks|train|trains|volunteer|volunteers|shop|shops|"
        rf"study|studies)\s+(?:at|in|near|on|to|by|round|around|opposite|behind)\s+"
        rf"(?P<place>(?:the\s+)?(?!HMP|HMYOI|Prison)(?:{CAP})(?:\s+(?:{CAP}|on|in|of|the|and|&|near))*?"
        rf"(?:\s+{CAP}))",
        0,
        "place",
    ),
    rule(
        L,
        "a named place tied to where someone lives, works or goes",
        rf"\b(?:I|we|he|she|they|my \w+|our \w+|[A-Z][a-z]+)\s+(?:still\s+|now\s+|usually\s+|"
        rf"often\s+|always\s+)?(?:work|works|worked|working|live|lives|lived|living|stay|stays|"
        rf"staying|go|goes|drink|drinks|train|trains|volunteer|volunteers)\s+(?:at|in|near|on|to|by|"
        rf"opposite|behind)\s+(?P<place>(?!HMP|HMYOI|Prison)(?:the\s+)?{CAP})",
        0,
        "place",
    ),
    rule(
        L,
        "a named school, college or nursery",
        rf"\b(?:St\.?\s+)?(?:{NAME_WORD}['’]?s?\s+){{1,3}}(?:Primary|Academy|High School|"
        rf"Secondary School|School|College|Infants|Juniors|Nursery|Grammar)\b",
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
        rf"\b(?:at|from|outside)\s+(?P<place>the\s+{CAP}(?:\s+{CAP}){{0,2}}\s+on\s+{NAME_WORD}"
        rf"(?:\s+{NAME_WORD})?)",
        0,
        "place",
    ),
]

IDENTITY_RULES = [
    rule(ID, "a prison number", r"\b[A-Z]\d{4}[A-Z]{2}\b"),
    rule(ID, "a vehicle registration", r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b"),
    rule(ID, "a vehicle registration", r"\b[A-Z]\d{1,3}\s?[A-Z]{3}\b"),
    rule(ID, "a vehicle registration", r"\b[A-Z]{3}\s?\d{1,3}[A-Z]\b"),
    rule(ID, "a National Insurance number", r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),
    rule(
        ID,
        "a date of birth",
        rf"\b(?i:born|date of birth|DOB|d\.o\.b\.?|birthday)\b(?:\s+(?:is|was|on|in|:))*"
        rf"\s*(?P<date>{DATE}|{MONTH}\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH})",
        0,
        "date",
        needs=("born", "birth", "dob", "d.o.b", "birthday"),
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:my (?:full |real |proper )?name(?:'s| is)|I'?m called|I am called|I go by|"
        rf"look (?:me|him|her) up(?:,| as| under)?|search for|google|ask for)\s+"
        rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})",
        0,
        "name",
        needs=("name", "called", "go by", "look", "search for", "google", "ask for"),
    ),
    rule(
        ID,
        "a full name given so someone can be found",
        rf"\b(?i:under the name|by the name(?: of)?|name of)\s+"
        rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})",
        0,
        "name",
        needs=("name",),
    ),
]

THREAT_RULES = [
    rule(
        T,
        "says they know where someone lives, works or goes",
        r"\bI\s+(?:know|found out|can find out|could find out|have found out)\s+where\s+"
        r"(?:you|your\s+\w+(?:\s+\w+)?|he|she|they)\s*(?:'re|are|is|live|lives|work|works|stay|"
        r"stays|go|goes|drink|drinks|park|parks|sleep|sleeps)?\b" + CLAUSE,
        I,
        needs=("where",),
    ),
    rule(
        T,
        "a warning of consequences",
        r"\byou(?:'ll|\s+will|'re going to|\s+are going to|'re gonna|\s+are gonna)\s+"
        r"(?:regret|pay for|be sorry|get what'?s coming|wish you|learn|find out what happens)"
        + CLAUSE,
        I,
        needs=("you",),
    ),
    rule(
        T,
        "a warning of consequences",
        r"\b(?:watch your (?:back|step)|look(?:ing)? over your shoulder|sleep with one eye open|"
        r"you(?:'ve| have) been warned|consider yourself warned|this isn'?t over|"
        r"it(?:'s| is) not over|you haven'?t heard the last|accidents happen)\b" + CLAUSE,
        I,
        needs=("watch", "shoulder", "eye open", "warned", "over", "heard the last", "accidents"),
    ),
    rule(
        T,
        "mentions people outside who could act for the writer",
        r"\bI(?:'ve| have)?\s+(?:got|have|know)\s+(?:some\s+)?(?:people|mates|friends|lads|boys|"
        r"contacts|cousins|brothers|family)\b[^.!?\n]{0,50}?\b(?:owe me|do anything|sort|find you|"
        r"pay you|reach you|visit you|know where|on the out|outside)" + CLAUSE,
        I,
        needs=(
            "people",
            "mates",
            "friends",
            "lads",
            "boys",
            "contacts",
            "cousins",
            "brothers",
            "family",
        ),
    ),
    rule(
        T,
        "a veiled threat about harm to someone or their things",
        r"\bit(?:'d| would)\s+be\s+a\s+(?:shame|pity)\s+if" + CLAUSE,
        I,
        needs=("shame", "pity"),
    ),
    rule(
        T,
        "a veiled threat about harm to someone or their things",
        r"\bsomething\s+(?:bad\s+)?(?:might|could|will|would)\s+happen\s+to\s+(?:you|your)"
        + CLAUSE,
        I,
        needs=("happen",),
    ),
    rule(
        T,
        "a statement of intent to find, follow or hurt",
        r"\bI(?:'ll| will|'m going to| am going to|'m gonna| am gonna)\s+(?:come\s+(?:round|for|after)|"
        r"find you|get you|hurt you|make you pay|be waiting for you|sort you out|deal with you|"
        r"track you down|pay you a visit|come looking|burn|smash|do you)" + CLAUSE,
        I,
        needs=("i'll", "i will", "going to", "gonna"),
    ),
    rule(
        T,
        "a reminder of release used as a warning",
        r"\b(?:I(?:'ll| will) be out|when I(?:'m| am| get) out|once I(?:'m| am| get) out)"
        r"[^.!?\n]{0,60}?\b(?:won'?t forget|remember|find you|see you|come|sort|pay|regret|"
        r"settle|visit)" + CLAUSE,
        I,
        needs=("out",),
    ),
    rule(
        T,
        "pressure to drop or change evidence",
        r"\b(?:you(?:'d| had) better|you should)\s+(?:not|drop|withdraw|change|keep|stay|watch)"
        + CLAUSE,
        I,
        needs=("better", "should"),
    ),
    rule(
        T,
        "pressure to drop or change evidence",
        r"\b(?:drop|withdraw|take back)\s+(?:the|your)\s+(?:charges?|complaint|statement|evidence)"
        + CLAUSE,
        I,
        needs=("drop", "withdraw", "take back"),
    ),
    rule(
        T,
        "says they have been watching someone",
        r"\bI(?:'ve| have)\s+(?:been\s+)?(?:seen|watching|watched|following|followed)\s+"
        r"(?:you|your)\b" + CLAUSE,
        I,
        needs=("seen", "watch", "follow"),
    ),
    rule(
        T,
        "says they have been watching someone",
        r"\bI saw you\s+(?:at|in|on|outside|with|walking|going|leaving)\b" + CLAUSE,
        I,
        needs=("saw you",),
    ),
]

CONTACT_REQUEST_RULES = [
    rule(
        CR,
        "asks to meet",
        r"\b(?:meet|meeting)\s+(?:me|up|in person)\b" + CLAUSE,
        I,
        needs=("meet",),
    ),
    rule(
        CR,
        "asks to meet",
        r"\b(?:we|us)\s+(?:could|should|can)\s+meet\b" + CLAUSE,
        I,
        needs=("meet",),
    ),
    rule(
        CR,
        "asks for contact details",
        r"\b(?:give|send|pass|leave|write down|tell)\s+me\s+your\s+(?:phone\s+|mobile\s+|home\s+)?"
        r"(?:number|address|phone|mobile|e-?mail|details|facebook|insta\w*|snap\w*|whatsapp)",
        I,
        needs=("your",),
    ),
    rule(
        CR,
        "asks for contact details",
        r"\b(?:what(?:'s| is)|can I (?:have|get)|could I (?:have|get)|I need)\s+your\s+"
        r"(?:phone\s+|mobile\s+|home\s+)?(?:number|address|mobile|e-?mail|facebook|insta\w*|"
        r"snap\w*|whatsapp)",
        I,
        needs=("your",),
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        r"\b(?:just\s+(?:the\s+two\s+of\s+us|you\s+and\s+me|us\s+two|between\s+us)|"
        r"between\s+(?:you\s+and\s+me|ourselves|the\s+two\s+of\s+us)|the\s+two\s+of\s+us\s+alone|"
        r"on\s+our\s+own)\b" + CLAUSE,
        I,
        needs=("two of us", "you and me", "us two", "between", "ourselves", "our own"),
    ),
    rule(
        CR,
        "wants contact without the facilitators",
        r"\b(?:without|no|cut\s+out|leave\s+out|bypass|skip|get\s+rid\s+of|don'?t\s+need|"
        r"no\s+need\s+for|keep\s+out)\s+(?:the\s+|any\s+|a\s+|these\s+|those\s+|all\s+)?"
        r"(?:facilitators?|mediators?|middle\s?m[ae]n|go-?betweens?|services?|them\s+reading|"
        r"anyone\s+reading|anyone\s+else\s+reading|(?:them|anyone|her|him)\s+(?:reading|checking|"
        r"involved|seeing))\b" + CLAUSE,
        I,
        needs=(
            "facilitat",
            "mediat",
            "middle",
            "between",
            "service",
            "reading",
            "checking",
            "involved",
            "seeing",
        ),
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
        r"\b(?:I(?:'ll| will)\s+(?:be\s+)?wait(?:ing)?|wait)\s+(?:for\s+you\s+)?(?:outside|at|by|near|"
        r"round|after)\b" + CLAUSE,
        I,
        needs=("wait",),
    ),
    rule(
        CR,
        "offers to wait for or visit someone",
        r"\b(?:come|pop|drop)\s+(?:round|by|over)\b" + CLAUSE,
        I,
        needs=("round", "by", "over"),
    ),
    rule(
        CR,
        "offers to wait for or visit someone",
        r"\b(?:come\s+(?:and\s+)?(?:see|find|visit)\s+me|visit\s+me|I(?:'ll| will|'d like to| could)\s+"
        r"(?:come\s+(?:and\s+)?)?(?:visit|find)\s+you|knock\s+on\s+your\s+door|turn\s+up\s+at)\b"
        + CLAUSE,
        I,
        needs=("visit", "find", "see", "door", "turn up"),
    ),
    rule(
        CR,
        "asks to be contacted directly",
        r"\b(?:write|text|ring|call|phone|message|msg|dm|email|e-mail|contact|reach|add|inbox)\s+"
        r"(?:me|us)\b(?!\s+(?:through|via|by way of)\s+(?:the\s+)?(?:facilitator|service|Priya))"
        + CLAUSE,
        I,
        needs=(" me", " us"),
    ),
    rule(
        CR,
        "asks to be contacted directly",
        r"\b(?:write|reply|send\s+it|get\s+in\s+touch)\s+(?:to\s+me\s+)?(?:directly|privately|"
        r"straight\s+to\s+me|yourself)\b" + CLAUSE,
        I,
        needs=("direct", "privately", "straight", "yourself"),
    ),
]

SELF_HARM_RULES = [
    rule(
        SH,
        "talks of ending their life or harming themselves",
        r"\b(?:kill(?:ing)?|end(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|top(?:ping)?|"
        r"hang(?:ing)?|overdos(?:e|ing)|poison(?:ing)?)\s+(?:my\s*self|myself|my\s+life|it\s+all)\b"
        + CLAUSE,
        I,
        needs=("myself", "my self", "my life", "it all"),
    ),
    rule(
        SH,
        "talks of ending their life or harming themselves",
        r"\b(?:suicid\w*|self[-\s]?harm\w*|overdosed|took\s+an\s+overdose|on\s+(?:an\s+)?ACCT|"
        r"ACCT\s+(?:document|book|review|open)|cutting\s+again|been\s+cutting|started\s+cutting|"
        r"the\s+cuts\s+on\s+my)\b" + CLAUSE,
        I,
        needs=("suicid", "self", "overdos", "acct", "cut"),
    ),
    rule(
        SH,
        "says others would be better off without them",
        r"\b(?:better\s+off\s+(?:without\s+me|dead|if\s+I\s+(?:was|were|wasn'?t|weren'?t)\b)|"
        r"(?:everyone|everybody|they|you|my\s+\w+)\s+would\s+be\s+better\s+off\b)" + CLAUSE,
        I,
        needs=("better off",),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:don'?t|do\s+not|can'?t|cannot|couldn'?t|no\s+longer)\s+see\s+(?:the|any|much)\s+point\s+"
        r"(?:in\s+)?(?:going\s+on|living|carrying\s+on|being\s+(?:here|alive|around)|life|anything|"
        r"of\s+(?:it|anything|living|life|me))" + CLAUSE,
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
        r"\b(?:not|don'?t|do\s+not)\s+(?:want(?:ing)?\s+to|wanna)\s+(?:be\s+(?:here|alive|around)|"
        r"wake\s+up|live|go\s+on|carry\s+on|exist)\b" + CLAUSE,
        I,
        needs=("want", "wanna"),
    ),
    rule(
        SH,
        "says they do not want to go on",
        r"\b(?:no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|going\s+on|carry\s+on|"
        r"being\s+here)|can'?t\s+(?:go\s+on|carry\s+on|do\s+this\s+any\s*more|take\s+(?:it|this)\s+"
        r"any\s*more)|no\s+way\s+out|end\s+it\s+all|ending\s+it\s+all|ending\s+(?:things|it)\b|"
        r"(?:thought|thinking|think)\s+about\s+(?:ending|not\s+being\s+here|dying|death)|"
        r"not\s+be\s+(?:around|here)\s+(?:much\s+longer|for\s+long|by\s+then))" + CLAUSE,
        I,
        needs=(
            "reason",
            "point",
            "go on",
            "carry on",
            "any more",
            "anymore",
            "way out",
            "end",
            "think",
            "thought",
            "not be",
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
]

RULES: list[Rule] = [
    *CONTACT_RULES,
    *LOCATION_RULES,
    *IDENTITY_RULES,
    *THREAT_RULES,
    *CONTACT_REQUEST_RULES,
    *SELF_HARM_RULES,
]

# A sentence that mentions the process itself turns "meet" or "visit" into a facilitated
# request, which is not a finding, unless it also pushes the process aside.
FACILITATED = re.compile(
    r"\b(?:facilitat\w*|mediat\w*|restorative|arrange[ds]?|organis\w+|organiz\w+|through\s+"
    r"(?:the\s+)?(?:service|probation|you|them|her|him|Priya|\w+\s+service)|conference|supervised|"
    r"if\s+(?:you|they|she|he)\s+(?:think|agree|arrange|set)|when\s+(?:the\s+)?time\s+is\s+right|"
    r"probation|chaplain|the\s+scheme|the\s+process|officially|with\s+support)\b",
    I,
)
BYPASS = re.compile(
    r"\b(?:without|no\s+facilitator|no\s+mediator|cut\s+out|bypass|don'?t\s+need|no\s+need\s+for|"
    r"just\s+the\s+two|between\s+us|privately|directly|behind|secret)\b",
    I,
)
