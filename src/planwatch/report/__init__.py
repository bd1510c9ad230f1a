"""Reports: the evaluation written for people (Markdown now; Word, Excel and HTML later)."""
