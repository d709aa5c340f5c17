import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { mintToken, repoRoot } from '@lexfin/testing';
import { runOps } from '../tools/ops/test/run-ops';
import { startPlatform, type Platform } from './support/platform';

/**
 * Operations on the whole platform. What deploy/prometheus/alerts.yml and deploy/grafana/ read
 * must exist: every metric an alert expression or a dashboard panel names is exported on some
 * service's /metrics, and every alert links to a runbook entry that exists. `pnpm ops
 * consistency` runs the services' checks through the gateway.
 */
const root = repoRoot();
const alertsFile = readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8');
const dashboard = JSON.parse(
  readFileSync(join(root, 'deploy/grafana/lexfin-operations.json'), 'utf8'),
) as { panels: { title: string; targets: { expr: string }[] }[] };
const runbook = readFileSync(join(root, 'docs/runbook.md'), 'utf8');

const alertExpressions = [...alertsFile.matchAll(/^\s+expr:\s*(.+)$/gm)].map((m) => m[1]!);
const panelExpressions = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));

function metricNames(expression: string): string[] {
  return [...expression.matchAll(/\blexfin_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

/** Names of the series a /metrics page can carry: histograms as their _bucket, _sum, _count. */
function exported(page: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of page.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram')
      for (const part of ['bucket', 'sum', 'count']) names.add(`${name}_${part}`);
  }
  return names;
}

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

it('reads the rules and the dashboard (each has expressions to check)', () => {
  expect(alertExpressions.length).toBe([...alertsFile.matchAll(/^\s+- alert:/gm)].length);
  expect(alertExpressions.length).toBeGreaterThan(0);
  expect(panelExpressions.length).toBeGreaterThanOrEqual(dashboard.panels.length);
});

it('finds every metric an alert or a panel uses on some service /metrics', async () => {
  const services = [
    platform.billing,
    platform.trust,
    platform.credit,
    platform.collections,
    platform.webhooks,
    platform.gateway,
  ];
  const available = new Set<string>();
  for (const service of services) {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    for (const name of exported(await response.text())) available.add(name);
  }
  const used = new Set([...alertExpressions, ...panelExpressions].flatMap(metricNames));
  expect(used.size).toBeGreaterThan(5);
  expect([...used].filter((name) => !available.has(name))).toEqual([]);
});

it('links every alert to a runbook entry that exists', () => {
  const links = [...alertsFile.matchAll(/runbook_url: \S+\/docs\/runbook\.md#(\S+)/g)].map(
    (m) => m[1]!,
  );
  const alerts = [...alertsFile.matchAll(/- alert: (\S+)/g)].map((m) => m[1]!.toLowerCase());
  expect(links).toEqual(alerts);
  const anchors = [...runbook.matchAll(/^## (.+)$/gm)].map((m) =>
    m[1]!
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-'),
  );
  for (const link of links) expect(anchors).toContain(link);
});

describe('pnpm ops consistency', () => {
  it("runs each service's check for the token's firm and reports each", async () => {
    const firmId = randomUUID();
    const gateway = `${platform.gatewayUrl}/graphql`;
    const token = await mintToken({ firmId, roles: ['ops', 'firm_admin'] });

    const run = await runOps(['consistency', '--gateway', gateway, '--token', token]);

    expect(run.lines).toEqual([
      'OK    credit-assessment: profiles against their facts: 0 clients checked',
      "OK    collections: open amounts against billing's: 0 invoices checked",
    ]);
    expect(run.code).toBe(0);
  });

  it('says which check the token may not run, and fails', async () => {
    const token = await mintToken({ firmId: randomUUID(), roles: ['firm_admin'] });
    const run = await runOps([
      'consistency',
      '--gateway',
      `${platform.gatewayUrl}/graphql`,
      '--token',
      token,
    ]);
    expect(run.lines[0]).toMatch(
      /^FAIL {2}credit-assessment: profiles against their facts: not run$/,
    );
    expect(run.lines[1]).toMatch(/^ {6}FORBIDDEN: /);
    expect(run.code).toBe(1);
  });
});
