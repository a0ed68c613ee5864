"""The registration desk and organiser app, a staff variant of the kiosk."""
