"""Constructions of thoughts of self-harm or suicide, and of someone else's death."""

from __future__ import annotations

from moderation.screening.lexicon.base import Construction, construction

SELF_HARM: tuple[Construction, ...] = (
    construction(
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
    construction(
        "self_injury",
        "hurting oneself",
        "myself arm arms leg legs wrist wrists thigh thighs skin head body stomach chest again "
        "cutting",
        r"\b(?:cut|cutting|scratch\w*|burn\w*|bang\w*|punch\w*|hurt\w*|harm\w*|bleed\w*|scars?|"
        r"marks?) (?:\w+ ){0,2}(?:myself|my (?:\w+ )?(?:arms?|legs?|wrists?|thighs?|skin|head|"
        r"body|stomach|chest))\b|\b(?:what|something|anything) i(?:'ll| will| might|'d| would)? "
        r"(?:\w+ )?do to myself\b|\bdo (?:something|anything) (?:\w+ )?to myself\b|"
        r"\b(?:cutting|self[- ]?harm\w*) again\b|\bstarted cutting\b",
    ),
    construction(
        "finality",
        "an ending or a farewell",
        "around here longer letter goodbye goodbyes gone after mind peace date ready going release "
        "make end ending kill life top wake anymore more myself fade properly next job finished "
        "suicide suicidal die died dead dying death better favour stops problem needing need "
        "heading headed",
        r"\b(?:won't be (?:\w+ ){0,2}(?:around|here|a problem|needing|need)|(?:not|no longer) "
        r"(?:be )?(?:around|here)|much longer|last letter|(?:say|said|saying) goodbye|goodbyes?|"
        r"when i'm gone|after i'm gone|once i've gone|for after|made my (?:mind|peace)|"
        r"picked a date|set a date|ready to go|where i'm going|see (?:my|the) release|"
        r"where i'm (?:heading|headed|off to)|"
        r"make it to|end it|ending it|end things|end my life|kill myself|take my (?:own )?life|"
        r"top myself|not wake up|never wake|don't wake|didn't wake|wake up|any ?more|be gone|"
        r"this all stops|let myself|fade|do it properly|next time|finish(?:ed)? the job|"
        r"finished me off|suicid\w*|die|died|dead|dying|death|better off|favour)\b",
    ),
    construction(
        "preparing",
        "putting things in order or getting ready",
        "given giving give gave affairs order will will's paperwork written goodbye letter "
        "letters left nobody less saving saved hoard hoarding stockpile stockpiling keeping "
        "counted enough looked looking research researching working worked picturing planned "
        "planning decided sorted sorting cleared clearing notes",
        r"\b(?:giv(?:en|ing|e) (?:away )?(?:\w+ ){0,3}(?:to|away)|gave (?:\w+ ){0,3}to|affairs|"
        r"in order|will's done|my will|the will|sorted (?:everything|the paperwork|it all|out)|"
        r"paperwork|written (?:to|the|letters|a letter|notes?)|goodbye notes?|letters? (?:to|for)|"
        r"goodbye (?:letters?|messages?|cards?)|(?:letters?|notes?) (?:saying )?goodbye|"
        r"(?:sorted|sorting|cleared|clearing) (?:out )?(?:all )?my (?:\w+ )?(?:things|stuff|tools|"
        r"clothes|belongings|bits|room|cell|flat)|"
        r"left (?:them|it|things|some things) with|so nobody has to|less to sort|saving|saved|"
        r"hoard\w*|stockpil\w*|keeping (?:\w+ ){0,2}back|counted|enough now|nearly got enough|"
        r"got enough|looked up|look(?:ing|ed)? up how|research\w*|working out|worked out|"
        r"picturing|planned|planning|decided)\b",
    ),
    construction(
        "burden",
        "being a burden or not missed",
        "better favour burden nobody one problem deserve shouldn't worth",
        r"\b(?:better off (?:without|if)|(?:everyone|everybody|the world|they|she|he) "
        r"(?:would|'d) be better|doing (?:everyone|them|the world) a favour|a burden|"
        r"nobody would (?:\w+ )?(?:notice|miss|care)|no one would (?:\w+ )?(?:notice|miss|care)|"
        r"won't be a problem|don't deserve to|shouldn't be here|not worth)\b",
    ),
    construction(
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
    construction(
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
    construction(
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
    construction(
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
    construction(
        "giving_away",
        "giving things away or leaving instructions",
        "away needing need have happens tell find look make left note notes label labels sticker "
        "stickers gets having",
        # (whole phrases as alternatives, so that the strings a match needs are long ones)
        r"\b(?:(?:given|giving|gave|give) (?:\w+ ){0,8}away|won't be needing|(?:won't need|"
        r"wouldn't need|will not need|don't think i'll need|i'll not need|not going to need) "
        r"(?:it|them|any|my|those|these)|(?:note on|notes on|label on|labels on|sticker on|"
        r"stickers on) (?:each|every|them|it)|who gets (?:it|what|them|which|my)|"
        r"who's having|who is having|(?:can|should|could) have my|"
        r"if (?:anything|something) (?:\w+ )?"
        r"happens|who(?:'d| would|'ll| will) find me|when they find me|look after (?:my|the) "
        r"(?:\w+ ){0,2}for me|make sure (?:my|she|he|they) (?:\w+ ){0,3}gets?|left (?:\w+ ){0,3}"
        r"(?:to|with) (?:my|her|him))\b",
    ),
    construction(
        "not_here",
        "not being here any more",
        "here around waking wake disappear disappeared sleep living lose gone exist longer",
        r"\b(?:(?:still|won't|will not|wont|not) be (?:here|around)|not (?:bother )?(?:wak\w+|"
        r"wake) up|disappear\w* (?:for good|forever|for ever)|(?:wish|wished) i (?:could )?"
        r"(?:just )?(?:disappear\w*|wasn't here|was dead|hadn't woken|didn't exist|was gone)|"
        r"go on living|(?:lose|lost) it on|(?:won't|will not|wont|not) (?:have|need) to "
        r"(?:worry|put up|deal) (?:\w+ ){0,2}(?:me|with me) (?:\w+ )?longer|"
        r"(?:sleep|sleeping) (?:\w+ ){0,3}(?:not|never) "
        r"(?:wake|waking)|stop existing|be gone)\b",
    ),
    construction(
        "ligature",
        "preparing a ligature or a fall",
        "tying tied tie weight hold knot strips bars belt cord laces high drop",
        r"\b(?:(?:tying|tied|tie) (?:\w+ ){0,4}(?:sheets?|belt|cord|rope|laces|strips?|bars|"
        r"together|knot)|(?:how much|my) weight|hold my weight|(?:knot|noose)|"
        r"how (?:high|far) (?:the|it) (?:drop|fall))\b",
    ),
)
