"""The seminar app (Mesa SolaraViz) and the model wrapper it drives."""
