"""Fixed content of the UI: examples, welcome text, CSS and the click bridge script."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = [
    "When did Kanagawa Prefecture sign its MOU with Viet Nam's Ministry of Health?",
    "How many HAE patients were diagnosed through the Takeda initiative?",
    "ベトナムで最初のデング熱ワクチンを開発した日本企業は？",
    "電子健康記録は何件作成されましたか？",
    "Nhật Bản đã hỗ trợ Việt Nam những gì trong đại dịch COVID-19?",
    "Dự án y tế từ xa của JICA trị giá bao nhiêu?",
]
WELCOME = (
    "**Ask about Vietnam–Japan healthcare cooperation** in English, 日本語 or Tiếng Việt.\n\n"
    "kizuna searches 5 documents (agreements, programmes, company projects; English and Japanese) and "
    "answers with the sentence that says it, marked **[n]**, above the passages it cites. "
    "It tells you when the documents do not answer. Try an example below."
)
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
.kz-hit summary { cursor: pointer; color: var(--body-text-color-subdued); }
table.kz-meta th { text-align: left; padding: 2px 12px 2px 0; font-weight: 600; border: none; }
table.kz-meta td { padding: 2px 0; border: none; }
.kz-doc { white-space: pre-wrap; line-height: 1.6; max-height: 70vh; overflow-y: auto; padding: 8px; }
.kz-table td, .kz-table th { padding: 2px 10px; text-align: right; }
.kz-table td:first-child, .kz-table th:first-child { text-align: left; }
.kz-left td, .kz-left th { text-align: left !important; }
"""

# A click on any citation marker or key (href "#kz-cite:<key>") opens that passage in the source viewer: the key is
# written into a hidden textbox and a hidden button fires the Python handler.
HEAD = """
<script>
document.addEventListener("click", (event) => {
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
</script>
"""

SCROLL_TO_FOCUS = (
    "() => { setTimeout(() => document.getElementById('kz-focus')?.scrollIntoView({block: 'center'}), 200); }"
)
