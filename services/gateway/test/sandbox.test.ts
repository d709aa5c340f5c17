import { randomUUID } from 'node:crypto';
import { launchHeadlessChromium, type HeadlessBrowser } from '@lexfin/testing';
import { startToyGateway, type ToyGateway } from './toy-subgraphs';

let toy: ToyGateway;
let production: ToyGateway;
let browser: HeadlessBrowser;
const firmId = randomUUID();

beforeAll(async () => {
  [toy, browser] = await Promise.all([
    startToyGateway({ NODE_ENV: 'development', GATEWAY_SANDBOX_FIRM_ID: firmId }),
    launchHeadlessChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await toy?.close();
  await production?.close();
});

describe('the development GraphQL IDE', () => {
  it('opens in a browser at /graphql and runs a query with the development token it carries', async () => {
    const page = await browser.context.newPage();
    const query = '{ whoCalled { firmId } clients(first: 2) { name trustBalance { amount } } }';
    await page.goto(`${toy.gateway.url}/graphql?query=${encodeURIComponent(query)}`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('Client 2').waitFor({ timeout: 30_000 });
    // The editor renders spaces as non-breaking ones.
    const text = (await result.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(firmId);
    expect(text).toContain('Client 1');
    expect(text).toContain('"amount": "2.00"');
  });

  it('is not served outside development: a browser gets the API refusal', async () => {
    production = await startToyGateway({ NODE_ENV: 'test' });
    const response = await fetch(`${production.gateway.url}/graphql`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });
});
