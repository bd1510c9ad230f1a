"""Snapshot files for extraction, audit and report output: a change shows up as a diff to review.

``make snapshots`` (pytest --snapshot-update) rewrites them after a deliberate change;
otherwise a test fails when the output differs from the file in ``__snapshots__``.
"""

from __future__ import annotations

from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class MarkdownSnapshot(SingleFileSnapshotExtension):
    """A text snapshot kept as a .md file, readable (and rendered) in a review."""

    file_extension = "md"
    _write_mode = WriteMode.TEXT


JSON = JSONSnapshotExtension
