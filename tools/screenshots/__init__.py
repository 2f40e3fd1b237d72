"""`invoke screenshots`: every key page at phone and desktop width, light and dark."""
