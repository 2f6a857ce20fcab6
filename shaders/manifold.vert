#version 430
// manifold.vert — place manifold mesh vertices (2-D cells, 1-D polyline, outlines).
// Purpose: the vertex at its morphed position (manifold_morph.glsl) in clip space.
// Inputs:
//   in_output vec2  generator output of this grid vertex (world)
//   in_noise  vec2  its noise coordinate in [0, 1]^2
//   uniforms  view.glsl (u_view_rect, u_viewport_px, u_pixel_scale), u_morph, u_noise_rect
// Outputs: gl_Position.

#include "view.glsl"
#include "manifold_morph.glsl"

in vec2 in_output;
in vec2 in_noise;

void main() {
    gl_Position = vec4(world_to_ndc(morph_position(in_output, in_noise)), 0.0, 1.0);
}
