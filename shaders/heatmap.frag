#version 430
// heatmap.frag — colour D's output.
// Purpose: sample the D grid (already in [0, 1]: critic scores are squashed on the
//   torch side) and map it through GAN Lab's PRGn colormap. Filtering (bilinear or
//   nearest) is the texture's, chosen by the layer.
// Inputs: v_uv; uniforms u_values (sampler2D, R32F, row 0 = y0), u_opacity (float),
//   u_colormap (colormap.glsl's table).
// Outputs: f_color (straight RGBA).
#include "colormap.glsl"

uniform sampler2D u_values;
uniform float u_opacity;

in vec2 v_uv;
out vec4 f_color;

void main() {
    f_color = vec4(heatmap_color(texture(u_values, v_uv).r), u_opacity);
}
