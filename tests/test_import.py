import subprocess
import sys

from tests.conftest import ROOT


def test_import_qa_loads_no_heavy_module() -> None:
    code = (
        "import sys, qa\n"
        "heavy = ('torch', 'sentence_transformers', 'gradio', 'transformers', 'faiss', 'bm25s', 'scipy')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_names() -> None:
    import qa

    for name in ("build", "open", "Passage", "Engine"):
        assert name in qa.__all__
    fields = set(qa.Passage.__dataclass_fields__)
    assert {"doc_id", "title", "text", "start", "end", "page", "score", "rank"} <= fields
