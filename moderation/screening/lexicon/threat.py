"""Constructions of threats and intimidation, veiled ones included."""

from __future__ import annotations

from moderation.screening.lexicon.base import (
    ALLY,
    ALLY_WORDS,
    KIN,
    WHEN,
    WORD,
    YOU,
    Construction,
    construction,
)

THREAT: tuple[Construction, ...] = (
    construction(
        "misfortune",
        "a misfortune wished on someone",
        "shame pity sad awful terrible tragic horrible unfortunate worry hate gutted dreadful",
        r"\b(?:shame|pity|sad|awful|terrible|tragic|horrible|unfortunate|a worry|hate|gutted|"
        r"dreadful) (?:\w+ ){0,2}(?:if|for|to see|when|were)\b",
    ),
    construction(
        "something_happens",
        "something happening to someone",
        "happen happens happened end ends wrong turn turns through befall",
        r"\b(?:something|anything|nothing|things|accidents?|stuff|what) (?:\w+ ){0,3}"
        r"(?:happens?|happened to|ends? up|goes wrong|go wrong|come through|turns? up|befall)\b",
    ),
    construction(
        "advice",
        "advice that sounds like a warning",
        "want wanna like well wise better were was think watch careful keep check lock mind stay "
        "avoid steer choose pick good long hard friendly saying say take make polite respectful "
        "civil",
        r"\b(?:you(?:'d| would| might| may)? (?:want|wanna|like|do well|be wise|better)|"
        r"if i (?:were|was) you|(?:i'd|i would) (?:think|have a|watch|be careful|keep|check|"
        r"lock|mind|not|never|wouldn't|stay|avoid|steer)|(?:(?:wants?|needs?) to|should|ought to) "
        r"be (?:a (?:bit|lot|little) |bit )?(?:more )?(?:careful|polite|respectful|civil)|"
        r"(?:choose|pick|watch|mind) (?:your|who|what|how|where|which)\b|be careful|"
        r"think (?:carefully|hard|twice|on|long)|(?:a )?(?:good|long|hard) think|"
        r"know what's good|friendly (?:advice|warning)|just saying|that's all i'm say|"
        r"say no more|take (?:that|it) (?:how|however|any)|make of (?:that|it))",
    ),
    construction(
        "you_will",
        "what the reader will or will not do or know",
        "you'll you're never won't hide stop going gonna",
        rf"\b{YOU} (?:{WORD}){{0,2}}(?:'ll|will|won't|are going to|'re going to|are gonna|"
        r"'re gonna|never know|won't know|can't hide|can't stop)\b",
    ),
    construction(
        "routine",
        "someone's routine",
        "still every always most each usually same",
        r"\b(?:still|every|always|most|each|usually|same) (?:\w+ ){0,3}(?:morning|night|"
        r"evening|day|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|time|run|route|walk|"
        r"bus|shift|habit|routine)s?\b",
    ),
    construction(
        "seen_you",
        "someone seen or known about",
        "see saw seen sees notice noticed clocked spotted hear heard watch watched watching know "
        "knows knew past followed eye asking ask",
        rf"\b(?:i|we|they|he|she|my \w+|someone|people|folk)(?:'ve| have| has|'s)? (?:\w+ )?"
        rf"(?:see|saw|seen|sees|notice|noticed|clocked|spotted|hear|heard|watch|watched|"
        rf"watching|know|knows|knew|drive past|drove past|walk past|followed|keeping an eye|"
        rf"keep an eye|kept an eye|asking about|ask about) (?:{WORD}){{0,3}}(?:{YOU}|her|him|"
        rf"them|where|what time|which|how)\b",
    ),
    construction(
        "your_people",
        "the reader's family or people close to them",
        "your yer ur",
        rf"\b(?:your|yer|ur) (?:\w+ )?{KIN}\b",
    ),
    construction(
        "your_places",
        "the reader's home, car or places",
        "your yer ur",
        r"\b(?:your|yer|ur) (?:\w+ )?(?:house|home|place|flat|street|road|door|doorstep|"
        r"windows?|car|van|motor|garden|fence|shop|work|job|shifts?|route|bus|gym|school|"
        r"estate|drive|curtains|letterbox|locks?|tyres|brakes|business|cars|wing|cell)\b",
    ),
    construction(
        "alone_dark",
        "someone alone or in the dark",
        "own alone dark evening night morning overnight",
        r"\b(?:on (?:your|his|her|their) own|alone|in the dark|dark (?:walk|nights?|"
        r"mornings?|evenings?)|after dark|of an? (?:evening|night|morning)|at night|one night|"
        r"overnight|late at night)\b",
    ),
    construction(
        "allies",
        "people on the writer's side",
        ALLY_WORDS,
        rf"\b(?:(?:i've|i have|i)(?: still)? got|i know|my|our|his|her|a few of my|some of my|"
        rf"lots of|plenty of|loads of|a lot of) (?:\w+ ){{0,2}}{ALLY}\b",
    ),
    construction(
        "allies_act",
        "people who could act, knowing or waiting",
        ALLY_WORDS,
        rf"\b{ALLY} (?:\w+ ){{0,3}}(?:know|knows|owe|owes|remember|remembers|look|looking|"
        r"waiting|wait|round|outside|inside|on the out|same|ask|asking|not the|aren't the|"
        r"will|would|'ll|'d|could|won't|can't|might|have long|got long|talk|happy to|forgot|"
        r"forgotten|not forgot|on your|upset|angry|fuming|not happy|raging|talking about)\b",
    ),
    construction(
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
    construction(
        "not_safe",
        "someone not safe or not hidden",
        "safe secure hide hidden find small word people never",
        r"\b(?:not (?:as )?safe|aren't safe|isn't safe|never safe|keeps? you safe|feel safe|"
        r"secure|can't hide|hidden|easy to find|not hard to find|small (?:\w+ )?(?:town|world|"
        r"estate|place)|word gets|people talk|never know (?:who|what|when|which))\b",
    ),
    construction(
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
    construction(
        "silencing",
        "pressing someone to drop or change what they say",
        "drop withdraw keep shut take change leave don't involving involve say stop if",
        r"\b(?:drop (?:the|your|it|that)\b(?! (?:\w+ )?off\b)|withdraw|"
        r"keep (?:quiet|your mouth|it shut|schtum)|"
        r"shut (?:up|your)|take (?:it )?back|change your|leave (?:\w+ ){0,3}out of|don't go|"
        r"involv\w+ the police|say nothing|keep (?:his|her|their) mouth|stop (?:telling|saying|"
        r"talking|spreading)|if you (?:keep|carry on|go|stand|say|tell|give|speak|talk|"
        r"testify))\b",
    ),
    construction(
        "testimony",
        "evidence, statements or informing",
        "grass grasses grassed grassing snitch snitches snitching informer rat witness court "
        "lies liar statement evidence testify testified testimony parole panel",
        r"\b(?:grass|grasses|grassed|grassing|snitch\w*|informer|rat|witness box|"
        r"stands? up in court|tells? lies|liar|statement|evidence|testif\w+|parole board|"
        r"review panel)\b",
    ),
    construction(
        "admiring",
        "admiring someone's things or family",
        "nice lovely pretty sweet cosy handy cute fancy big",
        r"\b(?:nice|lovely|pretty|sweet|cosy|handy|cute|fancy|big) (?:\w+ ){0,2}"
        r"(?:car|motor|van|house|place|flat|fence|garden|door|dog|cat|windows?|kids?|family|"
        r"balcony|drive|business|shop|area|street|girls?|boys?|lad|curtains|cars)\b",
    ),
    construction(
        "hoping",
        "a hope about someone",
        "hope trust bet",
        r"\b(?:hope|trust|bet) (?:you|your|she|he|they|nothing|it)\b",
    ),
    construction(
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
    construction(
        "whereabouts",
        "knowing where someone is or what they do",
        "know knows knew found find worked heard told tells comings whereabouts moved date "
        "keeps kept looks",
        r"\b(?:know|knows|knew|found out|find out|worked out|heard|told me|tells me|keeps? me|"
        r"kept me) (?:\w+ ){0,3}(?:where(?! i)|you're at|you are at|you're still at|"
        r"you are still at|you're working at|you're living|you're staying|"
        r"which (?:street|road|house|school|estate|flat|"
        r"door|shop|bus|gym|pub|wing|cell|town|village)|what (?:\w+ ){0,3}looks like|"
        r"(?:your|her|his) (?:new )?address|you(?:'ve)? moved|(?:posted|up to date|informed)|"
        r"comings and goings|whereabouts|what time)|comings and goings|whereabouts\b",
    ),
    construction(
        "your_habits",
        "the reader's own habits known",
        "still always usually normally never often regularly",
        rf"\b{YOU} (?:still|always|usually|normally|never|often|regularly) (?:\w+ ){{0,2}}"
        rf"[^.!?\n]*?(?:{WHEN}|\b(?:the )?(?:back|same|long|short) way\b|"
        r"\bsame (?:stool|seat|table|spot|bench|route|bus|time|place|pub|gym|corner)\b)",
    ),
    construction(
        "left_open",
        "something left unlocked or open",
        "locked unlocked open",
        r"\b(?:(?:never|not|isn't|is not|aren't|always|still|never gets?) (?:\w+ )?(?:locked|"
        r"unlocked|left open)|left (?:\w+ ){0,2}(?:unlocked|open)|unlocked)\b",
    ),
    construction(
        "reader_routine",
        "the reader's family at a time or place they keep",
        "your yer ur",
        rf"\b(?:your|yer|ur) (?:\w+ )?{KIN}\b[^.!?\n]*\b{WHEN}|"
        rf"\b{WHEN}[^.!?\n]*\b(?:your|yer|ur) (?:\w+ )?{KIN}\b",
    ),
    construction(
        "proxy_meeting",
        "someone else keen to meet the reader",
        "love like want wants keen looking forward dying waiting",
        r"\b(?:he|they|she|my \w+|the lads|the boys|some (?:\w+ )?(?:people|friends|lads)|"
        r"a few (?:\w+ )?(?:people|friends|lads|of my \w+))(?:'d| would| is| are|'s|'re)? "
        r"(?:\w+ ){0,3}(?:love|like|want|wants|keen|looking forward|dying|waiting) (?:\w+ ){0,2}"
        r"(?:meet|meeting|chat|word|see|seeing|catch up|visit|introduce|get to know) "
        rf"(?:\w+ ){{0,2}}{YOU}\b",
    ),
    construction(
        "word_reaches",
        "someone passing on news of the reader",
        "mine ours little bird mentioned gets reckons says said tells told saw seen spotted",
        r"\b(?:a (?:\w+ )?(?:mate|friend|pal|cousin|lad|mate's \w+) of (?:mine|ours)|"
        r"a little bird|funny what (?:gets|you hear)|(?:gets|got) mentioned|word (?:is|has it|"
        r"gets)|my (?:\w+ ){0,2}(?:mate|friend|cousin|pal|brother|sister|uncle|nephew|source|"
        r"sources|missus) (?:\w+ )?(?:says|said|tells|told|saw|seen|spotted|reckons|mentioned))\b",
    ),
    construction(
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
    construction(
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
        r"out)|mind how (?:you|she|he|they) go|(?<!hope you )(?<!want you to )(?<!hope they )"
        r"think (?:about|on) (?:that|this|it) (?:\w+ ){0,2}(?:before|next time|when|while|"
        r"every time))",
    ),
    construction(
        "no_hiding",
        "no hiding from the writer",
        "hide disappear vanish escape run away don't",
        rf"\b{YOU} (?:\w+ ){{0,3}}(?:can't|cannot|can|could|won't|will never|never|couldn't) "
        r"(?:just |really |ever |simply )?(?:hide|disappear|vanish|escape|run away|get away from)"
        r"|\bnowhere (?:to|you can|you could) (?:hide|run)|\bdon't think i don't\b",
    ),
    construction(
        "passing_by",
        "someone passing the reader's place",
        "past by through",
        r"\b(?:drive|drives|drove|driving|walk|walks|walked|walking|go|goes|went|going|pass|"
        r"passes|passed|passing|cycle|cycles|run|runs) (?:right )?(?:past|by) (?:it|there|yours|"
        r"your|her|his|their|the (?:house|flat|estate|school|shop))\b|\b(?:drive|drives|drove|"
        r"driving|walk|walks|walked|walking|cut|cuts) through (?:your|her|his|their|the) (?:\w+ )?"
        r"(?:estate|street|road|close|area|village)\b",
    ),
    construction(
        "unsettled",
        "the reader kept from feeling safe or at rest",
        "comfortable comfy settled cosy relaxed easy soundly awake eye",
        rf"\b{YOU} (?:\w+ ){{0,3}}(?:feel|feeling|get|getting|be|rest|resting|sleep|sleeping|"
        r"settle|lie|lying) (?:\w+ )?(?:too |so |that |very |nice and )?(?:comfortable|comfy|"
        r"settled|cosy|relaxed|easy|soundly|awake)\b|\bsleep with one eye open|"
        r"\blie awake (?:\w+ ){0,3}(?:wondering|waiting|thinking)",
    ),
    construction(
        "next_in_line",
        "someone named as next",
        "next",
        r"\b(?:you're|you are|youre|ur|your \w+(?:'s| is)|he's|she's|they're|he is|she is|"
        r"they are|you'll be|he'll be|she'll be|they'll be) (?:\w+ )?next\b(?! (?:week|month|"
        r"year|time|door|letter|meeting|session|step|visit|day|to|in line for|on the list for))",
    ),
    construction(
        "coming_round",
        "a reckoning that will come round",
        "coming come comes",
        r"\b(?:(?:your|his|her|their) (?:day|turn|time) (?:will|'ll|is|is going to) "
        r"(?:come|coming)|(?:it's|its|it is|that's|something's|what's) coming (?:for|to) "
        r"(?:you|ya|u|them|him|her)|when it's coming|(?:a )?way of coming (?:back|round|around)|"
        r"comes? back (?:round|around) (?:to|on)|(?:it'll|it will) come (?:back )?(?:round|"
        r"around|back) (?:to|on) (?:you|ya|u))\b",
    ),
    construction(
        "see_you_again",
        "a meeting promised",
        "see seeing",
        r"\b(?:(?:i'll|i will|we'll|we will|ill) (?:\w+ )?see (?:you|ya|u) (?:soon enough|"
        r"around|about|on the out|out there|outside|before long|sooner than you think|one day|"
        r"when (?:you|i) (?:least|get|'re|'m))|(?:i'll|we'll|i will|we will) be seeing "
        r"(?:you|ya|u)|see (?:you|ya|u) (?:soon enough|around|on the out|sooner than you think))",
    ),
    construction(
        "people_nearby",
        "people near the reader the writer could call on",
        "lose know owe round",
        r"\b(?:nothing (?:left )?to lose|(?:i|we) know (?:most|all|half|plenty|loads|a lot|"
        r"lots|a few|every one|each) of (?:them|'em|em|the \w+)|(?:people|lads|blokes|men|folk|"
        r"boys|faces) (?:\w+ ){0,2}round your (?:way|end|area|bit)|owes? me (?:a favour|"
        r"favours|one))\b",
    ),
    construction(
        "get_noticed",
        "things like the reader's coming to harm",
        "noticed targeted torched keyed nicked scratched damaged attention",
        r"\b(?:(?:cars?|vans?|motors?|houses?|places?|things|bikes?|windows|people) (?:\w+ ){0,2}"
        r"like (?:that|yours|those|this|hers|his) (?:\w+ )?(?:get|gets|tend to get|can get|do "
        r"get|attract) (?:\w+ )?(?:noticed|targeted|torched|keyed|nicked|scratched|damaged|"
        r"broken into|attention)|(?:gets?|getting) (?:itself )?(?:noticed|targeted|torched|"
        r"keyed))\b",
    ),
    construction(
        "unseen",
        "harm that nobody would see",
        "nobody no watching looking accidents accident",
        r"\b(?:(?:when|while|and|if) (?:nobody|no one|no-one)(?:'s| is| was)? (?:\w+ )?(?:watching|"
        r"looking|around|about)|(?:nobody|no one|no-one) (?:\w+ ){0,2}(?:sees?|saw|seen|hears?|"
        r"heard|knows?) (?:anything|a thing|owt)|(?:nobody|no one|no-one) would (?:ever )?"
        r"(?:know|see|hear)|accidents (?:happen|will happen)|(?:have|had|having|has) (?:an )?"
        r"accidents?)\b",
    ),
    construction(
        "while_it_lasts",
        "something good said to be ending",
        "while lasts last",
        r"\b(?:while (?:it lasts|you can|you still (?:can|have|got)|you've (?:still )?got "
        r"(?:it|them|her|him))|(?:it|that|this|the quiet|your luck) (?:won't|will not|can't|"
        r"isn't going to) last)\b",
    ),
    construction(
        "others_wont_wait",
        "others said not to go through the process or to wait",
        "everyone everybody people others some all they",
        r"\b(?:not (?:everyone|everybody|all of them|all my \w+)\b (?:[\w',-]+ ){0,8}?(?:is |are "
        r"|will |would |wants? to )?(?:going to |gonna )?|(?:some people|others|people|they)\b "
        r"(?:[\w',-]+ ){0,4}?(?:won't|wont|will not|aren't|are not|don't|do not) (?:going to |"
        r"gonna |be )?)(?:go(?:ing)? through|bother(?:ing)? with|wait(?:ing)? for|use|using|"
        r"writ(?:e|ing)|as patient|as polite|as nice|as forgiving)\b",
    ),
    construction(
        "countdown",
        "a count of days or time running down",
        "count counting counted tick days clock time's numbered",
        r"\b(?:count(?:ing|ed)? (?:them|the days|the weeks|the months|down)|tick,? tock|"
        r"days? (?:are|is) numbered|(?:the )?clock(?:'s| is) ticking|time's (?:ticking|running "
        r"out))\b",
    ),
    construction(
        "private_details",
        "the reader's private details kept by someone",
        "have got know remember kept still",
        r"\b(?:have|got|know|remember|kept|keep)\b (?:[\w',-]+ ){0,6}?(?:your|her|his|their) "
        r"(?:[\w',-]+ )?(?:passwords?|pin|pins|bank|accounts?|house keys|spare key|logins?|"
        r"passcode|card details|bank details)\b",
    ),
)
