"""Exploratory experiments: designs over parameter ranges, sensitivity, heatmaps, discovery."""
