import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@hqml/core/testing';
import { describe, expect, it } from 'vitest';
import { hqml, root } from './hqml.js';
import { hqmlInProcess } from './inProcessCli.js';

/**
 * The bad-input corpus (test/corpus, see its README): every reader and every command, fed
 * broken, hostile or absurd input. Each case must end with a non-zero exit and one clear hqml
 * error (what, why, fix): no crash, no stack trace, no hang, no output left behind, and never a
 * result with exit 0.
 */
const corpus = (p: string): string => join(root, 'test', 'corpus', p);
const scratch = tempDir('hqml-bad-inputs-');
const fileInScratch = join(scratch, 'a-file');
writeFileSync(fileInScratch, 'x');
const fifo = join(scratch, 'fifo');
if (process.platform !== 'win32') execFileSync('mkfifo', [fifo]);

/** One case: the arguments, the error class and a pattern the message must match. */
type Case = readonly [name: string, args: string[], error: string, message: RegExp];

const anneal = (file: string, ...flags: string[]): string[] => ['anneal', file.startsWith('/') ? file : corpus(`anneal/${file}`), ...flags];
const datasets = (id: string, folder: string, verb = 'info'): string[] => ['datasets', verb, id, '--data-dir', corpus(`datasets/${folder}`)];
const kdRun = (config: string, runDir = join(scratch, 'kd-run')): string[] => ['kd', '--config', config.startsWith('/') ? config : corpus(`config/${config}`), '--run-dir', runDir, '--quiet'];

const CASES: readonly Case[] = [
  // hqml anneal: G-set
  ['gset: empty file', anneal('gset-empty.txt'), 'ValidationError', /is empty/],
  ['gset: header in words', anneal('gset-header-words.txt'), 'ValidationError', /header "eight hundred"/],
  ['gset: header declares 10^12 vertices', anneal('gset-header-1e12.txt'), 'ResourceError', /1,000,000,000,000 variables/],
  ['gset: vertex out of range', anneal('gset-vertex-out-of-range.txt'), 'ValidationError', /vertex 4 is out of range/],
  ['gset: vertex 0', anneal('gset-vertex-zero.txt'), 'ValidationError', /vertex 0 is out of range/],
  ['gset: self-loop', anneal('gset-self-loop.txt'), 'ValidationError', /self-loop/],
  ['gset: duplicate edge', anneal('gset-duplicate-edge.txt'), 'ValidationError', /repeats the edge 1-2/],
  ['gset: NaN weight', anneal('gset-weight-nan.txt'), 'ValidationError', /weight is NaN/],
  ['gset: weights near 1e308', anneal('gset-weight-1e308.txt'), 'ValidationError', /overflow/],
  ['gset: weight 1e400 (Infinity)', anneal('gset-weight-1e400.txt'), 'ValidationError', /weight is Infinity/],
  ['gset: fewer edges than the header', anneal('gset-missing-edges.txt'), 'ValidationError', /has 1 edges but its header says 3/],
  ['gset: more edges than the header', anneal('gset-extra-edges.txt'), 'ValidationError', /more edges than the header's 1/],
  ['gset: edge line with two fields', anneal('gset-two-fields.txt'), 'ValidationError', /has 2 fields/],
  ['gset: binary garbage', anneal('gset-binary.txt'), 'DataError', /is not UTF-8 text/],
  ['gset: Latin-1 text', anneal('gset-latin1.txt'), 'DataError', /is not UTF-8 text/],
  // hqml anneal: QUBO JSON
  ['qubo: not JSON', anneal('qubo-not-json.json'), 'ValidationError', /is not valid JSON/],
  ['qubo: 200,000 levels of nesting', anneal('qubo-deep-nesting.json'), 'ValidationError', /nests more than 256 levels/],
  ['qubo: Q is an object', anneal('qubo-q-not-list.json'), 'ValidationError', /expected an object with a "Q" list/],
  ['qubo: entry with two fields', anneal('qubo-entry-arity.json'), 'ValidationError', /Q\[0\] is \[0, 1\]/],
  ['qubo: variable index 10^15', anneal('qubo-index-1e15.json'), 'ResourceError', /1,000,000,000,000,001 variables/],
  ['qubo: diagonal index 10^15', anneal('qubo-diagonal-1e15.json'), 'ResourceError', /1,000,000,000,000,001 variables/],
  ['qubo: string bias', anneal('qubo-value-string.json'), 'ValidationError', /Q\[0\] has value "one"/],
  ['qubo: string offset', anneal('qubo-offset-string.json'), 'ValidationError', /offset is "0"/],
  ['qubo: numVariables 10^12', anneal('qubo-num-variables-1e12.json'), 'ResourceError', /1,000,000,000,000 variables/],
  ['qubo: duplicate labels', anneal('qubo-duplicate-labels.json'), 'ValidationError', /both labelled 'a'/],
  ['qubo: weights near 1e308', anneal('qubo-weights-1e308.json'), 'ValidationError', /overflow/],
  ['qubo: an object as a label', anneal('qubo-label-object.json'), 'ValidationError', /a variable label is a finite number, a string, or a tuple/],
  ['qubo: no variables', anneal('qubo-empty.json'), 'ValidationError', /has no variables/],
  // hqml anneal: dimod BQM JSON
  ['bqm: schema 1.0.0', anneal('bqm-schema-1.json'), 'ValidationError', /bqm_schema is "1.0.0"/],
  ['bqm: use_bytes', anneal('bqm-use-bytes.json'), 'UnsupportedError', /use_bytes is true/],
  ['bqm: head index out of range', anneal('bqm-head-out-of-range.json'), 'ValidationError', /quadratic_head\[0\] is 5/],
  ['bqm: linear biases missing', anneal('bqm-biases-mismatch.json'), 'ValidationError', /differ in length/],
  ['bqm: num_variables 10^12', anneal('bqm-num-variables-1e12.json'), 'ValidationError', /num_variables is 1000000000000 but there are 2 labels/],
  ['bqm: DISCRETE', anneal('bqm-discrete.json'), 'ValidationError', /variable_type is "DISCRETE"/],
  ['bqm: self-loop', anneal('bqm-self-loop.json'), 'ValidationError', /couples variable 0 with itself/],
  ['bqm: biases near 1e308', anneal('bqm-weights-1e308.json'), 'ValidationError', /overflow/],
  ['bqm: an object as a label', anneal('bqm-labels-object.json'), 'ValidationError', /label of variable 0 is \{"x":1\}/],
  ['a sample set as the problem', anneal('sampleset-as-problem.json'), 'ValidationError', /is a sample set, not a problem/],
  // hqml anneal: initial states and flags
  ['initial states: packed words of the wrong shape', anneal('good-bqm.json', '--initial-states', corpus('anneal/init-packed-wrong-shape.json')), 'ValidationError', /sample_data has shape \[1,2\]/],
  ['initial states: 10^12 rows declared', anneal('good-bqm.json', '--initial-states', corpus('anneal/init-rows-1e12.json')), 'ValidationError', /data has 1 entries/],
  ['initial states: a variable missing', anneal('good-bqm.json', '--initial-states', corpus('anneal/init-missing-variable.json')), 'ValidationError', /no column for variable 'b'/],
  ['--num-reads 10^15', anneal('good-bqm.json', '--num-reads', '1000000000000000'), 'ResourceError', /1,000,000,000,000,000 reads of 2 variables/],
  ['--num-reads with a unit', anneal('good-bqm.json', '--num-reads', '10k'), 'ValidationError', /--num-reads is "10k"/],
  ['--time-limit Infinity', anneal('good-bqm.json', '--time-limit', 'Infinity'), 'ValidationError', /--time-limit is "Infinity"/],
  ['--solver unknown', anneal('good-bqm.json', '--solver', 'dwave.nope'), 'PluginNotFoundError', /No annealer with id "dwave.nope"/],
  // hqml anneal: the file itself
  ['problem file missing', anneal(join(scratch, 'missing.txt')), 'ValidationError', /Cannot read the problem file .*missing.txt: it does not exist/],
  ['problem file is a folder', anneal(scratch), 'ValidationError', /is a folder/],
  ['problem file under a file (ENOTDIR)', anneal(join(fileInScratch, 'x.txt')), 'ValidationError', /a part of the path is a file, not a folder \(ENOTDIR\)/],
  ...(existsSync('/dev/zero') ? [['problem file is /dev/zero', anneal('/dev/zero'), 'ValidationError', /\/dev\/zero is a device/] as Case] : []),
  ...(process.platform !== 'win32' ? [['problem file is a FIFO nobody writes to', anneal(fifo), 'ValidationError', /is a pipe/] as Case] : []),
  // hqml datasets: IDX and CIFAR-10 readers through an explicit data folder
  ['mnist: bad magic', datasets('mnist', 'mnist-bad-magic', 'verify'), 'DataError', /t10k-images-idx3-ubyte: wrong magic number/],
  ['mnist: truncated images', datasets('mnist', 'mnist-truncated', 'verify'), 'DataError', /truncated IDX body/],
  ['mnist: label count differs', datasets('mnist', 'mnist-count-mismatch', 'verify'), 'DataError', /label count does not match/],
  ['mnist: label out of range', datasets('mnist', 'mnist-label-out-of-range', 'verify'), 'DataError', /label out of range at index 1/],
  ['mnist: dimensions of 2^32 - 1', datasets('mnist', 'mnist-dims-huge', 'verify'), 'DataError', /truncated IDX body/],
  ['mnist: wrong image size', datasets('mnist', 'mnist-wrong-image-size', 'verify'), 'DataError', /wrong image size/],
  ['mnist: empty file', datasets('mnist', 'mnist-empty-file', 'verify'), 'DataError', /the file is empty/],
  ['mnist: .gz name without gzip', datasets('mnist', 'mnist-gz-not-gzip', 'verify'), 'DataError', /not a gzip file/],
  ['mnist: corrupt gzip', datasets('mnist', 'mnist-gz-corrupt', 'verify'), 'DataError', /gzip stream does not inflate|wrong magic|truncated/],
  ['mnist: data folder lacks files (only here)', datasets('mnist', 'mnist-missing-train', 'verify'), 'DataError', /is not in the data folder .*lacks train-images-idx3-ubyte\[\.gz\]/],
  ['fashion-mnist: empty data folder (only here)', datasets('fashion-mnist', 'empty-folder', 'verify'), 'DataError', /is not in the data folder/],
  ['mnist: data folder does not exist', ['datasets', 'verify', 'mnist', '--data-dir', join(scratch, 'nowhere')], 'DataError', /nowhere does not exist/],
  ['cifar10: partial record', datasets('cifar10', 'cifar-partial-record', 'verify'), 'DataError', /test_batch.bin: CIFAR-10 batch size is not a whole number of records/],
  ['cifar10: label 10', datasets('cifar10', 'cifar-label-out-of-range', 'verify'), 'DataError', /label out of range in record 1/],
  ['cifar10: two class names', datasets('cifar10', 'cifar-bad-meta', 'verify'), 'DataError', /wrong number of class names/],
  ['datasets: unknown id', ['datasets', 'info', 'imagenet'], 'ValidationError|PluginNotFoundError', /imagenet/],
  // config files through core's loadConfig (hqml kd)
  ['config: missing', kdRun(join(scratch, 'none.yaml')), 'ValidationError', /Cannot read the config file .*none.yaml: it does not exist/],
  ['config: a folder', kdRun(scratch), 'ValidationError', /is a folder/],
  ['config: empty', kdRun('empty.yaml'), 'ValidationError', /.+/],
  ['config: YAML syntax', kdRun('syntax.yaml'), 'ValidationError', /Cannot parse .*syntax.yaml/],
  ['config: tab indentation', kdRun('tabs.yaml'), 'ValidationError', /Cannot parse .*tabs.yaml/],
  ['config: binary', kdRun('binary.yaml'), 'DataError', /is not UTF-8 text/],
  ['config: alias bomb', kdRun('alias-bomb.yaml'), 'ValidationError', /Cannot parse .*alias-bomb.yaml: .*(alias|Excessive)/i],
  ['config: deep YAML', kdRun('deep.yaml'), 'ValidationError', /nests more than 256 levels/],
  ['config: deep JSON', kdRun('deep.json'), 'ValidationError', /nests more than 256 levels/],
  ['config: a scalar', kdRun('scalar.yaml'), 'ValidationError', /.+/],
  ['config: a list', kdRun('list.yaml'), 'ValidationError', /.+/],
  ['config: unknown key', kdRun('unknown-key.yaml'), 'ValidationError', /noSuchKey/],
  ['config: wrong types', kdRun('wrong-types.yaml'), 'ValidationError', /seeds/],
  ...(process.platform !== 'win32' ? [['config: a FIFO nobody writes to', kdRun(fifo), 'ValidationError', /is a pipe/] as Case] : []),
  // hqml eval
  ['eval: not JSON', ['eval', 'check', corpus('eval/not-json.json')], 'ValidationError|DataError', /not-json.json/],
  ['eval: wrong schema', ['eval', 'check', corpus('eval/wrong-schema.json')], 'ValidationError|DataError', /schema/],
  ['eval: binary', ['eval', 'check', corpus('eval/binary.json')], 'ValidationError|DataError', /binary.json/],
  ['eval: deep nesting', ['eval', 'check', corpus('eval/deep.json')], 'ValidationError|DataError', /deep.json nests more than 64 levels/],
  ['eval: an array', ['eval', 'check', corpus('eval/array.json')], 'ValidationError|DataError', /.+/],
  ['eval: missing', ['eval', 'check', join(scratch, 'none.json')], 'ValidationError|DataError', /none.json/],
  // hqml qasm run (the OpenQASM reader's own limits, and the file read with bounded work)
  ['qasm: qreg of 2,000,000,000 qubits', ['qasm', 'run', corpus('qasm/qreg-2e9.qasm')], 'QasmResourceError', /2000000000 qubits: the limit is/],
  ['qasm: unterminated barrier', ['qasm', 'run', corpus('qasm/unterminated-barrier.qasm')], 'QasmSyntaxError', /expected ";" after "barrier"/],
  ['qasm: 2,000 nested parentheses', ['qasm', 'run', corpus('qasm/deep-parens.qasm')], 'QasmResourceError', /nested more than 256 deep/],
  ['qasm: gate definitions that expand 2^64 times', ['qasm', 'run', corpus('qasm/gate-bomb.qasm')], 'QasmResourceError', /more than 1000000 gates/],
  ['qasm: unknown gate', ['qasm', 'run', corpus('qasm/unknown-gate.qasm')], 'QasmSyntaxError', /unknown gate "foo"/],
  ['qasm: binary file', ['qasm', 'run', corpus('qasm/binary.qasm')], 'DataError', /is not UTF-8 text/],
  ...(existsSync('/dev/zero') ? [['qasm: /dev/zero', ['qasm', 'run', '/dev/zero'], 'ValidationError', /\/dev\/zero is a device/] as Case] : []),
  // other commands
  ['bench: unknown suite', ['bench', 'nope'], 'PluginNotFoundError', /No benchmark suite with id "nope"/],
  ['plugins: unknown kind', ['plugins', '--kind', 'toaster'], 'ValidationError', /toaster/],
];

describe('bad-input corpus: every case is one clear error, non-zero exit, no stack, no hang', () => {
  it('the corpus folder holds every file the cases name', () => {
    for (const [, args] of CASES) for (const a of args) if (a.startsWith(corpus(''))) expect(existsSync(a), a).toBe(true);
  });

  for (const [name, args, error, message] of CASES) {
    it(name, async () => {
      const r = await hqmlInProcess(args);
      expect(r.code, `${name}: exit code (stdout: ${r.out.slice(0, 300)})`).not.toBe(0);
      expect(r.err).toMatch(new RegExp(`^hqml: (${error}): `));
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/internal error|\n\s+at |node:internal|\.js:\d+:\d+/);
      // what, why, fix: the message has a reason after the colon and a sentence of advice
      expect(r.err.split(': ').length).toBeGreaterThan(2);
      expect(r.err.length).toBeLessThan(3000);
      expect(existsSync(join(scratch, 'kd-run'))).toBe(false);
    });
  }
});

describe('outputs: file-system errors name the path and nothing is half-written', () => {
  it('a kd run folder under a file (ENOTDIR) is a clear error naming the path', async () => {
    const r = await hqmlInProcess(['kd', '--config', join(root, 'apps', 'kd', 'configs', 'quick.yaml'), '--run-dir', join(fileInScratch, 'run'), '--quiet']);
    expect(r.code).toBe(1);
    // the kd app checks its run folder itself; either way the message names the path and the cause
    expect(r.err).toMatch(/^hqml: ValidationError: (Cannot .*a-file\/run.*\(ENOTDIR\)|The run directory .*a-file\/run cannot be written: .*is a file, not a directory)/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/sys/kernel'))('an unwritable run folder (EPERM/EACCES) is a clear error naming the path', async () => {
    const r = await hqmlInProcess(['kd', '--config', join(root, 'apps', 'kd', 'configs', 'quick.yaml'), '--run-dir', '/sys/hqml-run', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^hqml: ValidationError: (Cannot|The run directory) .*\/sys\/hqml-run.*\((EPERM|EACCES|EROFS)\)/);
  });

  it('a teacher far too large for the wasm heap is a ResourceError naming the model and its parameter count', async () => {
    const dir = join(scratch, 'huge-teacher');
    mkdirSync(dir);
    const config = join(dir, 'huge.yaml');
    writeFileSync(
      config,
      [
        'title: a teacher far too large',
        'seeds: [0]',
        'tfjsBackend: wasm',
        'training: { epochs: 1, batchSize: 8 }',
        'teacherTraining: { epochs: 1, batchSize: 8 }',
        'experiments:',
        '  - name: huge',
        '    dataset: mnist',
        '    classes: [0, 1]',
        '    train: { perClass: 4 }',
        '    validation: 0.5',
        '    test: { perClass: 2 }',
        '    student: { kind: qnn, qubits: 2, reducer: dense, encoding: { kind: angle }, ansatz: hardware-efficient, layers: 1, readout: probabilities }',
        '    teachers: [{ model: mlp, options: { hidden: [40000, 40000] } }]',
      ].join('\n'),
    );
    const r = await hqmlInProcess(['kd', '--config', config, '--run-dir', join(dir, 'run'), '--quiet'], 120_000);
    expect(r.code).toBe(1);
    // by hand: 784 x 40000 + 40000 = 31,400,000; 40000^2 + 40000 = 1,600,040,000; 40000 x 2 + 2 = 80,002
    expect(r.err).toMatch(/^hqml: ResourceError: mlp has 1,631,520,002 parameters; .*wasm backend's heap/);
    // nothing half-written: no temporary files, no teacher weights, no report; cells finished
    // before the teacher was needed (the baseline) are whole JSON, reused by a later run
    const runDir = join(dir, 'run');
    const written = existsSync(runDir) ? readdirSync(runDir, { recursive: true }).map(String) : [];
    expect(written.filter((f) => /\.tmp$|report|weights\.bin|model\.json/.test(f))).toEqual([]);
    for (const f of written.filter((w) => w.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(runDir, f), 'utf8'))).not.toThrow();
    expect(r.err.length).toBeLessThan(1500);
  });
});

describe('the real launcher', () => {
  it('prints one line for a bad file, exits 1, and writes nothing to stdout', async () => {
    const r = await hqml(anneal('qubo-index-1e15.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hqml: ResourceError: a model of 1,000,000,000,000,001 variables/);
  });

  it('leaves the scratch folder as it found it', () => {
    expect(readdirSync(scratch).sort()).toEqual(['a-file', ...(process.platform !== 'win32' ? ['fifo'] : []), 'huge-teacher'].sort());
  });
});
