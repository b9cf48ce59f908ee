"""Clause rules: a sentence is flagged when it puts together the parts a kind of message needs.

Phrase rules (rules.py) know the ways people usually say a thing; these know what the thing is
made of, so they also catch wordings nobody listed. A threat is harm or a consequence aimed at
the reader and not yet in the past ("your little girl's school run must be quite a walk on
dark mornings"); self-harm is the writer and an ending or a means ("I've been putting my
tablets by"); a contact request is a proposal to reach each other by a way that is not the
process.

Each part is a cue: a lower-case pattern over the letter. A clause rule names the cues a
sentence must have and the cues that rule it out. The span reported is the sentence. Reasons
are fixed words, never words from the letter (reasons are stored; letter text is not).

Searching every sentence for every cue would take too long, so a cue is only searched for in
the sentences that have the words its matches are sure to contain (`Cue.requirements`,
worked out from its pattern); the engine finds those words in its one pass over the letter.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import chain, repeat

from moderation.screening.findings import Category, Finding, Severity
from moderation.screening.words import Occurrences, required_words, word_requirements

_A = "['\u2019]"  # either apostrophe


def _apostrophes(pattern: str) -> str:
    """Let ' outside a character class stand for either apostrophe (' or \u2019)."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == "'":
            out.append("'\u2019" if in_class else _A)
        else:
            out.append(char)
    return "".join(out)


# One entry per top-level alternative (a "way") of a cue's pattern: sets of words such that
# every match made that way holds a word of each set.
Requirements = tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap, and enough
class Cue:
    """A pattern over the lower-cased letter, and the words a sentence must have to hold it.

    A sentence can hold the cue only if, for one of the ways in `requirements`, it has a
    word of each of that way's sets; other sentences need not be searched. Empty requirements:
    no such words can be said, so every sentence may hold it.
    """

    pattern: re.Pattern[str]
    requirements: Requirements
    triggers: frozenset[str]  # the words of the ways' first sets: every match has one
    words: frozenset[str]  # every word of the requirements


def _with_requirements(pattern: re.Pattern[str], requirements: Requirements) -> Cue:
    """The cue, with the words its requirements name gathered."""
    triggers = frozenset(word for way in requirements for word in way[0])
    words = frozenset(word for way in requirements for some in way for word in some)
    return Cue(pattern, requirements, triggers, words)


def _requirements(pattern: str) -> Requirements:
    """The requirements of a pattern written with ' for either apostrophe."""
    return tuple(tuple(map(frozenset, way)) for way in word_requirements(pattern))


def _cue(*alternatives: str) -> Cue:
    """Alternatives matched as whole words; ' stands for either apostrophe."""
    body = _apostrophes("|".join(alternatives))
    pattern = re.compile(rf"(?<![\w'\u2019])(?:{body})(?![\w])")
    return _with_requirements(pattern, _requirements("|".join(alternatives)))


def _compound(pattern: str, triggers: tuple[str, ...]) -> Cue:
    """A pattern of its own, every match of which contains one of `triggers`."""
    ways = _requirements(pattern)
    if triggers:  # one of them, besides what each way needs
        ways = tuple((frozenset(triggers), *way) for way in ways or ((),))
    return _with_requirements(re.compile(_apostrophes(pattern)), ways)


# ---- who -------------------------------------------------------------------------------------

YOU = _cue(r"you", r"your", r"yours", r"yourself", r"ya", r"yer", r"ur", r"u", r"you'\w+")

# ---- threat ------------------------------------------------------------------------------

_W = r"(?:[\w'\u2019,-]+ )"  # one word and the space after it, in the cues below
_MODAL = r"(?:\w+'ll|will|would|\w+'d|could|might|may|gonna|going to|can|won't|wouldn't)"
_SUBJECT = (
    r"(?:i|we|they|he|she|someone|somebody|people|my \w+|our \w+|things|something|anything|"
    r"it|that|you)"
)
# What could be done to someone: harm, loss, being found, a reckoning.
_DO_TO = (
    r"(?:hurt|harm|burn|torch|smash|break|stab|kill|bury|batter|beat|kick|hit|cut|"
    r"make (?:[\w']+ ){0,2}(?:life|lives)|"
    r"find|visit|come (?:for|after|round|looking)|catch up with|get|pay|teach|"
    r"make (?:\w+ )?(?:pay|regret|sorry|suffer)|happen to|sort (?:\w+ )?out|deal with|"
    r"remind|introduce|wait for|be waiting|knock on|pop round|drop by|look (?:in )?on)"
)
# What could befall someone, said of them.
_BEFALL = (
    r"(?:regret|be sorry|pay|suffer|get hurt|be hurt|end up|need (?:a|an)|learn|find out|"
    r"wish|lose|be next|get what|never be safe|not be safe|be safe|look over|get (?:burnt|"
    r"burned|smashed|broken|damaged|torched|hurt|done)|catch fire|go up|have an accident|"
    r"be (?:on your own|alone|found|careful)|go missing|disappear|not (?:come|make it) home|"
    r"(?:be|get) (?:seen to|sorted|dealt with))"
)
HARM_TO_YOU = _compound(
    rf"(?<!\w){_SUBJECT} {_W}?{_MODAL} {_W}{{0,3}}{_DO_TO}\w* {_W}{{0,4}}(?:you|your|yours)\b",
    required_words(_DO_TO),
)
YOU_WILL_SUFFER = _compound(
    rf"(?<!\w)(?:you|your {_W}{{1,2}}?)(?:'ll|'d| will| would| could| might| may| are going to|"
    rf"'re going to| are gonna|'re gonna| won't| wouldn't) {_W}{{0,3}}{_BEFALL}\b",
    required_words(_BEFALL),
)
# What follows "if you ..." when it is a warning.
_IF_THEN = (
    r"you'll (?:regret|be sorry|wish|learn|find out|pay)|there'll be (?:trouble|consequences|hell)|"
    r"things (?:will|could|might|won't)|that's when|be careful|watch|don't be surprised|"
    r"(?:whatever|what) (?:happens|comes)|don't blame me|on your (?:own )?head|your own fault|"
    r"it's on you|is on you"
)
IF_YOU_THEN = _compound(
    rf"(?<!\w)(?:if|unless|once|the day|next time) (?:you|your \w+) {_W}{{1,16}}?(?:then )?"
    rf"(?:{_IF_THEN})\b",
    required_words(_IF_THEN),
)
# What people acting for the writer might do, or hold over someone.
ACTING = _cue(
    r"hurt\w*",
    r"harm",
    r"owe\w*",
    r"favours?",
    r"outside",
    r"on the out",
    r"find\w*",
    r"found",
    r"sort\w*",
    r"visit\w*",
    r"pay\w*",
    r"deal\w*",
    r"wait\w*",
    r"know where",
    r"looking",
    r"asking",
    r"asked",
    r"a word",
    r"memor\w+",
    r"out there",
    r"ask\w* (?:about|after) you",
    r"still about",
    r"still around",
    r"keep quiet",
    r"quiet",
    r"remember\w*",
    r"not happy",
    r"angry",
    r"upset",
    r"don't like",
    r"doesn't like",
)
# Misfortune wished aloud: "it would be a shame if something happened to it".
MISFORTUNE = _cue(
    r"(?:shame|pity|terrible|awful|sad|tragic|unfortunate|bad luck|a disaster|a worry) if "
    r"(?:[\w']+ ){0,5}(?:happen\w*|changed|got|went|were|was|caught|broke|started|came)",
)
# Telling the reader to protect themselves or someone close.
PROTECT = _cue(
    r"(?:watch|mind|check|be careful|careful|look(?:ing)? over|lock|keep an eye on|"
    r"hope you've got (?:good|strong|decent|new)) (?:[\w']+ ){0,3}?(?:your|yer|yourself|how (?:you|"
    r"she|he|they) go(?:es)?|who you|where you|back|step|shoulder|tyres|brakes|locks|doors)",
)
# The reader cannot hide; a dare to carry on.
CANNOT_HIDE = _cue(
    r"(?:you're|you are) not as (?:\w+ ){1,2}as you think",
    r"(?:you|she|he) can't hide",
    r"(?:easy|not hard) to find",
    r"(?:keep|carry on|go on|try) (?:\w+ ){0,2}and (?:see|you'll|find out|watch)",
)
# The writer's release, said beside someone's life or a grudge.
RELEASE = _cue(
    r"(?:i'm|i am|i'll be|i will be|when i'm|once i'm|when i get|once i get|i get) out",
    r"(?:on|after|when i'm on|my) (?:release|licence|parole)",
)
GRUDGE = _cue(
    r"(?:won't|will not|never|don't) forget (?:who|what you|your|you|that face|a face)",
    r"(?:who|what) put me (?:here|in here|away|inside)",
    r"(?:who|which of you) (?:grassed|talked|snitched|told)",
    r"(?:settle|sort|square) (?:up|things|this|it)",
    r"unfinished business",
    r"see you (?:soon|then|outside|when)",
)
# A marker that a remark is meant as a warning.
VEILED = _cue(
    r"one way or another",
    r"take (?:that|it) (?:however|how|any way|whichever way) you (?:like|want|want to)",
    r"make of (?:that|it) what you (?:will|want|like)",
    r"read into (?:that|it) what you",
    r"think on",
    r"(?:know|no|knows) (?:what|wat|wot) happens to (?:grasses|snitches|people|those|anyone)",
    r"happens to (?:grasses|snitches|people who|those who)",
    r"(?:i'd|i would) hate (?:for|if) (?:you|your)",
    r"(?:you'd|you had|youd) better (?:hope|pray)",
    r"hope you never (?:bump|run|meet)",
    r"(?:bump|run) into me",
    r"what goes (?:round|around) comes (?:round|around)",
    r"comes? (?:back )?(?:round|around) (?:to|on|for) you",
    r"karma",
    r"from the wrong people",
    r"(?:you|i) (?:know|no) what i mean",
)
# Someone's things, and damage to them.
YOUR_THINGS = _cue(
    r"(?:your|yer|ur) (?:\w+ )?(?:windows?|car|van|tyres?|house|door|shop|garden|fence|dog|cat|"
    r"motor|bike|home|place|roof|letterbox)",
    r"(?:windows?|car|van|tyres?|house|door|shop|garden|fence|dog|cat|motor|bike) of (?:yours|"
    r"your \w+)",
    r"nice (?:new )?(?:car|house|place|garden|door|motor|van|flat|curtains|dog|bike)",
)
DAMAGE = _cue(
    r"break\w*",
    r"broke\w*",
    r"smash\w*",
    r"burn\w*",
    r"torch\w*",
    r"scratch\w*",
    r"slash\w*",
    r"brick",
    r"petrol",
    r"fire",
    r"lighter",
    r"keyed",
    r"go up",
    r"catch fire",
    r"glass",
    r"sensible of you",
    r"streetlight",
    r"these days",
    r"by the way",
    r"where you park",
    r"park(?:ed)? it",
)
# An order, and what follows if it is obeyed: "keep quiet and we'll all get along".
ORDER_AND_PEACE = _cue(
    r"(?:keep quiet|keep your mouth shut|drop|withdraw|stop|change your|leave|forget|"
    r"take back|back off) (?:[\w']+ ){0,8}and (?:we'll|we can|we will|everyone|everybody|"
    r"you'll|you will|nobody|no one|there'll) (?:all )?(?:[\w']+ )?(?:get along|get on|be fine|"
    r"be okay|be ok|be alright|move on|no trouble|forget|be left alone|stay friends|be sweet)",
)
# Someone's life seen close up: where they are, who they love, what they do.
THEIR_LIFE = _cue(
    r"where (?:you|she|he|they) (?!(?:are|'re) coming from|stand|stood|got|went wrong)"
    r"(?:[\w']+ ){0,1}[\w']+",
    r"(?:your|her|his) comings and goings",
    r"(?:your|her|his) movements",
    r"(?:your|her|his) business",
    r"your (?:\w+ )?(?:house|home|place|flat|street|road|door|doorstep|front door|windows?|car|"
    r"van|garden|kids?|children|little ones?|son|daughter|boy|girl|lad|grandkids|"
    r"grandchildren|mum|mam|mother|dad|father|wife|husband|partner|missus|fella|family|"
    r"sister|brother|nan|gran|dog|cat|school|school run|work|job|shifts?|route|bus|train|"
    r"gym|routine|walk|address|neighbou?rs?|new (?:place|house|flat|car|job|address)|"
    r"mornings?|evenings?|nights?)(?! (?:still|must|has|had|was|is|were|felt|feels|gets|got|went|"
    r"never|didn't|doesn't|can't|won't|makes?|made|will|would|could|might|suffered|did|does))",
    r"the school run",
    r"what time you",
    r"(?:which|what) (?:bus|school|house|street|car|gym|shift|wing|cell|landing|block|unit) "
    r"(?:you|she|he|they|your)",
)
# Knowing or seeing, close up: the writer (or someone for them) has been looking at that life.
_LOOK = (
    r"(?:know|knows|known|knowing|seen|see|sees|saw|notic\w+|keeps? me (?:up to date|posted|"
    r"informed) on|spott\w+|clock\w*|watch\w*|found out|"
    r"tells? me|drove past|driven past|walked past|walk past|drive past|go past|went past|"
    r"been past|keep(?:ing)? an eye on|eyes on|asking (?:about|after)|asked (?:about|after)|"
    r"looking (?:out )?for|followed|following)"
)
_NOT_BETWEEN = (
    r"(?!that |how |why |it |this |what (?!your)|if |about |doesn't |don't |didn't |in court |"
    r"in the dock )"
)
WATCHING = _compound(
    rf"(?<!n't )(?<!not )(?<!never )(?<!\w){_LOOK} (?:{_NOT_BETWEEN}{_W}){{0,3}}"
    rf"(?:{THEIR_LIFE.pattern.pattern})"
    # or the other way round: "your girl's walk to school ..., I've noticed"
    rf"|(?:{THEIR_LIFE.pattern.pattern})[^.!?\n]{{0,80}}\b(?:i've|i have|we've|they've|he's|"
    rf"she's) (?:\w+ )?(?:noticed|seen|clocked|spotted|watched|been watching|kept an eye)",
    (
        "know",
        "seen",
        "see",
        "saw",
        "notic",
        "keep",
        "spott",
        "clock",
        "watch",
        "found out",
        "tell",
        "told",
        "past",
        "eye",
        "ask",
        "looking",
        "follow",
    ),
)
# People who could act for the writer.
ASSOCIATES = _cue(
    r"(?:i've got|i have|i've|i know|i got|my \w+ has|my \w+'s got|he's got|she's got) "
    r"(?:some |a few |plenty of |loads of |older |big )?(?:\w+ )?(?:mates|friends|lads|boys|"
    r"cousins|brothers|uncles|people|associates|contacts|pals|family) ?(?:who|that|outside|inside|"
    r"on the out|round|around)?",
    r"people (?:i know|outside|on the out|who owe me|round here|around here|that owe me)",
    r"i know people",
    r"i've got people",
    r"friends (?:outside|on the out|in (?:high|low) places)",
    r"someone (?:i know|outside|will|could|might)",
    r"a (?:mate|friend|cousin) of mine",
    r"people talk",
    r"people (?:round|around) here",
    r"(?:my|our) (?:[\w']+ ){0,2}(?:cousins|brothers|mates|lads|boys|friends|uncles|people|pals)",
    r"(?:a lot of|lots of|loads of|plenty of) (?:\w+ )?(?:mates|friends|lads|boys|people)",
    r"friends (?:inside|in here|on the wing)",
)
# Words that make a sentence about harm something else: remorse, a promise of no harm.
NO_HARM_MEANT = _cue(
    r"never (?:\w+ ){0,2}(?:hurt|harm|come near|bother|contact|go near|come anywhere near)",
    r"(?:won't|will not|wouldn't|would not|don't want to|do not want to|no intention of|"
    r"not going to|never going to|not gonna|stay (?:well )?away|keep (?:well )?away) "
    r"(?:\w+ ){0,3}(?:hurt|harm|come near|bother|contact|go near|come anywhere near|cause|find|"
    r"look for|bump into|turn up)",
    r"(?:i'm|i am|so|truly|really|deeply) sorry",
    r"apologi[sz]e",
    r"forgive",
    r"ashamed",
    r"feel safe",
    r"be safe",
    r"safe now",
    r"not a threat",
    r"no threat",
    r"you (?:have|had) (?:every|a) right",
    r"(?<!better )hope (?:you|your)",
    r"i hope",
    r"glad",
    r"pleased",
    r"walk away",
    r"cross the road",
    r"leave you alone",
    r"say hello",
)
# The writer telling what they did or what happened: not a threat about what will.
PAST_OWN_DEED = _cue(
    r"i (?:hurt|smashed|broke|burned|burnt|stabbed|hit|kicked|took|stole|set fire|put|threw|"
    r"punched|attacked|robbed|scared|frightened)",
    r"(?:who|that|when (?:you|he|she|i)) (?:broke|smashed|burned|burnt|took|stole|hit|attacked|"
    r"robbed)",
    r"broke into",
    r"when i (?:hurt|smashed|broke|burned|burnt|stabbed|hit|kicked|took|stole|attacked|did)",
    r"that (?:night|day|morning|evening)",
    r"what i did",
    r"what happened",
)

# ---- self-harm ---------------------------------------------------------------------------

ENDING = _cue(
    r"end (?:it|things|my life|everything|it all)",
    r"ending (?:it|things|my life|everything|it all)",
    r"finish (?:it|things|myself)",
    r"not (?:be|being) (?:here|around|alive)",
    r"won't be (?:here|around)",
    r"wouldn't be (?:here|around)",
    r"not (?:wake|waking) up",
    r"never wake up",
    r"didn't wake up",
    r"go to sleep (?:and|forever|for good)",
    r"sleep forever",
    r"disappear\w*",
    r"be gone",
    r"was gone",
    r"were gone",
    r"i'm gone",
    r"not exist\w*",
    r"stop existing",
    r"dead",
    r"die",
    r"died",
    r"dying",
    r"death",
    r"kill myself",
    r"killing myself",
    r"top myself",
    r"topping myself",
    r"take my (?:own )?life",
    r"taking my (?:own )?life",
    r"out of (?:the|everyone's) way",
    r"better off",
    r"no (?:point|reason) (?:in |to )?(?:living|live|going on|go on|carrying on|carry on|"
    r"being here|waking up|anything)",
    r"no (?:future|way out|hope)(?: left)? for me",
    r"no way out",
    r"nothing (?:left|to live for|to look forward to)",
    r"what's the point",
    r"(?:see|saw) (?:the|any|much) point",
    r"point in (?:going on|living|carrying on|anything|being here|being alive)",
    r"(?:be|being) (?:alive|here|around) any ?more",
    r"how easy it (?:would|'d|could) be",
    r"ready to go",
    r"tie up",
    r"loose ends",
    r"(?:sorted|sorting) (?:out )?(?:the|my) will",
    r"(?:my )?affairs in order",
    r"(?:gutted|sorry|disappointed|annoyed|angry) (?:that )?i (?:\w+ )?woke up",
    r"(?:fairer|easier|better|kinder) (?:on|for) (?:everyone|everybody|them|my \w+)",
    r"(?:worked out|planned|decided|chosen|picked) (?:when|how|where|the day|a date|the date)",
    r"going to do it",
    r"won't be needing",
    r"won't need (?:them|it|these|those)",
    r"where i'm going",
    r"finish\w* (?:me|the job|it|myself) (?:off|myself)",
    r"finish\w* me off",
    r"(?:don't|do not|won't|not) wake up",
    r"(?:not|never) (?:bother )?waking(?: up)?",
    r"living any ?more",
    r"(?:can't|cannot) (?:go on|carry on|keep going|do this any ?more|cope|face (?:living|life|"
    r"another|going on|it any ?more)|take (?:it|this|any) ?(?:any ?more|more))",
    r"(?:give|giving|given|gave) up on (?:life|living|everything|myself|it all)",
    r"(?:just|to|might|could|want to|going to) give up",
    r"(?:i've|i have|i'm|i am) (?:just )?(?:given|giving) up(?= *[.,;!?\n]|$)",
    r"the end",
    r"goodbye",
    r"goodbyes",
    r"say bye",
    r"when i'm gone",
    r"after i'm gone",
    r"my will",
    r"in order",
    r"tired of (?:living|life|it all|everything|being)",
    r"sick of (?:living|life|it all|everything|being)",
    r"had enough",
    r"enough of (?:this|it|everything|life)",
    r"burden",
    r"miss me",
    r"not worth (?:it|living|saving|anything)",
    r"worthless",
    r"deserve to die",
    r"don't deserve to (?:live|be here|be alive)",
    r"suicid\w*",
    r"self[- ]?harm\w*",
)
MEANS = _cue(
    r"pills?",
    r"tablets?",
    r"meds",
    r"medication",
    r"paracetamol",
    r"overdos\w*",
    r"rope",
    r"noose",
    r"ligature",
    r"blades?",
    r"razors?",
    r"cut(?:ting|s)? (?:myself|my)",
    r"cutting",
    r"burn(?:ing|t|ed)? (?:myself|my)",
    r"(?:a|the) bridge",
    r"railway",
    r"(?:the|railway|train) tracks",
    r"ledge",
    r"(?:a|the) roof",
    r"landing rail\w*",
    r"(?:step|stepp\w+|jump\w*|throw\w* myself|fall\w*|walk\w*) (?:off|from|in front)",
    r"bang\w* my head",
    r"hit\w* my head",
    r"punch\w* (?:the )?walls?",
    r"drown\w*",
    r"hang\w*",
    r"putting (?:\w+ )?by",
    r"saving (?:them|it|some|up)",
    r"stockpil\w*",
    r"hurt(?:ing)? myself",
    r"harm(?:ing)? myself",
    r"punish(?:ing)? myself",
    r"scars?",
    r"marks on my",
)
# The ending is said about someone else, or it is an idiom, or it is said in the negative.
NOT_SELF_HARM = _cue(
    r"(?:he|she|they|him|her|your \w+|my (?:mum|mam|dad|nan|gran|grandad|grandma|husband|wife|"
    r"brother|sister|son|daughter|friend|dog|cat)) (?:\w+ )?(?:died|passed|dead|was killed)",
    r"nearly killed me",
    r"could (?:have )?killed",
    r"kill for",
    r"kill time",
    r"dying to",
    r"die of (?:shame|embarrassment)",
    r"died of (?:shame|embarrassment)",
    r"bored to death",
    r"scared to death",
    r"frightened to death",
    r"to death",
    r"won't give up",
    r"not going to give up",
    r"never give up",
    r"not give up",
    r"give up (?:drink\w*|drugs|smoking|the \w+|on (?:you|him|her|them|the \w+))",
    r"gave up (?:drink\w*|drugs|smoking|the \w+)",
    r"giving up (?:drink\w*|drugs|smoking|the \w+)",
    r"given up (?:drink\w*|drugs|smoking|the \w+)",
    r"no point (?:in )?(?:lying|pretending|hiding|asking|writing|denying|arguing)",
    r"in order to",
    r"the end of (?:the|my|this) (?:\w+)",
    r"in the end",
    r"at the end",
    r"you (?:could have|might have|nearly) died",
    r"(?:he|she|you) could have died",
    r"better off (?:without (?:drink|drugs)|now|than)",
    r"not dead",
    r"(?:for a|not for any|for no) (?:good|bad) reason",
    r"nothing bad",
    r"don't worry",
)
FIRST_PERSON_STATE = _cue(
    r"i",
    r"i'm",
    r"i've",
    r"i'd",
    r"i'll",
    r"me",
    r"myself",
    r"my",
)

# ---- contact request ---------------------------------------------------------------------

# Asking or proposing.
PROPOSAL = _cue(
    r"can we",
    r"could we",
    r"shall we",
    r"let's",
    r"lets",
    r"why don't (?:we|you)",
    r"how about",
    r"what about",
    r"we (?:should|could|can|might)",
    r"i (?:want|wanna|need|would like|'d like|'d love|would love|'d rather|would rather) to",
    r"i'd like to",
    r"i'd love to",
    r"i'd rather",
    r"(?:will|would|can|could) you",
    r"(?:give|send|pass|tell|text|ring|call|write|drop|message|show|let|add|find|meet|"
    r"come|visit|bring|leave) me",
    r"you (?:can|could|should|might|may) (?:\w+ )?(?:ring|call|text|write|come|find|reach|get|"
    r"meet|drop|send|message|add|visit|pop|look)",
    r"feel free",
    r"if you (?:ever )?(?:want|fancy|like|wish)",
    r"(?:i'll|i will|i can|i could) (?:\w+ )?(?:come|meet|wait|be|pop|drop|call|ring|text|"
    r"write|send|visit|bring|find)",
    r"just (?:ring|call|text|write|message|come|turn up|pop|drop)",
    r"(?:ring|call|text|message|write to|email|e-mail|phone) me",
    r"get in touch",
    r"(?:welcome|happy for you|free|fine for you) to",
    r"leave (?:me )?a message",
    r"if you(?:'ve| have)? got (?:something|anything) to say",
    r"tell me (?:where|when|how to)",
    r"give (?:him|her|me|us|them) a (?:ring|call|bell|text|shout|message)",
    r"(?:(?<=^)|(?<=[.!?\n,] )|(?<=so )|(?<=and )|(?<=just )|(?<=then ))(?:come|pop|drop|"
    r"write|ring|call|phone|text|message|email|send|give|turn up|get in touch|knock|meet|"
    r"bring)",
    r"keep in touch",
    r"stay in touch",
    r"reach me",
)
# A way of reaching each other.
CHANNEL = _cue(
    r"meet\w*",
    r"see (?:you|each other|me)",
    r"face to face",
    r"in person",
    r"come (?:round|over|by|and see|to)",
    r"pop (?:round|over|by|in)",
    r"drop (?:by|round|in)",
    r"(?:call|ring|phone|text|bell|message|email|e-mail|write to) (?:me|you|us|each other)",
    r"(?:give|gimme) (?:me|you|us) a (?:call|ring|bell|text|shout)",
    r"phone number",
    r"messag\w* (?:me|you|us|each other)",
    r"dm",
    r"inbox",
    r"whatsapp",
    r"email",
    r"e-mail",
    r"number",
    r"address",
    r"details",
    r"where you live",
    r"write (?:to me|back) (?:directly|direct|straight|at|to)",
    r"write direct\w*",
    r"straight to me",
    r"directly",
    r"direct",
    r"visit\w*",
    r"coffee",
    r"brew",
    r"pint",
    r"drink",
    r"chat",
    r"talk\w*",
    r"catch up",
    r"turn up",
    r"knock",
    r"outside",
    r"wait for you",
    r"waiting for you",
    r"contact",
    r"touch",
    r"add me",
    r"a (?:bell|shout)",
    r"to my face",
    r"straight to (?:me|us)",
    r"bring (?:you|it|them|\w+) (?:round|over|myself|in person)",
    r"bring you",
    r"(?:ring|call|phone|text|email|e-mail|message|write to) (?:him|her|them|my \w+|the house|"
    r"(?:her|his|my|our) (?:house|mobile|landline|work))",
    r"follow me",
    r"look me up",
    r"find me",
    r"online",
    r"social media",
    r"facebook",
    r"instagram",
    r"snapchat",
    r"tiktok",
)
# Leaving the process or someone out of it.
AROUND_THE_PROCESS = _cue(
    r"(?:don't|do not|no need to|needn't|never) (?:tell|mention (?:it|this) to|show (?:it|this) to|"
    r"let on to) (?:anyone|anybody|nobody|the \w+|your \w+|them|him|her|probation|police)",
    r"between (?:us|you and me|me and you|ourselves)",
    r"just (?:the two of us|us two|you and me|me and you|us)",
    r"(?:our|a) (?:little )?secret",
    r"to yourself",
    r"no one (?:needs|has|else)",
    r"nobody (?:needs|has|else)",
    r"without (?:\w+ )?(?:knowing|finding out|reading|seeing|involved)",
    r"without (?:the )?(?:facilitator|mediator|service|probation|them|her|him)",
    r"ourselves",
    r"cut (?:\w+ )?out",
    r"leave (?:\w+ )?out of (?:it|this)",
    r"(?:not|instead of|rather than|skip|bypass|avoid) (?:going )?through (?:\w+ )?",
    r"off the record",
    r"on the quiet",
    r"quietly",
    r"privately",
    r"in private",
    r"private",
    r"behind (?:\w+ )?back",
    r"(?:don't|doesn't|won't) (?:need|have) to (?:know|see|read)",
    r"read\w* (?:every|all)",
    r"middle ?man",
    r"go-between",
    r"red tape",
)
# Pushing the process aside outright: enough on its own.
BYPASS = _cue(
    r"no (?:facilitators?|mediators?|middle ?m[ae]n|go-betweens?)",
    r"(?:don't|do not|never) (?:tell|mention (?:this|it) to|show (?:this|it) to) (?:the )?"
    r"(?:facilitator|mediator|service|probation|anyone|anybody|nobody|them|police|your \w+)",
    r"just the two of us",
    r"(?:don't|do not|doesn't|does not) need (?:the )?(?:facilitator|mediator|service|"
    r"probation|them|her|him|[a-z]+ (?:reading|to read|to see|to know))",
    r"no need (?:for|to involve|to go through) (?:the |a )?(?:\w+)",
    r"(?:nobody|no one|no-one) else (?:has|needs|got) to (?:read|see|know)",
    r"(?:not|rather than|instead of|without) (?:going |it going )?through (?:the )?(?:\w+)",
    r"(?:doesn't|does not|don't|do not) have to go through",
    r"cut (?:\w+ )?out (?:of (?:it|this) )?(?:the )?(?:middle|facilitator|service)?",
    r"between (?:you and me|me and you)",
    r"our (?:little )?secret",
    r"off the record",
    r"behind (?:\w+ )?backs?",
    r"(?:reading|read|reads) every (?:word|letter|line)",
    r"keep (?:the \w+|them|him|her|\w+) out of (?:it|this)",
    r"no (?:\w+ ){0,2}in the middle",
    r"(?:nobody|no one) in the middle",
    r"no waiting (?:on|for) (?:the )?\w+",
    r"(?:don't|no need to|do not) bother (?:sending|going|putting|posting) (?:it |them )?through",
    r"(?:quicker|faster|easier|better|safer) than (?:any|the|going through|a|waiting (?:on|for)) "
    r"(?:facilitator|service|post|probation|mediator|letters?|process|forms)",
    r"(?:just|only) (?:say|write|put) [^.!?\n]{1,40}and (?:i'll|i will) (?:understand|know)",
)
# A relative or friend carrying a message between the two.
_KIN = (
    r"(?:son|daughter|mum|mam|mom|dad|brother|sister|wife|husband|partner|cousin|friend|mate|"
    r"nan|gran|uncle|aunt|auntie|kid|lad|girl|boy|missus|fella|bird|pal|nephew|niece|grandson|"
    r"granddaughter|neighbour|pad ?mate|cellmate|girlfriend|boyfriend)(?: [a-z]+)?"
)
GO_BETWEEN = _cue(
    rf"(?:tell|ask|get) (?:your|my) (?:\w+ )?{_KIN} to",
    rf"pass (?:this|it|a message|the message|word|a note|something|it) (?:on )?to (?:your|my) "
    rf"(?:\w+ )?{_KIN}",
    rf"give (?:this|it|a message|a note) to (?:your|my) (?:\w+ )?{_KIN}",
    rf"leave (?:a message|it|word|a note|them) with (?:your|my) (?:\w+ )?{_KIN}",
    r"(?:send|pass|get) word (?:through|via|to|on)",
    rf"through (?:\w+'s )?(?:missus|wife|husband|mum|sister|brother|mate|cousin|{_KIN})",
    rf"(?:my|your) (?:\w+ )?{_KIN} (?:can|could|will|'ll) (?:pass|give|bring|drop|get|take|"
    r"deliver)",
)
# The process itself: a request that goes through it is not a finding.
THROUGH_THE_PROCESS = _cue(
    r"facilitat\w*",
    r"mediat\w*",
    r"restorative",
    r"supervised",
    r"through (?:the )?(?:service|probation|you|them|her|him|the scheme|the process|\w+)",
    r"(?:if|when|once) (?:\w+ )?(?:arranges?|sets? (?:it|this|that) up)",
    r"(?:facilitator|service|probation|mediator|she|he|they) (?:can |could |will |would )?"
    r"(?:arrange|set (?:it|this|that) up)",
    r"arranged (?:by|through|properly)",
    r"probation",
    r"conference",
    r"the process",
    r"the scheme",
    r"officially",
    r"with support",
    r"(?:letting|let|allowing|allowed) (?:you|me|us) (?:to )?(?:write|contact|send|reply)",
    r"if (?:she|he|they|you) (?:think|thinks|agree|agrees|say|says)",
    r"when the time is right",
)
# Said of the past or of someone else's wrong, not asked for.
NO_BYPASS = _cue(
    r"(?:shouldn't|should not|should never) have",
    r"(?:i'm|i am) sorry",
    r"(?:asked|told) me not to",
)
DECLINED = _cue(
    r"(?:don't|do not|didn't|did not|doesn't|won't|will not|wouldn't|would not|not|never|no|"
    r"shouldn't|should not|wasn't|isn't|aren't) (?:\w+ ){0,3}?"
    r"(?:want|ready|wish|like|intend|going|planning|expect)",
    r"(?:don't|do not|never) (?:\w+ )?(?:contact|write|ring|call|come|visit|meet|text)",
    r"not (?:allowed|permitted|meant)",
    r"what (?:to|should i|i should) call you",
    r"(?:shouldn't|should not|should never) have",
    r"(?:can't|cannot|couldn't) (?:\w+ )?(?:meet|see|contact|write|ring|call|visit)",
)


@dataclass(frozen=True)
class ClauseRule:
    """A sentence with every cue in `needs` and none in `unless` is a finding."""

    category: Category
    reason: str
    needs: tuple[Cue, ...]
    unless: tuple[Cue, ...] = ()
    any_of: tuple[Cue, ...] = ()
    # An `unless` cue does not count in a sentence that also has one of these.
    unless_unless: tuple[Cue, ...] = ()


T, CR, SH = Category.threat, Category.contact_request, Category.self_harm

CLAUSE_RULES = [
    ClauseRule(
        T,
        "speaks of harm or a reckoning for the reader that has not happened yet",
        needs=(),
        any_of=(HARM_TO_YOU, YOU_WILL_SUFFER, IF_YOU_THEN),
        unless=(NO_HARM_MEANT, PAST_OWN_DEED),
    ),
    ClauseRule(
        T,
        "shows the writer, or people for them, watching the reader's life",
        needs=(WATCHING,),
        unless=(NO_HARM_MEANT, PAST_OWN_DEED),
    ),
    ClauseRule(
        T,
        "wishes a misfortune on the reader or tells them to watch out",
        needs=(),
        any_of=(MISFORTUNE, PROTECT, CANNOT_HIDE, ORDER_AND_PEACE),
        unless=(NO_HARM_MEANT,),
    ),
    ClauseRule(
        T,
        "says a remark is meant as a warning",
        needs=(VEILED,),
        unless=(NO_HARM_MEANT,),
    ),
    ClauseRule(
        T,
        "points at the reader's things and damage to them",
        needs=(YOUR_THINGS, DAMAGE),
        unless=(NO_HARM_MEANT, PAST_OWN_DEED),
    ),
    ClauseRule(
        T,
        "speaks of release beside the reader's life or a grudge",
        needs=(RELEASE,),
        any_of=(WATCHING, GRUDGE, THEIR_LIFE),
        unless=(NO_HARM_MEANT,),
    ),
    ClauseRule(
        T,
        "brings people who could act for the writer into it",
        needs=(ASSOCIATES,),
        any_of=(ACTING, WATCHING),
        unless=(NO_HARM_MEANT,),
    ),
    ClauseRule(
        SH,
        "the writer speaks of an ending for themselves",
        needs=(FIRST_PERSON_STATE, ENDING),
        unless=(NOT_SELF_HARM,),
    ),
    ClauseRule(
        SH,
        "the writer speaks of a means of hurting themselves",
        needs=(FIRST_PERSON_STATE, MEANS),
        unless=(NOT_SELF_HARM,),
    ),
    ClauseRule(
        CR,
        "proposes a way to reach each other that is not the process",
        needs=(PROPOSAL, CHANNEL),
        unless=(THROUGH_THE_PROCESS, DECLINED),
        unless_unless=(BYPASS, AROUND_THE_PROCESS),
    ),
    ClauseRule(
        CR,
        "wants the exchange kept from the process or others",
        needs=(AROUND_THE_PROCESS,),
        any_of=(PROPOSAL, CHANNEL, YOU),
        unless=(DECLINED,),
    ),
    ClauseRule(
        CR,
        "wants to go around the process",
        needs=(BYPASS,),
        unless=(NO_BYPASS,),
    ),
    ClauseRule(
        CR,
        "asks someone to carry a message between the two",
        needs=(GO_BETWEEN,),
        unless=(THROUGH_THE_PROCESS,),
    ),
]

# Every word some cue needs: the engine finds them all in its one pass over the letter.
TRIGGERS = frozenset(
    word
    for rule in CLAUSE_RULES
    for cue in (*rule.needs, *rule.any_of, *rule.unless, *rule.unless_unless)
    for word in cue.words
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
# Up to this many sentences are searched for a cue outright: finding which sentences are near
# it (`_Sentences.near`) costs more than that many searches.
_FEW = 4
_TRIM = " \t\r\n\"'\u2019\u201c\u201d(-"


class _Sentences:
    """The letter's sentences, and which of them hold each cue, worked out only when asked."""

    def __init__(self, text: str, lowered: str, words: Occurrences) -> None:
        self.lowered, self.words = lowered, words
        spans = [match.span() for match in _SENTENCE.finditer(text)]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.everywhere = frozenset(range(len(spans)))
        # The sentence each place in the letter is in; text between sentences counts as the
        # sentence before (and text before the first, as the first).
        self._sentence_at: list[int] = []
        for index, start in enumerate(self.starts[1:]):
            self._sentence_at += repeat(index, start - len(self._sentence_at))
        self._sentence_at += repeat(max(0, len(spans) - 1), len(text) - len(self._sentence_at))
        self._with_any: dict[frozenset[str], set[int]] = {}
        self._near: dict[Cue, frozenset[int]] = {}
        self._held: dict[Cue, dict[int, bool]] = {}  # per cue: sentence -> whether it holds

    def near(self, cue: Cue) -> frozenset[int]:
        """Sentences that may hold the cue: those with a word of each set of one of its ways."""
        if not cue.requirements:
            return self.everywhere
        if cue not in self._near:
            present = self.words.present(cue.triggers)
            near: set[int] = set()
            for way in cue.requirements:
                if way[0].isdisjoint(present):  # the rarest set first: most ways end here
                    continue
                # Sentences already near need no more looking at.
                sentences = self._sentences_with_any(way[0]) - near
                for words in way[1:]:
                    if not sentences:
                        break
                    sentences &= self._sentences_with_any(words)
                near |= sentences
            self._near[cue] = frozenset(near)
        return self._near[cue]

    def _sentences_with_any(self, words: frozenset[str]) -> set[int]:
        """The sentences one of `words` occurs in (text between sentences: the one before)."""
        if words not in self._with_any:
            places = chain.from_iterable(map(self.words.at, self.words.present(words)))
            self._with_any[words] = set(map(self._sentence_at.__getitem__, places))
        return self._with_any[words]

    def holding(self, cue: Cue, indices: Collection[int]) -> set[int]:
        """Those of the sentences `indices` that hold the cue; each is searched at most once.

        Sentences not near the cue are skipped, once working out which are near is cheaper
        than searching (below a handful of sentences it is not).
        """
        near = self._near.get(cue)
        if near is None and len(indices) > _FEW:
            near = self.near(cue)
        held = self._held.setdefault(cue, {})
        search, lowered, starts, ends = cue.pattern.search, self.lowered, self.starts, self.ends
        holding = set()
        for index in indices:
            if near is not None and index not in near:
                continue
            found = held.get(index)
            if found is None:
                found = held[index] = search(lowered, starts[index], ends[index]) is not None
            if found:
                holding.add(index)
        return holding

    def holding_any(self, cues: tuple[Cue, ...], indices: Iterable[int]) -> set[int]:
        """Those of the sentences `indices` that hold at least one of `cues`.

        A sentence is not searched for the later cues once an earlier one holds.
        """
        holding: set[int] = set()
        undecided = set(indices)
        for cue in cues:
            if not undecided:
                break
            found = self.holding(cue, undecided)
            holding |= found
            undecided -= found
        return holding


def _flagged(rule: ClauseRule, at: _Sentences) -> list[int]:
    """The sentences `rule` flags, in order."""
    pool = at.everywhere
    for cue in rule.needs:
        pool &= at.near(cue)
    if rule.any_of and not rule.needs:
        # With needed cues, the few sentences that have them are searched for these outright.
        pool &= frozenset().union(*(at.near(cue) for cue in rule.any_of))
    if not pool:
        return []
    # The sentences are narrowed down one cue at a time, the one near the fewest first.
    flagged: set[int] = set(pool)
    for cue in sorted(rule.needs, key=lambda cue: len(at.near(cue))):
        flagged = at.holding(cue, flagged)
        if not flagged:
            return []
    if rule.any_of:
        flagged = at.holding_any(rule.any_of, flagged)
    if rule.unless and flagged:
        ruled_out = at.holding_any(rule.unless, flagged)
        if ruled_out and rule.unless_unless:
            ruled_out -= at.holding_any(rule.unless_unless, ruled_out)
        flagged -= ruled_out
    return sorted(flagged)


def screen_clauses(text: str, lowered: str, words: Occurrences) -> list[Finding]:
    """Sentences of `text` that a clause rule flags.

    `lowered` is `text` in lower case with the same offsets; `words` gives where each of
    TRIGGERS occurs in it.
    """
    at = _Sentences(text, lowered, words)
    findings = []
    for rule in CLAUSE_RULES:
        severity = Severity.high if rule.category in (T, SH) else Severity.medium
        for index in _flagged(rule, at):
            start, end = at.starts[index], at.ends[index]
            while start < end and text[start] in _TRIM:
                start += 1
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
            if end > start:
                findings.append(
                    Finding(rule.category, start, end, text[start:end], rule.reason, severity)
                )
    return findings
