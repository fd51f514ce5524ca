import { readFile } from 'node:fs/promises';
import { DataError, type VariableLabel, writeFileAtomic } from '@hqml/core';
import { type Embedding, type EmbeddingFile, embeddingFromJSON, embeddingToJSON } from './embedding.js';

/** Writes an embedding as JSON (atomically), with its variable labels and the target it was made for. */
export async function saveEmbedding(file: string, embedding: Embedding, variables: readonly VariableLabel[], target?: EmbeddingFile['target']): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(embeddingToJSON(embedding, variables, target))}\n`);
}

/** Reads an embedding written by {@link saveEmbedding} (or a dimod-style `{label: [qubits]}` file). */
export async function loadEmbedding(file: string): Promise<ReturnType<typeof embeddingFromJSON>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new DataError({ what: `cannot read the embedding file ${file}`, why: String(cause), fix: 'Pass a JSON file written by saveEmbedding', cause });
  }
  return embeddingFromJSON(json);
}
