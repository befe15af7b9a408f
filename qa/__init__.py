"""Question answering over your own documents, every sentence cited.

>>> import qa
>>> qa.build("seeds", "index")                       # doctest: +SKIP
>>> engine = qa.open("index")                        # doctest: +SKIP
>>> engine.search("Who was the first Vietnamese cosmonaut?", k=5)   # doctest: +SKIP
>>> engine.ask("Who was the first Vietnamese cosmonaut?").text       # doctest: +SKIP

Importing qa loads neither torch nor gradio; models load on first use.
"""

from qa.engine import Engine
from qa.engine import open_index as open
from qa.errors import IndexInvalidError, IndexMissingError, InputError, ModelMissingError, QAError
from qa.indexer import BuildReport, add, build, remove
from qa.types import Answer, AnswerSentence, Chunk, Citation, Document, Passage

__all__ = [
    "Answer", "AnswerSentence", "BuildReport", "Chunk", "Citation", "Document", "Engine",
    "IndexInvalidError", "IndexMissingError", "InputError", "ModelMissingError", "Passage", "QAError",
    "add", "build", "open", "remove",
]
