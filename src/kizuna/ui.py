"""The Gradio chat UI: a question in, cited passages out."""

from __future__ import annotations

import html
import os

from .answer import Answer
from .engine import NOT_FOUND, Kizuna, QueryError, Response
from .models import Hit

EXAMPLES = [
    "When did Kanagawa Prefecture sign its MOU with Viet Nam's Ministry of Health?",
    "ベトナムで最初のデング熱ワクチンを開発した日本企業は？",
    "Nhật Bản đã hỗ trợ Việt Nam những gì trong đại dịch COVID-19?",
]


def _passage_html(hit: Hit, answer: Answer | None) -> str:
    """The passage as escaped text, with the answer sentence marked when it comes from this passage."""
    text = hit.passage.text
    if answer is not None and not answer.abstained and answer.key == hit.passage.key:
        a, b = answer.span
        return (
            html.escape(text[:a])
            + '<mark class="kz-answer">'
            + html.escape(text[a:b])
            + "</mark>"
            + html.escape(text[b:])
        )
    return html.escape(text)


def render_hits(hits: list[Hit], answer: Answer | None = None, weak: bool = False) -> str:
    """HTML for the cited passages. Document text is escaped: it is shown, never interpreted."""
    if not hits:
        return "<p>No passage matches these filters.</p>"
    parts = []
    for hit in hits:
        c, p = hit.citation, hit.passage
        meta = " · ".join(html.escape(x) for x in (c.publisher, c.date, c.location, p.lang.upper()) if x)
        label = " <small>(weak)</small>" if weak else ""
        parts.append(
            f'<div class="kz-hit"><div class="kz-cite"><b>[{hit.rank}]{label} {html.escape(c.title)}</b><br>'
            f"<small>{meta} · <code>{html.escape(p.key)}</code> · score {hit.score:.4f}</small></div>"
            f'<blockquote style="white-space:pre-wrap">{_passage_html(hit, answer)}</blockquote></div>'
        )
    return "\n".join(parts)


def render_response(response: Response) -> str:
    """The extracted answer with its [n] marker above the passages, or the plain "not found"."""
    answer = response.answer
    if response.abstained or answer is None:
        head = f'<p class="kz-notfound"><b>{html.escape(NOT_FOUND)}</b></p>'
    else:
        head = (
            f'<p class="kz-answer-text"><b>{html.escape(answer.text.strip())}</b> [{answer.hit}]'
            f" <small>(confidence {answer.confidence:.2f})</small></p>"
        )
    return head + render_hits(response.hits, answer, weak=response.abstained)


def answer(app: Kizuna, question: str, k: int = 5) -> str:
    try:
        response = app.ask(question, k=k)
    except QueryError as exc:
        return f"<p><b>Cannot search:</b> {html.escape(str(exc))}</p>"
    return render_response(response)


def build_app(app: Kizuna):
    import gradio as gr

    with gr.Blocks(title="kizuna") as demo:
        gr.Markdown(
            "## kizuna: cited answers on Vietnam–Japan healthcare cooperation\n"
            "Ask in English, 日本語 or Tiếng Việt; every passage shows where it comes from."
        )
        chat = gr.Chatbot(label="kizuna", height=560)
        box = gr.Textbox(placeholder="Ask a question…", show_label=False)
        k = gr.Slider(1, 10, value=app.settings.k, step=1, label="Passages")
        gr.Examples(EXAMPLES, inputs=box)
        clear = gr.Button("Clear")

        def respond(question: str, history: list, k_value: float):
            history = list(history or [])
            history.append({"role": "user", "content": question})
            history.append({"role": "assistant", "content": answer(app, question, int(k_value))})
            return "", history

        box.submit(respond, [box, chat, k], [box, chat])
        clear.click(lambda: [], None, chat)
    return demo


def launch(app: Kizuna, host: str = "127.0.0.1", port: int = 7860) -> None:
    # kizuna runs offline: no usage analytics leave the machine
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    demo = build_app(app)
    demo.launch(server_name=host, server_port=port)
