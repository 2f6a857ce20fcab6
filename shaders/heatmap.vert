#version 430
// heatmap.vert — the quad covering D's probe rectangle.
// Purpose: place the N x N heatmap over its data-space rect; the texture coordinate
//   runs 0..1 across it, so texel centres land on cell centres.
// Inputs: gl_VertexID 0..3 (triangle strip, no attributes); uniforms u_rect
//   (vec4 x0, y0, x1, y1 in data space) and view.glsl's view uniforms.
// Outputs: v_uv (vec2) texture coordinate, gl_Position.
#include "view.glsl"

uniform vec4 u_rect;

out vec2 v_uv;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    v_uv = corner;
    gl_Position = vec4(world_to_ndc(mix(u_rect.xy, u_rect.zw, corner)), 0.0, 1.0);
}
