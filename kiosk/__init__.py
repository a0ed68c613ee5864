"""The touchscreen pillar (kiosk) app."""
