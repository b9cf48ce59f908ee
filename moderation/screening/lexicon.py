"""What the screening model knows about words: classes of words, and constructions.

The model (model.py) reads a sentence as its words, its pairs of neighbouring words, the
classes of word it holds and the constructions it is built from. Words and pairs of words are
learned from the labelled letters; the classes and constructions are written here by hand, for
the *kinds* of language a threat, a thought of self-harm or a request for contact is made of,
so that the model can recognise wordings no letter it learned from used.

- A **class** is a set of words that play the same part: people close to the reader, harm
  and damage, the times and places of someone's routine. A sentence has a class when it has
  one of its words.
- A **construction** is a small pattern over the sentence (lower case, ' for either
  apostrophe): a misfortune wished on someone ("be a shame if ..."), advice that is a
  warning ("I'd think very carefully ..."), a means of self-harm, a channel outside the
  process. A sentence has a construction when it holds one of the construction's key words
  *and* the pattern matches; the key words are also what keeps screening fast (a pattern is
  only tried in sentences that have one).

Every class and construction has a description in plain fixed words: a finding's reason is
made of the descriptions of what weighed most in it, never of words from the letter.

To add to them: add words to a class, or a construction with its key words, then retrain
(`python -m moderation.screening.training --write`) and check the cross-validation figures it
prints. Names are part of the weights file; renaming one needs a retrain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class WordClass:
    """Words that play the same part in a sentence."""

    name: str
    description: str
    words: frozenset[str]


@dataclass(frozen=True)
class Construction:
    """A pattern a sentence may be built from, tried only when it has one of `keys`."""

    name: str
    description: str
    keys: frozenset[str]
    pattern: re.Pattern[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _class(name: str, description: str, words: str) -> WordClass:
    return WordClass(name, description, _words(words))


CLASSES: tuple[WordClass, ...] = (
    _class(
        "you",
        "words aimed at the reader",
        "you your yours yourself yourselves ya yer ur u ye youse you're you've you'll you'd "
        "youre youve youll",
    ),
    _class(
        "i", "the writer speaking of themselves", "i me my mine myself i'm i've i'll i'd im ive"
    ),
    _class("we", "the two of them together", "we us our ourselves we'll we're we've we'd"),
    _class(
        "kin",
        "someone close to a person",
        "wife husband missus partner son daughter kids kid children child boy boys girl girls "
        "lad mum mam mom mother dad father nan nana gran granny grandad grandson granddaughter "
        "grandkids grandchildren sister brother family baby youngest eldest girlfriend "
        "boyfriend fiance fiancee parents nephew niece auntie aunt uncle cousin",
    ),
    _class(
        "allies",
        "people who could act for someone",
        "mates mate lads boys brothers cousins uncles friends pals pal people folk crew gang "
        "associates contacts someone somebody anybody anyone fella others",
    ),
    _class(
        "place",
        "where someone lives, goes or works",
        "school work shift shifts gym bus stop walk walks walking route home house flat street "
        "road estate shop car cars van motor drive driveway door doorstep front window windows "
        "garden fence curtains letterbox balcony park parked parks football club pub centre "
        "gate gates town area corner wing landing cell canteen dinner yard workshop job office "
        "bookies chippy bins shed taxi business neighbours playground bed place supermarket "
        "shopping shops nursery college church allotment station queue precinct",
    ),
    _class(
        "time",
        "the times of someone's routine",
        "night nights tonight evening evenings morning mornings dark overnight early late "
        "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
        "thursdays fridays saturdays sundays weekend weekends o'clock half every always usually "
        "still same routine routines habit daily nightly weekly regular usual",
    ),
    _class(
        "see",
        "seeing, knowing or watching",
        "know knows knew known see seen saw sees noticed notice notices watch watching watched "
        "clocked spotted hear heard hears told tells eye eyes picture photo photos face faces "
        "mentioned",
    ),
    _class(
        "harm",
        "harm or damage",
        "hurt hurts harm burn burns burned burnt fire torch torched smash smashed break broken "
        "stab kill beat batter kick punch hit accident accidents damage blood knife blade petrol "
        "brick lighter teeth wheelchair hospital pay suffer regret trouble danger dangerous "
        "unsafe scared afraid frightened lesson",
    ),
    _class(
        "mishap",
        "something bad happening",
        "happen happens happened happening shame pity sad awful terrible consequences surprised "
        "safe careful lonely funny ends",
    ),
    _class(
        "future",
        "something still to come",
        "will would might may could gonna going soon when once until eventually later next "
        "wait waiting patient ready counting tomorrow someday ever",
    ),
    _class("condition", "a condition", "if unless before otherwise else or whether"),
    _class(
        "advice",
        "advice or a warning",
        "should want wants better best careful mind watch think advice friendly warn warning "
        "choose pick hope wouldn't",
    ),
    _class(
        "release",
        "someone's release",
        "out release released releases parole licence gate gates outside free freedom done",
    ),
    _class(
        "grudge",
        "a grudge or a long memory",
        "memory memories remember remembers forget forgot forgotten patient patience grudge "
        "court statement evidence lies liar lying grass grasses grassed snitch snitches witness "
        "gallery trial testimony",
    ),
    _class(
        "remorse",
        "remorse or goodwill",
        "sorry apologise apologize apology apologies ashamed forgive forgiveness guilt guilty "
        "fault responsibility blame thank thanks grateful glad pleased understand course "
        "counselling counsellor changed amends regrets remorse",
    ),
    _class(
        "past",
        "the past",
        "was were did had happened took stole broke threw hit attacked robbed ago then years "
        "sentenced arrested police offence crime victim",
    ),
    _class(
        "negation",
        "a negation",
        "not never no nothing nobody none neither nor without don't didn't won't wouldn't "
        "can't couldn't doesn't isn't wasn't aren't haven't hasn't shouldn't dont didnt wont "
        "cant",
    ),
    _class(
        "means",
        "a means of self-harm",
        "pills pill tablets tablet meds medication paracetamol overdose rope noose sheet "
        "bedsheet ligature blade blades razor knife lighter hob cutting cut cuts scratching "
        "scratch burning bridge footbridge railway tracks train platform cliff cliffs ledge "
        "roof railings rail garage drown sea river hanging hang jump jumping stepping step "
        "wrists wrist bleed bleeding scars marks motorway edge",
    ),
    _class(
        "body",
        "the body",
        "wrists wrist arms arm legs leg thighs thigh skin neck head chest stomach",
    ),
    _class(
        "ending",
        "an ending",
        "end ending ended over gone goodbye goodbyes last final die died dead death dying alive "
        "living live life exist existing forever sleep wake waking woke stop stops around here "
        "anymore longer point peace calm calmer ready decided date after soon fade finish "
        "finished",
    ),
    _class(
        "despair",
        "despair",
        "point pointless hopeless worthless burden tired enough cope nothing left deserve alone "
        "trapped empty numb favour problem nobody notice world miss trying bother",
    ),
    _class(
        "preparing",
        "getting things ready",
        "given giving gave sorted sorting affairs order will paperwork letters note notes "
        "written wrote goodbye keeping saving saved hoarding stockpiling hide hidden counted "
        "enough jar sock drawer mattress pillow researching looked working picked picturing "
        "planned plan decided mind",
    ),
    _class(
        "talk",
        "talking",
        "talk talking chat natter speak speaking conversation say sort clear air catch",
    ),
    _class(
        "meeting",
        "meeting in person",
        "meet meeting see visit visits visiting come pop drop round gate gates door face person "
        "pint coffee brew tea cuppa drink lunch sit wait waiting outside pick find book list "
        "turn",
    ),
    _class(
        "channel",
        "a way of getting in touch",
        "phone ring call calls telephone mobile text texts email emails message messages dm "
        "whatsapp snap snapchat insta instagram facebook fb tiktok add follow online website "
        "page number address line post write bell inbox send",
    ),
    _class(
        "direct",
        "directly, privately",
        "direct directly straight yourself myself personally privately private ourselves "
        "quietly secret alone own just us two between only",
    ),
    _class(
        "process",
        "the process and its people",
        "facilitator facilitators service probation mediator scheme process office forms form "
        "paperwork staff officer caseworker worker referee chaperone rigmarole formality formal "
        "vetted checking reading read middle permission system listening",
    ),
    _class(
        "around",
        "leaving something out",
        "without instead rather skip need needs needn't mention tell know quicker faster "
        "easier forever weeks month slow bother",
    ),
    _class(
        "asking",
        "asking or proposing",
        "can could would why let's lets just please if want like rather welcome free should "
        "maybe let we'll we shall give send come add follow love prefer",
    ),
    _class(
        "arranged",
        "arranged through the process",
        "arrange arranges arranged arranging supervised facilitated through support properly "
        "organise organised set",
    ),
    _class(
        "declining",
        "declining",
        "not never ready refuse asked asking wouldn't won't don't didn't decided",
    ),
)

# ---- constructions --------------------------------------------------------------------------

_W = r"(?:[\w',-]+ )"  # a word and the space after it
_YOU = r"(?:you|your|yours|yourself|ya|yer|ur|u|ye|you're|you've|you'll|you'd)"
_KIN = (
    r"(?:wife|husband|missus|partner|son|daughter|kids?|children|child|boys?|girls?|lad|"
    r"mum|mam|mom|mother|dad|father|nan|nana|gran|granny|grandad|grandson|granddaughter|"
    r"grandkids|grandchildren|sister|brother|family|baby|youngest|eldest|little ones?|"
    r"girlfriend|boyfriend|fiancee?|parents|nephew|niece|auntie|aunt|uncle|cousin|dog|cat)"
)
_ALLY = (
    r"(?:mates?|lads|boys|brothers?|cousins?|uncles?|friends?|pals?|people|folk|family|"
    r"crew|associates|contacts|husband|boyfriend|partner|fella|dad|sons?|nephews?)"
)
_ALLY_WORDS = (
    "mate mates lads boys brother brothers cousin cousins uncle uncles friend friends pal pals "
    "people folk family crew associates contacts husband boyfriend partner fella dad son sons "
    "nephew nephews"
)


# A time someone keeps: every morning, most nights, of a Thursday, at eight, after work.
_WHEN = (
    r"(?:(?:every|most|each|usually|always|still|same|of an?|on) (?:\w+ ){0,2}(?:morning|"
    r"night|evening|afternoon|day|week|weekend|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|time|run|route|shift)s?|mondays|tuesdays|wednesdays|thursdays|fridays|"
    r"saturdays|sundays|weekends|nights|mornings|evenings|school run|o'clock|"
    r"(?:after|before) (?:work|school|dark|closing)|at (?:about |around )?(?:\d+|half|quarter|"
    r"ten|twenty|one|two|three|four|five|six|seven|eight|nine|eleven|twelve)\b)"
)


def _construction(name: str, description: str, keys: str, pattern: str) -> Construction:
    return Construction(name, description, _words(keys), re.compile(pattern))


CONSTRUCTIONS: tuple[Construction, ...] = (
    # ---- threat ----
    _construction(
        "misfortune",
        "a misfortune wished on someone",
        "shame pity sad awful terrible tragic horrible unfortunate worry hate gutted dreadful",
        r"\b(?:shame|pity|sad|awful|terrible|tragic|horrible|unfortunate|a worry|hate|gutted|"
        r"dreadful) (?:\w+ ){0,2}(?:if|for|to see|when|were)\b",
    ),
    _construction(
        "something_happens",
        "something happening to someone",
        "happen happens happened end ends wrong turn turns through befall",
        r"\b(?:something|anything|nothing|things|accidents?|stuff|what) (?:\w+ ){0,3}"
        r"(?:happens?|happened to|ends? up|goes wrong|go wrong|come through|turns? up|befall)\b",
    ),
    _construction(
        "advice",
        "advice that sounds like a warning",
        "want wanna like well wise better were was think watch careful keep check lock mind stay "
        "avoid steer choose pick good long hard friendly saying say take make",
        r"\b(?:you(?:'d| would| might| may)? (?:want|wanna|like|do well|be wise|better)|"
        r"if i (?:were|was) you|(?:i'd|i would) (?:think|have a|watch|be careful|keep|check|"
        r"lock|mind|not|never|wouldn't|stay|avoid|steer)|(?:wants?|needs?) to be (?:more )?"
        r"careful|(?:choose|pick|watch|mind) (?:your|who|what|how|where|which)\b|be careful|"
        r"think (?:carefully|hard|twice|on|long)|(?:a )?(?:good|long|hard) think|"
        r"know what's good|friendly (?:advice|warning)|just saying|that's all i'm say|"
        r"say no more|take (?:that|it) (?:how|however|any)|make of (?:that|it))",
    ),
    _construction(
        "you_will",
        "what the reader will or will not do or know",
        "you'll you're never won't hide stop going gonna",
        rf"\b{_YOU} (?:{_W}){{0,2}}(?:'ll|will|won't|are going to|'re going to|are gonna|"
        r"'re gonna|never know|won't know|can't hide|can't stop)\b",
    ),
    _construction(
        "routine",
        "someone's routine",
        "still every always most each usually same",
        r"\b(?:still|every|always|most|each|usually|same) (?:\w+ ){0,3}(?:morning|night|"
        r"evening|day|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|time|run|route|walk|"
        r"bus|shift|habit|routine)s?\b",
    ),
    _construction(
        "seen_you",
        "someone seen or known about",
        "see saw seen sees notice noticed clocked spotted hear heard watch watched watching know "
        "knows knew past followed eye asking ask",
        rf"\b(?:i|we|they|he|she|my \w+|someone|people|folk)(?:'ve| have| has|'s)? (?:\w+ )?"
        rf"(?:see|saw|seen|sees|notice|noticed|clocked|spotted|hear|heard|watch|watched|"
        rf"watching|know|knows|knew|drive past|drove past|walk past|followed|keeping an eye|"
        rf"keep an eye|kept an eye|asking about|ask about) (?:{_W}){{0,3}}(?:{_YOU}|her|him|"
        rf"them|where|what time|which|how)\b",
    ),
    _construction(
        "your_people",
        "the reader's family or people close to them",
        "your yer ur",
        rf"\b(?:your|yer|ur) (?:\w+ )?{_KIN}\b",
    ),
    _construction(
        "your_places",
        "the reader's home, car or places",
        "your yer ur",
        r"\b(?:your|yer|ur) (?:\w+ )?(?:house|home|place|flat|street|road|door|doorstep|"
        r"windows?|car|van|motor|garden|fence|shop|work|job|shifts?|route|bus|gym|school|"
        r"estate|drive|curtains|letterbox|locks?|tyres|brakes|business|cars|wing|cell)\b",
    ),
    _construction(
        "alone_dark",
        "someone alone or in the dark",
        "own alone dark evening night morning overnight",
        r"\b(?:on (?:your|his|her|their) own|alone|in the dark|dark (?:walk|nights?|"
        r"mornings?|evenings?)|after dark|of an? (?:evening|night|morning)|at night|one night|"
        r"overnight|late at night)\b",
    ),
    _construction(
        "allies",
        "people on the writer's side",
        _ALLY_WORDS,
        rf"\b(?:(?:i've|i have|i)(?: still)? got|i know|my|our|his|her|a few of my|some of my|"
        rf"lots of|plenty of|loads of|a lot of) (?:\w+ ){{0,2}}{_ALLY}\b",
    ),
    _construction(
        "allies_act",
        "people who could act, knowing or waiting",
        _ALLY_WORDS,
        rf"\b{_ALLY} (?:\w+ ){{0,3}}(?:know|knows|owe|owes|remember|remembers|look|looking|"
        r"waiting|wait|round|outside|inside|on the out|same|ask|asking|not the|aren't the|"
        r"will|would|'ll|'d|could|won't|can't|might|have long|got long|talk|happy to|forgot|"
        r"forgotten|not forgot|on your|upset|angry|fuming|not happy|raging|talking about)\b",
    ),
    _construction(
        "waiting",
        "time, patience or a release ahead",
        "patient patience memory memories counting eventually time ready another unfinished "
        "wherever sooner end catch catching out outside release released done home",
        r"\b(?:patient|patience|long memor\w*|counting (?:the )?days|eventually|plenty of time|"
        r"nothing but time|time on my hands|get ready|one way or another|unfinished|"
        r"wherever you go|sooner or later|in the end|catch(?:ing)? up with|"
        r"when i'm (?:out|done|home|released)|when you(?:'re| are| get) out|i'll be out|i'm out|"
        r"i get out|you'll be out|(?:your|my) release|on the out|outside)\b",
    ),
    _construction(
        "not_safe",
        "someone not safe or not hidden",
        "safe secure hide hidden find small word people never",
        r"\b(?:not (?:as )?safe|aren't safe|isn't safe|never safe|keeps? you safe|feel safe|"
        r"secure|can't hide|hidden|easy to find|not hard to find|small (?:\w+ )?(?:town|world|"
        r"estate|place)|word gets|people talk|never know (?:who|what|when|which))\b",
    ),
    _construction(
        "violence",
        "violence, a visit or a reckoning",
        "word chat hello visit stop get repeat coming teach lesson sort pay deal sure regret "
        "sorry hurt harm burn burns fire smash break broken petrol brick knife blade accident "
        "accidents consequences trouble lose end come pop turn finish",
        r"\b(?:(?:have|had|having) a (?:word|chat)|say hello|pay (?:you )?a visit|a visit|"
        r"stop at|how i get|repeat of|what's coming|teach|lesson|sort (?:you|him|her|them|it) "
        r"out|pay for|deal with|make sure|regret|be sorry|hurt|harm|burn|burns|fire|smash|break|"
        r"broken|petrol|brick|knife|blade|accident|accidents|consequences|trouble|lose your|"
        r"end up|come (?:for|after|round|over|looking)|pop round|turn up|finish)\b",
    ),
    _construction(
        "silencing",
        "pressing someone to drop or change what they say",
        "drop withdraw keep shut take change leave don't involving involve say stop if",
        r"\b(?:drop (?:the|your|it|that)|withdraw|keep (?:quiet|your mouth|it shut|schtum)|"
        r"shut (?:up|your)|take (?:it )?back|change your|leave (?:\w+ ){0,3}out of|don't go|"
        r"involv\w+ the police|say nothing|keep (?:his|her|their) mouth|stop (?:telling|saying|"
        r"talking|spreading)|if you (?:keep|carry on|go|stand|say|tell|give|speak|talk|"
        r"testify))\b",
    ),
    _construction(
        "testimony",
        "evidence, statements or informing",
        "grass grasses grassed grassing snitch snitches snitching informer rat witness court "
        "lies liar statement evidence testify testified testimony parole panel",
        r"\b(?:grass|grasses|grassed|grassing|snitch\w*|informer|rat|witness box|"
        r"stands? up in court|tells? lies|liar|statement|evidence|testif\w+|parole board|"
        r"review panel)\b",
    ),
    _construction(
        "admiring",
        "admiring someone's things or family",
        "nice lovely pretty sweet cosy handy cute fancy big",
        r"\b(?:nice|lovely|pretty|sweet|cosy|handy|cute|fancy|big) (?:\w+ ){0,2}"
        r"(?:car|motor|van|house|place|flat|fence|garden|door|dog|cat|windows?|kids?|family|"
        r"balcony|drive|business|shop|area|street|girls?|boys?|lad|curtains|cars)\b",
    ),
    _construction(
        "hoping",
        "a hope about someone",
        "hope trust bet",
        r"\b(?:hope|trust|bet) (?:you|your|she|he|they|nothing|it)\b",
    ),
    _construction(
        "then_consequence",
        "a condition with a consequence for the reader",
        "and or else happens happen regret sorry warned fault way see",
        r"\b(?:(?:and|or|then) (?:you'll|you will|youll|ull|u'll|ye'll|you're|youre|"
        r"you'd better|see what|watch what|we'll see|we will see|there'll|it'll|things will)|"
        r"or else|(?:see|watch) what happens|what happens next|you'll regret|you will regret|"
        r"you'll be sorry|(?:you've|you have|you were|consider yourself|don't say you weren't) "
        r"(?:been )?warned|(?:on|down to) you(?:,)? not me|your own fault|comes? your way|"
        r"and (?:we'll|we will|everyone|everybody|nobody|no one|it'll|things'll|you'll) "
        r"(?:\w+ ){0,2}(?:get along|get on|be fine|be okay|be ok|stay (?:safe|friends|healthy)|"
        r"gets? hurt|move on|be left alone))\b",
    ),
    _construction(
        "whereabouts",
        "knowing where someone is or what they do",
        "know knows knew found find worked heard told tells comings whereabouts moved date "
        "keeps kept looks",
        r"\b(?:know|knows|knew|found out|find out|worked out|heard|told me|tells me|keeps? me|"
        r"kept me) (?:\w+ ){0,3}(?:where(?! i)|which (?:street|road|house|school|estate|flat|"
        r"door|shop|bus|gym|pub|wing|cell|town|village)|what (?:\w+ ){0,3}looks like|"
        r"(?:your|her|his) (?:new )?address|you(?:'ve)? moved|(?:posted|up to date|informed)|"
        r"comings and goings|whereabouts|what time)|comings and goings|whereabouts\b",
    ),
    _construction(
        "reader_routine",
        "the reader's family at a time or place they keep",
        "your yer ur",
        rf"\b(?:your|yer|ur) (?:\w+ )?{_KIN}\b[^.!?\n]*\b{_WHEN}|"
        rf"\b{_WHEN}[^.!?\n]*\b(?:your|yer|ur) (?:\w+ )?{_KIN}\b",
    ),
    _construction(
        "proxy_meeting",
        "someone else keen to meet the reader",
        "love like want wants keen looking forward dying waiting",
        r"\b(?:he|they|she|my \w+|the lads|the boys|some (?:\w+ )?(?:people|friends|lads)|"
        r"a few (?:\w+ )?(?:people|friends|lads|of my \w+))(?:'d| would| is| are|'s|'re)? "
        r"(?:\w+ ){0,3}(?:love|like|want|wants|keen|looking forward|dying|waiting) (?:\w+ ){0,2}"
        r"(?:meet|meeting|chat|word|see|seeing|catch up|visit|introduce|get to know) "
        rf"(?:\w+ ){{0,2}}{_YOU}\b",
    ),
    _construction(
        "word_reaches",
        "someone passing on news of the reader",
        "mine ours little bird mentioned gets reckons says said tells told saw seen spotted",
        r"\b(?:a (?:\w+ )?(?:mate|friend|pal|cousin|lad|mate's \w+) of (?:mine|ours)|"
        r"a little bird|funny what (?:gets|you hear)|(?:gets|got) mentioned|word (?:is|has it|"
        r"gets)|my (?:\w+ ){0,2}(?:mate|friend|cousin|pal|brother|sister|uncle|nephew|source|"
        r"sources|missus) (?:\w+ )?(?:says|said|tells|told|saw|seen|spotted|reckons|mentioned))\b",
    ),
    _construction(
        "release_reckoning",
        "a reckoning promised for a release",
        "out home back released release forget forgotten laughing waiting list first months "
        "years weeks",
        r"\b(?:(?:when|once|the day|soon as) (?:i'm|i am|im|i get|i come|i walk) (?:out|home|"
        r"back|released|through)|i'll be (?:out|home|back)|i'm (?:out|back) (?:in|on|soon|next)|"
        r"(?:months|years|weeks) and i'm (?:out|back|home))\b"
        # ... unless it says the writer will be far from the reader
        r"(?![^.!?\n]*\b(?:far|miles|away|clear) from\b)[^.!?\n]*\b(?:you|your|ya|"
        r"ye|yer|u|forget|forgotten|laughing|waiting|list|catch|visit|see)\b|"
        r"\bi (?:won't|will not|wont|never) forget (?:who|what|you|your)|who's laughing|"
        r"i'll be waiting",
    ),
    _construction(
        "menace",
        "a hint left unsaid, or a warning in passing",
        "all saying say however think just warned round karma words letter social calm "
        "could see space marked borrowed shoulder back yourself goes",
        r"\b(?:that's all i'(?:ll|m) say\w*|all i'll say|take (?:that|it) (?:how|however|as)|"
        r"think on|just so (?:you|ya|u) (?:know|understand)|goes (?:a)?round,? comes (?:a)?round|"
        r"karma|(?:stop|stick) at words|not (?:one )?for (?:writing|letters|talking|words)|"
        r"won't be (?:with )?(?:a letter|words|a social|friendly|to talk)|as calm|as forgiving|"
        r"i'm saying i could|i could if|(?:you'll|we'll|wait and) see|watch this space|"
        r"marked|borrowed time|over (?:your|her|his) shoulder|watch (?:yourself|your back|"
        r"out)|mind how (?:you|she|he|they) go|think (?:about|on) (?:that|this|it) (?:\w+ ){0,2}"
        r"(?:before|next time|when|while|every time))",
    ),
    # ---- what makes a sentence something else ----
    _construction(
        "remorse",
        "remorse or a promise of no harm",
        "sorry apologise apologize apology ashamed forgive forgiveness fault regret responsible "
        "responsibility remorse wrong never won't wouldn't",
        r"\b(?:i'm sorry|i am sorry|so sorry|really sorry|truly sorry|deeply sorry|"
        r"apologi[sz]e|apology|ashamed|forgive|forgiveness|my fault|i regret|responsib\w+|"
        r"remorse|i was wrong|never (?:\w+ ){0,2}(?:hurt|harm|come near|bother|contact|go near)|"
        r"(?:won't|will not|wouldn't) (?:\w+ ){0,2}(?:hurt|harm|come near|bother|contact|"
        r"go near))\b",
    ),
    _construction(
        "goodwill",
        "goodwill",
        "hope care best wishes glad pleased thank thanks grateful proud done luck",
        r"\b(?:i hope you(?:'re| are)? (?:well|ok|okay|doing|find|get|have|can|manage|feel)|"
        r"take care|all the best|best wishes|glad|pleased|thank|thanks|grateful|proud of|"
        r"well done|good luck)\b",
    ),
    _construction(
        "own_past",
        "the writer telling what they did",
        "did was were had took stole broke smashed hit kicked punched threw ran burned burnt "
        "poured attacked robbed grabbed pushed drove scared frightened hurt stabbed set night day "
        "then time ago happened",
        r"\b(?:i|we) (?:\w+ )?(?:did|was|were|had|took|stole|broke|smashed|hit|kicked|punched|"
        r"threw|ran|burned|burnt|poured|attacked|robbed|grabbed|pushed|drove|scared|frightened|"
        r"hurt|stabbed|set)\b|\b(?:that night|that day|back then|at the time|ago|what i did|"
        r"what happened|when i (?:\w+ )?(?:did|was|broke|hit|came|got))\b",
    ),
    _construction(
        "afraid",
        "someone afraid",
        "scared afraid frightened terrified nervous anxious jumpy panic panicked panicking "
        "sleep flinch flinches flinched nightmare nightmares go",
        r"\b(?:i|we|my \w+|she|he|they)(?:'m| am| was| were| is| are| feel| felt|'re|'s)? "
        r"(?:still )?(?:scared|afraid|frightened|terrified|nervous|anxious|jumpy|panic\w*|"
        r"can't sleep|couldn't sleep|won't go|can't go|flinch\w*|nightmares?)\b",
    ),
    _construction(
        "keeping_away",
        "someone keeping away from the reader",
        "far miles away different other stay keep never won't conditions zone licence",
        r"\b(?:far (?:away )?from|miles (?:away )?from|a long way from|(?:different|another) "
        r"(?:city|town|area|county|part)|other (?:side|end) of the country|(?:stay|keep|kept|"
        r"staying|keeping) (?:well )?(?:away|clear)|won't (?:be )?(?:coming|come|go|going) "
        r"(?:back|near|anywhere)|never (?:come|go|be) (?:back|near)|(?:licence|bail) "
        r"conditions?|exclusion zone)\b",
    ),
    _construction(
        "idiom",
        "a figure of speech",
        "dead killing kill dying die death jump jumping jumped end cut drop",
        r"\b(?:dead (?:on my feet|tired|beat|loss|end|easy|right|set|serious|quiet|good|"
        r"against)|killing (?:me|myself laughing)|kill (?:for|time)|dying (?:for|to)|to die for|"
        r"(?:bored|scared|sick|worried) to death|over my dead|jump(?:ing|ed|s)? (?:at|out of|the "
        r"queue|through|in)|in the end|at the end|end of the day|end up|ends meet|end (?:this|"
        r"the) letter|cut (?:down|back|corners|ties|short|it out)|drop (?:you|me) a line)\b",
    ),
    _construction(
        "credit",
        "credit given to the reader",
        "you've you done worked listened kept proud credit",
        r"\b(?:you've (?:done|worked|listened|kept|shown|put|been honest|turned up|come a long)|"
        r"credit to you|proud of you|you did (?:well|your))\b",
    ),
    _construction(
        "getting_help",
        "help sought or received",
        "healthcare doctor gp counsellor counselling therapy therapist nurse psychologist "
        "psychiatrist medication antidepressants help helped listeners samaritans team through "
        "better",
        r"\b(?:(?:went|go|going|been|got) (?:to|into) (?:healthcare|the doctor|my doctor|my gp|"
        r"the gp|a counsellor|counselling|therapy|a&e|hospital)|(?:seeing|see|saw|seen) (?:a|the|"
        r"my) (?:\w+ )?(?:nurse|doctor|gp|counsellor|therapist|psychologist|psychiatrist)|"
        r"(?:on|taking|started) (?:my |the |some )?(?:medication|antidepressants)|(?:got|getting|"
        r"get|had|found) (?:some |the |real )?help|helped me|listeners|samaritans|mental health "
        r"team|(?:came|come|got|get|pulled) (?:me )?through|(?:in a|to a) better place)\b",
    ),
    # ---- self-harm ----
    _construction(
        "means",
        "a means of self-harm",
        "pill pills tablet tablets meds medication paracetamol overdose rope noose ligature "
        "blade blades razor razors bedsheet sheet towel lighter hob bridge footbridge railway "
        "tracks platform cliff cliffs ledge roof railing railings drown drowning drowned hang "
        "hanging hanged jump jumping step stepping car exhaust gas knife wrist wrists",
        r"\b(?:pills?|tablets?|meds|medication|paracetamol|overdose|rope|noose|ligature|"
        r"blades?|razors?|bedsheet|sheet|towel|lighter|hob|bridge|footbridge|railway|tracks|"
        r"platform|cliffs?|ledge|roof|railings?|drown\w*|hang\w*|jump\w*|step(?:ping)? off|"
        r"car running|exhaust|gas|knife|wrists?)\b",
    ),
    _construction(
        "self_injury",
        "hurting oneself",
        "myself arm arms leg legs wrist wrists thigh thighs skin head body stomach chest again "
        "cutting",
        r"\b(?:cut|cutting|scratch\w*|burn\w*|bang\w*|punch\w*|hurt\w*|harm\w*|bleed\w*|scars?|"
        r"marks?) (?:\w+ ){0,2}(?:myself|my (?:\w+ )?(?:arms?|legs?|wrists?|thighs?|skin|head|"
        r"body|stomach|chest))\b|\b(?:cutting|self[- ]?harm\w*) again\b|\bstarted cutting\b",
    ),
    _construction(
        "finality",
        "an ending or a farewell",
        "around here longer letter goodbye goodbyes gone after mind peace date ready going release "
        "make end ending kill life top wake anymore more myself fade properly next job finished "
        "suicide suicidal die died dead dying death better favour stops problem needing need",
        r"\b(?:won't be (?:\w+ ){0,2}(?:around|here|a problem|needing|need)|(?:not|no longer) "
        r"(?:be )?(?:around|here)|much longer|last letter|(?:say|said|saying) goodbye|goodbyes?|"
        r"when i'm gone|after i'm gone|once i've gone|for after|made my (?:mind|peace)|"
        r"picked a date|set a date|ready to go|where i'm going|see (?:my|the) release|"
        r"make it to|end it|ending it|end things|end my life|kill myself|take my (?:own )?life|"
        r"top myself|not wake up|never wake|don't wake|didn't wake|wake up|any ?more|be gone|"
        r"this all stops|let myself|fade|do it properly|next time|finish(?:ed)? the job|"
        r"finished me off|suicid\w*|die|died|dead|dying|death|better off|favour)\b",
    ),
    _construction(
        "preparing",
        "putting things in order or getting ready",
        "given giving give gave affairs order will will's paperwork written goodbye letter "
        "letters left nobody less saving saved hoard hoarding stockpile stockpiling keeping "
        "counted enough looked looking research researching working worked picturing planned "
        "planning decided sorted",
        r"\b(?:giv(?:en|ing|e) (?:away )?(?:\w+ ){0,3}(?:to|away)|gave (?:\w+ ){0,3}to|affairs|"
        r"in order|will's done|my will|the will|sorted (?:everything|the paperwork|it all|out)|"
        r"paperwork|written (?:to|the|letters|a letter|notes?)|goodbye notes?|letters? (?:to|for)|"
        r"left (?:them|it|things|some things) with|so nobody has to|less to sort|saving|saved|"
        r"hoard\w*|stockpil\w*|keeping (?:\w+ ){0,2}back|counted|enough now|nearly got enough|"
        r"got enough|looked up|look(?:ing|ed)? up how|research\w*|working out|worked out|"
        r"picturing|planned|planning|decided)\b",
    ),
    _construction(
        "burden",
        "being a burden or not missed",
        "better favour burden nobody one problem deserve shouldn't worth",
        r"\b(?:better off (?:without|if)|(?:everyone|everybody|the world|they|she|he) "
        r"(?:would|'d) be better|doing (?:everyone|them|the world) a favour|a burden|"
        r"nobody would (?:\w+ )?(?:notice|miss|care)|no one would (?:\w+ )?(?:notice|miss|care)|"
        r"won't be a problem|don't deserve to|shouldn't be here|not worth)\b",
    ),
    _construction(
        "giving_up",
        "giving up on living",
        "stopped trying hope hoping don't point reason see saw can't nothing enough tired want "
        "intend dont",
        r"\b(?:stopped (?:eating|taking|caring|trying)|not (?:really )?trying|(?:hope|hoping) i "
        r"(?:don't|won't|never)|don't (?:really )?(?:want|wanna) to (?:be here|wake|live|go on|"
        r"carry on|be alive)|no (?:point|reason) (?:in |to )?(?:\w+ )?(?:going on|living|"
        r"carrying on|waking|being here|trying)|(?:see|saw) (?:the|any|much) point|can't (?:go on|"
        r"carry on|cope|do this)|nothing (?:left|to live)|had enough|tired of (?:living|life|"
        r"it all|everything)|want (?:it|this|everything) (?:all )?to (?:stop|end|be over)|"
        r"(?:don't|do not|dont) intend to (?:start|eat|carry on|go on|be here))\b",
    ),
    _construction(
        "contemplating",
        "thinking how it could be done",
        "easy many how thinking thought think high going stood sat tried noose just died wasn't",
        r"\b(?:how easy it (?:would|'d|could) be|how many (?:\w+ ){0,3}(?:it )?(?:would take|"
        r"it takes|takes)|how (?:i'd|i would|to) do it|(?:thinking|thought|think) (?:about|of) "
        r"(?:\w+ )?(?:ending|stepping|jumping|letting go|just stopping|doing it|killing|hanging|"
        r"taking|not|putting that right)|how high|high enough|just keep going|stood (?:on|at|"
        r"there)|sat (?:on|at|there|with)|tried to|a noose|if i just|if i'd died|if i wasn't|"
        r"i just (?:didn't|wasn't|stopped|disappeared))\b",
    ),
    _construction(
        "other_death",
        "someone else's death, or a figure of speech",
        "died passed dead killed die dying death",
        r"\b(?:(?:he|she|they|him|her|your \w+|my (?:mum|mam|dad|nan|gran|grandad|grandma|"
        r"husband|wife|brother|sister|son|daughter|friend|dog|cat)) (?:\w+ )?(?:died|passed|dead|"
        r"was killed|could have died|nearly died)|wanted you dead|you (?:could|might) have "
        r"(?:died|killed)|die of (?:shame|shock)|died of (?:shame|shock)|nearly died|to death|"
        r"kill for|dying to|killed me|(?:it|that) could (?:have been|be|'ve been) (?:you|him|her|"
        r"them|your \w+|my \w+))\b",
    ),
    _construction(
        "stockpile",
        "keeping or counting a means of self-harm",
        "count counted counting how many enough saving saved keeping kept stash drawer "
        "thrown still got",
        r"\b(?:pills?|tablets?|meds|medication|paracetamol|painkillers|sleepers|"
        r"boxes|packets|strips)\b[^.!?\n]*\b(?:count\w*|how many|enough|saving|saved|keeping|"
        r"kept|stash\w*|in the drawer|haven't thrown|never threw|still got)\b|"
        r"\b(?:count\w*|saving|saved|stash\w*|keeping|still got|kept) (?:\w+ ){0,4}(?:pills?|"
        r"tablets?|meds|medication|paracetamol|painkillers|sleepers|boxes|packets)\b",
    ),
    _construction(
        "giving_away",
        "giving things away or leaving instructions",
        "away needing need have happens tell find look make left",
        r"\b(?:(?:given|giving|gave|give) (?:\w+ ){0,8}away|won't be needing|won't need "
        r"(?:it|them|any)|(?:can|should|could) have my|if (?:anything|something) (?:\w+ )?"
        r"happens|who(?:'d| would|'ll| will) find me|when they find me|look after (?:my|the) "
        r"(?:\w+ ){0,2}for me|make sure (?:my|she|he|they) (?:\w+ ){0,3}gets?|left (?:\w+ ){0,3}"
        r"(?:to|with) (?:my|her|him))\b",
    ),
    _construction(
        "not_here",
        "not being here any more",
        "here around waking wake disappear disappeared sleep living lose gone exist",
        r"\b(?:(?:still|won't|will not|wont|not) be (?:here|around)|not (?:bother )?(?:wak\w+|"
        r"wake) up|disappear\w* (?:for good|forever|for ever)|(?:wish|wished) i (?:could )?"
        r"(?:just )?(?:disappear\w*|wasn't here|was dead|hadn't woken|didn't exist|was gone)|"
        r"go on living|(?:lose|lost) it on|(?:sleep|sleeping) (?:\w+ ){0,3}(?:not|never) "
        r"(?:wake|waking)|stop existing|be gone)\b",
    ),
    _construction(
        "ligature",
        "preparing a ligature or a fall",
        "tying tied tie weight hold knot strips bars belt cord laces high drop",
        r"\b(?:(?:tying|tied|tie) (?:\w+ ){0,4}(?:sheets?|belt|cord|rope|laces|strips?|bars|"
        r"together|knot)|(?:how much|my) weight|hold my weight|(?:knot|noose)|"
        r"how (?:high|far) (?:the|it) (?:drop|fall))\b",
    ),
    # ---- contact request ----
    _construction(
        "channel",
        "a phone, message, address or account",
        "phone ring call telephone mobile text email e mail message dm whatsapp snap snapchat "
        "insta instagram facebook fb tiktok add follow online website page number address drop "
        "write post bell inbox send",
        r"\b(?:phone|ring|call|telephone|mobile|text|email|e-mail|message|dm|whatsapp|snap|"
        r"snapchat|insta|instagram|facebook|fb|tiktok|add me|follow me|online|website|"
        r"(?:my|the) page|number|address|drop (?:me )?a line|write (?:to me|back|direct|"
        r"straight)|post (?:it|them|your|letters)? ?(?:straight|direct|to me|there)|bell|inbox|"
        r"send (?:me|it|them|things|messages|word))\b",
    ),
    _construction(
        "in_person",
        "meeting or talking in person",
        "meet meeting meets see come pop drop visit visiting visits face person faces pint "
        "coffee brew cuppa tea drink sit wait waiting outside pick gate gates turn look find "
        "knock out air catch natter chat talk speak",
        r"\b(?:meet\w*|see (?:you|me|each other)|come (?:and|round|down|over|by|in|to|up|find|"
        r"see|visit)|pop (?:in|round|over|by|into)|drop (?:in|by|round)|visit\w*|face to face|"
        r"in person|to (?:my|your|our) faces?|pint|coffee|brew|cuppa|tea|drink|sit-down|"
        r"wait(?:ing)? (?:for|outside|by|at)|outside (?:the|your|my)|pick you up|(?:the|your) "
        r"gates?|turn up|look me up|find me|knock|have it out|clear the air|catch up|natter|"
        r"chat|talk|speak)\b",
    ),
    _construction(
        "directly",
        "directly, privately, just the two of them",
        "direct directly straight yourself myself personally privately private ourselves quietly "
        "secret just two between only own",
        r"\b(?:direct|directly|straight (?:to|back|there|here)|yourself|myself|personally|"
        r"privately|private|ourselves|quietly|secret|just (?:us|me|you|the two)|the two of us|"
        r"us two|you and me|me and you|between (?:us|ourselves|me and you|you and me)|only us|"
        r"on my own|on your own)\b",
    ),
    _construction(
        "around_process",
        "leaving the process out",
        "without instead rather skip need needs needn't else off forms paperwork facilitator "
        "facilitators middle referee chaperone man through quicker faster easier simpler better "
        "letter posting waiting forth vetted checking every reading listening sit rigmarole "
        "formality formalities permission red likes",
        r"\b(?:without (?:\w+ ){0,3}|instead of|rather than|skip|no need (?:for|to)|"
        r"(?:don't|doesn't|do not|does not) need (?:to|the|a|her|him|them|anybody|anyone|"
        r"[a-z]+'s)|needn't|nobody else|no one else|no-one else|off the (?:books|record)|"
        r"no (?:forms|paperwork|facilitators?|middle ?man|referee|chaperone|go-between)|"
        r"not through|(?:quicker|faster|easier|simpler|better) (?:than|that way|to)|all this "
        r"(?:\w+ )?(?:letter|posting|waiting|back and forth|going through)|waiting (?:a month|"
        r"weeks|for)|vetted|checking|reads? every|reading (?:every|our|it)|listening in|"
        r"sit in on|rigmarole|formalit\w+|permission|red tape|whether \w+ likes it)\b",
    ),
    _construction(
        "secrecy",
        "keeping something secret",
        "tell mention say let show know read see keep without behind",
        r"\b(?:(?:don't|do not|no need to|best not to|please don't|never) (?:\w+ )?(?:tell|"
        r"mention|say|let on|show)|(?:doesn't|don't|won't) (?:need|have) to know|(?:nobody|"
        r"no one|no-one) (?:has|needs) to (?:know|see|read)|keep (?:it|this) (?:between|quiet|"
        r"to yourself|off)|without (?:\w+ )?(?:knowing|finding out)|behind)\b",
    ),
    _construction(
        "the_process",
        "the process and its people",
        "facilitator facilitators facilitated facilitating facilitation service probation "
        "mediator mediation mediated scheme process office forms paperwork caseworker worker "
        "officer through",
        r"\b(?:facilitat\w+|the service|probation|mediat\w+|the scheme|the process|the office|"
        r"forms|paperwork|caseworker|social worker|officer|through (?:\w+ )?(?:her|him|them|"
        r"the \w+))\b",
    ),
    _construction(
        "asking",
        "asking or proposing",
        "can could would will shall let's lets why how we we'll i'd i want please just if you "
        "you're feel be i'll come pop drop write ring call phone text message email send give "
        "add follow get put post tell let meet visit turn find look knock bring leave pass",
        r"\b(?:can you|could you|would you|will you|can we|could we|shall we|let's|lets|"
        r"why don't|how about|we (?:can|could|should|might|'ll)|we'll|i'd (?:like|love|rather|"
        r"prefer)|i would (?:like|love|rather|prefer)|i want (?:you|us|to)|please|just|if you "
        r"(?:ever )?(?:want|fancy|like|wish|'d like|would like|'d rather|prefer)|you can|"
        r"you could|you should|you're welcome|feel free|be welcome|i'll (?:\w+ )?(?:come|wait|"
        r"be|pick|meet|write|ring|call)|(?:(?<![a-z',] )(?<![a-z'])|, |and |so |then )"
        r"(?:come|pop|drop|write|ring|call|phone|text|message|email|send|give|add|follow|get|"
        r"put|post|tell|let|meet|visit|turn|find|look|knock|bring|leave|pass))\b",
    ),
    _construction(
        "keep_in_touch",
        "keeping in touch after or outside the process",
        "touch writing talking over done finished wrapped after once",
        r"\b(?:(?:keep|stay|be|get|kept|staying) in touch|carry on (?:writing|talking)|"
        r"keep (?:writing|talking)|(?:once|when|after) (?:this|it|all this|everything) (?:is |"
        r"'s )?(?:all )?(?:over|done|finished|wrapped up|sorted))\b",
    ),
    _construction(
        "our_secret",
        "keeping word from someone",
        "tell telling secret between dont don't say mention",
        r"\b(?:(?:won't|wont|will not|never) tell (?:\w+ ){0,2}if you|our (?:little )?secret|"
        r"between (?:you and me|me and you|us|ourselves)|(?:dont|don't|do not|never) (?:say|"
        r"tell|mention) (?:nothing|anything|owt|a word)|(?:dont|do not) (?:\w+ )?(?:tell|"
        r"mention|say|let on))\b",
    ),
    _construction(
        "direct_channel",
        "a way to reach the writer directly",
        "add find look flag dm request note wiper door bank cash sort code say",
        r"\b(?:(?:add|find|look) (?:me|us) (?:up )?on|(?:dm|inbox|message) me|friend request|"
        r"follow request|leave (?:a note|it|something) (?:under|on|in|at|with)|flag me down|"
        r"bank details|sort code|cash in hand|(?:just )?say (?:\w+ ){0,4}and i'll (?:know|"
        r"understand)|code ?word|ask for (?:me|him|her) (?:at|by name))\b",
    ),
    _construction(
        "arranged",
        "arranged through the process",
        "arrange arranged arranges arranging supervised facilitated through there agree agrees "
        "think thinks say says right properly set service probation scheme's service's second two "
        "both another",
        r"\b(?:arrang\w+|supervised|facilitated|through (?:the service|probation|her|him|them|"
        r"you)|with (?:her|him|them|(?:\w+ ){1,2})(?:there|present|in the room)|"
        r"if (?:\w+ )?(?:agrees?|thinks?|says?)|only if you|"
        r"when the time is right|properly arranged|set (?:it |this |that )?(?:up|out)|"
        r"(?:at|in) the (?:service|probation|scheme's|service's) (?:office|rooms?)|"
        r"(?:second|two|both|another) facilitators?)\b",
    ),
    _construction(
        "declined",
        "declining, or telling what was asked",
        "want ready wish intend planning going expect interested asked meet see contact write ring "
        "call visit allowed shouldn't",
        r"\b(?:(?:don't|do not|didn't|won't|wouldn't|not|never) (?:\w+ ){0,2}(?:want|ready|"
        r"wish|intend|planning|going to|expect|interested)|asked (?:me |if |whether |about )|"
        r"you asked|(?:can't|cannot|couldn't|won't|not allowed to) (?:\w+ )?(?:meet|see|contact|"
        r"write|ring|call|visit)|not allowed|shouldn't have)\b",
    ),
    _construction(
        "go_between",
        "a relative or friend carrying word",
        "tell ask get pass give hand take bring leave word set works drinks comes",
        rf"\b(?:(?:tell|ask|get) (?:your|my) (?:\w+ )?{_KIN}|(?:pass|give|hand|take|bring) "
        r"(?:it|this|them|a message|word|a note|something) (?:on )?to (?:your|my|her|him)|"
        r"(?:she|he|they)(?:'ll| will) (?:pass|bring|get|give|set)|leave (?:a message|it|word) "
        rf"with|word (?:to|through|via)|my (?:\w+ )?{_KIN} (?:can|could|will|'ll|does|works|"
        r"drinks|comes))\b",
    ),
    _construction(
        "later_contact",
        "a time to be in touch later",
        "when from next one day any whenever",
        r"\b(?:when (?:you're|you are|you get|i'm|i get) (?:out|released)|when you get your|"
        r"from now on|next time you're|one (?:afternoon|morning|evening|day|saturday|sunday|"
        r"week)|day or night|any time|whenever)\b",
    ),
)
