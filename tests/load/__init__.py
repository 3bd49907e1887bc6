"""Tests of stelsel.load."""
