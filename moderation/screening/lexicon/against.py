"""Constructions of what makes a sentence something else: remorse, fear, a figure of speech."""

from __future__ import annotations

from moderation.screening.lexicon.base import Construction, construction

AGAINST: tuple[Construction, ...] = (
    construction(
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
    construction(
        "goodwill",
        "goodwill",
        "hope care best wishes glad pleased thank thanks grateful proud done luck let stick keep "
        "good",
        r"\b(?:i hope you(?:'re| are)? (?:well|ok|okay|doing|find|get|have|can|manage|feel)|"
        r"take care|all the best|best wishes|glad|pleased|thank|thanks|grateful|proud of|"
        r"well done|good luck|don't let (?:\w+ ){0,5}(?:talk you out|put you off|get to you|"
        r"stop you)|stick (?:with|at) it|keep (?:it up|going)|good for you)\b",
    ),
    construction(
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
    construction(
        "injury_told",
        "an injury from the offence described",
        "broke broken fractured cracked bruised dislocated sprained fell pushed knocked",
        r"\b(?:(?:broke|broken|fractured|cracked|bruised|dislocated|sprained) (?:my|his|her|our) "
        r"(?:\w+ )?(?:wrist|arm|leg|nose|jaw|cheekbone|ribs?|hip|head|hand|ankle|shoulder|lip|"
        r"eye|collarbone|finger|knee|back|skull)|(?:fell|was pushed|was knocked|got knocked|"
        r"landed) (?:\w+ )?(?:against|on|into|onto|over|down|to the ground))\b",
    ),
    construction(
        "reader_past",
        "what the reader did, told back",
        "broke smashed hit kicked punched threw stole took grabbed pushed poured cut attacked "
        "robbed burgled stabbed knocked pulled",
        r"\byou\b (?:\w+ )?(?:broke|smashed|hit|kicked|punched|threw|stole|took|grabbed|pushed|"
        r"poured|cut|attacked|robbed|burgled|stabbed|knocked|pulled)\b",
    ),
    construction(
        "hoping_change",
        "a hope that the reader reflects or changes",
        "hope want need like",
        r"\b(?:i hope|i want you to|i need you to|i'd like you to|i would like you to) (?:\w+ )?"
        r"(?:think|remember|understand|learn|realise|realize|reflect|feel|change|carry|are sorry|"
        r"makes? you|keeps? you)\b",
    ),
    construction(
        "afraid",
        "someone afraid",
        "scared afraid frightened terrified nervous anxious jumpy panic panicked panicking "
        "sleep flinch flinches flinched nightmare nightmares go",
        r"\b(?:i|we|my \w+|she|he|they)(?:'m| am| was| were| is| are| feel| felt|'re|'s)? "
        r"(?:still )?(?:scared|afraid|frightened|terrified|nervous|anxious|jumpy|panic\w*|"
        r"can't sleep|couldn't sleep|won't go|can't go|flinch\w*|nightmares?)\b",
    ),
    construction(
        "keeping_away",
        "someone keeping away from the reader",
        "far miles away different other stay keep never won't conditions zone licence near worry",
        r"\b(?:far (?:away )?from|miles (?:away )?from|a long way from|(?:different|another) "
        r"(?:city|town|area|county|part)|other (?:side|end) of the country|(?:stay|keep|kept|"
        r"staying|keeping) (?:well )?(?:away|clear)|won't (?:be )?(?:coming|come|go|going) "
        r"(?:back|near|anywhere)|never (?:come|go|be) (?:back|near)|(?:licence|bail) "
        r"conditions?|exclusion zone)\b|\b(?:i've not|i have not|i haven't|i've never|"
        r"i have never|i won't|i will not|i'll never|i will never|i'm not|i am not)(?: \w+){0,2} "
        r"(?:been|go|going|come|coming|gone|set foot) (?:\w+ )?(?:near|round to|to your)\b|"
        r"\bnever (?:have|need) to (?:worry|see|hear)(?: \w+){0,2} (?:me|from me)\b",
    ),
    construction(
        "idiom",
        "a figure of speech",
        "dead killing kill dying die death jump jumping jumped end cut drop",
        r"\b(?:dead (?:on my feet|tired|beat|loss|end|easy|right|set|serious|quiet|good|"
        r"against)|killing (?:me|myself laughing)|kill (?:for|time)|dying (?:for|to)|to die for|"
        r"(?:bored|scared|sick|worried) to death|over my dead|jump(?:ing|ed|s)? (?:at|out of|the "
        r"queue|through|in)|in the end|at the end|end of the day|end up|ends meet|end (?:this|"
        r"the) letter|cut (?:down|back|corners|ties|short|it out)|drop (?:you|me) a line)\b",
    ),
    construction(
        "credit",
        "credit given to the reader",
        "you've you done worked listened kept proud credit",
        r"\b(?:you've (?:done|worked|listened|kept|shown|put|been honest|turned up|come a long)|"
        r"credit to you|proud of you|you did (?:well|your))\b",
    ),
    construction(
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
)
