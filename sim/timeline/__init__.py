"""Cohesion over time: the alliance replayed from 1992, trust and membership per lane."""
