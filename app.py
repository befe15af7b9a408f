"""The Gradio app: thin. It wires widgets to the engine; all HTML comes from qa.render.

Run with `make run` (indexes seeds/ first) or `python app.py [--index DIR] [--port N]`.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import gradio as gr

import qa
from qa.render import answer_html, sources_html

INDEX = os.environ.get("QA_INDEX", "index")
EXAMPLES = [
    "Which research vessel surveyed Vietnam's continental shelf?",
    "How many scholarships does Russia offer Vietnamese students each year?",
    "Who was the first Vietnamese cosmonaut?",
    "When did the two countries upgrade to a comprehensive strategic partnership?",
]
CSS = """
.qa-refusal { border-left: 4px solid #b45309; padding-left: .6em; color: #92400e; }
.qa-marker { text-decoration: none; font-weight: 600; margin-left: .1em; }
.qa-sources blockquote, .qa-passages blockquote { margin: .3em 0 1em; white-space: pre-wrap; }
.qa-sources mark { background: #fde68a; }
"""
_engine: qa.Engine | None = None


def engine() -> qa.Engine:
    global _engine
    if _engine is None:
        _engine = qa.open(INDEX)
    return _engine


def respond(
    question: str, chat: list[dict[str, Any]], questions: list[str], passages: float, sentences: float,
) -> tuple[list[dict[str, Any]], str, list[str], str]:
    """One turn: the answer into the chat, its sources into the panel, the question into history."""
    try:
        answer = engine().ask(question, history=questions, passages=int(passages), max_sentences=int(sentences))
    except qa.QAError as exc:
        raise gr.Error(str(exc)) from None
    chat = [*chat, {"role": "user", "content": question}, {"role": "assistant", "content": answer_html(answer)}]
    return chat, sources_html(answer), [*questions, question], ""


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="Cited answers from your documents") as demo:
        gr.Markdown("## Ask your documents\nEvery sentence of an answer is quoted from a document and cited.")
        questions = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Answers", height=460, elem_id="qa-chat", sanitize_html=True)
                question = gr.Textbox(label="Question", placeholder=EXAMPLES[0], elem_id="qa-question")
                ask = gr.Button("Ask", variant="primary", elem_id="qa-ask")
                gr.Examples(EXAMPLES, inputs=question)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML("<p class='qa-empty'>Cited passages appear here.</p>", elem_id="qa-sources")
                with gr.Accordion("Settings", open=False):
                    passages = gr.Slider(2, 12, value=6, step=1, label="Passages searched")
                    sentences = gr.Slider(1, 5, value=3, step=1, label="Answer length (sentences)")
        inputs = [question, chat, questions, passages, sentences]
        outputs = [chat, sources, questions, question]
        ask.click(respond, inputs, outputs)
        question.submit(respond, inputs, outputs)
    return demo


demo = build_demo()

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=INDEX)
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    INDEX = args.index
    engine()  # load before serving, so the first question is fast
    demo.queue(default_concurrency_limit=4).launch(server_name="127.0.0.1", server_port=args.port, css=CSS)
