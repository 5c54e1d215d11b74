from __future__ import annotations


def test_reference_sentences(reference_doc) -> None:
    sents = [s.text.strip() for s in reference_doc.sents]
    assert "SHARE:" in sents
    assert "حصة هذه المادة:" in sents
    assert any(s.startswith("قبل قمة الشراكة الشرقية") and s.endswith("نيكول باشينيان.") for s in sents)
    assert "كما شكر الرئيس على جهوده في دعم الأمن والاستقرار في جنوب القوقاز." in sents


def test_arabic_question_mark_and_abbreviations(nlp) -> None:
    doc = nlp.spacy("هل التقى الوزيران؟ نعم. وصل د. أحمد إلى 3.5 مليون! انتهى")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["هل التقى الوزيران؟", "نعم.", "وصل د. أحمد إلى 3.5 مليون!", "انتهى"]


def test_closing_quote_stays_with_sentence(nlp) -> None:
    doc = nlp.spacy('قال: "نريد السلام." ثم غادر.')
    assert [s.text.strip() for s in doc.sents] == ['قال: "نريد السلام."', "ثم غادر."]
