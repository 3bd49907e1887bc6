"""Checklists per role and the downloads the pages declare (a mixin of pages._Generator).

The generator only declares the files (``self.downloads``); the builder renders them
(downloads.py). The checklist tables are HTML parts (one row per agreement per role)."""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from ..i18n import Messages, for_config
from . import links as L
from .markup import H, join, table
from .shared import CHECKLIST_FORMATS, RELEASE_PDF, DownloadSpec, natural
from .shared import status as _status
from .text import esc


def declare_downloads(project, version: str, frozen: bool, pdf: bool) -> tuple[dict, dict[str, DownloadSpec]]:
    """The checklist of every role that has agreements (the rows 'stelsel checklist --role'
    gives for this version) and, with ``pdf``, the release PDF: (role ID -> Checklist,
    site path -> DownloadSpec). The builder renders the files."""
    from ..qualify import build_checklist, describe

    label = version if frozen else "working"  # the version as stelsel.qualify names it
    checklists: dict = {}
    downloads: dict[str, DownloadSpec] = {}
    roles = sorted(project.items("role"), key=lambda r: natural(r.model.title))
    if roles and project.items("agreement"):
        state = describe(project, label)
        for role in roles:
            checklist = build_checklist(state, role.id)
            if not checklist.rows:
                continue
            checklists[role.id] = checklist
            for fmt, _label in CHECKLIST_FORMATS:
                downloads[L.checklist_download(role.id, version, fmt)] = DownloadSpec(f"checklist-{fmt}", label, role.id)
    if project.config is not None and pdf:
        downloads[L.release_pdf(project.config.id, version)] = DownloadSpec(RELEASE_PDF, label)
    return checklists, downloads


class ChecklistPages:
    @property
    def ui(self) -> Messages:
        """The words of the framework's language (stelsel.i18n)."""
        return for_config(self.cfg)

    @property
    def qualify_label(self) -> str:
        """This version as stelsel.qualify names it: the frozen release ('0.8') or 'working'."""
        return self.o.version if self.o.frozen else "working"

    @property
    def pdf_path(self) -> str:
        return L.release_pdf(self.cfg.id if self.cfg else None, self.o.version)

    def _declare_downloads(self) -> None:
        declared = self.o.declared
        if declared is not None and declared[0] is self.p:  # the builder declared them for this very tree
            self.checklists, self.downloads = dict(declared[1]), dict(declared[2])
            return
        self.checklists, self.downloads = declare_downloads(self.p, self.o.version, self.o.frozen,
                                                            self.o.pdf_note is None)

    def _version_phrase(self) -> str:
        if self.o.frozen:
            return self.ui("checklist.site.version_release", version=esc(self.o.version))
        target = self.working_release
        return (self.ui("checklist.site.version_working_for", version=esc(target)) if target
                else self.ui("checklist.site.version_working"))

    def _download_buttons(self, page: str, role_id: str) -> Markup:
        out = []
        for fmt, label in CHECKLIST_FORMATS:
            target = L.checklist_download(role_id, self.o.version, fmt)
            css = "md-button md-button--primary" if fmt == "xlsx" else "md-button"
            out.append(self.index.page_a(page, target, label, cls=css, download=posixpath.basename(target)))
        return join(" ", out)

    def _download_links(self, page: str, role_id: str) -> Markup:
        out = []
        for fmt, _label in CHECKLIST_FORMATS:
            target = L.checklist_download(role_id, self.o.version, fmt)
            out.append(self.index.page_a(page, target, fmt.upper(), download=posixpath.basename(target)))
        return join(" · ", out)

    def _download_links_md(self, page: str, role_id: str) -> str:
        out = []
        for fmt, _label in CHECKLIST_FORMATS:
            target = L.checklist_download(role_id, self.o.version, fmt)
            out.append(f'{self.index.page_link(page, target, fmt.upper())}{{ download="{posixpath.basename(target)}" }}')
        return " · ".join(out)

    def _checklist_statuses(self, checklists) -> list:
        agreements = self.p.by_kind.get("agreement", {})
        ids = dict.fromkeys(row.id for c in checklists for row in c.rows if row.id in agreements)
        return [_status(agreements[i]) for i in ids]

    def _checklist_pages(self) -> None:
        if not self.checklists:
            return
        roles = {r.id: r for r in self.p.items("role")}
        path = L.CHECKLISTS
        out = ["# Checklists\n", self.banner(self._checklist_statuses(self.checklists.values())),
               self.ui("checklist.site.overview_lead", version=self._version_phrase()) + "\n"]
        rows = []
        for role_id, checklist in self.checklists.items():
            mandatory = sum(1 for row in checklist.rows if row.mandatory)
            rows.append([self.index.page_a(path, L.checklist_page(role_id), checklist.role_title),
                         str(len(checklist.rows)), str(mandatory), self._download_links(path, role_id)])
        out.append(self.block(table([self.ui(f"checklist.site.{key}") for key in ("role", "agreements", "mandatory",
                                                                                  "download")], rows)))
        empty = [r for r in sorted(roles.values(), key=lambda r: natural(r.model.title)) if r.id not in self.checklists]
        if empty:
            key = "checklist.site.none_one" if len(empty) == 1 else "checklist.site.none_many"
            out.append(self.ui(key, roles=self.ui.join([self.index.link(path, r.id) for r in empty])) + "\n")
        self.page(path, self.ui("checklist.site.overview"), "\n".join(out))
        for role_id, checklist in self.checklists.items():
            self._checklist_page(role_id, checklist)

    def _checklist_page(self, role_id: str, checklist) -> None:
        """The rows of the role's checklist as on its downloads (qualify.render_markdown), with links."""
        path = L.checklist_page(role_id)
        n = len(checklist.rows)
        ui = self.ui
        link = self.index.page_link(path, L.role_view_page(role_id), ui("checklist.site.role_agreements"))
        out = [f"# {ui('checklist.heading', role=esc(checklist.role_title))}\n",
               self.banner(self._checklist_statuses([checklist])),
               ui("checklist.site.page_lead", framework=esc(checklist.framework), release=esc(checklist.release_title),
                  role=self.index.link(path, role_id), count=n, link=link) + "\n",
               self.block(join("\n", [H.p(H.strong(ui("checklist.site.download_to_fill"))),
                                       H.p(self._download_buttons(path, role_id))]))]
        validity = checklist.validity or (self.validity_sentence(self.o.version) if self.o.frozen else "")
        if validity:  # the header states from when and until when the release binds
            out.insert(3, self.block(H.p(H.strong(validity))))
        for _layer, title, rows in checklist.by_layer():
            out.append(f"## {esc(title)}\n")
            cells = []
            for row in rows:
                level = H.strong(self.t(row.level)) if row.mandatory else self.t(row.level)
                statement = H.lines([H.strong(self.t(row.title)), self.t(row.statement)])
                since = self.index.a(path, row.since) if row.since else "—"
                cells.append([self.index.id_a(path, row.id), level, statement, self.t(row.evidence) or "—", since])
            out.append(self.block(table([ui(f"checklist.column.{key}") for key in ("id", "level", "statement", "evidence",
                                                                                   "since")], cells)))
        self.page(path, checklist.role_title, "\n".join(out), search=False)

    def _pdf_line(self, page: str, *, html: bool = False) -> str:
        """The link to this version's release PDF, or why this build has none (Markdown, or HTML)."""
        if self.cfg is None:
            return ""
        ui = self.ui
        label = ui("checklist.site.as_pdf")
        if self.o.pdf_note is not None:
            if html:
                return H.labelled(label, Markup(" ") + ui.html("checklist.site.pdf_unavailable",
                                                               note=self.t(self.o.pdf_note)))
            return f"**{label}** {ui('checklist.site.pdf_unavailable', note=esc(self.o.pdf_note))}\n"
        if self.o.frozen:
            text = ui("checklist.site.pdf_release", version=self.o.version)
            after = ui("checklist.site.pdf_release_after")
        else:
            text = ui("checklist.site.pdf_working")
            after = (ui("checklist.site.pdf_working_after_for", version=self.working_release) if self.working_release
                     else ui("checklist.site.pdf_working_after"))
        if html:
            return H.labelled(label, Markup(" {} — {}").format(self.index.page_a(page, self.pdf_path, text),
                                                               self.t(after)))
        return f"**{label}** {self.index.page_link(page, self.pdf_path, text)} — {esc(after)}\n"
