// view.glsl — shared by every data-space shader (included, not a stage on its own).
// Purpose: map world (data) coordinates to clip space and measure sizes in pixels.
// Inputs (uniforms, set from View.uniforms()):
//   u_view_rect   vec4  (x0, y0, x1, y1) world rectangle shown on the whole viewport
//   u_viewport_px vec2  framebuffer size in pixels
//   u_pixel_scale float HiDPI factor: logical pixel sizes are multiplied by it
// Outputs: functions world_to_ndc, world_to_px, px_to_ndc_offset.

uniform vec4 u_view_rect;
uniform vec2 u_viewport_px;
uniform float u_pixel_scale;

vec2 world_to_ndc(vec2 p) {
    return (p - u_view_rect.xy) / (u_view_rect.zw - u_view_rect.xy) * 2.0 - 1.0;
}

// Framebuffer pixels, origin at the bottom-left (GL window convention).
vec2 world_to_px(vec2 p) {
    return (p - u_view_rect.xy) / (u_view_rect.zw - u_view_rect.xy) * u_viewport_px;
}

vec2 px_to_ndc_offset(vec2 offset_px) {
    return offset_px * 2.0 / u_viewport_px;
}
