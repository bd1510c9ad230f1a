"""Industry chains (产业链) as graphs of links, the enterprises and projects on each link, and the gaps.

Pure computation over the plan and plain values read from the store:
``graph`` (each chain of the plan as named, ordered links with the industry codes and keywords
that place enterprises on them), ``attach`` (enterprises by 国民经济行业分类 code, product
keywords or by hand; projects by their group and words), ``gaps`` (links without enterprises or
with only small ones: 补链, 延链, 强链, with what the plan says about them).
"""
