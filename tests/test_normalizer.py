from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mideast_nlp import InputError, NormalizerConfig, fold, normalize

ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(
            list(" \n\t\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeffabc.،؛؟0123456789")
        ),
    ),
    max_size=80,
)
ANY_TEXT = st.one_of(ARABIC_HEAVY, st.text(max_size=60))


def test_reference_sentence_folds_and_maps_back(reference_text: str) -> None:
    n = normalize(reference_text)
    assert "إلهام" not in n.text and "الهام علييف" in n.text
    i = n.text.index("الهام علييف")
    start, end = n.to_original(i, i + len("الهام علييف"))
    assert reference_text[start:end] == "إلهام علييف"


def test_each_step_is_switchable() -> None:
    text = "إِلَى الأمــام ى ة ١٢٣ ی ک \u200fﻻ"
    assert normalize(text).text == "الي الامام ي ة 123 ي ك لا"
    assert normalize(text, fold_alef=False).text.startswith("إلى".replace("ى", "ي"))
    assert "ى" in normalize(text, fold_alef_maksura=False).text
    assert normalize(text, fold_teh_marbuta=True).text.split()[3] == "ه"
    assert "١٢٣" in normalize(text, ascii_digits=False).text
    assert "ـ" in normalize(text, remove_tatweel=False).text
    assert "\u0650" in normalize(text, remove_diacritics=False, fold_alef=False).text
    assert "\u200f" in normalize(text, remove_invisible=False).text
    assert "ﻻ" in normalize(text, unicode="none").text
    assert "ی" in normalize(text, fold_persian=False).text
    assert "  " in normalize("a  b", collapse_whitespace=False).text
    assert normalize("a \n\n\n b\n c").text == "a\n\nb\nc"


def test_config_object_and_overrides() -> None:
    cfg = NormalizerConfig(fold_teh_marbuta=True)
    assert normalize("مدينة", cfg).text == "مدينه"
    assert normalize("مدينة", cfg, fold_teh_marbuta=False).text == "مدينة"
    with pytest.raises(InputError, match="E002"):
        normalize("x", fold_everything=True)
    with pytest.raises(InputError, match="E001"):
        normalize(b"bytes")  # type: ignore[arg-type]


def test_presentation_forms_become_base_letters() -> None:
    # LAM WITH ALEF WITH HAMZA ABOVE, MEEM initial, HAH medial, ALEF final
    assert normalize("\ufef7\ufee3\ufea4\ufe8e").text == "لامحا"
    assert fold("ﷲ") == "الله"


def test_to_original_rejects_bad_spans() -> None:
    n = normalize("سلام")
    with pytest.raises(InputError, match="E003"):
        n.to_original(2, 10)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_map_stays_inside_original_and_covers_it(text: str) -> None:
    n = normalize(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for s, e in zip(n.starts, n.ends, strict=True):
        assert 0 <= s < e <= len(text)
    assert list(n.starts) == sorted(n.starts)
    assert n.to_original(0, len(n.text)) == (0, len(text))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, st.data())
def test_any_span_maps_to_a_valid_original_span(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    s, e = n.to_original(start, end)
    assert 0 <= s <= e <= len(text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_fold_never_crashes_and_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
