"""The look every app shares: colour roles, type scale, spacing and motion, without Qt."""
