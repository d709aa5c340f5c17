import { startToyGateway, type ToyGateway } from './toy-subgraphs';

let toy: ToyGateway;

beforeAll(async () => {
  toy = await startToyGateway();
});

afterAll(() => toy.close());

const readiness = async () => {
  const response = await fetch(`${toy.gateway.url}/readyz`);
  return {
    status: response.status,
    checks: ((await response.json()) as { checks: Record<string, string> }).checks,
  };
};

describe('gateway readiness', () => {
  it('is ready while every subgraph answers, and 503 naming the one that does not', async () => {
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.checks).toMatchObject({ 'subgraph clients': 'ok', 'subgraph balances': 'ok' });

    await toy.balances.app.close();

    const unready = await readiness();
    expect(unready.status).toBe(503);
    expect(unready.checks['subgraph clients']).toBe('ok');
    expect(unready.checks['subgraph balances']).toMatch(/^unreachable: /);
  });
});
