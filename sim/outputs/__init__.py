"""Results on disk and as pictures: atomic files, tables, plots, the ties network."""
