#version 430
// gradients.frag — flat arrow colour (edges are smoothed by the framebuffer's MSAA).
// Inputs: uniform u_color (vec4, straight RGBA). Outputs: f_color.

uniform vec4 u_color;

out vec4 f_color;

void main() {
    f_color = u_color;
}
