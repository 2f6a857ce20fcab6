#version 330 core
// imgui.frag — Dear ImGui's pixels: vertex colour times the bound texture.
// Purpose: colour ImGui's triangles; text and anti-aliased edges read their coverage
//   from the font atlas, images (user textures) their texels.
// Inputs: v_uv (vec2), v_color (vec4, straight alpha); uniform u_texture (sampler2D,
//   RGBA: the font atlas or a registered user texture).
// Outputs: f_color (vec4, straight alpha, blended by the renderer with
//   SRC_ALPHA / ONE_MINUS_SRC_ALPHA).

in vec2 v_uv;
in vec4 v_color;

uniform sampler2D u_texture;

out vec4 f_color;

void main() {
    f_color = v_color * texture(u_texture, v_uv);
}
