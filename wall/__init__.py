"""The fullscreen wall: klaagmuur and jubelmuur on the big screen."""
