"""Arabic news briefing generator: seeds in, a right-to-left site, PDFs and JSON out."""

__version__ = "0.1.0"
