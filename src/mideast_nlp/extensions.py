"""The custom attributes our components set on spaCy objects; all hold plain, serialisable values.

* ``token._.is_clitic`` (bool): the token is a proclitic split off a word (و، ف، ب، ل، ك، س).
* ``doc._.actors`` (dict): article-level actor cluster id → canonical fields (set by the linker).
* ``doc._.nisba`` (dict): token index → knowledge-base id of the country named by a nisba adjective
  (الأفغانية، الأمريكي) that is not part of a mention (set by the linker).
* ``doc._.events`` (list of dicts): event drafts (set by the event extractor).

Set only by the optional backends (:mod:`mideast_nlp.backends`):

* ``token._.ud_head`` (int or None): index in the Doc of the token that holds this token's
  syntactic head (its own index for a root), from a UD dependency parser (Stanza).
* ``token._.ud_dep`` (str or None): the UD relation to that head (``nsubj``, ``obj``, ``nmod``, …).
* ``doc._.translit`` (dict): ``"start:end"`` character offsets of an entity → its transliteration.

The parser leaves spaCy's own ``token.head``/``token.dep_`` alone, so that the parse never moves our
sentence boundaries; lemmas, UPOS, XPOS and features go to ``token.lemma_``, ``token.pos_``,
``token.tag_`` and ``token.morph``.

Registration is idempotent, so every component may call :func:`ensure_extensions`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token


def ensure_extensions() -> None:
    """Register our extensions once (``nlp.pipe(n_process=2)`` ships them with ``doc.to_bytes``)."""
    if not Token.has_extension("is_clitic"):
        Token.set_extension("is_clitic", default=False)
    if not Doc.has_extension("actors"):
        Doc.set_extension("actors", default=None)
    if not Doc.has_extension("nisba"):
        Doc.set_extension("nisba", default=None)
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)
    if not Token.has_extension("ud_head"):
        Token.set_extension("ud_head", default=None)
    if not Token.has_extension("ud_dep"):
        Token.set_extension("ud_dep", default=None)
    if not Doc.has_extension("translit"):
        Doc.set_extension("translit", default=None)
