"""What the command line and the dashboard both do: add a plan to the store, manage accounts.

Each function here is one piece of work a person asks for (read, audit and
keep a plan; create or check an account), built on the store and the plan
reader, so the CLI and the web stay thin and say the same thing.
"""
