"""The ledgers that follow a plan's projects and 招商: pure computation over the plan and stored records.

``ledger`` (重点项目台账: a row per project, its stage and investment as of a month, 投资完成率,
开工率, 投产率 by park / industry / chain, delays), ``attraction`` (招商引资台账: signings, their
progress, 到位资金, the funnel per chain, the cumulative figures targets are judged on, projects
that land), ``funds`` (专项资金台账: totals and the before/after view), ``rules`` (the thresholds,
from ``data/ledger.yaml``).
"""
