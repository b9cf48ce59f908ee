"""Classes of words: sets of words that play the same part in a sentence."""

from __future__ import annotations

from moderation.screening.lexicon.base import WordClass, word_class

CLASSES: tuple[WordClass, ...] = (
    word_class(
        "you",
        "words aimed at the reader",
        "you your yours yourself yourselves ya yer ur u ye youse you're you've you'll you'd "
        "youre youve youll",
    ),
    word_class(
        "i", "the writer speaking of themselves", "i me my mine myself i'm i've i'll i'd im ive"
    ),
    word_class("we", "the two of them together", "we us our ourselves we'll we're we've we'd"),
    word_class(
        "kin",
        "someone close to a person",
        "wife husband missus partner son daughter kids kid children child boy boys girl girls "
        "lad mum mam mom mother dad father nan nana gran granny grandad grandson granddaughter "
        "grandkids grandchildren sister brother family baby youngest eldest girlfriend "
        "boyfriend fiance fiancee parents nephew niece auntie aunt uncle cousin",
    ),
    word_class(
        "allies",
        "people who could act for someone",
        "mates mate lads boys brothers cousins uncles friends pals pal people folk crew gang "
        "associates contacts someone somebody anybody anyone fella others",
    ),
    word_class(
        "place",
        "where someone lives, goes or works",
        "school work shift shifts gym bus stop walk walks walking route home house flat street "
        "road estate shop car cars van motor drive driveway door doorstep front window windows "
        "garden fence curtains letterbox balcony park parked parks football club pub centre "
        "gate gates town area corner wing landing cell canteen dinner yard workshop job office "
        "bookies chippy bins shed taxi business neighbours playground bed place supermarket "
        "shopping shops nursery college church allotment station queue precinct",
    ),
    word_class(
        "time",
        "the times of someone's routine",
        "night nights tonight evening evenings morning mornings dark overnight early late "
        "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
        "thursdays fridays saturdays sundays weekend weekends o'clock half every always usually "
        "still same routine routines habit daily nightly weekly regular usual",
    ),
    word_class(
        "see",
        "seeing, knowing or watching",
        "know knows knew known see seen saw sees noticed notice notices watch watching watched "
        "clocked spotted hear heard hears told tells eye eyes picture photo photos face faces "
        "mentioned",
    ),
    word_class(
        "harm",
        "harm or damage",
        "hurt hurts harm burn burns burned burnt fire torch torched smash smashed break broken "
        "stab kill beat batter kick punch hit accident accidents damage blood knife blade petrol "
        "brick lighter teeth wheelchair hospital pay suffer regret trouble danger dangerous "
        "unsafe scared afraid frightened lesson",
    ),
    word_class(
        "mishap",
        "something bad happening",
        "happen happens happened happening shame pity sad awful terrible consequences surprised "
        "safe careful lonely funny ends",
    ),
    word_class(
        "future",
        "something still to come",
        "will would might may could gonna going soon when once until eventually later next "
        "wait waiting patient ready counting tomorrow someday ever",
    ),
    word_class("condition", "a condition", "if unless before otherwise else or whether"),
    word_class(
        "advice",
        "advice or a warning",
        "should want wants better best careful mind watch think advice friendly warn warning "
        "choose pick hope wouldn't",
    ),
    word_class(
        "release",
        "someone's release",
        "out release released releases parole licence gate gates outside free freedom done",
    ),
    word_class(
        "grudge",
        "a grudge or a long memory",
        "memory memories remember remembers forget forgot forgotten patient patience grudge "
        "court statement evidence lies liar lying grass grasses grassed snitch snitches witness "
        "gallery trial testimony",
    ),
    word_class(
        "remorse",
        "remorse or goodwill",
        "sorry apologise apologize apology apologies ashamed forgive forgiveness guilt guilty "
        "fault responsibility blame thank thanks grateful glad pleased understand course "
        "counselling counsellor changed amends regrets remorse",
    ),
    word_class(
        "past",
        "the past",
        "was were did had happened took stole broke threw hit attacked robbed ago then years "
        "sentenced arrested police offence crime victim",
    ),
    word_class(
        "negation",
        "a negation",
        "not never no nothing nobody none neither nor without don't didn't won't wouldn't "
        "can't couldn't doesn't isn't wasn't aren't haven't hasn't shouldn't dont didnt wont "
        "cant",
    ),
    word_class(
        "means",
        "a means of self-harm",
        "pills pill tablets tablet meds medication paracetamol overdose rope noose sheet "
        "bedsheet ligature blade blades razor knife lighter hob cutting cut cuts scratching "
        "scratch burning bridge footbridge railway tracks train platform cliff cliffs ledge "
        "roof railings rail garage drown sea river hanging hang jump jumping stepping step "
        "wrists wrist bleed bleeding scars marks motorway edge",
    ),
    word_class(
        "body",
        "the body",
        "wrists wrist arms arm legs leg thighs thigh skin neck head chest stomach",
    ),
    word_class(
        "ending",
        "an ending",
        "end ending ended over gone goodbye goodbyes last final die died dead death dying alive "
        "living live life exist existing forever sleep wake waking woke stop stops around here "
        "anymore longer point peace calm calmer ready decided date after soon fade finish "
        "finished",
    ),
    word_class(
        "despair",
        "despair",
        "point pointless hopeless worthless burden tired enough cope nothing left deserve alone "
        "trapped empty numb favour problem nobody notice world miss trying bother",
    ),
    word_class(
        "preparing",
        "getting things ready",
        "given giving gave sorted sorting affairs order will paperwork letters note notes "
        "written wrote goodbye keeping saving saved hoarding stockpiling hide hidden counted "
        "enough jar sock drawer mattress pillow researching looked working picked picturing "
        "planned plan decided mind",
    ),
    word_class(
        "talk",
        "talking",
        "talk talking chat natter speak speaking conversation say sort clear air catch",
    ),
    word_class(
        "meeting",
        "meeting in person",
        "meet meeting see visit visits visiting come pop drop round gate gates door face person "
        "pint coffee brew tea cuppa drink lunch sit wait waiting outside pick find book list "
        "turn",
    ),
    word_class(
        "channel",
        "a way of getting in touch",
        "phone ring call calls telephone mobile text texts email emails message messages dm "
        "whatsapp snap snapchat insta instagram facebook fb tiktok add follow online website "
        "page number address line post write bell inbox send",
    ),
    word_class(
        "direct",
        "directly, privately",
        "direct directly straight yourself myself personally privately private ourselves "
        "quietly secret alone own just us two between only",
    ),
    word_class(
        "process",
        "the process and its people",
        "facilitator facilitators service probation mediator scheme process office forms form "
        "paperwork staff officer caseworker worker referee chaperone rigmarole formality formal "
        "vetted checking reading read middle permission system listening",
    ),
    word_class(
        "around",
        "leaving something out",
        "without instead rather skip need needs needn't mention tell know quicker faster "
        "easier forever weeks month slow bother",
    ),
    word_class(
        "asking",
        "asking or proposing",
        "can could would why let's lets just please if want like rather welcome free should "
        "maybe let we'll we shall give send come add follow love prefer",
    ),
    word_class(
        "arranged",
        "arranged through the process",
        "arrange arranges arranged arranging supervised facilitated through support properly "
        "organise organised set",
    ),
    word_class(
        "declining",
        "declining",
        "not never ready refuse asked asking wouldn't won't don't didn't decided",
    ),
)
