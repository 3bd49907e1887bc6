"""Tests of stelsel.cli."""
