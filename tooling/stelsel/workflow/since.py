"""The pull-request check: content changed since a ref must be carried by a proposal.

``stelsel check --since REF`` takes the merge base of REF and HEAD, lists the content files
(``afsprakenstelsel/**``) that differ between it and the working tree (committed or not,
including new files), and reports every item in them that no proposal lists: neither a
proposal changed in the same range (the pull request's own) nor an open proposal. Release
register entries are managed by the release process and are not reported.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.tree import CHANGES_DIR, CONTENT_DIR
from ..load.yamlread import YamlProblem, parse_yaml
from ..load.frontmatter import split_front_matter

NOT_CARRIED = frozenset({"release"})


class SinceError(Exception):
    """``--since`` cannot be evaluated (no git, unknown ref): a usage error."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise SinceError("--since needs git, and git is not installed") from None


def _ids_in_text(path: str, text: str) -> list[tuple[str, str | None]]:
    """(id, kind) defined by an old version of a file."""
    source = text
    if path.endswith(".md"):
        front, _body, _line = split_front_matter(text)
        if front is None:
            return []
        source = front
    try:
        data = parse_yaml(source).data
    except YamlProblem:
        return []
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        kind = data.get("kind") or ("page" if path.endswith(".md") else None)
        return [(data["id"], kind)]
    return []


def changed_files(root: Path, ref: str) -> tuple[str, list[tuple[str, str, str | None]]]:
    """(merge base, [(status, project path, old project path)]) of files changed since ``ref``."""
    root = Path(root).resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise SinceError(f"--since needs git history, but {root} is not in a git repository")
    toplevel = Path(top.stdout.strip()).resolve()
    if _git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").returncode != 0:
        raise SinceError(f"--since: unknown git ref '{ref}' (a branch, tag or commit; in CI fetch it first, "
                         "e.g. git fetch origin main and use origin/main)")
    base = _git(root, "merge-base", ref, "HEAD")
    if base.returncode != 0:
        raise SinceError(f"--since: '{ref}' and HEAD have no common history (a shallow clone? fetch more history)")
    base_sha = base.stdout.strip()
    prefix = root.relative_to(toplevel).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    scopes = [f"{prefix}{CONTENT_DIR}", f"{prefix}{CHANGES_DIR}"]
    diff = _git(toplevel, "diff", "--name-status", "-M", "--no-color", base_sha, "--", *scopes)
    if diff.returncode != 0:
        raise SinceError(f"git diff failed: {diff.stderr.strip()}")
    result: list[tuple[str, str, str | None]] = []

    def local(path: str) -> str:
        return path[len(prefix):] if prefix and path.startswith(prefix) else path

    for line in diff.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        status = parts[0][0]
        if status == "R" and len(parts) == 3:
            result.append(("R", local(parts[2]), local(parts[1])))
        else:
            result.append((status, local(parts[-1]), None))
    untracked = _git(toplevel, "ls-files", "--others", "--exclude-standard", "--", *scopes)
    for line in untracked.stdout.splitlines():
        if line.strip():
            result.append(("A", local(line.strip()), None))
    return base_sha, result


def unproposed_changes(root: Path, ref: str, rule=None, project=None) -> list[Diagnostic]:
    """W021 findings: changed content items that no proposal in the change or open proposal lists."""
    from ..load.project import load_project
    from ..rules.workflow import UnproposedChange, _flow

    rule = rule or UnproposedChange
    root = Path(root).resolve()
    base, changed = changed_files(root, ref)
    project = project or load_project(root)
    flow = _flow(project)
    changed_paths = {path for _s, path, _o in changed}
    covered: dict[str, list[str]] = {}
    for item in project.items("proposal"):
        in_change = item.file.path in changed_paths
        is_open = flow is not None and flow.is_open(item.model.status)
        if in_change or is_open:
            for change in item.model.changes:
                covered.setdefault(change.item, []).append(item.id)
    files = {sf.path: sf for sf in project.files}
    found: list[Diagnostic] = []
    for status, path, old in sorted(changed, key=lambda c: c[1]):
        if not path.startswith(CONTENT_DIR + "/"):
            continue
        ids: list[tuple[str, str | None, str, int, int]] = []
        sf = files.get(path)
        if status != "D" and sf is not None:
            ident = sf.model.id if sf.model is not None and getattr(sf.model, "id", None) else (
                sf.data.get("id") if isinstance(sf.data, dict) else None)
            if isinstance(ident, str):
                line, col = sf.position(("id",))
                ids.append((ident, sf.kind, path, line, col))
        if status in ("D", "R", "M"):
            shown = _git(root, "show", f"{base}:{_repo_rel(root, old or path)}")
            if shown.returncode == 0:
                for ident, kind in _ids_in_text(old or path, shown.stdout):
                    if not any(i[0] == ident for i in ids):
                        ids.append((ident, kind, path, 0, 0))
        for ident, kind, where, line, col in ids:
            if kind in NOT_CARRIED or ident in covered:
                continue
            what = {"A": "added", "D": "deleted", "R": "renamed"}.get(status, "changed")
            found.append(rule.at(where, line, col,
                                 f"{kind or 'item'} '{ident}' was {what} since {ref} ({base[:10]}), but no proposal in this "
                                 f"change and no open proposal lists it",
                                 hint=f"list it in a proposal: stelsel propose --title ... --item change:{ident} "
                                      f"(or add it to an open proposal's changes)"))
    return found


def _repo_rel(root: Path, project_path: str) -> str:
    """A path for ``git show REV:PATH`` relative to the current folder (``./`` form)."""
    return "./" + project_path


def add_since_findings(result, root: Path, ref: str) -> None:
    """Merge the ``--since`` findings into a :class:`stelsel.check.CheckResult`."""
    from ..diagnostics import sort_key

    extra = unproposed_changes(root, ref)
    merged = {(d.path, d.line, d.col, d.code, d.message): d for d in list(result.diagnostics) + extra}
    result.diagnostics = sorted(merged.values(), key=sort_key)
