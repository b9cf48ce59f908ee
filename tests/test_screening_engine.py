"""The pure screening engine, `moderation.screening.screen`, and the `shuttle screen` command."""

from __future__ import annotations

import json
import random
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from moderation.screening import Category, Finding, Severity, engine, screen
from moderation.screening.engine import rule_findings
from moderation.screening.evaluation import load
from moderation.screening.rules import Rule
from tests.fixtures.processes import SHUTTLE, clean_env

EVAL = Path(__file__).parent / "screening" / "eval_letters.txt"

CATEGORIES = {"contact", "location", "identity", "threat", "contact_request", "self_harm"}
# One letter with a finding of every category, so field checks see all six.
EVERYTHING = (
    "Dear Sam, call me on 07700 900461 or write to kyle.w99@gmail.com. I live at 14 Alder Road, "
    "LS6 2QT. I was born on 3 May 1991. I know where you live. Give me your number. "
    "Everyone would be better off without me."
)


def _overlaps(finding: Finding, text: str, phrase: str) -> bool:
    at = text.index(phrase)
    return finding.start < at + len(phrase) and at < finding.end


def test_findings_carry_the_category_an_exact_span_a_reason_and_severity() -> None:
    # Given a letter with something of every category
    # When it is screened
    findings = screen(EVERYTHING)
    # Then every category is found, by its exact name
    assert {f.category.value for f in findings} == CATEGORIES
    for f in findings:
        # and each span is a Python string slice of the letter, in plain words
        assert 0 <= f.start < f.end <= len(EVERYTHING)
        assert EVERYTHING[f.start : f.end] == f.text
        assert f.reason.strip() and f.reason == f.reason.strip()
        assert any(c.isalpha() for c in f.reason) and "\\" not in f.reason
        # and only threats and self-harm are urgent
        urgent = f.category in (Category.threat, Category.self_harm)
        assert f.severity is (Severity.high if urgent else Severity.medium)


def test_findings_come_back_in_reading_order() -> None:
    # Given a letter whose findings come from several rules and categories
    # When it is screened
    starts = [f.start for f in screen(EVERYTHING)]
    # Then they are sorted by where they start
    assert len(starts) >= 6
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("text", "phrase", "category"),
    [
        ("Ring 07700 900461 tonight.", "07700 900461", "contact"),
        ("Ring +44 7700 900461 tonight.", "+44 7700 900461", "contact"),
        ("Ring (0161) 496 0732 tonight.", "(0161) 496 0732", "contact"),
        ("Ring 0113 496 0001 tonight.", "0113 496 0001", "contact"),
        ("Write to kyle.w99@gmail.com soon.", "kyle.w99@gmail.com", "contact"),
        ("See www.example.com/page for me.", "www.example.com/page", "contact"),
        ("See https://example.org/x for me.", "https://example.org/x", "contact"),
        ("Have a look at example.co.uk sometime.", "example.co.uk", "contact"),
        ("I post as @kylew99 these days.", "@kylew99", "contact"),
        ("My sister is at LS6 2QT now.", "LS6 2QT", "location"),
        ("I live at 14 Alder Road now.", "14 Alder Road", "location"),
        ("I live at Flat 3, 22 Mill Lane now.", "Flat 3, 22 Mill Lane", "location"),
        ("My prison number is A1234BC.", "A1234BC", "identity"),
        ("My car is AB12 CDE.", "AB12 CDE", "identity"),
        ("My NI number is QQ 12 34 56 C.", "QQ 12 34 56 C", "identity"),
        ("I was born on 3 May 1991.", "3 May 1991", "identity"),
        ("My full name is Daniel Okafor.", "Daniel Okafor", "identity"),
        ("I know where you live.", "I know where you live", "threat"),
        (
            "It would be a shame if something happened to your car.",
            "shame if something happened",
            "threat",
        ),
        ("Please give me your number.", "give me your number", "contact_request"),
        ("Just the two of us, no facilitators.", "just the two of us", "contact_request"),
        ("I've thought about ending it all.", "ending it all", "self_harm"),
        ("Everyone would be better off without me.", "better off without me", "self_harm"),
        # Clause rules: the parts of the message, in words no phrase rule lists.
        (
            "Your girl's walk to the bus stop must be lonely on dark mornings, I've noticed.",
            "noticed",
            "threat",
        ),
        (
            "Someone might torch that van of yours one of these nights.",
            "torch that van of yours",
            "threat",
        ),
        ("I've been putting my tablets by, a few each week.", "tablets", "self_harm"),
        ("Honestly I can't see the point in carrying on.", "point in carrying on", "self_harm"),
        (
            "Why don't we grab a brew when I'm out, no middle man.",
            "grab a brew",
            "contact_request",
        ),
        (
            "Tell your brother to pass my number on, he'll know what to do.",
            "tell your brother to",
            "contact_request",
        ),
        ("Send it to jan dot holt at example dot net instead.", "jan dot holt", "contact"),
        ("Phone oh seven seven double oh nine double oh four six one.", "seven", "contact"),
        ("My NI is qq123456b.", "qq123456b", "identity"),
        # Places named with their kind, prisons, partial postcodes, units, teams, landmarks.
        (
            "You'll find me at Ashdown Leisure Centre most days.",
            "Ashdown Leisure Centre",
            "location",
        ),
        (
            "She helps out at the Kelmscott community centre.",
            "Kelmscott community centre",
            "location",
        ),
        ("We're on the Larkfield estate now.", "Larkfield estate", "location"),
        ("I've been moved to HMP Stonebridge.", "HMP Stonebridge", "location"),
        ("I'm in BD7 now, near the park.", "BD7", "location"),
        ("We're at Unit 6, Foundry Lane.", "Unit 6", "location"),
        ("His lad plays for Moorside Athletic.", "Moorside Athletic", "location"),
        ("Ollerton Juniors under-10s train there.", "Ollerton Juniors", "location"),
        ("We're in the flats behind the Red Lion.", "flats behind the Red Lion", "location"),
        ("She's at Bright Smiles on the high street.", "Bright Smiles", "location"),
        ("We drink at the Fox and Hounds on Mill Lane.", "Fox and Hounds", "location"),
        # Identities in other shapes, and names given for others.
        ("My prison number is d 4412 kt.", "d 4412 kt", "identity"),
        ("I was born on the 2nd of March 1990.", "2nd of March 1990", "identity"),
        ("His name is Conor Blake-Hughes.", "Conor Blake-Hughes", "identity"),
        ("Give it to my cousin Jodie Marsh.", "Jodie Marsh", "identity"),
        ("My page is under Terri Lyons.", "Terri Lyons", "identity"),
        ("I'm on Instagram as Dean Farrow.", "Dean Farrow", "identity"),
        ("It's registered to me, Amir Haddad.", "Amir Haddad", "identity"),
        ("Lee Garvey, thirty-one, drives the blue van.", "Lee Garvey", "identity"),
        # The sixth round's kinds: rows of homes, referral units, a describing word before a
        # place's kind, practices and clubs, an employer, a postcode district after its place,
        # a stall by a landmark in a town; numbers, dates in words, names of other kinds.
        ("Send it to me at 4 Orchard Cottages.", "4 Orchard Cottages", "location"),
        ("He's at Eastfield Pupil Referral Unit now.", "Eastfield Pupil Referral Unit", "location"),
        (
            "She teaches at the Moor Lane adult learning centre.",
            "Moor Lane adult learning centre",
            "location",
        ),
        ("I'm on reception at the Hillside Dental Practice.", "Hillside Dental", "location"),
        ("She trains at Ashgrove Hockey Club on Mondays.", "Ashgrove Hockey Club", "location"),
        ("I drive for Swift Line Couriers now.", "Swift Line Couriers", "location"),
        ("She's back at her mum's on the Greenway estate, BD4.", "BD4", "location"),
        (
            "You'll find me at the flower stall outside the library in Brackley.",
            "flower stall outside the library in Brackley",
            "location",
        ),
        ("My visiting number, so you know, it's VS2231.", "VS2231", "identity"),
        ("I was born on the twenty-third of March 1988.", "twenty-third of March", "identity"),
        ("I went back to my maiden name, Sarah Whitcombe.", "Sarah Whitcombe", "identity"),
        ("It's Daniel James Corrigan if you want to look me up.", "Daniel James", "identity"),
        ("My details: Kieran Paul Moss, date of birth 02.04.1991.", "Kieran Paul Moss", "identity"),
        ("Add my brother on Snapchat, he's jay.t_44.", "jay.t_44", "contact"),
    ],
)
def test_each_category_is_found_in_its_common_forms(text: str, phrase: str, category: str) -> None:
    # Given a letter with one thing that must not cross as it is
    # When it is screened
    findings = screen(text)
    # Then a finding of the expected category covers part of that phrase
    assert any(
        f.category.value == category and _overlaps(f, text.lower(), phrase.lower())
        for f in findings
    ), [(f.category.value, f.text) for f in findings]


def test_a_bracketed_area_code_is_kept_whole_in_the_phone_span() -> None:
    # Given a phone number written with its area code in brackets
    text = "Ring (0161) 496 0732 tonight."
    # When it is screened
    phones = [f for f in screen(text) if f.reason == "a phone number"]
    # Then the span is the number as written, brackets and all
    assert [f.text for f in phones] == ["(0161) 496 0732"]


@pytest.mark.parametrize(
    "text",
    [
        "I served eighteen months and paid £250 on 14 March 2023 at 11.30pm.",
        "I would be willing to meet if Priya arranges it.",
        "I'm not ready to meet you, but I'm glad you wrote.",
        "I will never forgive myself for what I did.",
        "I was so angry I wanted to scream at you.",
        "We met at the pub on New Year's Eve.",
        "I smashed the windows of your shop and I am sorry.",
        "My son Tom starts school in September.",
        "I wanted to die of shame when the verdict was read out.",
        "I'd kill for a decent night's sleep.",
        "That night nearly killed me, but I'm still here.",
        "If you ever want to meet, I'd come, properly arranged through the service.",
        "You asked if I would meet you. I'm not ready to meet.",
        "I know your wife still has nightmares, and I'm sorry.",
        "When I get out I'm going to stay well away from that crowd.",
        "This will be my last letter for a while, not for any bad reason.",
        "Paying you back is the least I can do.",
        "Both arms were bruised for weeks.",
        "Her Majesty's Prison Service wrote to me about it.",
        "I got a B2 in maths and I was on the M6 for hours.",
        "We had to park round the back of the court.",
        "My mum's garage is full of my old things.",
        # A title and a surname is how letters sign; a meeting, a service or a day is not a place.
        "My name is Mrs Okoye and I run the newsagent.",
        "I go to the Thursday NA meeting and the Mass on Sundays.",
        "My daughter stays with us on Saturdays.",
        "I worked for Mr Hughes for six years.",
    ],
)
def test_ordinary_letter_sentences_give_no_findings(text: str) -> None:
    # Given a sentence that looks like a finding but is not one
    # When it is screened
    # Then nothing is reported
    assert screen(text) == []


def test_overlapping_matches_of_one_category_merge_into_one_span() -> None:
    # Given a threat that several threat rules match in overlapping, different stretches
    text = "I know where you live and I know your car, so watch your back and lock your doors."
    # When it is screened
    findings = screen(text)
    # Then there is one threat finding spanning all of them, its text the letter's own
    assert [(f.category, f.start, f.end) for f in findings] == [(Category.threat, 0, len(text) - 1)]
    assert findings[0].text == text[:-1]
    # while threats that do not overlap stay separate
    apart = "I know where you live. Watch your back."
    assert [f.text for f in screen(apart)] == ["I know where you live", "Watch your back"]


def test_a_flat_and_its_street_give_one_location() -> None:
    # Given an address whose flat and street are each a location on their own
    assert [f.category for f in screen("We walked down Mill Lane.")] == [Category.location]
    text = "I live at Flat 3, 22 Mill Lane now."
    # When it is screened
    # Then one location finding covers the whole address
    assert [(f.category, f.text) for f in screen(text)] == [
        (Category.location, "Flat 3, 22 Mill Lane")
    ]


def test_different_categories_may_overlap() -> None:
    # Given a request to be called that includes the number itself
    text = "Call me on 07700 900461"
    # When it is screened
    findings = {f.category: f for f in screen(text)}
    # Then both the request and the phone number are reported, overlapping
    assert set(findings) == {Category.contact_request, Category.contact}
    assert findings[Category.contact].text == "07700 900461"
    request, phone = findings[Category.contact_request], findings[Category.contact]
    assert request.start <= phone.start and phone.end <= request.end


def test_screening_is_deterministic() -> None:
    # Given a letter
    # When it is screened twice
    # Then the findings are equal
    assert screen(EVERYTHING) == screen(EVERYTHING)


def test_offsets_survive_a_character_whose_lower_case_is_longer() -> None:
    # Given a letter opening with "İ", which lower-cases to two characters
    text = "İzmir was lovely. I know where you live. Ring 07700 900461. Give me your number."
    assert len(text.lower()) != len(text)
    # When it is screened
    findings = screen(text)
    # Then every span still slices the original letter, including the phone number after it
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert [(f.category, f.text) for f in findings] == [
        (Category.threat, "I know where you live"),
        (Category.contact_request, "Ring 07700 900461"),
        (Category.contact, "07700 900461"),
        (Category.contact_request, "Give me your number"),
    ]


def test_the_one_pass_word_search_finds_every_needed_word_where_find_does() -> None:
    """Rules run only near their needed words; the single trie pass must miss none of them."""
    from moderation.screening.engine import _NEEDED, _Positions

    text = "\n".join(letter.text for letter in load(EVAL)).lower()
    positions = _Positions(text, text).words
    for word in _NEEDED:
        expected, at = [], text.find(word)
        while at != -1:
            expected.append(at)
            at = text.find(word, at + 1)
        assert positions.at(word) == expected, word


def test_as_dict_is_plain_json() -> None:
    # Given a finding
    finding = screen("Ring 07700 900461.")[0]
    # When it is turned into a dict
    data = finding.as_dict()
    # Then it has exactly these keys, with plain strings for the enums
    assert data == {
        "category": "contact",
        "start": 5,
        "end": 17,
        "text": "07700 900461",
        "reason": "a phone number",
        "severity": "medium",
    }
    assert type(data["category"]) is str and type(data["severity"]) is str


def _shuttle(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SHUTTLE, "screen", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(),
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_cli_screens_standard_input_as_json() -> None:
    # Given a letter on standard input
    letter = "Dear Sam,\nIt's me. Ring 07700 900461 if you like.\n"
    # When `shuttle screen - --json` reads it
    result = _shuttle("-", "--json", stdin=letter)
    # Then it prints the findings as JSON, with offsets into the letter
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    phones = [f for f in findings if f["reason"] == "a phone number"]
    assert len(phones) == 1
    assert phones[0]["category"] == "contact"
    assert letter[phones[0]["start"] : phones[0]["end"]] == phones[0]["text"] == "07700 900461"


@pytest.mark.slow
def test_cli_prints_one_line_per_finding_or_no_findings(tmp_path: Path) -> None:
    # Given a letter file with two findings and a file with none
    flagged = tmp_path / "flagged.txt"
    flagged.write_text("I know where you live. My number is 07700 900461.", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("My son Tom starts school in September.", encoding="utf-8")
    # When each is screened
    shown, quiet = _shuttle(str(flagged)), _shuttle(str(clean))
    # Then the first prints a line per finding, and the second says there are none
    assert shown.returncode == 0 and quiet.returncode == 0
    lines = shown.stdout.splitlines()
    assert len(lines) == 2
    assert "threat" in lines[0] and "high" in lines[0] and "'I know where you live'" in lines[0]
    assert "contact" in lines[1] and "a phone number" in lines[1] and "'07700 900461'" in lines[1]
    assert quiet.stdout.strip() == "no findings"


@pytest.mark.slow
def test_cli_says_when_it_cannot_read_the_file(tmp_path: Path) -> None:
    # Given a path to no file
    missing = tmp_path / "missing.txt"
    # When it is screened
    result = _shuttle(str(missing))
    # Then the command fails with one clear line
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot read")


def _plain(rule: Rule) -> Rule:
    """The rule without its fast paths: searched for near its needed words or anchor."""
    pattern = re.sub(r"^\(\?=\[[^\]]*\]\)", "", rule.pattern.pattern)
    return replace(rule, pattern=re.compile(pattern, rule.pattern.flags), starts=False, ends=False)


def test_the_rules_fast_paths_find_what_a_plain_search_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given every labelled letter, and the rules with and without their fast paths (tried only
    # where a needed word starts or ends, or only at the characters a match may begin with)
    texts = [letter.text for letter in load(EVAL.parent)]
    fast = [sorted(map(_span, rule_findings(text))) for text in texts]
    # When the rules are run without them
    monkeypatch.setattr(engine, "RULES", [_plain(rule) for rule in engine.RULES])
    plain = [sorted(map(_span, rule_findings(text))) for text in texts]
    # Then they find the same things
    assert fast == plain
    assert sum(map(len, fast)) > 300


def _span(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.category.value, finding.start, finding.end, finding.reason)


def test_digits_are_found_where_the_regex_finds_them() -> None:
    # Given Latin-1 letters (searched as bytes) and others: digits of other scripts, figures
    # that are not decimal digits, curly quotes
    rng = random.Random(3)
    alphabet = "a0 9\u00b2\u00b9\u00bd\u0663\u00e9\u201c5Z\n"
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 20))) for _ in range(20_000)]
    for text in texts:
        # When their digits are found, Then they are where \d finds them
        assert engine._digits_at(text) == [m.start() for m in re.finditer(r"\d", text)], text
