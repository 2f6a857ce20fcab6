#version 430
// contour.frag — iso-lines of the real data's density (GAN Lab's true-sample contour).
// Purpose: marching squares without geometry: the density is interpolated bilinearly
//   at the fragment from its four grid neighbours (one textureGather: a software
//   rasteriser's four storage-buffer reads per fragment cost twice the time), and a
//   fragment lies on level L's line when its distance to the level set, |f - L| /
//   |grad f| in pixels, is under half the line width; the last pixel of coverage fades
//   linearly for antialiasing. The blend and its gradient are worked out here in full
//   float precision, not by the texture unit's filter: GPUs weight a filtered read in
//   steps of 1/256 of a texel, which zoomed in far makes the value flat over pixels and
//   its screen derivative zero or jumping (broken, misplaced lines).
//   Levels are the fractions k / (n + 1), k = 1..n, of the peak (the grid arrives
//   divided by its peak); higher levels are drawn more opaque.
// Inputs:
//   v_world vec2                   from contour.vert
//   u_density sampler2D            grid values at cell centres (R32F, clamped at the edges)
//   u_grid_rect vec4 (world rect the grid tiles)
//   u_level_count int, u_line_width_px float (logical px), u_pixel_scale (view.glsl)
//   u_color vec3, u_opacity_range vec2 (lowest level's, highest level's opacity)
// Outputs: frag_color, straight alpha; fragments on no line are discarded.

#include "view.glsl"

uniform sampler2D u_density;
uniform vec4 u_grid_rect;
uniform int u_level_count;
uniform float u_line_width_px;
uniform vec3 u_color;
uniform vec2 u_opacity_range;

in vec2 v_world;
out vec4 frag_color;

// Bilinear density at `world` and its gradient in density per pixel: the bilinear
// patch's own gradient, exact where screen derivatives are coarse or zero.
vec3 sample_density(vec2 world) {
    vec2 grid_size = vec2(textureSize(u_density, 0));
    vec2 grid_per_world = grid_size / (u_grid_rect.zw - u_grid_rect.xy);
    vec2 g = (world - u_grid_rect.xy) * grid_per_world - 0.5;
    vec2 base = floor(g);
    vec2 w = g - base;
    // At the corner the four texels share, half a texel from any other footprint:
    // x = (0, 1), y = (1, 1), z = (1, 0), w = (0, 0) from `base`.
    vec4 corners = textureGather(u_density, (base + 1.0) / grid_size, 0);
    float v00 = corners.w, v10 = corners.z, v01 = corners.x, v11 = corners.y;
    float value = mix(mix(v00, v10, w.x), mix(v01, v11, w.x), w.y);
    vec2 per_grid = vec2(mix(v10 - v00, v11 - v01, w.y), mix(v01 - v00, v11 - v10, w.x));
    vec2 world_per_px = (u_view_rect.zw - u_view_rect.xy) / u_viewport_px;
    return vec3(value, per_grid * grid_per_world * world_per_px);
}

void main() {
    vec3 sampled = sample_density(v_world);
    float f = sampled.x;
    float gradient_px = max(length(sampled.yz), 1e-12);
    float half_width = 0.5 * u_line_width_px * u_pixel_scale;
    // Only the levels just below and above f can reach the fragment (the others' lines lie
    // beyond them); two of the n levels per fragment.
    int below = clamp(int(floor(f * float(u_level_count + 1))), 1, u_level_count);
    float alpha = 0.0;
    for (int k = below; k <= min(below + 1, u_level_count); ++k) {
        float level = float(k) / float(u_level_count + 1);
        float coverage = clamp(half_width + 0.5 - abs(f - level) / gradient_px, 0.0, 1.0);
        float level_opacity = mix(u_opacity_range.x, u_opacity_range.y, float(k - 1) / max(float(u_level_count - 1), 1.0));
        alpha = max(alpha, coverage * level_opacity);
    }
    if (alpha <= 0.0) discard;
    frag_color = vec4(u_color, alpha);
}
