"""Constructions of requests for contact outside the process, and of those through it."""

from __future__ import annotations

from moderation.screening.lexicon.base import KIN, Construction, construction

RINGS = ("ring", "call", "text", "phone", "whatsapp", "message", "bell")
WHOM = ("me", "us", "him", "her")

CONTACT: tuple[Construction, ...] = (
    construction(
        "channel",
        "a phone, message, address or account",
        "phone ring call telephone mobile text email e mail message dm whatsapp snap snapchat "
        "insta instagram facebook fb tiktok add follow online website page number address drop "
        "write post bell inbox send dms hmu hit search emailed emailing texted texting phoned "
        "phoning messaged messaging ringing inboxed",
        r"\b(?:phone|ring|call|telephone|mobile|text|email|e-mail|message|dm|whatsapp|snap|"
        r"emailed|emailing|texted|texting|phoned|phoning|messaged|messaging|ringing|inboxed|"
        r"snapchat|insta|instagram|facebook|fb|tiktok|add me|follow me|online|website|"
        r"(?:my|the) page|number|address|drop (?:me )?a line|write (?:to me|back|direct|"
        r"straight)|post (?:it|them|your|letters)? ?(?:straight|direct|to me|there)|bell|inbox|"
        r"send (?:me|it|them|things|messages|word)|dms|hmu|hit me up|search (?:for )?me)\b",
    ),
    construction(
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
    construction(
        "directly",
        "directly, privately, just the two of them",
        "direct directly straight yourself myself personally privately private ourselves quietly "
        "secret just two between only own",
        r"\b(?:direct|directly|straight (?:to|back|there|here)|yourself|myself|personally|"
        r"privately|private|ourselves|quietly|secret|just (?:us|me|you|the two)|the two of us|"
        r"us two|you and me|me and you|between (?:us|ourselves|me and you|you and me)|only us|"
        r"on my own|on your own)\b",
    ),
    construction(
        "around_process",
        "leaving the process out",
        "without instead rather skip need needs needn't else off forms paperwork facilitator "
        "facilitators middle referee chaperone man through quicker faster easier simpler better "
        "letter posting waiting forth vetted checking every reading listening sit rigmarole "
        "formality formalities permission red likes run past bother bothering informed told aware "
        "involved intermediary intermediaries running keep keeping leave forget sooner",
        r"\b(?:without (?:\w+ ){0,3}|instead of|rather than|skip|no need (?:for|to)|"
        r"(?:don't|doesn't|do not|does not) need (?:to|the|a|her|him|them|anybody|anyone|"
        r"[a-z]+'s)|needn't|nobody else|no one else|no-one else|off the (?:books|record)|"
        r"no (?:forms|paperwork|facilitators?|middle ?man|referee|chaperone|go-between)|"
        r"not through|(?:quicker|faster|easier|simpler|better) (?:than|that way|to)|all this "
        r"(?:\w+ )?(?:letter|posting|waiting|back and forth|going through)|waiting (?:a month|"
        r"weeks|for)|vetted|checking|reads? every|reading (?:every|our|it)|listening in|"
        r"sit in on|rigmarole|formalit\w+|permission|red tape|whether \w+ likes it|"
        r"run(?:ning)? (?:it|this|that|anything|any of (?:it|this)) (?:\w+ )?past|"
        r"bother(?:ing)? (?:the|her|him|them)|need(?:s)? (?:not |never )?(?:be|to be) "
        r"(?:informed|told|made aware|involved)|intermediar\w+|"
        r"(?:keep|keeping|leave) (?:\w+ ){1,3}out of (?:it|this|things)|"
        r"forget (?:about )?(?:the|her|his|their|all|[a-z]+'s) (?:\w+ )?(?:timetable|process|rules|"
        r"letters|forms|schedule|service|system|waiting)|"
        r"(?:rather|sooner) (?:\w+ ){1,5}than (?:\w+ ){0,2}(?:letters?|writing|reading|waiting|"
        r"going through))\b",
    ),
    construction(
        "secrecy",
        "keeping something secret",
        "tell mention say let show know read see keep without behind",
        r"\b(?:(?:don't|do not|no need to|best not to|please don't|never) (?:\w+ )?(?:tell|"
        r"mention|say|let on|show)|(?:doesn't|don't|won't) (?:need|have) to know|(?:nobody|"
        r"no one|no-one) (?:has|needs) to (?:know|see|read)|keep (?:it|this) (?:between|quiet|"
        r"to yourself|off)|without (?:\w+ )?(?:knowing|finding out)|behind)\b",
    ),
    construction(
        "the_process",
        "the process and its people",
        "facilitator facilitators facilitated facilitating facilitation service probation "
        "mediator mediation mediated scheme process office forms paperwork caseworker worker "
        "officer through",
        r"\b(?:facilitat\w+|the service|probation|mediat\w+|the scheme|the process|the office|"
        r"forms|paperwork|caseworker|social worker|officer|through (?:\w+ )?(?:her|him|them|"
        r"the \w+))\b",
    ),
    construction(
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
        r"be|pick|meet|write|ring|call)|i can (?:\w+ )?(?:meet|come|pick|ring|call|pop|visit)|"
        r"i could (?:\w+ )?(?:meet|come|pick|ring|call|pop|visit)|"
        r"(?:(?<![a-z',] )(?<![a-z'])|, |and |so |then |or )"
        r"(?:come|pop|drop|write|ring|call|phone|text|message|email|send|give|add|follow|get|"
        r"put|post|tell|let|meet|visit|turn|find|look|knock|bring|leave|pass))\b",
    ),
    construction(
        "keep_in_touch",
        "keeping in touch after or outside the process",
        "touch writing talking over done finished wrapped after once",
        r"\b(?:(?:keep|stay|be|get|kept|staying) in touch|carry on (?:writing|talking)|"
        r"keep (?:writing|talking)|(?:once|when|after) (?:this|it|all this|everything) (?:is |"
        r"'s )?(?:all )?(?:over|done|finished|wrapped up|sorted))\b",
    ),
    construction(
        "our_secret",
        "keeping word from someone",
        "tell telling secret between dont don't say mention",
        r"\b(?:(?:won't|wont|will not|never) tell (?:\w+ ){0,2}if you|our (?:little )?secret|"
        r"between (?:you and me|me and you|us|ourselves)|(?:dont|don't|do not|never) (?:say|"
        r"tell|mention) (?:nothing|anything|owt|a word)|(?:dont|do not) (?:\w+ )?(?:tell|"
        r"mention|say|let on))\b",
    ),
    construction(
        "direct_channel",
        "a way to reach the writer directly",
        "add find look flag dm request note wiper door bank cash sort code say",
        r"\b(?:(?:add|find|look) (?:me|us) (?:up )?on|(?:dm|inbox|message) me|friend request|"
        r"follow request|leave (?:a note|it|something) (?:under|on|in|at|with)|flag me down|"
        r"bank details|sort code|cash in hand|(?:just )?say (?:\w+ ){0,4}and i'll (?:know|"
        r"understand)|code ?word|ask for (?:me|him|her) (?:at|by name))\b",
    ),
    construction(
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
    construction(
        "declined",
        "declining, or telling what was asked",
        "want ready wish intend planning going expect interested asked meet see contact write ring "
        "call visit allowed shouldn't",
        r"\b(?:(?:don't|do not|didn't|won't|wouldn't|not|never) (?:\w+ ){0,2}(?:want|ready|"
        r"wish|intend|planning|going to|expect|interested)|asked (?:me |if |whether |about )|"
        r"you asked|(?:can't|cannot|couldn't|won't|not allowed to) (?:\w+ )?(?:meet|see|contact|"
        r"write|ring|call|visit)|not allowed|shouldn't have)\b",
    ),
    construction(
        "go_between",
        "a relative or friend carrying word",
        "tell ask get pass give hand take bring leave word set works drinks comes",
        rf"\b(?:(?:tell|ask|get) (?:your|my) (?:\w+ )?{KIN}|(?:pass|give|hand|take|bring) "
        r"(?:it|this|them|a message|word|a note|something) (?:on )?to (?:your|my|her|him)|"
        r"(?:she|he|they)(?:'ll| will) (?:pass|bring|get|give|set)|leave (?:a message|it|word) "
        rf"with|word (?:to|through|via)|my (?:\w+ )?{KIN} (?:can|could|will|'ll|does|works|"
        r"drinks|comes))\b",
    ),
    construction(
        "visit_arranged",
        "a prison visit or meeting set up by the writer",
        "book booked booking visit visits visiting guest list order",
        r"\b(?:book(?:ed|ing)? (?:a |the |your |my )?visits?|visiting order|visits? (?:hall|"
        r"booking|line)|as (?:her|his|my|their|a) guest|(?:on|with) (?:her|his|my|their) visits?|"
        r"(?:on|onto) (?:my|the|his|her) (?:visits? |visiting |vo )?list)\b",
    ),
    construction(
        "number_to_ring",
        "a number to ring or text",
        "ring call text phone whatsapp message bell",
        # (each verb with its object in full, so that the strings a match needs are long ones)
        rf"\b(?:{'|'.join(f'{verb} {whom}' for verb in RINGS for whom in WHOM)}|"
        rf"{'|'.join(f'{verb} my' for verb in RINGS)} \w+)\b[^.!?\n]{{0,60}}?\+?\d{{3}}",
    ),
    construction(
        "later_contact",
        "a time to be in touch later",
        "when from next one day any whenever",
        r"\b(?:when (?:you're|you are|you get|i'm|i get) (?:out|released)|when you get your|"
        r"from now on|next time you're|one (?:afternoon|morning|evening|day|saturday|sunday|"
        r"week)|day or night|any time|whenever)\b",
    ),
)
