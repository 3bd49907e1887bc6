"""The roster as it was: the governance in force when an act was recorded, not today's file.

Who may move, review or decide, and who may open, cut or publish a release, is judged on the
date of the act against the governance file (bodies, memberships, people, the workflow) as
committed in the *parent* of the commit that recorded the act, and only if that version is in
force: the first committed version (adoption), or one that a decided proposal listing the
governance's ID decided (the governance at the commit of its decision, compared as data). A
version nobody decided authorises nobody: the newest earlier version in force is used. So
someone who adds themselves to a body (with a backdated ``start``) and then acts, in one
commit or in two, is judged by the roster without them; a roster edit made later neither
undoes past acts nor validates them. In a pull request, acts added next to a roster change
are judged against the merge base too (:mod:`stelsel.workflow.since`, W026), and the change
itself needs a decided proposal (W027).

* The commit that records an act is the one that *added* it (see
  :mod:`stelsel.workflow.provenance`: the last commit where the entry appeared in its
  current form).
* Where the parent has no governance file (the commit that adopts stelsel and commits the
  existing roster once, with historical start dates, or a root commit), the governance of
  that commit itself is in force: adopting a roster is not acting on it.
* An act that is not committed yet (or a project without history) is judged against the
  working tree's governance, as before.
* A committed governance that cannot be read (invalid YAML, or a model that does not
  validate) is no roster: the newest earlier version in force is used; with none, nobody
  is on the roster (today's file never stands in for a committed one).
* A merge commit's act is judged by the version in force on both lines it joins: a roster
  change carried by one side alone does not authorise an act made in the merge itself.
* ``workflow.release_authority`` came later than the roster in many histories: where the
  committed governance declares none, today's declaration applies to that roster (the
  memberships are still those of the commit).

Each committed governance blob is parsed and validated once per run.
"""

from __future__ import annotations

from .. import vcs
from .engine import Flow, project_flow
from .provenance import Version, adding_version, canonical, git_view


class Roster:
    """The governance in force per commit, for the acts of one project (one per loaded project)."""

    def __init__(self, project):
        self.project = project
        self.current: Flow | None = project_flow(project)
        self.view = git_view(project)
        self._by_blob: dict[str, Flow | None] = {}
        self._by_commit: dict[str, Flow | None] = {}
        self._path: str | None = None
        self._dumps: dict[str, str] = {}  # blob -> the governance it holds, as canonical data
        self._versions: list | None = None
        self._authorised_dumps: set[str] | None = None
        self._empty: Flow | None = None
        sf = project.governance_file
        if sf is not None and self.view.available:
            try:
                self._path = self.view.repo_path(sf.path)
            except ValueError:
                self._path = None

    # -- lookups

    def at_commit(self, sha: str | None) -> Flow | None:
        """The flow in force for an act recorded in commit ``sha`` (today's without one).

        The governance of the commit's parent, if that version is in force (else the newest
        earlier one that is); for a merge commit, the one in force on every parent: where the
        parents differ, the newest version in force that both lines share, so an act in a
        merge cannot rely on a roster change that only one side carried.
        """
        if sha is None or self._path is None or self.current is None:
            return self.current
        if sha not in self._by_commit:
            self._by_commit[sha] = self._for_commit(sha)
        return self._by_commit[sha]

    def _for_commit(self, sha: str) -> Flow:
        repo = self.view.repo
        parents = vcs.parents(repo, sha) or []
        blobs = [(parent, vcs.blob_id(repo, f"{parent}:{self._path}")) for parent in parents]
        if not parents or not all(blob for _parent, blob in blobs):
            # No governance before this commit (adoption, or a root commit): its own version is in force.
            own = vcs.blob_id(repo, f"{sha}:{self._path}")
            if own is None:
                return self.current
            blobs = [(sha, own)]
        if len({blob for _parent, blob in blobs}) == 1:
            parent, blob = blobs[0]
            return self._in_force(parent, blob)
        return self._shared_in_force([parent for parent, _blob in blobs])

    def for_next_commit(self) -> Flow | None:
        """The flow an act committed now, on top of HEAD, will be judged by (for the commands that record acts).

        The version in force at HEAD (or, before the first commit with a governance file, the
        working tree's: adoption). Its people are merged with today's, so anyone on today's
        roster can be named; memberships and the workflow are those in force. When that
        differs from the working tree's governance, ``in_force_note`` says so, for the hints
        of a refusal: an uncommitted or undecided roster edit authorises nobody yet.
        """
        if self._path is None or self.current is None:
            return self.current
        head = vcs.head(self.view.repo)
        blob = vcs.blob_id(self.view.repo, f"{head}:{self._path}") if head else None
        if blob is None:
            return self.current
        flow = self._in_force(head, blob)
        if flow is self.current or canonical(flow.governance.model_dump(mode="json")) == \
                canonical(self.current.governance.model_dump(mode="json")):
            return self.current
        judged = Flow(flow.governance)
        judged.people = {**self.current.people, **flow.people}
        judged.in_force_note = (f"acts are judged by the roster in force: {self.project.governance_file.path} as "
                                f"committed and decided (HEAD {head[:10]}), not the working tree's edits to it; a "
                                f"roster change counts once a decided proposal carries it (stelsel check --since)")
        return judged

    def for_version(self, version: Version | None) -> Flow | None:
        return self.at_commit(version.sha if version is not None else None)

    def for_entry(self, path: str, extract, entry: str) -> Flow | None:
        """The flow in force for one act of a proposal (``extract`` and ``entry`` as in provenance)."""
        if not self.view.available or self._path is None:
            return self.current
        return self.for_version(adding_version(self.view.versions(path), extract, entry))

    def at_path_added(self, project_path: str) -> Flow | None:
        """The flow in force for the commit that first added a file (a release's manifest: its cut)."""
        if not self.view.available or self._path is None:
            return self.current
        try:
            adding = vcs.adding_commits(self.view.repo, self.view.repo_path(project_path))
        except (vcs.GitProblem, ValueError):
            return self.current
        return self.at_commit(adding[0].commit) if adding else self.current

    def review_flow(self, sf, index: int) -> Flow | None:
        """The flow in force for review ``index`` of a proposal file."""
        raw = _raw_list(sf, "reviews")
        if index >= len(raw):
            return self.current
        return self.for_entry(sf.path, lambda s: s.reviews if s is not None else (), canonical(raw[index]))

    def decision_flow(self, sf) -> Flow | None:
        """The flow in force for the decision of a proposal file."""
        data = sf.data if isinstance(sf.data, dict) else {}
        if data.get("decision") is None:
            return self.current
        return self.for_entry(sf.path, lambda s: s.decision if s is not None else (), canonical(data.get("decision")))

    def history_flow(self, sf, index: int) -> Flow | None:
        """The flow in force for history entry ``index`` (a move) of a proposal file."""
        raw = _raw_list(sf, "history")
        if index >= len(raw):
            return self.current
        return self.for_entry(sf.path, lambda s: s.history if s is not None else (), canonical(raw[index]))

    # -- which committed governance versions are in force

    def _in_force(self, sha: str, blob: str) -> Flow:
        """The flow of ``blob`` (the governance at commit ``sha``) if that version is in force, else of
        the newest earlier one that is (an ancestor of ``sha``).

        In force: the first committed version (adoption), and every version that a decided
        proposal listing the governance's ID decided (the governance at its decision's commit,
        compared as data, comments aside). A version nobody decided (a roster edit without a
        decision), or one that cannot be read, never authorises anyone: the version before it
        stays in force. Where none is, nobody is on the roster (:meth:`_nobody`).
        """
        flow = self._flow(blob)
        if flow is not None and self._dumps.get(blob) in self._authorised():
            return flow
        return self._newest_in_force([sha], skip=blob)

    def _shared_in_force(self, commits: list[str]) -> Flow:
        """The newest version in force that is an ancestor of every one of ``commits`` (a merge's parents)."""
        return self._newest_in_force(commits)

    def _newest_in_force(self, commits: list[str], skip: str | None = None) -> Flow:
        for version in self._governance_versions():  # newest first
            if version.blob == skip or self._flow(version.blob) is None \
                    or self._dumps.get(version.blob) not in self._authorised():
                continue
            try:
                if all(vcs.is_ancestor(self.view.repo, version.commit, commit) for commit in commits):
                    return self._flow(version.blob)
            except vcs.GitProblem:
                break
        return self._nobody()

    def _nobody(self) -> Flow:
        """Today's workflow with nobody on it: no body has members, no act is authorised.

        For an act whose commit has no governance in force before it: the committed versions
        before it cannot be read, or none was ever adopted or decided. Judging it by today's
        file would let a roster edited afterwards vouch for it.
        """
        if self._empty is None:
            governance = self.current.governance
            bodies = [body.model_copy(update={"members": []}) for body in governance.bodies]
            self._empty = Flow(governance.model_copy(update={"bodies": bodies}))
        return self._empty

    def _governance_versions(self) -> list:
        if self._versions is None:
            try:
                history = vcs.folder_history(self.view.repo, self._path)
            except vcs.GitProblem:
                history = {}
            self._versions = history.get(self._path, [])
        return self._versions

    def _authorised(self) -> set[str]:
        """The governance versions (as canonical data) in force: the adopted one, and each one a valid decision decided.

        A decision counts only if it was itself taken with authority: its decider entitled by
        the roster in force before the decision's commit, and that commit authored and
        committed by them (their roster e-mail then; another committer only when vouched for as
        W024 allows), and signed with their listed key when the roster then required signed
        decisions. A self-appointed roster, "decided" in the same commit or
        by a forged decision, authorises nobody. Decisions are taken up oldest first, so a
        roster change decided under an earlier decided roster counts.
        """
        if self._authorised_dumps is not None:
            return self._authorised_dumps
        found: set[str] = set()
        self._authorised_dumps = found  # (re-entry while computing sees the partial set)
        versions = self._governance_versions()
        if versions:
            self._flow(versions[-1].blob)
            found.add(self._dumps.get(versions[-1].blob))
        found.discard(None)
        governance = self.project.governance
        if governance is None:
            return found
        from ..release.pin import states_of

        states = states_of(self.project)
        candidates = []  # (decision commit or None, blob or None, proposal model)
        for item in self.project.items("proposal"):
            model = item.model
            if model.decision is None or not (model.status in states.approved or model.status in states.released):
                continue
            if not any(change.item == governance.id for change in model.changes):
                continue
            data = item.file.data if isinstance(item.file.data, dict) else {}
            added = adding_version(self.view.versions(item.file.path), lambda s: s.decision if s is not None else (),
                                   canonical(data.get("decision")))
            if added is None:  # decided in the working tree, not committed yet: today's file is the decided one
                found.add(canonical(governance.model_dump(mode="json")))
                continue
            blob = vcs.blob_id(self.view.repo, f"{added.sha}:{self._path}")
            if blob and self._flow(blob) is not None:
                candidates.append((added, blob, model))
        pending = list(candidates)
        while pending:  # until nothing more is admitted: each round may put a decided roster in force
            admitted = []
            for added, blob, model in pending:
                self._by_commit.clear()  # the rosters in force change as versions are admitted
                if self._valid_decision(added, model):
                    admitted.append((added, blob, model))
            if not admitted:
                break
            for entry in admitted:
                found.add(self._dumps.get(entry[1]))
                pending.remove(entry)
        self._by_commit.clear()
        found.discard(None)
        return found

    def _valid_decision(self, added, model) -> bool:
        """Whether a roster-changing decision was taken by someone the roster then in force entitles, in their own commit."""
        flow = self.at_commit(added.sha)
        if flow is None or flow.decision_problems(model.decision):
            return False
        person = flow.people.get(model.decision.by) or (self.current.people.get(model.decision.by)
                                                        if self.current is not None else None)
        if person is None or person.email.strip().lower() != added.author_email.strip().lower():
            return False
        from .vouch import committer_problem, signature_problem, trusted_committers

        # committed by the decider too (or vouched for), and signed when signatures were required then
        people = {**(self.current.people if self.current is not None else {}), **flow.people}
        if committer_problem(self.view, added.sha, added.author_name, added.author_email, added.committer_name,
                             added.committer_email, people, trusted_committers(flow.governance), "the decision"):
            return False
        return not (flow.workflow.require_signed_decisions
                    and signature_problem(self.view, added.sha, person, "the decision"))

    # -- parsing, once per blob

    def _flow(self, blob: str) -> Flow | None:
        if blob not in self._by_blob:
            self._by_blob[blob] = self._parse(blob)
        return self._by_blob[blob]

    def _parse(self, blob: str) -> Flow | None:
        from pydantic import ValidationError

        from ..load.yamlread import YamlProblem, parse_yaml
        from ..model.governance import Governance

        try:
            text = vcs.read_blob(self.view.repo, blob)
        except vcs.GitProblem:
            return None
        if text is None:
            return None
        try:
            data = parse_yaml(text).data
            governance = Governance.model_validate(data)
        except (YamlProblem, ValidationError, TypeError, ValueError):
            return None
        self._dumps[blob] = canonical(governance.model_dump(mode="json"))
        today = self.current.governance if self.current is not None else None
        if governance.workflow.release_authority is None and today is not None \
                and today.workflow.release_authority is not None:
            workflow = governance.workflow.model_copy(update={"release_authority": today.workflow.release_authority})
            governance = governance.model_copy(update={"workflow": workflow})
        return Flow(governance)


def _raw_list(sf, key: str) -> list:
    data = sf.data if isinstance(sf.data, dict) else {}
    value = data.get(key)
    return value if isinstance(value, list) else []


def roster(project) -> Roster:
    """The project's roster lookup, built once per loaded project."""
    return project.memoized("workflow.roster", lambda: Roster(project))


def flow_at_ref(project, commit: str) -> Flow | None:
    """The governance committed at ``commit`` itself (the merge base of a pull request), as a flow."""
    r = roster(project)
    if r._path is None or r.current is None:
        return r.current
    blob = vcs.blob_id(r.view.repo, f"{commit}:{r._path}")
    return r._flow(blob) if blob else None
