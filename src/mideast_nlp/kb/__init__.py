"""Knowledge base of actors: countries, places, organisations and people with Arabic aliases.

``KnowledgeBase.load()`` reads the packaged ``data/kb/kb.jsonl.gz`` (built by ``python -m
mideast_nlp.kb.build``, which is build-time only and not imported here).
"""

from __future__ import annotations

from .store import CameoPeriod, KBEntity, KnowledgeBase, Role

__all__ = ["CameoPeriod", "KBEntity", "KnowledgeBase", "Role"]
