"""Tests of the reading layer: bytes to documents, problems and positions."""
