"""Fixtures of the backend tests: CAMeL's data folder, Stanza's treebank, a tiny BERT NER model.

No model can be downloaded here, so CAMeL's data folder is a temporary one holding only a
catalogue (CAMeL Tools reads it when its data modules are imported, and would download it were it
missing); it names one NER, MLE and morphology dataset, none of them installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUD = ROOT.parent / "shared" / "data" / "ud" / "arabic_pud" / "ar_pud-ud-test.conllu"

#: The catalogue of the test's CAMeL data folder: datasets and the packages that install them.
CATALOGUE = {
    "version": "1.6",
    "packages": {
        name: {
            "description": "",
            "package_type": "http",
            "url": None,
            "destination": dest,
            "dependencies": [],
            "private": False,
        }
        for name, dest in (
            ("ner-arabert", "ner/arabert"),
            ("disambig-mle-calima-msa-r13", "disambig_mle/calima-msa-r13"),
            ("morphology-db-msa-r13", "morphology_db/calima-msa-r13"),
        )
    },
    "components": {
        "NamedEntityRecognition": {"default": "arabert", "datasets": {"arabert": {"path": "ner/arabert"}}},
        "DisambigMLE": {
            "default": "calima-msa-r13",
            "datasets": {"calima-msa-r13": {"path": "disambig_mle/calima-msa-r13"}},
        },
        "MorphologyDB": {
            "default": "calima-msa-r13",
            "datasets": {"calima-msa-r13": {"path": "morphology_db/calima-msa-r13"}},
        },
    },
}


@pytest.fixture(scope="session")
def camel_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CAMeL data folder with a catalogue and no dataset; ``CAMELTOOLS_DATA`` points at it.

    CAMeL Tools fixes its data folder when its catalogue module is first imported, so this
    fixture must come before any test imports ``camel_tools.data`` (the test modules do not).
    """
    pytest.importorskip("camel_tools", reason='needs the [camel] extra: pip install "mideast-nlp[camel]"')
    import sys

    if "camel_tools.data.catalogue" in sys.modules:
        folder = Path(sys.modules["camel_tools.data.catalogue"].CT_DATA_DIR)
        assert (folder / "catalogue.json").is_file()
        return folder
    folder = tmp_path_factory.mktemp("camel_data")
    (folder / "catalogue.json").write_text(json.dumps(CATALOGUE), encoding="utf-8")
    os.environ["CAMELTOOLS_DATA"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def pud_path() -> Path:
    if not PUD.is_file():
        pytest.skip(f"the Arabic PUD treebank is not at {PUD}")
    return PUD
