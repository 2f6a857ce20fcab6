#version 430
// manifold_fill.vert — the 2-D manifold's cells as triangles, with no index buffer.
// Purpose: vertex k of a non-indexed draw is corner k % 6 of cell k / 6 (two triangles per cell, the cell's
//   lower-left corner first in both), read from the grid's buffers where it is drawn (manifold_vertices.glsl).
//   A draw of cells [c, c + n) is glDrawArrays(first = 6c, count = 6n): a band of rows is drawn with no
//   2048² index buffer built or uploaded (100 MB, built in 0.4 s), and manifold.frag finds the cell from
//   gl_PrimitiveID and u_first_cell.
// Inputs:
//   gl_VertexID                   6 * cell + corner
//   buffers 0, 1 and u_morph, u_noise_rect: the grid (manifold_vertices.glsl)
//   u_cells_per_side int (M), view.glsl uniforms
// Outputs: gl_Position.

#include "view.glsl"
#include "manifold_vertices.glsl"

uniform int u_cells_per_side;

// (di, dj) of each corner: triangles (v00, v10, v11) and (v00, v11, v01), v00 the lower-left corner
const ivec2 CORNERS[6] = ivec2[6](ivec2(0, 0), ivec2(1, 0), ivec2(1, 1), ivec2(0, 0), ivec2(1, 1), ivec2(0, 1));

void main() {
    int m = u_cells_per_side;
    int cell = gl_VertexID / 6;
    ivec2 corner = ivec2(cell % m, cell / m) + CORNERS[gl_VertexID % 6];
    gl_Position = vec4(world_to_ndc(vertex_at(corner.y * (m + 1) + corner.x)), 0.0, 1.0);
}
