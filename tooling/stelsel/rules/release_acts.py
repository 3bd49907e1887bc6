"""Findings about the acts of the release process: who cut and published, and which release is open."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..workflow.engine import project_flow
from .base import Rule


def _frozen_versions(project) -> set[str]:
    from ..workflow.release_provenance import frozen_manifests

    return set(frozen_manifests(project))


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class ReleaseActNotEntitled(Rule):
    """A release record names someone who was not entitled to that act on its day.

    Release authority is data: ``workflow.release_authority`` in ``governance.yaml`` says who
    may cut and who may publish a release (``by``: ``body:ID``, ``body:ID/FUNCTION`` or
    ``anyone``; membership counts on the day of the act). A frozen release's manifest names
    who cut it (``cut_by``, on its ``created`` date) and a register entry's ``published``
    block who published it; each must have been entitled then. Where no record names anyone
    (a manifest without ``cut_by``, a register entry marked ``gepubliceerd`` without
    ``published``: an act done by hand), the author of the commit that made the act (found
    in git history by their roster e-mail) must have been entitled on its day. Without a
    ``release_authority`` for the act nobody is. A frozen release needs a valid release
    decision too: its register entry must record the decision of a body in
    ``workflow.release_decided_by``, taken by a member on or before the ``created`` day, so a
    release frozen by hand without one (or without a register entry) is reported. Fix: the act is done again by someone
    entitled (``stelsel release cut/publish --as PERSON`` refuses anyone else), or, when the
    authority itself was wrong, correct ``release_authority`` or the memberships through a
    proposal.
    """

    finding = codes.RELEASE_ACT_NOT_ENTITLED

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..load.references import unchecked_source
        from ..workflow.release_acts import decision_problem, entitlement_problem
        from ..workflow.release_provenance import frozen_manifests, manifest_line

        from ..workflow.roster import roster

        registered = project.by_kind.get("release", {})
        everyone = flow
        for version, (data, raw) in sorted(frozen_manifests(project).items()):
            # judged against the roster as committed before the cut commit (the one adding the manifest)
            flow = roster(project).at_path_added(f"releases/{version}/manifest.json") or everyone
            person = data.get("cut_by")
            day = _day(data.get("created"))
            # A cut needs a valid release decision taken by its day (release_decision), even one done by hand.
            entry = registered.get(version)
            unread = entry is None and unchecked_source(project, version, ("release",)) is not None
            # an unreadable register entry is its own finding (F001 …), not a missing decision
            problem = None if day is None or unread else decision_problem(flow, entry, version, day)
            if problem:
                line, col = manifest_line(raw, "version")
                yield self.at(f"releases/{version}/manifest.json", line, col,
                              f"release {version} was frozen on {day} without a valid release decision: {problem}",
                              hint="a release is cut after the deciding body's decision is recorded in its register "
                                   "entry (releases/VERSION.yaml in the content folder); stelsel release cut refuses otherwise")
            if not isinstance(person, str) or day is None:
                continue
            problem = entitlement_problem(flow, "cut", person, day)
            if problem:
                line, col = manifest_line(raw, "cut_by")
                yield self.at(f"releases/{version}/manifest.json", line, col,
                              f"release {version} was cut by {person} on {day}, who was not entitled: {problem}",
                              hint="a release is cut by someone workflow.release_authority.cut names (stelsel release "
                                   "cut --as PERSON refuses anyone else)")
        from ..workflow.release_provenance import recorded_in

        for entry in sorted(project.items("release"), key=lambda item: item.file.path):
            published = entry.model.published
            if published is None:
                continue
            # judged against the roster as committed before the commit that recorded the publication
            flow = roster(project).at_commit(recorded_in(project, entry.file.path, "published")) or everyone
            problem = entitlement_problem(flow, "publish", published.by, published.date)
            if problem:
                line, col = entry.file.key_position(("published",))
                yield self.at(entry.file.path, line, col,
                              f"release {entry.id} was published by {published.by} on {published.date}, who was not "
                              f"entitled: {problem}",
                              hint="a release is published by someone workflow.release_authority.publish names "
                                   "(stelsel release publish --as PERSON refuses anyone else)")
        from ..workflow import release_provenance

        # acts no record names a person for (a release frozen or published by hand): the committer, from history
        yield from release_provenance.to_diagnostics(project, self, self.code)


class WorkingReleaseFrozen(Rule):
    """``working_release`` in ``stelsel.yaml`` names a release that is already frozen.

    The working release is the one the working tree heads for: new proposals target it by
    default and the site labels the working version with it. Once it is frozen in
    ``releases/<version>/``, nothing can go into it any more. ``stelsel release cut`` moves
    it to the next planned release; when the register has none, it stays. Fix: open the next
    release with ``stelsel release open NEXT --as PERSON`` (``--title`` to add it to the
    register).
    """

    finding = codes.WORKING_RELEASE_FROZEN

    def check(self, project) -> Iterable[Diagnostic]:
        config, sf = project.config, project.config_file
        if config is None or sf is None or not config.working_release:
            return
        frozen = _frozen_versions(project)
        if config.working_release in frozen:
            line, col = sf.position(("working_release",))
            yield self.at(sf.path, line, col,
                          f"working_release is {config.working_release}, which is already frozen in "
                          f"releases/{config.working_release}",
                          hint="open the next release: stelsel release open NEXT --as PERSON (--title for a release "
                               "the register does not list yet)")


class TargetsFrozenRelease(Rule):
    """An open proposal targets a release that is already frozen.

    A frozen release never changes, so a proposal still under way can no longer go into the
    release it names: it would never be released, and ``release plan`` for the next release
    would not count it. The same holds for a proposal approved for a release that was then
    cut without it. And a proposal marked released must be in the frozen copy of the release
    it names (``releases/<version>/changes/``): a status moved to the released state by hand
    would otherwise take an approved proposal, and the items it pins, out of every check.
    Fix: retarget it (``target_release``) to the working release, or withdraw it; restore
    a hand-made released status from git.
    """

    finding = codes.TARGETS_FROZEN_RELEASE

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        frozen = _frozen_versions(project)
        if not frozen:
            return
        working = project.config.working_release if project.config is not None else None
        target = working if working and working not in frozen else "the working release"
        approved = {state.id for state in flow.workflow.states if state.approved and not state.released}
        released = {state.id for state in flow.workflow.states if state.released}
        for item in sorted(project.items("proposal"), key=lambda i: i.file.path):
            model = item.model
            if model.status in released:
                yield from self._released_in(project, item, frozen)
                continue
            if model.target_release not in frozen:
                continue
            if flow.is_open(model.status):
                said = f"is still '{model.status}' but targets release {model.target_release}, which is already frozen"
            elif model.status in approved and not model.released_in:
                said = (f"is '{model.status}' for release {model.target_release}, which was frozen without it: it "
                        "would never be released")
            else:
                continue
            line, col = item.file.position(("target_release",))
            yield self.at(item.file.path, line, col, f"{model.id} {said}",
                          hint=f"retarget it: target_release: \"{target}\"")

    def _released_in(self, project, item, frozen: set[str]) -> Iterable[Diagnostic]:
        """A proposal marked released must be in the frozen copy of the release it names."""
        model = item.model
        version = model.released_in or model.target_release
        key = ("released_in",) if model.released_in else ("status",)
        if version not in frozen:
            if version in _deleted_releases(project):
                return  # the release was deleted: L006 is the finding
            line, col = item.file.position(key)
            yield self.at(item.file.path, line, col,
                          f"{model.id} is marked released ('{model.status}') in release {version}, which is not frozen",
                          hint="only 'stelsel release cut' marks a proposal released; restore its status from git")
            return
        # the cut copies each proposal to the same path in the release; only a moved file needs reading
        if f"releases/{version}/{item.file.path}" not in project.frozen \
                and model.id not in _frozen_proposal_ids(project, version):
            line, col = item.file.position(key)
            yield self.at(item.file.path, line, col,
                          f"{model.id} is marked released ('{model.status}') in release {version}, but "
                          f"releases/{version}/changes/ does not include it",
                          hint="only 'stelsel release cut' marks a proposal released; restore its status from git "
                               "and retarget it to the working release")


def _deleted_releases(project) -> set[str]:
    from .anchor import anchor_report

    return {problem.version for problem in anchor_report(project).problems if problem.code == "L006"}


def _frozen_proposal_ids(project, version: str) -> set[str]:
    """The IDs of the proposals a frozen release includes (read from its frozen copies)."""
    from .. import inputs
    from ..load.frontmatter import split_front_matter
    from ..load.yamlread import YamlProblem, parse_yaml

    def compute() -> set[str]:
        prefix = f"releases/{version}/changes/"
        ids: set[str] = set()
        for path in sorted(project.frozen):
            if not path.startswith(prefix) or not path.endswith(".md"):
                continue
            try:
                front, _body, _line = split_front_matter(inputs.read_bytes(project.root / path).decode("utf-8"))
                data = parse_yaml(front).data if front is not None else None
            except (OSError, UnicodeDecodeError, YamlProblem):
                continue  # L001 reports a damaged frozen file
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                ids.add(data["id"])
        return ids

    return project.memoized(f"release.frozen_proposals.{version}", compute)
