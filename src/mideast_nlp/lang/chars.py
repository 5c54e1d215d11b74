"""Arabic character tables: plain data, no logic.

Characters are written by their Unicode names so that nothing invisible hides in the source.
The normaliser (`mideast_nlp.normalize`) and the tokenizer read these tables.
"""

from __future__ import annotations

TATWEEL = "\N{ARABIC TATWEEL}"

# Tashkeel and other marks removed by `remove_diacritics`.
DIACRITICS: frozenset[str] = frozenset(
    [
        "\N{ARABIC FATHATAN}",
        "\N{ARABIC DAMMATAN}",
        "\N{ARABIC KASRATAN}",
        "\N{ARABIC FATHA}",
        "\N{ARABIC DAMMA}",
        "\N{ARABIC KASRA}",
        "\N{ARABIC SHADDA}",
        "\N{ARABIC SUKUN}",
        "\N{ARABIC MADDAH ABOVE}",
        "\N{ARABIC HAMZA ABOVE}",
        "\N{ARABIC HAMZA BELOW}",
        "\N{ARABIC SUBSCRIPT ALEF}",
        "\N{ARABIC INVERTED DAMMA}",
        "\N{ARABIC MARK NOON GHUNNA}",
        "\N{ARABIC ZWARAKAY}",
        "\N{ARABIC VOWEL SIGN SMALL V ABOVE}",
        "\N{ARABIC VOWEL SIGN INVERTED SMALL V ABOVE}",
        "\N{ARABIC VOWEL SIGN DOT BELOW}",
        "\N{ARABIC REVERSED DAMMA}",
        "\N{ARABIC FATHA WITH TWO DOTS}",
        "\N{ARABIC WAVY HAMZA BELOW}",
        "\N{ARABIC LETTER SUPERSCRIPT ALEF}",
        "\N{ARABIC SMALL HIGH LIGATURE SAD WITH LAM WITH ALEF MAKSURA}",
        "\N{ARABIC SMALL HIGH LIGATURE QAF WITH LAM WITH ALEF MAKSURA}",
        "\N{ARABIC SMALL HIGH MEEM INITIAL FORM}",
        "\N{ARABIC SMALL HIGH LAM ALEF}",
        "\N{ARABIC SMALL HIGH JEEM}",
        "\N{ARABIC SMALL HIGH THREE DOTS}",
        "\N{ARABIC SMALL HIGH SEEN}",
        "\N{ARABIC SMALL HIGH ROUNDED ZERO}",
        "\N{ARABIC SMALL HIGH UPRIGHT RECTANGULAR ZERO}",
        "\N{ARABIC SMALL HIGH DOTLESS HEAD OF KHAH}",
        "\N{ARABIC SMALL HIGH MEEM ISOLATED FORM}",
        "\N{ARABIC SMALL LOW SEEN}",
        "\N{ARABIC SMALL WAW}",
        "\N{ARABIC SMALL YEH}",
        "\N{ARABIC SMALL HIGH YEH}",
        "\N{ARABIC SMALL HIGH NOON}",
        "\N{ARABIC EMPTY CENTRE LOW STOP}",
        "\N{ARABIC EMPTY CENTRE HIGH STOP}",
        "\N{ARABIC ROUNDED HIGH STOP WITH FILLED CENTRE}",
        "\N{ARABIC SMALL LOW MEEM}",
    ]
)

# Zero-width and bidirectional control characters removed by `remove_invisible`.
INVISIBLE: frozenset[str] = frozenset(
    [
        "\N{ZERO WIDTH SPACE}",
        "\N{ZERO WIDTH NON-JOINER}",
        "\N{ZERO WIDTH JOINER}",
        "\N{LEFT-TO-RIGHT MARK}",
        "\N{RIGHT-TO-LEFT MARK}",
        "\N{LEFT-TO-RIGHT EMBEDDING}",
        "\N{RIGHT-TO-LEFT EMBEDDING}",
        "\N{POP DIRECTIONAL FORMATTING}",
        "\N{LEFT-TO-RIGHT OVERRIDE}",
        "\N{RIGHT-TO-LEFT OVERRIDE}",
        "\N{LEFT-TO-RIGHT ISOLATE}",
        "\N{RIGHT-TO-LEFT ISOLATE}",
        "\N{FIRST STRONG ISOLATE}",
        "\N{POP DIRECTIONAL ISOLATE}",
        "\N{ZERO WIDTH NO-BREAK SPACE}",
        "\N{ARABIC LETTER MARK}",
        "\N{SOFT HYPHEN}",
    ]
)

ALEF_VARIANTS: dict[str, str] = {
    "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
}

ALEF_MAKSURA: dict[str, str] = {"\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER YEH}"}

TEH_MARBUTA: dict[str, str] = {"\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}"}

# Persian/Urdu letters that stand for Arabic ones in mixed-script text.
PERSIAN_LETTERS: dict[str, str] = {
    "\N{ARABIC LETTER FARSI YEH}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER YEH BARREE}": "\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER KEHEH}": "\N{ARABIC LETTER KAF}",
    "\N{ARABIC LETTER HEH WITH YEH ABOVE}": "\N{ARABIC LETTER TEH MARBUTA}",
    "\N{ARABIC LETTER HEH GOAL}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER AE}": "\N{ARABIC LETTER HEH}",
}

# Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits to ASCII.
DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "\N{ARABIC DECIMAL SEPARATOR}": ".",
    "\N{ARABIC THOUSANDS SEPARATOR}": ",",
}

ARABIC_COMMA = "\N{ARABIC COMMA}"
ARABIC_SEMICOLON = "\N{ARABIC SEMICOLON}"
ARABIC_QUESTION_MARK = "\N{ARABIC QUESTION MARK}"
ARABIC_FULL_STOP = "\N{ARABIC FULL STOP}"

# Characters that end a sentence (Arabic and Latin).
SENTENCE_FINAL: frozenset[str] = frozenset(
    [".", "!", "?", ARABIC_QUESTION_MARK, ARABIC_FULL_STOP, "\N{HORIZONTAL ELLIPSIS}"]
)
# Closing characters that stay with the sentence they close.
CLOSERS: frozenset[str] = frozenset(
    [
        '"',
        "'",
        ")",
        "]",
        "}",
        "»",
        "\N{RIGHT DOUBLE QUOTATION MARK}",
        "\N{RIGHT SINGLE QUOTATION MARK}",
        "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
    ]
)
