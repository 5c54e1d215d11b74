"""Trained models shipped with mideast_nlp (installed as the package ``mideast_nlp.models``)."""
