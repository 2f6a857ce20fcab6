#version 430
// gradients.vert — one arrow per fake sample (instanced), along G's gradient.
// Purpose: build the arrow in screen pixels: a shaft of constant pixel width from the
//   sample to the tip at sample + gradient * u_length_scale (data units), that length
//   kept up to u_straight and eased beyond it so that no arrow reaches u_longest, and a
//   triangular head of fixed pixel size (shrunk for short arrows). Vertices 0-5 are the
//   shaft, 6-8 the head; drawing 6 vertices gives a headless line.
// Inputs: per instance in_position (vec2, data space), in_gradient (vec2, dD/dx);
//   gl_VertexID 0..8 (triangles); uniforms u_length_scale (float, data units per unit
//   dD/dx), u_straight, u_longest (floats, data units), u_width_px, u_head_length_px,
//   u_head_width_px (floats, logical px),
//   view.glsl's view uniforms, and glide.glsl's u_glide with buffers 0 and 1 (vec2
//   position_start[], gradient_start[], one per instance: where the arrow glides from).
// Outputs: gl_Position.
#include "view.glsl"
#include "glide.glsl"

layout(std430, binding = 0) readonly buffer PositionStart { vec2 position_start[]; };
layout(std430, binding = 1) readonly buffer GradientStart { vec2 gradient_start[]; };

in vec2 in_position;
in vec2 in_gradient;

uniform float u_length_scale;
uniform float u_straight;
uniform float u_longest;
uniform float u_width_px;
uniform float u_head_length_px;
uniform float u_head_width_px;

// Each template vertex: (fraction of the arrow length, head lengths back from that
// point, shaft half-widths across, head half-widths across).
const vec4 ARROW[9] = vec4[9](
    vec4(0, 0, -1, 0), vec4(1, 1, -1, 0), vec4(0, 0, 1, 0),
    vec4(0, 0, 1, 0), vec4(1, 1, -1, 0), vec4(1, 1, 1, 0),
    vec4(1, 1, 0, -1), vec4(1, 0, 0, 0), vec4(1, 1, 0, 1));

void main() {
    vec2 position = glided(position_start[gl_InstanceID], in_position);
    vec2 base = world_to_px(position);
    vec2 gradient = glided(gradient_start[gl_InstanceID], in_gradient);
    // Measured over its largest component: length() squares them, and a gradient over about 1e19 (a diverging
    // critic's) overflowed it to inf, which scaled its arrow to nothing.
    float largest = max(abs(gradient.x), abs(gradient.y));
    vec2 ratio = largest > 0.0 ? gradient / largest : vec2(0.0);
    float linear = largest * length(ratio) * u_length_scale;  // GAN Lab's length, data units
    // GAN Lab's length up to u_straight; past it tanh eases the rest under u_longest, in the same order and with no
    // kink (slope 1 at u_straight). Its argument held at 10 (tanh 1 - 4e-9): GLSL leaves tanh of a large value
    // undefined, and a driver computing it as a ratio of exponentials overflows to inf / inf = NaN, an arrow of a
    // huge gradient gone.
    float room = u_longest - u_straight;
    float drawn = linear <= u_straight ? linear : u_straight + room * tanh(min((linear - u_straight) / room, 10.0));
    vec2 offset = linear > 0.0 ? normalize(ratio) * drawn : vec2(0.0);
    vec2 along = world_to_px(position + offset) - base;
    float length_px = length(along);
    vec2 dir = length_px > 0.0 ? along / length_px : vec2(1.0, 0.0);
    vec2 across = vec2(-dir.y, dir.x);
    float head_length = min(u_head_length_px * u_pixel_scale, 0.6 * length_px);
    vec4 t = ARROW[gl_VertexID];
    vec2 px = base + dir * (t.x * length_px - t.y * head_length)
        + across * (t.z * 0.5 * u_width_px + t.w * 0.5 * u_head_width_px) * u_pixel_scale;
    gl_Position = vec4(px / u_viewport_px * 2.0 - 1.0, 0.0, 1.0);
}
