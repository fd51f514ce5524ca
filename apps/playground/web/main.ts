import { BrowserStatevectorBackend } from '@hqml/statevector/browser';
import { type BenchCase, StatevectorGpu, benchCircuit, perGateMs } from '@hqml/statevector-gpu/browser';
import { type BackendKind, type PageBackend, describeBackend, pageBackend, webglRenderer } from './backends.js';
import { barChart, lineChart } from './charts.js';
import { QuantumClassifier, epochBatches, gatherRows } from '../src/classifier.js';
import { EXAMPLES } from '../src/examples.js';
import { type ProgramRun, bitString, runProgram } from '../src/qasmRun.js';

/** The served data file (see the server's mnistFeatures). */
interface MnistFile {
  readonly method: string;
  readonly digits: readonly number[];
  readonly features: number;
  readonly train: { readonly x: readonly number[]; readonly y: readonly number[] };
  readonly test: { readonly x: readonly number[]; readonly y: readonly number[] };
}

/** One finished epoch of training. */
interface EpochRow {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly msPerStep: number;
}

/**
 * What the page did last, on `window.hqmlPlayground`: for a look from the browser's console and
 * for the end-to-end test, which compares these numbers with Node's.
 */
interface PlaygroundState {
  lastRun: (ProgramRun & { readonly backend: string; readonly mode: string; readonly precision: string }) | null;
  lastError: string | null;
  training: { backend: string; mode: string; running: boolean; step: number; totalSteps: number; losses: number[]; epochs: EpochRow[]; weights: number[] };
  renderer: string;
  /**
   * Times a case of statevector-gpu's bench suite in this page (`hqml bench playground` calls it
   * through Playwright): ms per gate on a backend, with the mode it ran in.
   */
  bench(backend: BackendKind, c: BenchCase, n: number, reps: number): { readonly msPerGate: number; readonly id: string; readonly mode: string; readonly precision: string };
}

/**
 * The gate cases run gate by gate, as in statevector-gpu's Node suite: statevector-gpu unfused
 * (one launch per gate), and the CPU backend without fusion or cache blocking.
 */
const gateByGate: Partial<Record<BackendKind, PageBackend>> = {};

const state: PlaygroundState = {
  lastRun: null,
  lastError: null,
  training: { backend: '', mode: '', running: false, step: 0, totalSteps: 0, losses: [], epochs: [], weights: [] },
  renderer: '',
  bench(backend, c, n, reps) {
    const b = c === 'layers10' ? pageBackend(backend) : (gateByGate[backend] ??= backend === 'gpu' ? new StatevectorGpu({ fusion: false }) : new BrowserStatevectorBackend({ fusion: false, cacheBlocking: false }));
    const { circuit, gates } = benchCircuit(c, n);
    // Chromium's clock moves in 100 µs steps here: short circuits are repeated until a timing spans 20 ms.
    const msPerGate = perGateMs(b, n, circuit, gates, reps, { minStepMs: 20 });
    return { msPerGate, ...describeBackend(b) };
  },
};
(globalThis as unknown as { hqmlPlayground: PlaygroundState }).hqmlPlayground = state;

function $<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

/** Lets the browser paint (progress bar, curve) between training steps. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---- OpenQASM --------------------------------------------------------------------------------

/** Largest number of amplitude rows the table shows (the rest are counted in the note). */
const MAX_ROWS = 256;

function showRun(run: ProgramRun): void {
  const chart = $('prob-chart');
  chart.replaceChildren(barChart(run.probabilities.map((e) => ({ label: e.bits, value: e.p }))));
  const body = $<HTMLTableElement>('amp-table').tBodies[0]!;
  body.replaceChildren();
  const note = $('amp-note');
  if (!run.amplitudes) {
    note.textContent = 'The program measures or resets qubits mid-circuit: its qubits end in a mixture, which has no single state vector.';
    return;
  }
  const { re, im } = run.amplitudes;
  const N = 2 ** run.numQubits;
  let rows = 0;
  let nonzero = 0;
  for (let i = 0; i < N; i++) {
    const p = re[i]! ** 2 + im[i]! ** 2;
    if (p < 1e-14) continue;
    nonzero++;
    if (rows >= MAX_ROWS) continue;
    rows++;
    const tr = document.createElement('tr');
    for (const v of [String(i), `|${bitString(i, run.numQubits)}⟩`, re[i]!.toFixed(6), im[i]!.toFixed(6), Math.sqrt(p).toFixed(6), p.toFixed(6)]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
  }
  note.textContent = `${nonzero} of ${N} amplitudes are non-zero${nonzero > rows ? `; the first ${rows} are shown` : ''}. Bit 0 is the rightmost (Qiskit's order).`;
}

async function runClicked(): Promise<void> {
  const status = $('run-status');
  const kind = (document.querySelector<HTMLInputElement>('input[name="backend"]:checked')?.value ?? 'cpu') as BackendKind;
  status.className = 'status';
  status.textContent = `running on ${kind.toUpperCase()}…`;
  await nextFrame();
  try {
    const backend = pageBackend(kind);
    const run = runProgram($<HTMLTextAreaElement>('program').value, backend);
    const d = describeBackend(backend);
    state.lastRun = { ...run, backend: d.id, mode: d.mode, precision: d.precision };
    state.lastError = null;
    showRun(run);
    status.textContent = `${run.numQubits} qubits, ${run.numGates} gates on ${d.id} (${d.mode}, ${d.precision}): probabilities ${run.probabilitiesMs.toFixed(1)} ms, amplitudes ${run.amplitudesMs.toFixed(1)} ms`;
  } catch (err) {
    console.error(err);
    state.lastError = message(err);
    status.className = 'status error';
    status.textContent = message(err);
  }
}

function setUpQasm(): void {
  const select = $<HTMLSelectElement>('example');
  for (const name of Object.keys(EXAMPLES)) select.append(new Option(name, name));
  const program = $<HTMLTextAreaElement>('program');
  program.value = EXAMPLES[select.value] ?? '';
  select.addEventListener('change', () => {
    program.value = EXAMPLES[select.value] ?? '';
  });
  $<HTMLInputElement>('file').addEventListener('change', async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (file) program.value = await file.text();
  });
  $('run').addEventListener('click', () => void runClicked());
}

// ---- Training ---------------------------------------------------------------------------------

let data: MnistFile | null = null;
let stopRequested = false;

function readInt(id: string, lo: number, hi: number): number {
  const v = Number($<HTMLInputElement>(id).value);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${id} must be an integer from ${lo} to ${hi} (got ${$<HTMLInputElement>(id).value})`);
  return v;
}

function drawLoss(): void {
  const t = state.training;
  const stepsPerEpoch = t.totalSteps / Math.max(1, Number($<HTMLInputElement>('epochs').value));
  $('loss-chart').replaceChildren(
    lineChart(
      [
        { name: 'training batch loss', className: 'train', points: t.losses.map((l, i) => [i + 1, l] as const) },
        { name: 'test loss (per epoch)', className: 'test', points: t.epochs.map((e) => [e.epoch * stepsPerEpoch, e.testLoss] as const) },
      ],
      'step',
    ),
  );
}

function addEpochRow(e: EpochRow): void {
  const tr = document.createElement('tr');
  for (const v of [String(e.epoch), e.trainLoss.toFixed(4), `${(100 * e.trainAccuracy).toFixed(1)}%`, e.testLoss.toFixed(4), `${(100 * e.testAccuracy).toFixed(1)}%`, e.msPerStep.toFixed(1)]) {
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(td);
  }
  $<HTMLTableElement>('epoch-table').tBodies[0]!.append(tr);
}

async function train(): Promise<void> {
  if (!data) return;
  const status = $('train-status');
  const progress = $<HTMLProgressElement>('train-progress');
  const start = $<HTMLButtonElement>('train-start');
  const stop = $<HTMLButtonElement>('train-stop');
  status.className = 'status';
  try {
    const layers = readInt('layers', 1, 6);
    const epochs = readInt('epochs', 1, 50);
    const batch = readInt('batch', 1, 512);
    const seed = readInt('seed', 0, 2 ** 31);
    const lr = Number($<HTMLInputElement>('lr').value);
    const kind = $<HTMLSelectElement>('train-backend').value as BackendKind;
    const backend = pageBackend(kind);
    const F = data.features;
    const model = new QuantumClassifier({ qubits: F, classes: data.digits.length, layers, seed, learningRate: lr });
    const rows = data.train.y.length;
    const perEpoch = Math.ceil(rows / batch);
    const t = state.training;
    Object.assign(t, { backend: backend.id, mode: describeBackend(backend).mode, running: true, step: 0, totalSteps: perEpoch * epochs, losses: [], epochs: [], weights: [] });
    $<HTMLTableElement>('epoch-table').tBodies[0]!.replaceChildren();
    progress.max = t.totalSteps;
    progress.value = 0;
    start.disabled = true;
    stop.disabled = false;
    stopRequested = false;
    for (let epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
      const t0 = performance.now();
      let steps = 0;
      for (const idx of epochBatches(rows, batch, seed * 1000 + epoch)) {
        if (stopRequested) break;
        const b = gatherRows(data.train.x, data.train.y, F, idx);
        t.losses.push(model.step(backend, b.x, b.y).loss);
        t.step++;
        steps++;
        progress.value = t.step;
        status.textContent = `epoch ${epoch}/${epochs}, step ${t.step}/${t.totalSteps} on ${t.backend} (${describeBackend(backend).mode}): batch loss ${t.losses.at(-1)!.toFixed(4)}`;
        drawLoss();
        await nextFrame();
      }
      const ms = (performance.now() - t0) / Math.max(1, steps);
      const tr = model.evaluate(backend, data.train.x, data.train.y);
      const te = model.evaluate(backend, data.test.x, data.test.y);
      const row = { epoch, trainLoss: tr.loss, trainAccuracy: tr.accuracy, testLoss: te.loss, testAccuracy: te.accuracy, msPerStep: ms };
      t.epochs.push(row);
      addEpochRow(row);
      drawLoss();
      await nextFrame();
    }
    t.weights = Array.from(model.weights);
    t.mode = describeBackend(backend).mode;
    const last = t.epochs.at(-1);
    status.textContent = `${stopRequested ? 'stopped' : 'done'}: ${t.step} steps on ${t.backend} (${t.mode})${last ? `, test accuracy ${(100 * last.testAccuracy).toFixed(1)}%` : ''}`;
  } catch (err) {
    console.error(err);
    state.lastError = message(err);
    status.className = 'status error';
    status.textContent = message(err);
  } finally {
    state.training.running = false;
    start.disabled = false;
    stop.disabled = true;
  }
}

async function setUpTraining(): Promise<void> {
  $('train-start').addEventListener('click', () => void train());
  $('train-stop').addEventListener('click', () => {
    stopRequested = true;
  });
  const note = $('data-note');
  try {
    const res = await fetch('data/mnist.json');
    if (!res.ok) throw new Error(`data/mnist.json: HTTP ${res.status}`);
    data = (await res.json()) as MnistFile;
    note.textContent = `Digits ${data.digits.join(' vs ')}: ${data.train.y.length} training and ${data.test.y.length} test images of MNIST, ${data.method}. Each feature is the RY angle of one of ${data.features} qubits; class c is read out as ⟨Z_c⟩.`;
    $<HTMLButtonElement>('train-start').disabled = false;
  } catch (err) {
    note.className = 'note status error';
    note.textContent = `Could not load the MNIST features: ${message(err)}`;
  }
}

// ---- Start -------------------------------------------------------------------------------------

state.renderer = webglRenderer();
$('renderer').textContent = state.renderer;
setUpQasm();
void setUpTraining();
