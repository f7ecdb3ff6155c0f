"""Calibration against the historical episodes: prior, screen, accept, confirm, report, forecast."""
