import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { DataError, writeFileAtomic } from '@hqml/core';

/** File names of a saved model (the TF.js layers format). */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** The `model.json` of the TF.js layers format, plus hqml's metadata block. */
export interface ModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: unknown;
  readonly weightsManifest: Array<{ paths: string[]; weights: io.WeightsManifestEntry[] }>;
  /** hqml: architecture id and build options, so a model can be rebuilt from its files. */
  readonly userDefinedMetadata?: Record<string, unknown>;
}

function weightBytes(specs: readonly io.WeightsManifestEntry[]): number {
  const size: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (size[s.dtype] ?? 4), 0);
}

/**
 * A TF.js IOHandler for the local file system that needs no tfjs-node (whose `file://` handler
 * is what TF.js offers in Node): `model.json` + one `weights.bin`, the layout
 * `tf.loadLayersModel('file://.../model.json')` reads. Saving writes the weights first and the
 * JSON last, each atomically, so a crash never leaves a JSON pointing at missing weights.
 */
export function fileIOHandler(dir: string, metadata: Record<string, unknown> = {}): Required<Pick<io.IOHandler, 'save' | 'load'>> {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array(0) : Array.isArray(data) ? concat(data) : new Uint8Array(data);
      const json: ModelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'hqml',
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: { ...(artifacts.userDefinedMetadata ?? {}), ...metadata },
      };
      await writeFileAtomic(join(dir, WEIGHTS_BIN), bytes);
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    },
    async load(): Promise<io.ModelArtifacts> {
      const json = await readModelJson(dir);
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const file = join(dir, WEIGHTS_BIN);
      let buf: Buffer;
      try {
        buf = await readFile(file);
      } catch (cause) {
        throw new DataError({ what: `Cannot read ${file}`, why: (cause as Error).message, fix: 'Save the model again, or copy its weights.bin next to model.json', cause });
      }
      const expected = weightBytes(specs);
      if (buf.byteLength !== expected) {
        throw new DataError({ what: `${file} has ${buf.byteLength} bytes`, why: `model.json lists ${specs.length} weight tensors totalling ${expected} bytes (the file is truncated or from another model)`, fix: 'Save the model again or restore the complete file' });
      }
      return {
        modelTopology: json.modelTopology as object,
        weightSpecs: specs,
        weightData: new Uint8Array(buf).buffer as ArrayBuffer,
        format: json.format,
        generatedBy: json.generatedBy,
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> } : {}),
      };
    },
  };
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  return out;
}

/** Reads and checks `model.json` in `dir`. */
export async function readModelJson(dir: string): Promise<ModelJson> {
  const file = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DataError({ what: `Cannot read ${file}`, why: (cause as Error).message, fix: 'Pass the directory a model was saved to (it holds model.json and weights.bin)', cause });
  }
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (cause) {
    throw new DataError({ what: `${file} is not valid JSON`, why: 'the file is corrupt or truncated', fix: 'Save the model again', cause });
  }
  if (json?.format !== 'layers-model' || !Array.isArray(json.weightsManifest) || json.modelTopology === undefined) {
    throw new DataError({ what: `${file} is not a TF.js layers model (format ${JSON.stringify(json?.format)})`, why: 'load reads the TF.js layers format written by save', fix: 'Pass a directory written by save()' });
  }
  return json;
}
