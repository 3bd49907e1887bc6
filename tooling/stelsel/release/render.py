"""Render a ProjectDiff as text (terminal), JSON or Markdown (for people: in the framework's language)."""

from __future__ import annotations

import functools
import json

from .. import i18n
from .diff import ProjectDiff

SYMBOL = {"added": "+", "removed": "-", "withdrawn": "-", "changed": "~", "renamed": ">", "moved": ">"}


def _short(value, limit: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words_inline(words, ins: tuple[str, str], dele: tuple[str, str]) -> str:
    out = []
    for op, text in words:
        if op == "equal":
            out.append(text)
        elif op == "insert":
            out.append(f"{ins[0]}{text}{ins[1]}")
        else:
            out.append(f"{dele[0]}{text}{dele[1]}")
    return " ".join("".join(out).split())


def render_text(diff: ProjectDiff) -> str:
    lines = [f"{diff.old_label} -> {diff.new_label}: " + summary(diff)]
    for item in diff.items:
        head = f"{SYMBOL[item.change]} {item.change:<9} {item.id} ({item.kind}) {item.title}"
        if item.old_id:
            head += f"  [was {item.old_id}]"
        if item.change == "moved":
            head += f"  [{item.old_path} -> {item.new_path}]"
        lines.append(head)
        for field in item.fields:
            if field.words is not None:
                lines.append(f"    {field.name}: {_words_inline(field.words, ('{+', '+}'), ('[-', '-]'))}")
            else:
                lines.append(f"    {field.name}: {_short(field.old)} -> {_short(field.new)}")
    return "\n".join(lines) + "\n"


def summary(diff: ProjectDiff) -> str:
    if not diff.items:
        return "no changes"
    counts = {}
    for item in diff.items:
        counts[item.change] = counts.get(item.change, 0) + 1
    return ", ".join(f"{n} {change}" for change, n in sorted(counts.items()))


def render_json(diff: ProjectDiff) -> str:
    return json.dumps(diff.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(diff: ProjectDiff, t: i18n.Messages | None = None) -> str:
    """The diff as Markdown, its words from the catalogue ``t`` (default: the default language's)."""
    t = t or i18n.messages()
    labels = t.mapping("change")
    lines = [f"# {t('diff.title', old=diff.old_label, new=diff.new_label)}", "", summary(diff), ""]
    for change in ("added", "changed", "withdrawn", "removed", "renamed", "moved"):
        items = diff.of(change)
        if not items:
            continue
        title = labels.get(change, change)
        lines += [f"## {title[:1].upper() + title[1:]}", ""]
        for item in items:
            extra = f" (was `{item.old_id}`)" if item.old_id else ""
            lines.append(f"- `{item.id}` ({item.kind}) {_md_escape(item.title)}{extra}")
            for field in item.fields:
                if field.words is not None:
                    text = _words_inline(field.words, ("<ins>", "</ins>"), ("<del>", "</del>"))
                else:
                    text = f"{_md_escape(_short(field.old))} → {_md_escape(_short(field.new))}"
                lines.append(f"    - **{field.name}**: {text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def renderer(fmt: str, config=None):
    """The renderer of ``fmt``; Markdown, which people read, in the language of the framework ``config``."""
    if fmt == "markdown":
        return functools.partial(render_markdown, t=i18n.for_config(config))
    return RENDERERS[fmt]
