"""Optional backends: CAMeL Tools and Stanza, for users who have installed them with their models.

Both pull in torch, so they are extras (``pip install "mideast-nlp[camel]"``, ``"mideast-nlp[stanza]"``)
and their packages are imported only inside these modules, when a backend is asked for:

* :mod:`~mideast_nlp.backends.camel` — transliteration of mentions (``load(translit="bw")``),
  lemmas and POS from CAMeL's MLE disambiguator (``load(morphology="camel")``), CAMeL's NER
  (``load(ner="camel")``);
* :mod:`~mideast_nlp.backends.stanza` — Stanza's Arabic parser (``load(parser="stanza")``): lemmas,
  UPOS and UD dependencies on our tokens;
* :mod:`~mideast_nlp.backends.ud` — what the event extractor reads from those annotations; it
  imports neither package.

Nothing is ever downloaded: a backend whose data or models are missing raises a
:class:`~mideast_nlp.errors.BackendError` that says what to install and how.
"""
