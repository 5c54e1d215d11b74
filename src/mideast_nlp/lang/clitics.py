"""Arabic proclitics: plain data read by the clitic segmenter (`mideast_nlp.segmenter`).

Order inside a word: conjunction, then a preposition or the future particle, then the stem
(which keeps its article ال). After ل the article loses its alef: ل + الرئيس → للرئيس.
Letters are the folded forms (`mideast_nlp.normalizer.fold`).
"""

from __future__ import annotations

CONJUNCTIONS: tuple[str, ...] = ("و", "ف")
PREPOSITIONS: tuple[str, ...] = ("ب", "ل", "ك")
FUTURE = "س"
# The future particle only attaches to imperfect verbs, which begin with one of these letters.
IMPERFECT_PREFIXES: frozenset[str] = frozenset({"ي", "ت", "ن", "ا"})

# Minimum share count(stem) / count(word) for a split, by the clitic that is split off nearest
# to the stem: the rarer the clitic, the stronger the evidence it needs.
MIN_STEM_RATIO: dict[str, float] = {"و": 0.08, "ف": 0.15, "ب": 0.15, "ل": 0.15, "ك": 0.5, "س": 0.3}
# A stem must have been seen this often in the counts to be split off at all.
MIN_STEM_COUNT = 5
MIN_STEM_LETTERS = 2

# Pronoun suffixes: a preposition with a pronoun (بها، لهم، له) is one word, never split.
PRONOUN_SUFFIXES: frozenset[str] = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ي", "ك"})

# After the future particle, a verb too rare to be counted (سيجتمعان، سيزوران) is still a verb when,
# without its dual or plural ending, it is a frequent one (يجتمع، يزور).
IMPERFECT_NUMBER_SUFFIXES: tuple[str, ...] = ("ان", "ون")
FUTURE_BASE_COUNT = 20
