#version 430
// manifold_line.geom — widen manifold line segments (1-D polyline, cell outlines).
// Purpose: core-profile GL draws only 1-pixel lines, so each segment becomes a quad
//   u_line_width_px wide. Ends are butt, so straight joints neither gap nor overlap
//   (an overlap would blend twice and bead the line), except that a segment shorter
//   than the width grows to a width x width square: a segment the generator collapsed
//   to a point still shows, as a dot.
// Inputs:
//   lines from manifold.vert (gl_Position in NDC, w = 1), gl_PrimitiveIDIn
//   uniforms  u_line_width_px float (logical px), view.glsl (u_viewport_px, u_pixel_scale)
// Outputs: a 4-vertex triangle strip; gl_PrimitiveID = the segment's index, which
//   manifold.frag uses to look up the segment's density.

#include "view.glsl"

layout(lines) in;
layout(triangle_strip, max_vertices = 4) out;

uniform float u_line_width_px;

void emit(vec2 ndc) {
    gl_Position = vec4(ndc, 0.0, 1.0);
    gl_PrimitiveID = gl_PrimitiveIDIn;
    EmitVertex();
}

void main() {
    vec2 a = gl_in[0].gl_Position.xy;
    vec2 b = gl_in[1].gl_Position.xy;
    vec2 along_px = (b - a) * u_viewport_px * 0.5;
    float length_px = length(along_px);
    vec2 direction = length_px > 0.0 ? along_px / length_px : vec2(1.0, 0.0);
    float width = u_line_width_px * u_pixel_scale;
    vec2 along = px_to_ndc_offset(direction * 0.5 * max(width - length_px, 0.0));
    vec2 across = px_to_ndc_offset(vec2(-direction.y, direction.x) * 0.5 * width);
    emit(a - along + across);
    emit(a - along - across);
    emit(b + along + across);
    emit(b + along - across);
    EndPrimitive();
}
