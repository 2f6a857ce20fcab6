// manifold_vertices.glsl — included by the manifold compute shaders (not a stage).
// Purpose: read a manifold grid vertex where it is drawn (manifold_morph.glsl), so
//   measures are taken on exactly the mesh the user sees.
// Inputs:
//   buffer 0  vec2 output_pos[]  generator output per grid vertex, row-major (j, i)
//   buffer 1  vec2 noise_pos[]   the vertex's noise coordinate in [0, 1]^2
//   uniforms  u_morph, u_noise_rect (manifold_morph.glsl)
// Outputs: function vertex_at(index) -> world position.

layout(std430, binding = 0) readonly buffer OutputPositions { vec2 output_pos[]; };
layout(std430, binding = 1) readonly buffer NoisePositions { vec2 noise_pos[]; };

#include "manifold_morph.glsl"

vec2 vertex_at(int index) {
    return morph_position(output_pos[index], noise_pos[index]);
}
