"""Exchange with the tools researchers already use: REFI-QDA projects and codebooks."""
