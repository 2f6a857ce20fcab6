#version 430
// contour.frag — iso-lines of the real data's density (GAN Lab's true-sample contour).
// Purpose: marching squares without geometry: the density is sampled bilinearly at
//   the fragment, and a fragment lies on level L's line when its distance to the
//   level set, |f - L| / |grad f| in pixels, is under half the line width; the last
//   pixel of coverage fades linearly for antialiasing.
//   Levels are the fractions k / (n + 1), k = 1..n, of the peak (the grid arrives
//   divided by its peak); higher levels are drawn more opaque.
// Inputs:
//   v_world vec2                   from contour.vert
//   buffer 0 float density[]       grid values at cell centres, row-major (j = y, i = x)
//   u_grid_size ivec2 (columns, rows), u_grid_rect vec4 (world rect the grid tiles)
//   u_level_count int, u_line_width_px float (logical px), u_pixel_scale (view.glsl)
//   u_color vec3, u_opacity_range vec2 (lowest level's, highest level's opacity)
// Outputs: frag_color, straight alpha; fragments on no line are discarded.

#include "view.glsl"

layout(std430, binding = 0) readonly buffer Density { float density[]; };

uniform ivec2 u_grid_size;
uniform vec4 u_grid_rect;
uniform int u_level_count;
uniform float u_line_width_px;
uniform vec3 u_color;
uniform vec2 u_opacity_range;

in vec2 v_world;
out vec4 frag_color;

float grid_value(ivec2 cell) {
    cell = clamp(cell, ivec2(0), u_grid_size - 1);
    return density[cell.y * u_grid_size.x + cell.x];
}

// Bilinear density at `world` and its gradient in density per pixel. The gradient is
// the bilinear patch's own, not dFdx/dFdy: screen derivatives of storage-buffer reads
// are garbage along triangle edges on some drivers (llvmpipe gives helper lanes zeros).
vec3 sample_density(vec2 world) {
    vec2 grid_per_world = vec2(u_grid_size) / (u_grid_rect.zw - u_grid_rect.xy);
    vec2 g = (world - u_grid_rect.xy) * grid_per_world - 0.5;
    ivec2 base = ivec2(floor(g));
    vec2 w = g - vec2(base);
    float v00 = grid_value(base);
    float v10 = grid_value(base + ivec2(1, 0));
    float v01 = grid_value(base + ivec2(0, 1));
    float v11 = grid_value(base + ivec2(1, 1));
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
    float alpha = 0.0;
    for (int k = 1; k <= u_level_count; ++k) {
        float level = float(k) / float(u_level_count + 1);
        float coverage = clamp(half_width + 0.5 - abs(f - level) / gradient_px, 0.0, 1.0);
        float level_opacity = mix(u_opacity_range.x, u_opacity_range.y, float(k - 1) / max(float(u_level_count - 1), 1.0));
        alpha = max(alpha, coverage * level_opacity);
    }
    if (alpha <= 0.0) discard;
    frag_color = vec4(u_color, alpha);
}
