#version 430
// contour.frag — iso-lines of the real data's density (GAN Lab's true-sample contour).
// Purpose: marching squares without geometry: the density is sampled bilinearly at
//   the fragment (one filtered texture read: a software rasteriser gathers four
//   storage-buffer reads per fragment far slower), and a fragment lies on level L's
//   line when its distance to the level set, |f - L| / |grad f| in pixels, is under
//   half the line width; the last pixel of coverage fades linearly for antialiasing.
//   The gradient is the screen derivative of the filtered value (texture reads run in
//   helper lanes too, so derivatives hold along the quad's edges).
//   Levels are the fractions k / (n + 1), k = 1..n, of the peak (the grid arrives
//   divided by its peak); higher levels are drawn more opaque.
// Inputs:
//   v_world vec2                   from contour.vert
//   u_density sampler2D            grid values at cell centres (R32F, bilinear, clamped)
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

void main() {
    float f = texture(u_density, (v_world - u_grid_rect.xy) / (u_grid_rect.zw - u_grid_rect.xy)).r;
    float gradient_px = max(length(vec2(dFdx(f), dFdy(f))), 1e-12);
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
