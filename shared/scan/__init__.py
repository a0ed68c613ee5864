"""From camera frames to verified tickets: frame sources, decoders, the scan pipeline."""
