"""Tests of stelsel.rules."""
