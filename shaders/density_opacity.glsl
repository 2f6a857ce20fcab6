// density_opacity.glsl — included by manifold.frag (not a stage).
// Purpose: the manifold's density -> opacity transfer function; the Python twin is
//   ganlab_gl.render.layers.manifold.density_to_opacity and must stay identical:
//   t = log(1 + density / u_density_ref) / log(1 + u_saturation_ratio)
//   opacity = mix(u_opacity_range.x, u_opacity_range.y, clamp(t, 0, 1))
// Inputs (uniforms):
//   u_density_ref      float density shown as "ratio 1" (output mass spread evenly over
//                            the data view), so the look does not depend on the grid size
//   u_saturation_ratio float density / u_density_ref at which opacity reaches its top
//   u_opacity_range    vec2  (floor, top) opacity; the floor keeps sparse cells visible
// Outputs: function density_to_opacity(density) -> opacity in u_opacity_range.

uniform float u_density_ref;
uniform float u_saturation_ratio;
uniform vec2 u_opacity_range;

float density_to_opacity(float density) {
    float t = log(1.0 + density / u_density_ref) / log(1.0 + u_saturation_ratio);
    return mix(u_opacity_range.x, u_opacity_range.y, clamp(t, 0.0, 1.0));
}
