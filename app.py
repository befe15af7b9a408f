"""The Gradio app: thin. It wires widgets to the engine; all HTML comes from qa.render.

Run with `make run` (indexes seeds/ first) or `python app.py [--index DIR] [--port N]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import Any

import gradio as gr

import qa
from qa.parsers import SUPPORTED
from qa.render import answer_html, answer_text, conversation_sources_html, documents_rows, sources_html

INDEX = os.environ.get("QA_INDEX", "index")
EXAMPLES = [
    "Which research vessel surveyed Vietnam's continental shelf?",
    "How many scholarships does Russia offer Vietnamese students each year?",
    "Who was the first Vietnamese cosmonaut?",
    "When did the two countries upgrade to a comprehensive strategic partnership?",
    "What is the Valdai Club report about?",
]
CSS = """
.qa-refusal { border-left: 4px solid #b45309; padding-left: .6em; color: #92400e; }
.qa-marker { text-decoration: none; font-weight: 600; margin-left: .1em; }
.qa-sources blockquote, .qa-passages blockquote { margin: .3em 0 1em; white-space: pre-wrap; }
.qa-sources mark { background: #fde68a; }
.qa-sources .qa-also { background: #fefce8; border-bottom: 1px dotted #d97706; }
.qa-sources .qa-also sup, .qa-same { color: #6b7280; }
.qa-turn + .qa-turn { border-top: 1px solid #e5e7eb; margin-top: 1em; padding-top: .5em; }
.qa-asked { font-style: italic; }
"""
NO_SOURCES = "<p class='qa-empty'>Cited passages appear here.</p>"
MAX_UPLOAD_MB = 20
_engine: qa.Engine | None = None
_swap = threading.Lock()


def engine() -> qa.Engine:
    """The engine of the index's live version: after a change (this app's upload or removal, or
    another process's `python -m qa add`, a rebuild) the index is opened again at the next call,
    without loading the model again. Questions in flight keep the engine they started with."""
    global _engine
    current = _engine
    if current is not None and current.is_current():
        return current
    with _swap:
        if _engine is None or not _engine.is_current():
            try:
                _engine = qa.open(INDEX)
            except qa.QAError:  # gone or damaged since: answer from the version already open
                if _engine is None:
                    raise
        return _engine


def upload(
    files: list[str] | None, progress: gr.Progress = gr.Progress(track_tqdm=True),
) -> tuple[str, Any, Any, Any]:
    """Index the uploaded files; the file box is cleared so that each upload stands alone."""
    if not files:
        return "Choose one or more files first.", gr.update(), gr.update(), None
    try:
        report = qa.add(files, INDEX, progress=True, max_bytes=MAX_UPLOAD_MB * 1024 * 1024)
    except qa.QAError as exc:
        return f"Nothing was added: {exc}", gr.update(), gr.update(), None
    done = report.added + report.updated
    n = report.embedded_chunks
    lines = [f"Added {', '.join(done)} ({n} passage{'' if n == 1 else 's'} indexed)." if done
             else "Nothing new: those files are indexed already."]
    lines += [f"Skipped {s.path}: {s.reason}" for s in report.skipped]
    return "\n\n".join(lines), *documents_view(), None


def remove(doc_ids: list[str] | None) -> tuple[str, Any, Any]:
    if not doc_ids:
        return "Choose documents to remove first.", gr.update(), gr.update()
    try:
        qa.remove(doc_ids, INDEX)
    except qa.QAError as exc:
        return f"Nothing was removed: {exc}", gr.update(), gr.update()
    return f"Removed {', '.join(doc_ids)}.", *documents_view()


def documents_view() -> tuple[Any, Any]:
    docs = engine().documents()
    return gr.update(value=documents_rows(docs)), gr.update(choices=[d.doc_id for d in docs], value=[])


def respond(
    question: str, chat: list[dict[str, Any]], questions: list[str], turns: list[str], transcript: str,
    passages: float, sentences: float,
) -> tuple[list[dict[str, Any]], str, list[str], list[str], str, str]:
    """One turn: the answer into the chat, its sources onto the panel (above the earlier answers'
    sources, which their markers still link to), the question into history, and question, answer
    and sources as plain text onto the transcript that the copy button copies. Bad input (an empty
    or over-long question) is a warning; the conversation stays as it was."""
    try:
        answer = engine().ask(question, history=questions, passages=int(passages), max_sentences=int(sentences))
    except qa.QAError as exc:
        gr.Warning(str(exc))
        return chat, gr.update(), questions, turns, transcript, question
    turn = len(turns) + 1
    chat = [*chat, {"role": "user", "content": question}, {"role": "assistant", "content": answer_html(answer, turn)}]
    turns = [*turns, sources_html(answer, turn)]
    transcript = "\n\n".join(t for t in (transcript, f"Q: {answer.question}\n\n{answer_text(answer)}") if t)
    return chat, conversation_sources_html(turns), [*questions, question], turns, transcript, ""


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="Cited answers from your documents") as demo:
        gr.Markdown("## Ask your documents\nEvery sentence of an answer is quoted from a document and cited.")
        questions = gr.State([])  # asked so far: follow-ups are read against them
        turns = gr.State([])  # each answer's sources, in order
        with gr.Row():
            with gr.Column(scale=3):
                # the built-in copy buttons would copy the messages' HTML; this one copies plain text
                copy = gr.Button("Copy as text", size="sm", elem_id="qa-copy")
                chat = gr.Chatbot(label="Answers", height=460, elem_id="qa-chat", sanitize_html=True, buttons=[copy])
                transcript = gr.Textbox(visible=False, elem_id="qa-transcript")
                question = gr.Textbox(label="Question", placeholder=EXAMPLES[0], elem_id="qa-question")
                ask = gr.Button("Ask", variant="primary", elem_id="qa-ask")
                gr.Examples(EXAMPLES, inputs=question)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(NO_SOURCES, elem_id="qa-sources")
                with gr.Accordion("Settings", open=False):
                    passages = gr.Slider(2, 12, value=6, step=1, label="Passages searched")
                    sentences = gr.Slider(1, 5, value=3, step=1, label="Answer length (sentences)")
                with gr.Accordion("Documents", open=False):
                    files = gr.File(
                        label=f"Add documents ({', '.join(SUPPORTED)}; up to {MAX_UPLOAD_MB} MB each)",
                        file_count="multiple", file_types=list(SUPPORTED), elem_id="qa-upload",
                    )
                    status = gr.Markdown(elem_id="qa-status")
                    table = gr.Dataframe(headers=["Document", "Title", "Added by"], interactive=False,
                                         elem_id="qa-documents", wrap=True, column_widths=["38%", "47%", "15%"])
                    chosen = gr.Dropdown(label="Remove", multiselect=True, choices=[], elem_id="qa-remove-choice")
                    drop = gr.Button("Remove selected", elem_id="qa-remove")
        inputs = [question, chat, questions, turns, transcript, passages, sentences]
        outputs = [chat, sources, questions, turns, transcript, question]
        ask.click(respond, inputs, outputs)
        question.submit(respond, inputs, outputs)
        # clearing the chat starts a new conversation: no follow-up resolves against a cleared question
        chat.clear(lambda: ([], [], NO_SOURCES, ""), None, [questions, turns, sources, transcript])
        copy.click(None, [transcript], None, js="(text) => { navigator.clipboard.writeText(text || ''); }")
        files.upload(upload, [files], [status, table, chosen, files])
        drop.click(remove, [chosen], [status, table, chosen])
        demo.load(documents_view, None, [table, chosen])
    return demo


demo = build_demo()

def main(argv: list[str] | None = None) -> int:
    """Serve the chat on 127.0.0.1; a missing index or a busy port is one line on stderr, exit 2."""
    global INDEX
    parser = argparse.ArgumentParser(prog="python app.py", description="Serve the chat on 127.0.0.1.")
    parser.add_argument("--index", default=INDEX, help="index folder (default: %(default)s)")
    parser.add_argument("--port", type=int, default=7860, help="(default: %(default)s)")
    args = parser.parse_args(argv)
    INDEX = args.index
    try:
        engine().warm_up()  # the index and the model load before serving: the first question is fast
    except qa.QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        demo.queue(default_concurrency_limit=4).launch(
            server_name="127.0.0.1", server_port=args.port, css=CSS, max_file_size=f"{MAX_UPLOAD_MB}mb",
        )
    except OSError as exc:  # the port is taken, most often by the app already running
        print(f"error: cannot serve on 127.0.0.1:{args.port} ({exc}); is the app already running? "
              "Choose another port with --port N", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
