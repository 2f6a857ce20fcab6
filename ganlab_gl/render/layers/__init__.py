"""The layers a canvas can draw, one module each."""
