"""The wiring place: the ``zuil`` command and the demo, which start every app.

This is the one part of ``shared`` that may import the apps (``kiosk``, ``wall``)
and Qt; the import contracts in pyproject.toml say so.
"""
