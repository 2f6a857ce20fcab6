#version 330 core
// imgui.vert — Dear ImGui's triangles, from ImGui display coordinates to clip space.
// Purpose: place the vertices of ImGui's draw lists (windows, text, widgets, images)
//   over the window; ImGui's origin is the top-left corner with y pointing down.
// Inputs: in_position (vec2, ImGui display coordinates), in_uv (vec2, texture
//   coordinates, v = 0 on the image's top row), in_color (vec4, from 4 normalised
//   bytes, straight alpha); uniforms u_display_pos and u_display_size (vec2, the
//   display rectangle of the draw data), u_flip_v (bool, the bound texture stores its
//   rows bottom-up, as textures that moderngl rendered into do).
// Outputs: v_uv (vec2), v_color (vec4), gl_Position.

in vec2 in_position;
in vec2 in_uv;
in vec4 in_color;

uniform vec2 u_display_pos;
uniform vec2 u_display_size;
uniform bool u_flip_v;

out vec2 v_uv;
out vec4 v_color;

void main() {
    vec2 ndc = (in_position - u_display_pos) / u_display_size * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
    v_uv = u_flip_v ? vec2(in_uv.x, 1.0 - in_uv.y) : in_uv;
    v_color = in_color;
}
