// GAN Lab's update, run on TensorFlow.js's CPU backend (tfjs-core 0.12, the version GAN Lab builds with).
//
// Reads a JSON job on stdin: the config, the initial weights in GAN Lab's variable order
// (W as [in, out]), the noise and real atlases; writes the weights after every D and G
// update as JSON on stdout. The model, losses, optimizer calls and input providers follow
// poloclub/ganlab demo/ganlab_models.ts, demo/ganlab.ts (iterateTraining) and
// demo/ganlab_input_providers.ts: fixed atlases sliced batch by batch by a counter.
'use strict';
const tf = require('@tensorflow/tfjs-core');

function readStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// A GAN Lab input provider: getNextCopy() returns rows [(counter * batch) % atlasRows, + batch).
function provider(atlas, rows, columns, batch) {
  const tensor = tf.tensor2d(atlas, [rows, columns]);
  let counter = -1;
  return () => {
    counter++;
    return tensor.slice([(counter * batch) % rows, 0], [batch, columns]);
  };
}

function dense(x, w, b) {
  return x.matMul(w).add(b);
}

// GAN Lab's networks: ReLU on every hidden layer; G ends in tanh, D in a sigmoid.
function mlp(vars, x, last) {
  let h = x;
  const layers = vars.length / 2;
  for (let i = 0; i < layers; i++) {
    h = dense(h, vars[2 * i], vars[2 * i + 1]);
    h = i < layers - 1 ? h.relu() : last(h);
  }
  return h;
}

async function main() {
  const job = JSON.parse(await readStdin());
  const c = job.config;
  const toVariables = (list) => list.map((v) => tf.variable(tf.tensor(v.values, v.shape)));
  const gVars = toVariables(job.generator);
  const dVars = toVariables(job.discriminator);
  const generator = (z) => mlp(gVars, z, (h) => h.tanh());
  const discriminator = (x) => mlp(dVars, x, (h) => h.sigmoid()).reshape([c.batchSize]);
  const nextNoise = provider(job.noiseAtlas, job.noiseRows, c.noiseSize, c.batchSize);
  const nextReal = provider(job.realAtlas, job.realRows, 2, c.batchSize);
  // ganlab_models.ts: dLoss = -(mean(0.95 log D(x)) + mean(log(1 - D(G(z))))); gLoss = -mean(log D(G(z))).
  const dLoss = (truePred, fakePred) => tf.add(
    truePred.log().mul(tf.scalar(0.95)).mean(),
    tf.sub(tf.scalar(1), fakePred).log().mean()).mul(tf.scalar(-1));
  const gLoss = (fakePred) => fakePred.log().mean().mul(tf.scalar(-1));
  const dOptimizer = tf.train.sgd(c.dLearningRate);
  const gOptimizer = tf.train.sgd(c.gLearningRate);
  const snapshot = (vars) => vars.map((v) => Array.from(v.dataSync()));
  const updates = [];
  for (let iteration = 0; iteration < job.iterations; iteration++) {
    for (let j = 0; j < c.kDSteps; j++) {
      const cost = tf.tidy(() => dOptimizer.minimize(() => {
        const noise = nextNoise();
        const real = nextReal();
        return dLoss(discriminator(real), discriminator(generator(noise)));
      }, true, dVars));
      updates.push({network: 'D', loss: cost.dataSync()[0], weights: snapshot(dVars)});
      cost.dispose();
    }
    for (let j = 0; j < c.kGSteps; j++) {
      const cost = tf.tidy(() => gOptimizer.minimize(() => gLoss(discriminator(generator(nextNoise()))), true, gVars));
      updates.push({network: 'G', loss: cost.dataSync()[0], weights: snapshot(gVars)});
      cost.dispose();
    }
  }
  process.stdout.write(JSON.stringify({tfjsVersion: tf.version_core, backend: tf.getBackend(), updates}));
}

main();
