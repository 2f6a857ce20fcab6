#version 430
// samples.vert — one screen-aligned quad per sample (instanced), for disc sprites.
// Purpose: place a quad of (radius + 1) px half-size around each sample, room for the
//   anti-aliased edge, and (radius + halo + 1) px in the halo pass (samples.frag): no
//   larger than the pass draws, as a software rasteriser pays for every fragment.
//   Instanced quads rather than point sprites: no driver limit on point size.
// Inputs: per instance in_position (vec2, data space), in_value (float, D output in
//   [0, 1], bound only when colouring by prediction); gl_VertexID 0..3 (triangle
//   strip); uniforms u_radius_px, u_halo_px (float, logical px), u_halo (bool: the
//   halo pass), view.glsl's view uniforms, and glide.glsl's u_glide with buffer 0
//   (vec2 position_start[], one per instance: where it glides from).
// Outputs: v_offset_px (vec2, px from the disc centre), v_value (float), gl_Position.
#include "view.glsl"
#include "glide.glsl"

layout(std430, binding = 0) readonly buffer PositionStart { vec2 position_start[]; };

in vec2 in_position;
in float in_value;

uniform float u_radius_px;
uniform float u_halo_px;
uniform bool u_halo;

out vec2 v_offset_px;
out float v_value;

void main() {
    vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1) * 2.0 - 1.0;
    v_offset_px = corner * ((u_radius_px + (u_halo ? u_halo_px : 0.0)) * u_pixel_scale + 1.0);
    v_value = in_value;
    vec2 position = glided(position_start[gl_InstanceID], in_position);
    gl_Position = vec4(world_to_ndc(position) + px_to_ndc_offset(v_offset_px), 0.0, 1.0);
}
