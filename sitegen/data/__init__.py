"""Statistics: table files read (tables), descriptors validated (descriptors), every cell checked
against its field (cells, patterns), datasets assembled (datasets), descriptor YAML forgiven its
commas (forgive), descriptors inferred from a table for `sitegen new dataset` (infer), charts
planned from their specs (chartspec, charts), turned into Vega-Lite with Altair (vegalite) and drawn
as SVG and PNG with vl-convert (vega; by worker processes, chartdraw).

May use: core, source.
"""
