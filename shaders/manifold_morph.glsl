// manifold_morph.glsl — included by manifold_vertices.glsl and manifold.vert (not a stage).
// Purpose: where a manifold vertex is drawn during the "noise -> manifold" morph, so
//   the cell measures (compute) and the drawn mesh (vertex) use the very same points.
// Inputs (uniforms):
//   u_morph      float 0 = the noise grid, 1 = the generator's output, linear between
//   u_noise_rect vec4  (x0, y0, x1, y1) world rectangle the unit noise square is drawn on
// Outputs: function morph_position(output_pos, noise_unit) -> world position.

uniform float u_morph;
uniform vec4 u_noise_rect;

vec2 morph_position(vec2 output_pos, vec2 noise_unit) {
    vec2 noise_world = mix(u_noise_rect.xy, u_noise_rect.zw, noise_unit);
    // Exact endpoints: mix() would turn a diverged G's inf into NaN even at weight 0,
    // which would blank the noise view.
    if (u_morph <= 0.0) return noise_world;
    if (u_morph >= 1.0) return output_pos;
    return mix(noise_world, output_pos, u_morph);
}
