// colormap.glsl — GAN Lab's diverging colormap for D's output (included, not a stage).
// Purpose: look D up in ganlab_gl/render/colormap.py:colormap_table, the one definition
//   (heatmap_color: d3's interpolatePRGn, tails eased), uploaded as a one-row float texture by
//   Layer.colormap_texture; a texel per 1/2048 of D, within 0.3/255 of the formula. A
//   lookup rather than the B-spline: the spline was half the heatmap's cost on llvmpipe.
// Inputs: uniform sampler2D u_colormap (bound by the layer). Outputs: vec3
//   heatmap_color(float d), d in [0, 1] (0 = fake: purple, 0.5: near-white grey,
//   1 = real: green), [0, 1] RGB.

uniform sampler2D u_colormap;

vec3 heatmap_color(float d) {
    int texels = textureSize(u_colormap, 0).x;
    // clamped as a float: int() of an infinite D is undefined (llvmpipe gives INT_MIN)
    return texelFetch(u_colormap, ivec2(int(clamp(d * float(texels), 0.0, float(texels - 1))), 0), 0).rgb;
}
