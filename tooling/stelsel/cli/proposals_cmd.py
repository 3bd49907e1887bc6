"""``stelsel proposals`` (a table with filters) and ``stelsel show ID`` (details and impact)."""

from __future__ import annotations

import json
import textwrap

import click

from .common import ROOT_OPTION, resolve_root
from .proposals_table import WIDTH
from .proposal_cmds import AS_OPTION, report_error


def _context(root):
    from ..workflow.ops import WorkflowError, open_context

    try:
        return open_context(resolve_root(root))
    except WorkflowError as exc:
        report_error(exc)


@click.command()
@click.option("--status", "status", multiple=True, help="Only proposals in this state. Repeatable.")
@click.option("--open", "only_open", is_flag=True, help="Only proposals still under way (open states).")
@click.option("--release", help="Only proposals targeting this release.")
@click.option("--working-group", "working_group", help="Only proposals carried by this working group.")
@click.option("--item", help="Only proposals that add, change or withdraw this item.")
@click.option("--wide", is_flag=True, help="Every column (type, release, working group, the items themselves), "
                                           "nothing cut: wider than a terminal.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def proposals(status, only_open, release, working_group, item, wide, fmt, root) -> None:
    """List change proposals: ID, status, number of items, consultation end, next actor, title.

    The table fits 100 columns: long titles (then the next actor, then IDs) are cut with an
    ellipsis. ENDS is the end of the consultation; NEXT is who may move the proposal on from
    its state. --wide adds the type, target release, working group and the items, uncut.
    An unknown filter value is a usage error (exit 2) that names the nearest known ones.
    """
    from ..workflow.report import select
    from .proposals_table import check_filter, layout, proposal_rows

    ctx = _context(root)
    listed = list(ctx.project.by_kind.get("proposal", {}).values())
    check_filter("--status", status, ctx.flow.states, "states")
    check_filter("--working-group", [working_group], [*ctx.flow.bodies, *(p.model.working_group for p in listed)],
                 "working groups")
    check_filter("--release", [release], [*ctx.project.by_kind.get("release", {}),
                                          *(str(p.model.target_release) for p in listed if p.model.target_release)], "releases")
    check_filter("--item", [item], [*(i for kind, items in ctx.project.by_kind.items() if kind not in ("proposal", "release")
                                      for i in items), *(c.item for p in listed for c in p.model.changes)], "items")
    rows = select(ctx.project, ctx.flow, status=status, release=release, working_group=working_group, item=item,
                  only_open=only_open)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no proposals match")
        return
    headers, cells, narrow = proposal_rows(ctx, rows, wide)
    lines = layout(cells, headers, None if wide else WIDTH, narrow)
    click.echo(click.style(lines[0], bold=True) if _tty() else lines[0])
    for line in lines[1:]:
        click.echo(line)
    click.echo(f"{len(rows)} proposal(s)")


def _tty() -> bool:
    import sys

    return sys.stdout.isatty()


@click.command()
@click.argument("ident", metavar="ID")
@AS_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def show(ident, actor, fmt, root) -> None:
    """Show proposal ID: its details, the items that depend on what it changes, and its next moves.

    Dependent items (suspect items) are those that refer to an item the proposal changes
    or withdraws: agreements derived from a changed principle, pages and items that
    [[link]] to it or reference it. Each must be accounted for under 'dependents:'. With
    --as, the next moves are evaluated for that person.
    """
    from ..workflow.ops import WorkflowError, find_person, find_proposal
    from ..workflow.report import details

    ctx = _context(root)
    try:
        loaded = find_proposal(ctx, ident)
        person = find_person(ctx, actor) if actor else None
    except WorkflowError as exc:
        report_error(exc)
        return
    data = details(ctx.project, ctx.flow, loaded, person)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _render(data)


def _section(title: str) -> None:
    click.echo("")
    click.echo(click.style(title, bold=True) if _tty() else title)


def _para(text: str, indent: str = "  ") -> None:
    for paragraph in (text or "").strip().split("\n"):
        click.echo(textwrap.fill(paragraph, width=96, initial_indent=indent, subsequent_indent=indent) if paragraph else "")


def _render(d: dict) -> None:
    click.echo(f"{d['id']}  {d['title']}")
    authors = ", ".join(f"{a['id']} ({a['name']}, {a['organisation']})" if a["name"] else a["id"] for a in d["authors"])
    rows = [
        ("status", f"{d['status']}" + (f" ({d['state_title']})" if d["state_title"] else " (unknown state)")),
        ("type", d["type"] + (f" ({d['type_title']})" if d["type_title"] else "")),
        ("authors", authors),
        ("working group", d["working_group"] + (f" ({d['working_group_title']})" if d["working_group_title"] else "")),
        ("target release", d["target_release"]),
        ("file", d["path"]),
    ]
    if d["released_in"]:
        rows.append(("released in", d["released_in"]))
    for key, value in rows:
        click.echo(f"  {key + ':':<16}{value}")

    _section("Changes")
    for c in d["changes"]:
        where = f"{c['kind']}, {c['path']}" if c["path"] else "not in the tree"
        title = f" {c['title']}" if c["title"] else ""
        click.echo(f"  {c['action']:<9}{c['item']}{title}  ({where})" + (f" - {c['note']}" if c["note"] else ""))

    _section("Motivation")
    _para(d["motivation"])

    if d["impact"]:
        _section("Impact per role")
        for i in d["impact"]:
            click.echo(f"  {i['role']}:")
            _para(i["impact"], "    ")

    _section("Dependent items (what refers to the changed items)")
    if not d["dependents"]:
        click.echo("  none")
    for dep in d["dependents"]:
        state = dep["accounted"] or click.style("NOT ACCOUNTED FOR", fg="yellow") if _tty() else (dep["accounted"] or "NOT ACCOUNTED FOR")
        kind = f" ({dep['kind']})" if dep["kind"] else ""
        click.echo(f"  {dep['item']}{kind}: {state}")
        click.echo(f"      via {'; '.join(dep['via'])}")

    _section("History")
    if not d["history"]:
        click.echo("  none (the proposal is in its initial state)")
    for h in d["history"]:
        click.echo(f"  {h['at']}  {h['by']}: {h['from']} -> {h['to']}" + (f"  ({h['reason']})" if h["reason"] else ""))

    _section("Reviews")
    if not d["reviews"]:
        click.echo("  none")
    for r in d["reviews"]:
        click.echo(f"  {r['date']}  {r['by']} ({r['organisation']}): {r['verdict']}")
        if r["comment"]:
            _para(r["comment"], "      ")

    if d["consultation"]:
        c = d["consultation"]
        _section("Consultation")
        click.echo(f"  {c['start']} to {c['end']}, {len(c['reactions'])} reaction(s)")
        for r in c["reactions"]:
            click.echo(f"  {r['id']}  {r['date']}  {r['by']}" + (f" ({r['organisation']})" if r["organisation"] else "")
                       + (" [late]" if r["late"] else "") + (f" on {r['item']}" if r["item"] else "") + ":")
            _para(r["summary"], "      ")
            if r["disposition"]:
                click.echo(f"      -> {r['disposition']} ({r['responded_by']}, {r['responded_at']}): {r['motivation']}")
            else:
                click.echo("      -> no disposition yet" + (f"; answered: {r['response']}" if r["response"] else ""))
            if r["disposition"] and r["response"]:
                click.echo(f"      changed: {r['response']}")

    _section("Decision")
    dec = d["decision"]
    if dec is None:
        click.echo("  none recorded")
    else:
        extra = f", minutes: {dec['minutes']}" if dec["minutes"] else ""
        click.echo(f"  {dec['outcome']} by {dec['by']} for {dec['body']} on {dec['date']}{extra}"
                   + (" (example)" if dec["example"] else ""))
        for condition in dec["conditions"]:
            click.echo(f"    condition: {condition}")

    who = f" for {d['as']}" if d["as"] else ""
    _section(f"Moves from '{d['status']}'{who} on {d['on']}")
    if not d["moves"]:
        click.echo("  none (a final state)")
    for m in d["moves"]:
        mark = ""
        if "allowed" in m:
            mark = "  [allowed]" if m["allowed"] else "  [not now]"
        click.echo(f"  -> {m['to']}{mark}: by {' or '.join(m['by'])}")
        for guard in m["guards"]:
            click.echo(f"       needs: {guard}")
        for reason in m.get("reasons", []) if not m.get("allowed") else []:
            click.echo(f"       {reason}")
        for reason in m.get("unmet", []):
            click.echo(f"       not met now: {reason}")
