// GAN Lab's training loop from scratch, headless: its initialisation, its data formulas, its
// atlases and providers (including the batches its visual refresh consumes), its model, losses
// and SGD, on tfjs-core 0.12. A statistical reference for bench/convergence.py: it prints, as
// JSON, the 450 fakes at each checkpoint iteration and D's output std and mean |D - 1/2| on GAN
// Lab's 30 x 30 heatmap grid every 10 iterations. Usage: node simulate.js JOB.json  (see bench/convergence.py)
'use strict';
const tf = require('@tensorflow/tfjs-core');
const fs = require('fs');

const ATLAS_SIZE = 12000;
const VIS_INTERVAL = 50;

function randNormal() {
  const u = 1 - Math.random();
  const v = 1 - Math.random();
  return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
}

// ganlab_input_providers.ts's true-sample formulas.
const SHAPES = {
  line: (r) => [0.8 - 0.75 * r + 0.01 * randNormal(), 0.6 + 0.3 * r + 0.01 * randNormal()],
  gaussians: (r) => r < 0.5 ? [0.3 + 0.1 * randNormal(), 0.7 + 0.1 * randNormal()]
    : [0.7 + 0.05 * randNormal(), 0.4 + 0.2 * randNormal()],
  ring: (r) => [0.5 + 0.3 * Math.cos(r * Math.PI * 2) + 0.025 * randNormal(),
    0.45 + 0.25 * Math.sin(r * Math.PI * 2) + 0.025 * randNormal()],
  disjoint: (r) => {
    const s = 0.025;
    if (r < 0.333) return [0.35 + s * randNormal(), 0.75 + s * randNormal()];
    if (r < 0.666) return [0.75 + s * randNormal(), 0.6 + s * randNormal()];
    return [0.45 + s * randNormal(), 0.35 + s * randNormal()];
  },
};

// A provider builder: one counter shared by the training provider and the fixed (visual) one.
function builder(atlas, columns, batch) {
  let counter = -1;
  return {
    next: () => { counter++; return atlas.slice([(counter * batch) % ATLAS_SIZE, 0], [batch, columns]); },
    skip: () => { counter++; },  // a batch the visual refresh takes (its slice starts at row 0)
  };
}

function layers(fanIn, hidden, neurons, out) {
  // ganlab_models.ts: first layer std 1/sqrt(2) whatever the input size, then 1/sqrt(neurons).
  const vars = [tf.variable(tf.randomNormal([fanIn, neurons], 0, 1 / Math.sqrt(2))), tf.variable(tf.zeros([neurons]))];
  for (let i = 0; i < hidden; i++) {
    vars.push(tf.variable(tf.randomNormal([neurons, neurons], 0, 1 / Math.sqrt(neurons))), tf.variable(tf.zeros([neurons])));
  }
  vars.push(tf.variable(tf.randomNormal([neurons, out], 0, 1 / Math.sqrt(neurons))), tf.variable(tf.zeros([out])));
  return vars;
}

function mlp(vars, x, last) {
  let h = x;
  const n = vars.length / 2;
  for (let i = 0; i < n; i++) {
    h = h.matMul(vars[2 * i]).add(vars[2 * i + 1]);
    h = i < n - 1 ? h.relu() : last(h);
  }
  return h;
}

function run(job) {
  const c = job.config;  // GAN Lab's pretrained JSON config block
  const batch = 150;
  const noiseAtlas = c.selectedNoiseType.includes('Gaussian')
    ? tf.truncatedNormal([ATLAS_SIZE, c.noiseSize], 0.5, 0.25) : tf.randomUniform([ATLAS_SIZE, c.noiseSize], 0, 1);
  const realList = [];
  for (let i = 0; i < ATLAS_SIZE; i++) realList.push(...SHAPES[job.shape](Math.random()));
  const noise = builder(noiseAtlas, c.noiseSize, batch);
  const real = builder(tf.tensor2d(realList, [ATLAS_SIZE, 2]), 2, batch);
  const gVars = layers(c.noiseSize, c.numGeneratorLayers, c.numGeneratorNeurons, 2);
  const dVars = layers(2, c.numDiscriminatorLayers, c.numDiscriminatorNeurons, 1);
  const generator = (z) => mlp(gVars, z, (h) => h.tanh());
  const discriminator = (x) => mlp(dVars, x, (h) => h.sigmoid());
  const dLoss = (t, g) => tf.add(t.log().mul(tf.scalar(0.95)).mean(), tf.sub(tf.scalar(1), g).log().mean())
    .mul(tf.scalar(-1));
  const gLoss = (g) => g.log().mean().mul(tf.scalar(-1));
  const dOpt = tf.train.sgd(c.dLearningRate);
  const gOpt = tf.train.sgd(c.gLearningRate);
  const grid = [];
  for (let j = 0; j < 30; j++) for (let i = 0; i < 30; i++) grid.push((i + 0.5) / 30, (j + 0.5) / 30);
  const gridTensor = tf.tensor2d(grid, [900, 2]);
  const shownNoise = c.selectedNoiseType.includes('Gaussian')
    ? tf.truncatedNormal([450, c.noiseSize], 0.5, 0.25) : tf.randomUniform([450, c.noiseSize], 0, 1);
  const result = {fakes: {}, dStd: [], dAway: []};
  for (let it = 1; it <= job.iterations; it++) {
    const vis = job.visualRefresh && (it === 1 || it % VIS_INTERVAL === 0);
    if (vis) { noise.skip(); noise.skip(); real.skip(); }
    for (let j = 0; j < c.kDSteps; j++) {
      tf.tidy(() => { dOpt.minimize(() => dLoss(discriminator(real.next()), discriminator(generator(noise.next()))),
        false, dVars); });
    }
    if (vis) { noise.skip(); noise.skip(); }
    for (let j = 0; j < c.kGSteps; j++) {
      tf.tidy(() => { gOpt.minimize(() => gLoss(discriminator(generator(noise.next()))), false, gVars); });
    }
    if (vis) noise.skip();
    if (it % 10 === 0) {
      tf.tidy(() => {
        const d = discriminator(gridTensor);
        result.dStd.push(Math.sqrt(d.sub(d.mean()).square().mean().dataSync()[0]));
        result.dAway.push(d.sub(tf.scalar(0.5)).abs().mean().dataSync()[0]);
      });
    }
    if (job.checkpoints.includes(it)) {
      result.fakes[it] = Array.from(tf.tidy(() => generator(shownNoise)).dataSync());
    }
  }
  return result;
}

process.stdout.write(JSON.stringify(run(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))));
