"""The pillar's screens, one module per kind; each shows the session and reports choices.

Screens hold no state of their own beyond what is on them; the window
(:mod:`kiosk.app`) moves between them and talks to the session.
"""
