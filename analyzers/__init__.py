"""shuzhi's analysis library: bytes of a report in, a typed Report out. Knows nothing of HTTP."""

__version__ = "0.1.0"
