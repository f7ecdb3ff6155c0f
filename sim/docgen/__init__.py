"""The generated documentation pages (docs/index.md lists them), one module per page.

Each page is a Jinja2 template (sim/docgen/templates/<page>.md.j2) filled from the records and
results; its tables are pandas DataFrames rendered by `DataFrame.to_markdown`. This package sits
with the commands at the top of the layers (tests/test_layers.py): no library module imports it.
"""
