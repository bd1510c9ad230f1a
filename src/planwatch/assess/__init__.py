"""Enterprise assessment: 亩均效益综合评价 (A/B/C/D), 梯度培育 (规上, 创新型, 专精特新, 小巨人, 高新技术企业),
小升规 candidates, and energy → 吨标准煤 → CO₂ — pure computation over a ``Panel`` of enterprise figures.

Reference tables (schemes, weights, benchmarks, points scales, coefficients, emission factors) are data
files under ``planwatch/data/mujun``, ``data/tiers`` and ``data/energy``, each value with its source and a
mark of how well it is sourced.  ``gather`` is the only module here that reads the store (through
``store.assessment``); everything else computes.
"""
