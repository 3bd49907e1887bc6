"""Shared fixtures: paths to the fixture trees and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own stelsel cache folder and cache secret, so no test sees another's results."""
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A writable copy of the minimal valid framework."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", target, symlinks=True)
    return target
