import { Command } from 'commander';
import { type CommandContribution, DataError } from '@hqml/core';
import { createDataset, DATASET_IDS } from './datasets.js';
import { datasetInfo, verifyDataset } from './inspect.js';
import { describeSource } from './locate.js';

interface Flags {
  json?: boolean;
  dataDir?: string;
}

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/**
 * `hqml datasets list | info <id> | verify <id>` (each with `--json` and `--data-dir`): where
 * each data set was found, sizes, class counts and checksums. Never downloads.
 */
export const datasetsCommand: CommandContribution = {
  name: 'datasets',
  register(program, ctx) {
    const cmd = new Command('datasets').description('data sets: where they were found, sizes, class counts, checksums');
    cmd
      .command('list')
      .description('list the data sets and where each one was found')
      .option('--json', 'print JSON')
      .option('--data-dir <dir>', 'look only in this folder (no other copy, no download)')
      .action(async (opts: Flags) => {
        const infos = await Promise.all(DATASET_IDS.map((id) => datasetInfo(createDataset(id), opts.dataDir, false)));
        const rows = infos.map((i) => ({ id: i.id, title: i.title, sampleShape: i.sampleShape, classes: i.classes.length, found: i.found, source: i.source ?? null, dir: i.dir ?? null }));
        if (opts.json) {
          ctx.print(JSON.stringify({ datasets: rows }));
          return;
        }
        ctx.print(pad([['id', 'shape', 'classes', 'found in'], ...rows.map((r) => [r.id, r.sampleShape.join('x'), String(r.classes), r.found ? `${describeSource(r.source ?? 'cache')}: ${r.dir}` : 'not found (see `hqml datasets info <id>`)'])]));
      });
    cmd
      .command('info')
      .description('where a data set is, its files, split sizes and class counts')
      .argument('<id>', `data set id (${DATASET_IDS.join(', ')})`)
      .option('--json', 'print JSON')
      .option('--data-dir <dir>', 'look only in this folder (no other copy, no download)')
      .action(async (id: string, opts: Flags) => {
        const info = await datasetInfo(createDataset(id), opts.dataDir);
        if (opts.json) {
          ctx.print(JSON.stringify(info));
          return;
        }
        ctx.print(`${info.title} (${info.id}): ${info.sampleShape.join('x')} images, ${info.classes.length} classes`);
        if (!info.found) {
          ctx.print('not found; searched:');
          for (const p of info.searched) ctx.print(`  ${describeSource(p.source)}: ${p.dir}`);
          ctx.print('Loading it downloads it into the cache when the network is reachable.');
          return;
        }
        ctx.print(`found in ${describeSource(info.source ?? 'cache')}: ${info.dir}`);
        if (info.trainBatches) ctx.print(`train batches: ${info.trainBatches.present} of ${info.trainBatches.official}`);
        for (const f of info.files ?? []) ctx.print(`  ${f.path}  ${f.bytes.toLocaleString('en-US')} bytes`);
        const table = [['class', 'train', 'test'], ...info.classes.map((c, k) => [`${k} ${c}`, String(info.train?.classCounts[k] ?? ''), String(info.test?.classCounts[k] ?? '')])];
        table.push(['total', String(info.train?.size ?? ''), String(info.test?.size ?? '')]);
        ctx.print(pad(table));
      });
    cmd
      .command('verify')
      .description('parse every file and compare sha256 digests with the official release')
      .argument('<id>', `data set id (${DATASET_IDS.join(', ')})`)
      .option('--json', 'print JSON')
      .option('--data-dir <dir>', 'look only in this folder (no other copy, no download)')
      .action(async (id: string, opts: Flags) => {
        const d = createDataset(id, { download: false });
        const report = await verifyDataset(d, opts.dataDir);
        if (opts.json) ctx.print(JSON.stringify(report));
        else {
          ctx.print(`${report.id} in ${describeSource(report.source)}: ${report.dir}: all files parse`);
          ctx.print(pad([['file', 'sha256', 'status'], ...report.files.map((f) => [f.path, `${f.sha256.slice(0, 16)}… (${f.digestOf})`, f.status])]));
        }
        if (!report.matchesOfficial) {
          const bad = report.files.filter((f) => f.status === 'differs').map((f) => f.path);
          throw new DataError({
            what: `${bad.length} file(s) of ${id} differ from the official release: ${bad.join(', ')}`,
            why: 'their sha256 digests do not match; the files parse, so this is another copy of the data (re-encoded or edited) or a corrupted one',
            fix: 'If this is not a known derived copy, delete the files and load the data set again to download the official files',
          });
        }
      });
    program.addCommand(cmd);
  },
};
