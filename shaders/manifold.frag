#version 430
// manifold.frag — colour a manifold cell (or 1-D segment) by its output density.
// Purpose: the generator's manifold in GAN Lab purple, each cell's opacity the transfer
//   function of its density (density_opacity.glsl), so a cell the generator squeezes
//   (much noise mass on little output area) is dark and a stretched one is faint.
//   Folded cells (signed area against the sheet's orientation) use |area| like any
//   other and are tinted when u_show_folds is on. Outline mode ignores density and
//   draws a flat colour.
// Inputs:
//   gl_PrimitiveID               triangle (2 per quad cell) or segment index, from the draw's first
//   u_first_cell int             the cell of the draw's first primitive (a band of rows drawn by itself)
//   buffer 3 vec2 cells[]        (signed measure, density) from manifold_cells.comp
//   buffer 4 float orientation   the sheet's, +1 or -1, from manifold_orientation.comp
//   u_primitives_per_cell int    2 for triangle cells, 1 for segments
//   u_color vec3, u_fold_color vec3, u_show_folds bool
//   u_outline bool, u_outline_color vec4 (straight alpha)
//   density_opacity.glsl uniforms (u_density_ref, u_saturation_ratio, u_opacity_range)
// Outputs: frag_color, straight (not premultiplied) alpha.

#include "density_opacity.glsl"

layout(std430, binding = 3) readonly buffer Cells { vec2 cells[]; };
layout(std430, binding = 4) readonly buffer Orientation { float orientation; };

uniform int u_primitives_per_cell;
uniform int u_first_cell;
uniform vec3 u_color;
uniform vec3 u_fold_color;
uniform bool u_show_folds;
uniform bool u_outline;
uniform vec4 u_outline_color;

out vec4 frag_color;

void main() {
    if (u_outline) {
        frag_color = u_outline_color;
        return;
    }
    vec2 cell = cells[u_first_cell + gl_PrimitiveID / u_primitives_per_cell];
    vec3 color = (u_show_folds && cell.x * orientation < 0.0) ? u_fold_color : u_color;
    frag_color = vec4(color, density_to_opacity(cell.y));
}
