"""Inputs (ODD: initialisation, input data): paths, seed records, config schemas, spec building."""
