"""The table 'stelsel proposals' prints: 100 columns wide unless --wide, and filter values checked."""

from __future__ import annotations

import datetime as dt
import difflib

import click

WIDTH = 100
ELLIPSIS = "…"
SEP = "  "
# Columns that give way when a line would be too wide, in this order, and how far: (index, minimum).
NARROW = (("ID", "STATUS", "ITEMS", "ENDS", "NEXT", "TITLE"), ((4, 20), (5, 24), (4, 12), (0, 20), (5, 1), (4, 1)))
WIDE = ("ID", "STATUS", "TYPE", "RELEASE", "WORKING GROUP", "ENDS", "NEXT", "ITEMS", "TITLE")


def check_filter(option: str, values, known, what: str) -> None:
    """A usage error (exit 2) for a filter value that names nothing, with the nearest known values."""
    known = sorted({k for k in known if k})
    for value in values:
        if value is not None and not value.strip():  # '--item ""' would otherwise filter nothing, silently
            raise click.BadParameter(f"it is empty: give one of the {what} ({', '.join(known[:12]) or 'none'}), or "
                                     f"leave {option} out", param_hint=f"'{option}'")
        if value and value not in known:
            close = difflib.get_close_matches(value, known, n=3)
            listed = ", ".join(known[:12]) + (f", … ({len(known)} in all)" if len(known) > 12 else "")
            hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                f"known {what}: {listed if known else 'none'}"
            raise click.BadParameter(f"no {what[:-1] if what.endswith('s') else what} '{value}': {hint}",
                                     param_hint=f"'{option}'")


def _compact(spec: str, model) -> str:
    from ..workflow.engine import parse_spec

    actor = parse_spec(spec)
    if actor.kind == "author":
        return ", ".join(model.authors) or "author"
    if actor.kind == "working_group":
        return f"{model.working_group}/{actor.function}" if actor.function else model.working_group
    if actor.kind == "body":
        return f"{actor.body}/{actor.function}" if actor.function else actor.body
    return actor.text


def next_actors(flow, model) -> str:
    """Who may move the proposal on from its state (every move the workflow has from it), compactly."""
    seen: list[str] = []
    for to in flow.targets(model.status):
        for transition in flow.transitions(model.status, to):
            for spec in transition.by:
                label = _compact(spec, model)
                if label not in seen:
                    seen.append(label)
    return " or ".join(seen) if seen else "-"


def consultation_end(model) -> str:
    end = model.consultation.end if model.consultation is not None else None
    return end.isoformat() if isinstance(end, (dt.date, dt.datetime)) else (str(end) if end else "-")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else (text[: width - 1] + ELLIPSIS if width > 0 else "")


def layout(rows: list[tuple[str, ...]], headers: tuple[str, ...], width: int | None,
           narrow: tuple = ()) -> list[str]:
    """Lines of a left-aligned table; with ``width``, the ``narrow`` columns are cut (ellipsis) to fit it."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    if width is not None:
        for index, minimum in narrow:
            over = sum(widths) + len(SEP) * (len(widths) - 1) - width
            if over <= 0:
                break
            widths[index] = max(min(minimum, widths[index]), widths[index] - over)
    lines = []
    for row in [headers, *rows]:
        cells = [_cut(cell, w).ljust(w) for cell, w in zip(row, widths)]
        line = SEP.join(cells).rstrip()
        lines.append(_cut(line, width) if width is not None else line)
    return lines


def proposal_rows(ctx, rows: list[dict], wide: bool) -> tuple[tuple[str, ...], list[tuple[str, ...]], tuple]:
    """Headers, cells and the narrowing rules for the selected proposals."""
    proposals = ctx.project.by_kind.get("proposal", {})
    cells = []
    for r in rows:
        model = proposals[r["id"]].model
        end, turn = consultation_end(model), next_actors(ctx.flow, model)
        if wide:
            cells.append((r["id"], r["status"], r["type"], str(r["target_release"]), r["working_group"], end, turn,
                          ", ".join(r["items"]), r["title"]))
        else:
            cells.append((r["id"], r["status"], str(len(r["items"])), end, turn, r["title"]))
    if wide:
        return WIDE, cells, ()
    return NARROW[0], cells, NARROW[1]
