"""The version's data for machines (a mixin of pages._Generator): ``stelsel.json`` and ``feed.xml``.

``/<version>/stelsel.json`` holds every item of that version as its file has it (the shape is
``schemas/site/stelsel.schema.json``, whose ``data`` is each kind's own schema), with its page,
and the releases and proposals the version knows. ``/<version>/feed.xml`` is an Atom feed of
the releases that were decided or published and of the decisions on proposals, newest first.
Both are pure functions of the model, written by the plugin like any generated file.
"""

from __future__ import annotations

import datetime as dt
import json

from ..i18n import for_config
from . import links as L
from .markup import render
from .shared import WORKING_VERSION, natural
from .shared import status as _status

DATA_FILE = "stelsel.json"
FEED_FILE = "feed.xml"
NOT_ITEMS = frozenset({"proposal", "release"})


def _day(value) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else None


class DataFiles:
    def _data_files(self) -> dict[str, str]:
        return {DATA_FILE: self._data_json(), FEED_FILE: self._feed()}

    def _url(self, page: str | None, anchor: str | None = None) -> str | None:
        if page is None or page not in self.pages:
            return None
        return L.page_url(page, self.o.directory_urls) + (f"#{anchor}" if anchor else "")

    def _release_record(self, release) -> dict:
        out = {"id": release.id, "title": release.model.title, "status": self.release_status(release.id)}
        day = _day(self.release_date(release.id))
        if day:
            out["date"] = day
        url = self._url(L.release_page(release.id))
        if url:
            out["page"] = url
        return out

    def _data_json(self) -> str:
        items = []
        for item in sorted((i for i in self.p.items() if i.kind not in NOT_ITEMS), key=lambda i: (i.kind, natural(i.id))):
            record = {"id": item.id, "kind": item.kind, "title": item.model.title}
            word = self.p.statuses.word(_status(item)) if _status(item) else None  # as its file says it
            if word:
                record["status"] = word
            own = L.item_page(item.kind, item.id)
            url = self._url(own) if own in self.item_pages else None
            target = self.index.targets.get(item.id)
            url = url or (self._url(target.page, target.anchor) if target is not None else None)
            if url:
                record["page"] = url
            if item.kind == "page":
                record["text"] = item.file.body or ""
            record["data"] = item.model.model_dump(mode="json", by_alias=True, exclude_none=True)
            if word:
                record["data"]["status"] = word
            items.append(record)
        proposals = []
        for proposal in self.proposals:
            m = proposal.model
            record = {"id": proposal.id, "title": m.title, "status": self.state(m.status)}
            for name in ("target_release", "released_in"):
                if getattr(m, name, None):
                    record[name] = getattr(m, name)
            if m.decision is not None and _day(m.decision.date):
                record["decision"] = {"outcome": m.decision.outcome, "date": _day(m.decision.date), "body": m.decision.body}
            target = self.index.targets.get(proposal.id)
            url = self._url(target.page, target.anchor) if target is not None else None
            if url:
                record["page"] = url
            proposals.append(record)
        data = {"format": 1, "framework": self.cfg.id if self.cfg else "", "title": self.cfg.title if self.cfg else "",
                "version": self.o.version, "frozen": bool(self.o.frozen)}
        this = self._release_entry(self.o.version) if self.o.frozen else None
        if this is not None:
            data["release"] = self._release_record(this)
        data.update({"items": items, "releases": [self._release_record(r) for r in self.releases],
                     "proposals": proposals})
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    def _feed(self) -> str:
        t = for_config(self.cfg)
        framework = self.cfg.id if self.cfg else t("feed.framework").lower()
        entries = []
        for release in self.releases:
            day = _day(self.release_date(release.id))
            if day is None or not self.release_released(release.id):
                continue
            entries.append({"id": f"urn:stelsel:{framework}:release:{release.id}", "updated": f"{day}T00:00:00Z",
                            "title": t("feed.site_release", version=release.id, status=self.release_status(release.id)),
                            "href": self._url(L.release_page(release.id)) or "./",
                            "summary": t("feed.site_release_text", title=release.model.title,
                                         status=self.release_status(release.id), day=day)})
        for proposal in self.proposals:
            d = proposal.model.decision
            if d is None or _day(d.date) is None:
                continue
            target = self.index.targets.get(proposal.id)
            entries.append({"id": L.decision_urn(framework, proposal.id), "updated": f"{_day(d.date)}T00:00:00Z",
                            "title": t("feed.site_decision", id=proposal.id, outcome=d.outcome),
                            "href": (self._url(target.page, L.decision_anchor(proposal.id)) if target else None) or "./",
                            "summary": f"{proposal.model.title} ({d.outcome}, {_day(d.date)})."})
        entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
        updated = entries[0]["updated"] if entries else "1970-01-01T00:00:00Z"
        label = t("feed.site_working") if self.o.version == WORKING_VERSION else t("feed.site_version",
                                                                                     version=self.o.version)
        return render("feed.xml", feed_id=f"urn:stelsel:{framework}:{self.o.version}:feed", lang=t.language,
                      subtitle=t("feed.site_subtitle"),
                      title=f"{self.cfg.title if self.cfg else t('feed.framework')} ({label})", updated=updated,
                      author=(self.cfg.owner if self.cfg and self.cfg.owner else "stelsel"), entries=entries)
