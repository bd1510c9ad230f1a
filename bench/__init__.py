"""Benchmarks (run each as a script: .venv/bin/python bench/NAME.py); a package so tests can import bench.corpus."""
