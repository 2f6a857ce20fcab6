"""ganlab-gl: GAN Lab rebuilt as a native app drawn with GPU shaders."""

__version__ = "0.1.0"
