"""The Gradio app: thin. It wires widgets to the engine; formatting lives in qa.render.

Run with `make run` (builds the seeds index first) or `python app.py [--index DIR]`.
"""

from __future__ import annotations

import argparse
import os

import gradio as gr

import qa
from qa.render import passages_html

INDEX = os.environ.get("QA_INDEX", "index")
_engine: qa.Engine | None = None


def engine() -> qa.Engine:
    global _engine
    if _engine is None:
        _engine = qa.open(INDEX)
    return _engine


def search(question: str, k: float) -> str:
    try:
        return passages_html(engine().search(question, k=int(k)))
    except qa.QAError as exc:
        raise gr.Error(str(exc)) from None


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="Cited answers from your documents") as demo:
        gr.Markdown("## Search your documents\nEvery passage is quoted exactly from its source.")
        with gr.Row():
            question = gr.Textbox(label="Question", placeholder="Who was the first Vietnamese cosmonaut?", scale=4)
            k = gr.Slider(1, 20, value=5, step=1, label="Passages", scale=1)
        ask = gr.Button("Search", variant="primary")
        results = gr.HTML()
        gr.Examples(
            ["Which research vessel surveyed Vietnam's continental shelf?", "Pham Tuan Soyuz 37"], inputs=question
        )
        ask.click(search, [question, k], results)
        question.submit(search, [question, k], results)
    return demo


demo = build_demo()

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=INDEX)
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    INDEX = args.index
    engine()  # load before serving, so the first question is fast
    demo.queue().launch(server_name="127.0.0.1", server_port=args.port)
