"""Fixed content of the UI: CSS and the page script (citation clicks, page jumps, chat scrolling)."""

from __future__ import annotations

from pathlib import Path

# the repository's evaluation set (src/kizuna/ui/ -> repo root)
EVAL_FILE = Path(__file__).resolve().parents[3] / "eval" / "questions.jsonl"

CSS = """
.kz-hit { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 4px 10px; margin: 4px 0; }
.kz-title { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kz-hit blockquote { white-space: pre-wrap; margin: 6px 0 0 0; }
.kz-answer-text { font-size: 1.05em; }
mark.kz-answer { background: #ffe58a; color: inherit; padding: 0 2px; }
mark.kz-passage { background: #dbeafe; color: inherit; }
p.kz-question { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
a.kz-cite { cursor: pointer; font-weight: 600; text-decoration: none; }
.kz-notfound { color: #9a3412; }
.kz-closest { color: var(--body-text-color-subdued); border-left: 3px solid #e7e5e4; padding-left: 8px; }
.kz-hit summary { cursor: pointer; color: var(--body-text-color-subdued); }
table.kz-meta th { text-align: left; padding: 2px 12px 2px 0; font-weight: 600; border: none; }
table.kz-meta td { padding: 2px 0; border: none; }
.kz-doc { white-space: pre-wrap; line-height: 1.6; max-height: 70vh; overflow-y: auto; padding: 8px; }
.kz-table td, .kz-table th { padding: 2px 10px; text-align: right; }
.kz-table td:first-child, .kz-table th:first-child { text-align: left; }
.kz-left td, .kz-left th { text-align: left !important; }
.kz-scroll-x { overflow-x: auto; }
.kz-header { margin: 0; }
.kz-filters { padding: 4px 10px; border-radius: 6px; background: #fef3c7; color: #78350f; font-size: 0.9em; }
#kz-filters:has(.kz-filters) { margin: 0; }
#kz-filters:not(:has(.kz-filters)) { display: none !important; }
.kz-filter-note { color: #92400e; margin: 2px 0 4px 0; }
.kz-news { border-left: 3px solid #16a34a; padding-left: 8px; }
.kz-news ul { margin: 2px 0 4px 1.2em; }
.kz-page { display: block; margin: 10px 0 4px 0; padding-top: 2px; border-top: 2px dashed #94a3b8;
  color: #475569; font-size: 0.8em; font-weight: 600; user-select: none; }
.kz-pages { margin: 6px 0; line-height: 2; }
.kz-page-link { display: inline-block; min-width: 1.8em; text-align: center; margin: 0 2px; padding: 0 4px;
  border: 1px solid var(--border-color-primary); border-radius: 4px; text-decoration: none; }
.kz-page-link.kz-current { font-weight: 700; background: #dbeafe; }
.kz-page-link.kz-shown { outline: 2px solid #2563eb; }
.kz-metric-help { margin: 0 0 8px 1.2em; font-size: 0.9em; }
.kz-metric-help li { margin: 0; }
table.kz-misses td { vertical-align: top; }
table.kz-misses td:first-child { white-space: nowrap; }
/* Gradio's corner panel over the chat keeps a trash icon that no Chatbot option removes (app.py turns its
   other icons off): it floats over the top of the pane, where the page script puts the question just asked,
   and hid the question's last words. "Clear conversation" under the question box does the same (and also
   forgets the last corpus announcement). */
#kz-chat .top-panel { display: none !important; }
/* Gradio's scroll-to-bottom arrow floats over the middle of the pane's last line, on answer text. It shows
   whenever the pane is not at its very bottom, which is after every reply: the page script scrolls the
   question and the answer to the top on purpose (the bottom is the last reply's last passages), so the
   arrow only invited the jump kizuna avoids. The pane scrolls as usual. */
#kz-chat .scroll-down-button-container { display: none !important; }
/* the chat's height (app.CHAT_HEIGHT): the window below the header and tabs, above the question box */
#kz-chat { --kz-chat-height: max(240px, calc(100dvh - 270px)); }
#kz-clear { align-self: flex-start; width: auto; }
@media (max-width: 640px) {
  /* the tabs wrap into a second row (app.py) */
  #kz-chat { --kz-chat-height: max(240px, calc(100dvh - 310px)); }
  /* the example questions in the empty chat, one a row: tighter, so more of them fit */
  #kz-chat .examples { padding: 8px 0; gap: 6px; }
  #kz-chat .example { padding: 8px 10px; }
  .kz-header .kz-wide { display: none; }
  #kz-chat .message-row { max-width: 100% !important; margin-left: 0 !important; margin-right: 0 !important; }
  #kz-chat .message-row.user-row { margin-left: 15% !important; max-width: 85% !important; }
  .kz-answer-text { font-size: 0.95em; }
  .kz-hit { padding: 2px 6px; }
}
"""

# The page script.
# - A click on any citation marker or key (href "#kz-cite:<key>") opens that passage in the source viewer: the
#   key is written into a hidden textbox and a hidden button fires the Python handler.
# - A click on a page link (href "#kz-page:<n>") scrolls the source viewer's document to that page.
# - When a reply (or a corpus announcement) arrives, the chat scrolls so that the question and the start of
#   the answer are at its top, and the window so that the chat is in view: Gradio's own autoscroll (off,
#   see app.py) would show the bottom of the reply, its last passages, with the answer above the fold.
HEAD = """
<style>
/* Gradio scopes the css= rules inside the app's content; the page margin is outside it. On a phone the
   default 32 px each side leaves the chat 60 px narrower. */
@media (max-width: 640px) { .gradio-container .app { padding-left: 6px !important; padding-right: 6px !important; } }
</style>
<script>
document.addEventListener("click", (event) => {
  const page = event.target.closest('a[href^="#kz-page:"]');
  if (page) {
    event.preventDefault();
    const n = page.getAttribute("href").slice("#kz-page:".length);
    const marker = document.getElementById("kz-page-" + n);
    const doc = marker && marker.closest(".kz-doc");
    if (!doc) return;
    doc.scrollTop += marker.getBoundingClientRect().top - doc.getBoundingClientRect().top - 4;
    document.querySelectorAll(".kz-page-link.kz-shown").forEach((a) => a.classList.remove("kz-shown"));
    page.classList.add("kz-shown");
    doc.scrollIntoView({ block: "nearest" });
    return;
  }
  const link = event.target.closest('a[href^="#kz-cite:"]');
  if (!link) return;
  event.preventDefault();
  const box = document.querySelector("#kz-cite-key textarea, #kz-cite-key input");
  const button = document.querySelector("#kz-cite-open");
  if (!box || !button) return;
  box.value = decodeURIComponent(link.getAttribute("href").slice("#kz-cite:".length));
  box.dispatchEvent(new Event("input", { bubbles: true }));
  setTimeout(() => button.click(), 50);
});

(() => {
  const REPLY = "#kz-chat .kz-answer-text, #kz-chat .kz-notfound, #kz-chat .kz-news";
  let seen = 0;
  let pending = null;
  function showLatest() {
    pending = null;
    const replies = document.querySelectorAll(REPLY);
    if (replies.length <= seen) { seen = replies.length; return; }
    seen = replies.length;
    const reply = replies[replies.length - 1];
    const pane = reply.closest(".bubble-wrap") || reply.closest("#kz-chat");
    const row = reply.closest(".message-row") || reply;
    let top = row.getBoundingClientRect().top;
    // the question just above, when the question and the answer fit together
    const rows = Array.from(pane.querySelectorAll(".message-row"));
    const before = rows[rows.indexOf(row) - 1];
    if (before && before.classList.contains("user-row")) {
      const bottom = reply.getBoundingClientRect().bottom;
      const qtop = before.getBoundingClientRect().top;
      if (bottom - qtop < pane.clientHeight - 8) top = qtop;
    }
    pane.scrollTop += top - pane.getBoundingClientRect().top - 8;
    const box = pane.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      window.scrollBy(0, box.top < 0 ? box.top - 8 : Math.min(box.top - 8, box.bottom - window.innerHeight + 8));
    }
  }
  new MutationObserver(() => {
    if (!pending) pending = setTimeout(showLatest, 150);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
</script>
"""

SCROLL_TO_FOCUS = (
    "() => { setTimeout(() => document.getElementById('kz-focus')?.scrollIntoView({block: 'center'}), 200); }"
)
