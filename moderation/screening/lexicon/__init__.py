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

Where they are: the classes in `classes.py`; the constructions by what they are evidence of,
in `threat.py`, `against.py` (what makes a sentence something else: remorse, fear, a figure
of speech), `self_harm.py` and `contact.py`; the dataclasses and the patterns several
constructions share in `base.py`; what the model reads from each pattern to try it quickly
(the strings every match needs, the characters it can begin with) in `fast.py`.

To add to them: add words to a class, or a construction with its key words, then retrain
(`python -m moderation.screening.training --write`) and check the cross-validation figures it
prints. Names are part of the weights file; renaming one needs a retrain.
"""

from __future__ import annotations

from moderation.screening.lexicon.against import AGAINST
from moderation.screening.lexicon.base import Construction, WordClass
from moderation.screening.lexicon.classes import CLASSES
from moderation.screening.lexicon.contact import CONTACT
from moderation.screening.lexicon.self_harm import SELF_HARM
from moderation.screening.lexicon.threat import THREAT

# The order is part of what the model reads (weights are summed in it): keep it.
CONSTRUCTIONS: tuple[Construction, ...] = (*THREAT, *AGAINST, *SELF_HARM, *CONTACT)

__all__ = ["CLASSES", "CONSTRUCTIONS", "Construction", "WordClass"]
