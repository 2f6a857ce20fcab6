#version 430
// manifold_orientation.comp — which way the 2-D manifold sheet as a whole faces.
// Purpose: a fold is a cell whose orientation differs from the sheet's, not merely a
//   negative-area cell: a generator that mirrors the plane flips every cell and folds
//   none. The sheet's orientation is the sign of the sum of all cells' signed areas,
//   which telescopes to the shoelace area of the grid's boundary loop, so one
//   invocation walks the 4M boundary edges (taken relative to the first boundary
//   vertex, which keeps float32 precision far from the origin).
// Inputs:
//   buffers 0, 1 and u_morph, u_noise_rect: the grid as drawn (manifold_vertices.glsl)
//   uniform u_cells_per_side int (M)
// Outputs:
//   buffer 4  float orientation  +1 (keeps the noise grid's orientation) or -1

layout(local_size_x = 1) in;

layout(std430, binding = 4) writeonly buffer Orientation { float orientation; };

uniform int u_cells_per_side;

#include "manifold_vertices.glsl"

// Boundary vertex k of 4M, counter-clockwise in noise space from (i, j) = (0, 0).
vec2 boundary_vertex(int k) {
    int m = u_cells_per_side;
    int side = (k / m) % 4;
    int t = k % m;
    ivec2 ij = side == 0 ? ivec2(t, 0) : side == 1 ? ivec2(m, t) : side == 2 ? ivec2(m - t, m) : ivec2(0, m - t);
    return vertex_at(ij.y * (m + 1) + ij.x);
}

void main() {
    int edges = 4 * u_cells_per_side;
    vec2 origin = boundary_vertex(0);
    float twice_area = 0.0;
    for (int k = 0; k < edges; ++k) {
        vec2 a = boundary_vertex(k) - origin;
        vec2 b = boundary_vertex(k + 1) - origin;
        twice_area += a.x * b.y - a.y * b.x;
    }
    orientation = twice_area < 0.0 ? -1.0 : 1.0;
}
