"""Recognisers: turn a Document's blocks into the parts of a typed Plan."""
