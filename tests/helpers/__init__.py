"""Test helpers: real parts standing in for the edges of the world."""
