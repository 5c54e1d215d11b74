"""mideast_nlp: who met whom and who agreed to what, from Arabic news text.

>>> import mideast_nlp
>>> nlp = mideast_nlp.load()                                   # doctest: +SKIP
>>> result = nlp.extract(text, published="2021-12-14")         # doctest: +SKIP

Importing the package is cheap: spaCy and the models load on the first ``load()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError, MideastNLPError, ModelError
from .normalizer import NormalizedText, NormalizerConfig, fold, normalize

if TYPE_CHECKING:
    from .pipeline import Pipeline

__version__ = "0.1.0"


def load(**kwargs: Any) -> Pipeline:
    """Load the default pipeline (see :func:`mideast_nlp.pipeline.load` for the options)."""
    from .pipeline import load as _load

    return _load(**kwargs)


__all__ = [
    "InputError",
    "MideastNLPError",
    "ModelError",
    "NormalizedText",
    "NormalizerConfig",
    "__version__",
    "fold",
    "load",
    "normalize",
]
