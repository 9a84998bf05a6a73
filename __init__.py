"""zhenggai (整改): read inspection and audit rectification notices, turn them into records, search them."""
__version__ = "0.1.0"
