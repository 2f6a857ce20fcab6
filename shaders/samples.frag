#version 430
// samples.frag — an anti-aliased disc, or the halo ring round it.
// Purpose: fill the disc with the class colour (real green / fake purple), or with
//   D's prediction through the heatmap colormap. Either way a rim u_rim_px wide just inside
//   the disc's edge may be drawn, opaque, in u_rim_color: round D's colour the class colour,
//   so real and fake stay distinguishable where both are shown (0: D's colour alone, for a
//   picture of one class); round a fake's class colour a dark outline, so on a background of
//   its own purple (its dense manifold) it stays a filled dot, not the halo's hollow ring.
//   u_stretch_values spreads D's outputs away from 1/2 by a square root, as GAN Lab's
//   prediction pictures do, so a lean of D shows at a glance.
//   A disc coloured by D is opaque, as GAN Lab fills its prediction dots (its colorScale
//   fill replaces the class's 0.75-alpha one): blended, D's colour read as a paler, lower D.
//   Coverage falls off over the last pixel.
//   With u_halo the same instance draws instead the ring from the disc's edge out to
//   u_halo_px (in u_halo_color): the layer draws every ring first, then every disc, so
//   rings outline the dots against a dark heatmap or manifold without covering other
//   dots. The halo colour is the plot background, so on the empty plot it vanishes.
// Inputs: v_offset_px, v_value; uniforms u_color (vec4, straight RGBA class colour),
//   u_color_by_value (bool), u_rim_px (logical px), u_rim_color (vec3), u_stretch_values (bool),
//   u_radius_px, u_halo (bool), u_halo_px (logical px),
//   u_halo_color (vec4), u_pixel_scale (from view.glsl), u_colormap (colormap.glsl's
//   table, read only when colouring by value).
// Outputs: f_color (straight RGBA).
#include "view.glsl"
#include "colormap.glsl"

uniform vec4 u_color;
uniform bool u_color_by_value;
uniform float u_rim_px;
uniform vec3 u_rim_color;
uniform bool u_stretch_values;
uniform float u_radius_px;
uniform bool u_halo;
uniform float u_halo_px;
uniform vec4 u_halo_color;

in vec2 v_offset_px;
in float v_value;
out vec4 f_color;

void main() {
    float radius = u_radius_px * u_pixel_scale;
    float dist = length(v_offset_px);
    float coverage = clamp(radius + 0.5 - dist, 0.0, 1.0);
    if (u_halo) {
        float ring = clamp(radius + u_halo_px * u_pixel_scale + 0.5 - dist, 0.0, 1.0) * (1.0 - coverage);
        if (ring <= 0.0) {
            discard;
        }
        f_color = vec4(u_halo_color.rgb, u_halo_color.a * ring);
        return;
    }
    if (coverage <= 0.0) {
        discard;
    }
    vec3 fill = u_color.rgb;
    float alpha = u_color.a;
    if (u_color_by_value) {
        float value = v_value;
        if (u_stretch_values) {
            value = 0.5 + 0.5 * sign(value - 0.5) * sqrt(abs(2.0 * value - 1.0));
        }
        fill = heatmap_color(value);
        alpha = 1.0;
    }
    // the rim's inner edge at u_rim_px inside the disc's, anti-aliased over a pixel centred there as the disc's own
    float rim = u_rim_px > 0.0 ? clamp(dist - (radius - u_rim_px * u_pixel_scale) + 0.5, 0.0, 1.0) : 0.0;
    f_color = vec4(mix(fill, u_rim_color, rim), mix(alpha, 1.0, rim) * coverage);
}
