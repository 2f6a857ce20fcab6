// glide.glsl — included by samples.vert and gradients.vert (not a stage).
// Purpose: GAN Lab's step transition (ganlab.ts: d3's `.transition().duration(SLOW_INTERVAL_MS)` on the fake
//   dots and the gradient arrows): after a step an instance is drawn between where it stood on screen before the
//   step and its new value, as the app's clock eases u_glide from 0 to 1 (render/layer.py, Layer.bind_glide).
// Inputs (uniforms): u_glide  float 1 = the new value, 0 = where it was drawn before, eased between.
// Outputs: function glided(start, now) -> the value to draw.

uniform float u_glide;

vec2 glided(vec2 start, vec2 now) {
    // Exact endpoint: mix() would turn a diverged G's inf into NaN even at weight 1.
    return u_glide >= 1.0 ? now : mix(start, now, u_glide);
}
