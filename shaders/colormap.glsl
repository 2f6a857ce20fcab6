// colormap.glsl — GAN Lab's diverging colormap for D's output (included, not a stage).
// Purpose: d3's interpolatePRGn: the 11-class ColorBrewer PRGn scheme through d3's
//   uniform B-spline (interpolateRgbBasis). Same arithmetic as
//   ganlab_gl/render/colormap.py:heatmap_color, which the tests compare against.
//   Capped like colormap.py: D's [0, 1] covers PRGn's [COLORMAP_CAP, 1 - COLORMAP_CAP],
//   so a saturated D stays a mid purple or green (see colormap.py's docstring).
// Inputs: none (constants). Outputs: vec3 heatmap_color(float d), d in [0, 1]
//   (0 = fake: purple, 0.5: near-white grey, 1 = real: green), [0, 1] RGB.

const vec3 PRGN_STOPS[11] = vec3[11](
    vec3(0x40, 0x00, 0x4b) / 255.0, vec3(0x76, 0x2a, 0x83) / 255.0, vec3(0x99, 0x70, 0xab) / 255.0,
    vec3(0xc2, 0xa5, 0xcf) / 255.0, vec3(0xe7, 0xd4, 0xe8) / 255.0, vec3(0xf7, 0xf7, 0xf7) / 255.0,
    vec3(0xd9, 0xf0, 0xd3) / 255.0, vec3(0xa6, 0xdb, 0xa0) / 255.0, vec3(0x5a, 0xae, 0x61) / 255.0,
    vec3(0x1b, 0x78, 0x37) / 255.0, vec3(0x00, 0x44, 0x1b) / 255.0);

const float COLORMAP_CAP = 0.1;  // colormap.py:COLORMAP_CAP

vec3 heatmap_color(float d) {
    const int n = 10;
    float t = mix(COLORMAP_CAP, 1.0 - COLORMAP_CAP, clamp(d, 0.0, 1.0));
    int i = min(int(floor(t * float(n))), n - 1);
    vec3 v1 = PRGN_STOPS[i];
    vec3 v2 = PRGN_STOPS[i + 1];
    vec3 v0 = i > 0 ? PRGN_STOPS[max(i - 1, 0)] : 2.0 * v1 - v2;
    vec3 v3 = i < n - 1 ? PRGN_STOPS[min(i + 2, n)] : 2.0 * v2 - v1;
    float u = t * float(n) - float(i);
    float u2 = u * u;
    float u3 = u2 * u;
    return ((1.0 - 3.0 * u + 3.0 * u2 - u3) * v0 + (4.0 - 6.0 * u2 + 3.0 * u3) * v1
            + (1.0 + 3.0 * u + 3.0 * u2 - 3.0 * u3) * v2 + u3 * v3) / 6.0;
}
