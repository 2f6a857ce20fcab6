// GAN Lab itself, the published page (poloclub/ganlab's gh-pages build), training from scratch
// in headless Chromium: the statistical reference bench/convergence.py calls `page`. The page
// trains as a visitor's browser does (its WebGL backend, its frame loop, its pictures); we only
// untick "use pre-trained model", press play, and read the model between iterations. It prints,
// as JSON, 450 fakes at each checkpoint iteration (G on fresh noise of the preset's kind, so the
// training batches are untouched) and D's output std and mean |D - 1/2| on the 30 x 30 heatmap
// grid every 10 iterations. Nothing leaves this machine: every request that is not for the page is aborted.
// Usage: GANLAB_SITE=DIR [CHROMIUM=/usr/bin/chromium] node page.js JOB.json
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const puppeteer = require('puppeteer-core');

// The page's scripts and styles from CDNs, served from the npm packages of the same versions.
const VENDORED = {
  'https://cdnjs.cloudflare.com/ajax/libs/Chart.js/2.4.0/Chart.bundle.min.js': 'chart.js/dist/Chart.bundle.min.js',
  'https://cdnjs.cloudflare.com/ajax/libs/dialog-polyfill/0.4.9/dialog-polyfill.min.js':
    'dialog-polyfill/dialog-polyfill.js',
  'https://cdnjs.cloudflare.com/ajax/libs/dialog-polyfill/0.4.9/dialog-polyfill.min.css':
    'dialog-polyfill/dialog-polyfill.css',
  'https://code.getmdl.io/1.3.0/material.min.js': 'material-design-lite/material.min.js',
  'https://code.getmdl.io/1.3.0/material.amber-blue.min.css': 'material-design-lite/dist/material.amber-blue.min.css',
  'webcomponentsjs/webcomponents-lite.js': 'webcomponents.js/webcomponents-lite.js',
};
const TYPES = {'.css': 'text/css', '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png',
  '.gif': 'image/gif', '.bin': 'application/octet-stream'};

function serve(site) {
  const server = http.createServer((request, response) => {
    const file = path.join(site, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream'});
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Runs in the page: wraps the element's iteration so that after every 10th iteration D is read
// on the grid, at each checkpoint G is read on 450 fresh noise vectors, and at the last one the
// page stops (isPlaying false, so no extra iteration of pause()).
function instrument(job) {
  const lab = document.querySelector('gan-lab');
  const original = Object.getPrototypeOf(lab).iterateTraining;
  const Tensor = lab.model.dVariables[0].constructor;  // tf.Variable, which inherits tf.Tensor.make
  const grid = [];
  for (let j = 0; j < 30; j++) for (let i = 0; i < 30; i++) grid.push((i + 0.5) / 30, (j + 0.5) / 30);
  const gaussian = lab.selectedNoiseType.includes('Gaussian');
  const randNormal = () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  const draw = () => {  // GAN Lab's noise: N(0.5, 0.25^2) cut to [0, 1] (truncatedNormal), or U(0, 1)
    if (!gaussian) return Math.random();
    for (;;) { const x = randNormal(); if (Math.abs(x) <= 2) return 0.5 + 0.25 * x; }
  };
  const read = (tensor) => { const values = Array.from(tensor.dataSync()); tensor.dispose(); return values; };
  window.__result = {fakes: {}, dStd: [], dAway: [], backend: null, done: false, seconds: 0};
  const started = performance.now();
  lab.iterateTraining = async function(keepIterating, type) {
    try {
      return await measured.call(this, keepIterating, type);
    } catch (error) {
      window.__result.error = String(error);
      window.__result.done = true;
    }
  };
  const measured = async function(keepIterating, type) {
    const done = this.iterationCount;  // iterations finished so far
    if (done > 0 && done % 10 === 0 && window.__result.dStd.length < done / 10) {
      const d = [];  // in batches of 150: GAN Lab's D reshapes its output to the batch size
      for (let row = 0; row < 900; row += 150) {
        const batch = new Float32Array(grid.slice(2 * row, 2 * (row + 150)));
        d.push(...read(this.model.discriminator(Tensor.make([150, 2], {values: batch}))));
      }
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      window.__result.dStd.push(Math.sqrt(d.reduce((a, b) => a + (b - mean) * (b - mean), 0) / d.length));
      window.__result.dAway.push(d.reduce((a, b) => a + Math.abs(b - 0.5), 0) / d.length);
    }
    if (job.checkpoints.includes(done) && !(done in window.__result.fakes)) {
      const noise = new Float32Array(450 * this.noiseSize).map(draw);
      window.__result.fakes[done] = read(this.model.generator(Tensor.make([450, this.noiseSize], {values: noise})));
    }
    if (done >= job.iterations) {
      this.isPlaying = false;
      window.__result.done = true;
      window.__result.seconds = (performance.now() - started) / 1000;
      return;
    }
    return original.call(this, keepIterating, type);
  };
}

async function run(job) {
  const site = path.resolve(process.env.GANLAB_SITE);
  const server = await serve(site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1600, height: 1000});
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const vendored = Object.keys(VENDORED).find((url) => request.url().endsWith(url));
      if (vendored) {
        const file = require.resolve(VENDORED[vendored]);
        request.respond({contentType: TYPES[path.extname(file)], body: fs.readFileSync(file)});
      } else if (request.url().startsWith(origin)) {
        request.continue();
      } else {
        request.abort();  // analytics, fonts: nothing leaves this machine
      }
    });
    await page.goto(`${origin}/index.html`, {waitUntil: 'load'});
    await page.waitForFunction(() => document.querySelector('gan-lab') && document.querySelector('gan-lab').model,
      {timeout: 60000});
    if (job.shape !== 'gaussians') {  // picking a preset reloads its config and leaves pre-trained mode
      await page.click(`.distribution-item[data-distribution-name="${job.shape}"]`);
    } else {
      await page.click('#toggle-pretrained');  // unticked: the preset's config, fresh weights
    }
    await page.waitForFunction(() => {
      const lab = document.querySelector('gan-lab');
      return !lab.usePretrained && lab.iterationCount === 0;
    }, {timeout: 60000});
    await new Promise((resolve) => setTimeout(resolve, 1000));  // the config's fresh experiment is in place
    const config = await page.evaluate(() => {
      const lab = document.querySelector('gan-lab');
      const canvas = document.createElement('canvas');
      const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
      return {noise: lab.selectedNoiseType, noiseSize: lab.noiseSize, gLayers: lab.numGeneratorLayers, dLayers: lab.numDiscriminatorLayers,
        gNeurons: lab.numGeneratorNeurons, dNeurons: lab.numDiscriminatorNeurons, dLr: lab.dLearningRate,
        gLr: lab.gLearningRate, kD: lab.kDSteps, kG: lab.kGSteps, webgl: gl ? gl.getParameter(gl.VERSION) : null};
    });
    await page.evaluate(instrument, job);
    await page.click('#play-pause-button');
    for (;;) {  // polled from here: one long wait in the page would outlast the protocol's timeout
      const progress = await page.evaluate(() => [window.__result.done, document.querySelector('gan-lab').iterationCount]);
      if (progress[0]) break;
      if (process.env.GANLAB_PAGE_VERBOSE) console.error(`iteration ${progress[1]}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const result = await page.evaluate(() => window.__result);
    if (result.error) throw new Error(`in the page: ${result.error}`);
    result.config = config;
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}

run(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))
  .then((result) => process.stdout.write(JSON.stringify(result)))
  .catch((error) => { console.error(`page.js: ${error.message}`); process.exit(1); });
