import { defineCell } from '@hqml/experiment';
import type { FlowJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redactUrl, redactor } from './redisUrl.js';
import { cellJobId, planSweep, sweepIdOf } from './sweepPlan.js';

describe('queue URLs', () => {
  it('parse host, port, database and password, and show the password as ***', () => {
    const u = parseQueueUrl('redis://:s3cr%40t@10.0.0.5:6390/2');
    expect(u).toMatchObject({ host: '10.0.0.5', port: 6390, db: 2, password: 's3cr@t', tls: false, display: 'redis://:***@10.0.0.5:6390/2' });
    expect(parseQueueUrl('rediss://user:pw@h').display).toBe('rediss://user:***@h/0');
    expect(parseQueueUrl('redis://localhost')).toMatchObject({ port: 6379, db: 0, display: 'redis://localhost/0' });
    expect(redactor(u)('error near s3cr@t and s3cr%40t')).toBe('error near *** and ***');
    expect(redactUrl('see redis://:pw@h:1/0 and rediss://u:pw2@h')).toBe('see redis://:***@h:1/0 and rediss://u:***@h');
  });

  it('refuse what is not a Redis URL, without echoing a password', () => {
    expect(() => parseQueueUrl('http://:pw@h:1')).toThrow(/--queue http:\/\/:\*\*\*@h:1 is not a Redis URL: its scheme is "http".*redis:\/\/host:port/);
    expect(() => parseQueueUrl('redis://h:1/x')).toThrow(/the database "x" is not a number/);
    expect(() => parseQueueUrl('redis://h:1/16')).toThrow(/out of Redis's default range/);
    expect(() => parseQueueUrl('localhost:6379')).toThrow(/not a Redis URL/);
  });
});

describe('planSweep', () => {
  const retry = { attempts: 3, backoffMs: 1000 };
  const need = (label: string) => ({ key: `${label}`.padEnd(20, '0'), label, spec: { label } });
  const needs: Record<string, string[]> = { plain: [], a: ['a'], b: ['b'], ab: ['a', 'b'], ac: ['a', 'c'] };
  const cells = Object.keys(needs).flatMap((c) => [0, 1].map((s) => defineCell('e', c, s, { c })));
  const plan = planSweep('sw-1', cells, (c) => needs[c.condition]!.map(need), retry);

  const ids = (f: FlowJob): string[] => [f.opts!.jobId!, ...(f.children ?? []).flatMap(ids)];

  it('cells that need nothing are plain jobs with their key in the id, bounded retries and exponential backoff', () => {
    expect(plan.jobs.map((j) => j.opts.jobId)).toEqual(cells.filter((c) => c.condition === 'plain').map((c) => cellJobId('sw-1', c)));
    expect(plan.jobs[0]!.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    expect(cellJobId('sw-1', cells[0]!)).toBe(`sw-1--c-${cells[0]!.key}`);
  });

  it('every artefact is built by a child of the gate of the cells that need it; a set of artefacts gates over the single gates; a gate claimed twice gets a second build job', () => {
    // Roots: {a,b} claims the gates of {a} and {b}; {a,c} finds {a} claimed and builds a again below itself, and claims {c}.
    const roots = plan.flows.map((f) => f.data.cells.map((c: { condition: string }) => c.condition).join(','));
    expect(roots.sort()).toEqual(['ab,ab', 'ac,ac']);
    const ab = plan.flows.find((f) => f.data.cells[0]?.condition === 'ab')!;
    expect(ab.children!.map((g) => g.data.cells.map((c: { condition: string }) => c.condition).join(','))).toEqual(['a,a', 'b,b']);
    expect(ab.children!.map((g) => g.children!.map((a) => a.data.artefact.label))).toEqual([['a'], ['b']]);
    const ac = plan.flows.find((f) => f.data.cells[0]?.condition === 'ac')!;
    expect(ac.children!.map((x) => x.name)).toEqual(['artefact', 'gate']);
    expect(ac.children![0]!.opts!.jobId).toMatch(/^sw-1--a-a0+-for-[0-9a-f]{8}$/);
    // Every failure climbs to the gates above (no gate waits forever on a failed child).
    const all = plan.flows.flatMap(function walk(f): FlowJob[] { return [f, ...(f.children ?? []).flatMap(walk)]; });
    expect(all.every((f) => f.opts!.failParentOnFailure === true)).toBe(true);
    // No job id twice (BullMQ gives a job one parent).
    const every = plan.flows.flatMap(ids);
    expect(new Set(every).size).toBe(every.length);
    // Every cell is planned once, in plan order, with its gate.
    expect(plan.plan.cells.map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(plan.plan.cells.filter((c) => c.gate).length).toBe(8);
  });

  it('a run directory keeps its sweep id on one host (re-attaching), and differs by directory and host', () => {
    expect(sweepIdOf('/runs/kd/quick', 'h1')).toBe(sweepIdOf('/runs/kd/quick', 'h1'));
    expect(sweepIdOf('/runs/kd/quick', 'h1')).toMatch(/^quick-[0-9a-f]{8}$/);
    expect(sweepIdOf('/runs/kd/quick', 'h2')).not.toBe(sweepIdOf('/runs/kd/quick', 'h1'));
    expect(sweepIdOf('/other/quick', 'h1')).not.toBe(sweepIdOf('/runs/kd/quick', 'h1'));
    expect(sweepIdOf('/runs/My Run!', 'h')).toMatch(/^my-run-[0-9a-f]{8}$/);
  });
});
