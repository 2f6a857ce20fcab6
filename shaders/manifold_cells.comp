#version 430
// manifold_cells.comp — measure every manifold cell where it is drawn.
// Purpose: one invocation per cell computes the cell's signed output measure and its
//   density (noise mass / |measure|), which manifold.frag turns into opacity.
//   2-D noise: cell (i, j) is the quad v[j][i], v[j][i+1], v[j+1][i+1], v[j+1][i]
//     (counter-clockwise in noise space); its signed shoelace area, written in the
//     equivalent diagonal form 0.5 * cross(v11 - v00, v01 - v10), which subtracts
//     nearby points first and so keeps float32 precision far from the origin.
//     Negative area = the generator flipped the cell's orientation relative to the
//     noise grid (a fold when the sheet as a whole keeps it: manifold_orientation.comp).
//   1-D noise: cell i is the segment v[i] -> v[i+1]; its measure is the length.
//   A compute pass rather than a geometry shader: the measures land in a buffer that
//   tests and tools read back, and each cell is measured once, not once per primitive.
// Inputs:
//   buffers 0, 1 and u_morph, u_noise_rect: the grid as drawn (manifold_vertices.glsl)
//   buffer 2  float cell_mass[]  noise probability per cell, row-major (j, i)
//   uniforms  u_cells_per_side int (M), u_noise_dim int (1 or 2), u_first_cell and u_end_cell int: the cells
//             measured, flat (a banded draw measures a 2048² grid over frames)
// Outputs:
//   buffer 3  vec2 cells[]  (signed area or length, density) per cell

layout(local_size_x = 64) in;

layout(std430, binding = 2) readonly buffer CellMass { float cell_mass[]; };
layout(std430, binding = 3) writeonly buffer Cells { vec2 cells[]; };

uniform int u_cells_per_side;
uniform int u_noise_dim;
uniform int u_first_cell;
uniform int u_end_cell;

#include "manifold_vertices.glsl"

// Degenerate cells get this measure so their density stays finite (the transfer
// function saturates long before), never inf or NaN.
const float MIN_MEASURE = 1e-30;

void main() {
    // flat over a 2-D dispatch (gl.covering_groups): 65,536 groups in x alone exceed GL's limit
    int cell = u_first_cell + int(gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x
                                  + gl_GlobalInvocationID.x);
    if (cell >= u_end_cell) return;
    int m = u_cells_per_side;
    float measure;
    if (u_noise_dim == 1) {
        measure = distance(vertex_at(cell), vertex_at(cell + 1));
    } else {
        int i = cell % m;
        int j = cell / m;
        int v00 = j * (m + 1) + i;
        int v01 = v00 + m + 1;
        vec2 diagonal_a = vertex_at(v01 + 1) - vertex_at(v00);
        vec2 diagonal_b = vertex_at(v01) - vertex_at(v00 + 1);
        measure = 0.5 * (diagonal_a.x * diagonal_b.y - diagonal_a.y * diagonal_b.x);
    }
    cells[cell] = vec2(measure, cell_mass[cell] / max(abs(measure), MIN_MEASURE));
}
