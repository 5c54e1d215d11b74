"""mideast_nlp: who met whom and who agreed to what, from Arabic news text.

>>> import mideast_nlp
>>> nlp = mideast_nlp.load()                                   # doctest: +SKIP
>>> result = nlp.extract(text, published="2021-12-14")         # doctest: +SKIP

Importing the package is cheap: spaCy and the models load on the first ``load()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .display import display
from .errors import InputError, MideastNLPError, ModelError
from .normalizer import NormalizedText, NormalizerConfig, fold, normalize

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas

    from .pipeline import Pipeline
    from .records import ArticleResult

__version__ = "0.1.0"


def load(**kwargs: Any) -> Pipeline:
    """Load the default pipeline (see :func:`mideast_nlp.pipeline.load` for the options)."""
    from .pipeline import load as _load

    return _load(**kwargs)


def results_to_frames(results: Iterable[ArticleResult]) -> dict[str, pandas.DataFrame]:
    """Flat pandas tables of results (see :func:`mideast_nlp.tables.results_to_frames`; needs pandas)."""
    from .tables import results_to_frames as _frames

    return _frames(results)


__all__ = [
    "InputError",
    "MideastNLPError",
    "ModelError",
    "NormalizedText",
    "NormalizerConfig",
    "__version__",
    "display",
    "fold",
    "load",
    "normalize",
    "results_to_frames",
]
