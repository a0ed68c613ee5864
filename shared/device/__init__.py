"""What every device (pillar, desk, wall) needs to talk to the hub and to run.

The core here (errors, the HTTP connection, pairing, the live feed, the link
states, the task set) is free of Qt; ``qtloop`` and ``launch`` are the two Qt
places, for the apps' windows and their ``main``.
"""
