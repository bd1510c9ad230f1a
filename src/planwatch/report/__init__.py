"""Reports: the 规划实施评估报告 in Word, Excel, HTML and Markdown, from one computed content.

``render.render(evaluation, findings, fmt)`` is the entry point; ``content``
computes what the report says, ``charts`` draws its figures, and one module per
format writes it.  Nothing is imported here: the chart worker
(``report.drawing``) imports ``report.charts`` without the writers.
"""
