"""Patterns several rules share: names, platforms, streets, dates, and cheap anchors."""

from __future__ import annotations

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
    r"View|Rise|Parade|Green|Vale|Estate|Boulevard|Wharf|Chase|Fold|Croft|Meadows?|"
    # rows of homes named as an address ("2 Vicarage Cottages", "5 Mill Villas")
    r"Cottages|Villas|Mansions|Buildings)"
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
    r"Wednesday|Thursday|Friday|Saturday|Sunday|" + MONTH + r")s?\b)"
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
# A title and a surname alone ("Mr Rahman", "Mrs Havers") is how letters address and sign,
# not a full name to find someone by.
TITLE_AND_SURNAME = (
    rf"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+{NAME_WORD}(?![\w{APOSTROPHES}-]|\s+{NAME_WORD})"
)
# How a name may be described: "my full name", "his real name".
NAME_KIND = "full |real |proper |legal |birth |whole |maiden |married |new |old "
# Capitalised words that start sentences rather than names.
NOT_A_NAME = (
    rf"(?=[A-Z])(?!(?:The|A|An|My|Your|His|Her|Our|Their|This|That|These|Those|I|I[{APOSTROPHES}]\w+|We|"
    r"You|He|She|They|It|In|On|At|By|To|For|From|And|But|So|If|When|Then|There|What|Every|"
    r"Each|No|Some|Any|All|Both|One|Two|Many|Most|Just|Even|Only|Or|Not|Near|Behind|Outside|"
    r"Inside|Please|Thank|Sorry|Yes|Mum|Mam|Dad|Nan|Gran|Grandad|Grandma|Auntie|Uncle|Majesty|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter|New|Boxing|"
    r"Open|Local)\b)"
)

# A digit said in words, as phone and prison numbers are read out: "oh seven seven double oh".
NUMBER_WORD = (
    r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|treble|triple|"
    r"hundred|thousand)"
)
