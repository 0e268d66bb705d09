"""The weekly report a creator opens: an HTML page with charts and the same report as a PDF.

Charts are drawn with matplotlib's object API (no pyplot global state, Agg canvas), embedded in
the HTML as base64 PNGs and laid out on PDF pages with ``PdfPages``; no other dependency.
"""
