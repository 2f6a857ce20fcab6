#version 430
// contour.vert — one quad over the real-density grid's rectangle.
// Purpose: cover every pixel where an iso-line of the real data's density may lie;
//   contour.frag decides which of them are on a line.
// Inputs: gl_VertexID 0..3 (triangle strip, no vertex buffers), u_grid_rect vec4
//   (x0, y0, x1, y1) world rectangle the density grid tiles, view.glsl uniforms.
// Outputs: gl_Position, v_world (the fragment's world position).

#include "view.glsl"

uniform vec4 u_grid_rect;

out vec2 v_world;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    v_world = mix(u_grid_rect.xy, u_grid_rect.zw, corner);
    gl_Position = vec4(world_to_ndc(v_world), 0.0, 1.0);
}
