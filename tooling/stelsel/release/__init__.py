"""Releases: frozen content, manifests, the semantic diff, plans, cuts and changelogs."""
