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
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await toy?.close();
  await production?.close();
});

describe('the development GraphQL IDE', () => {
  it('opens in a browser at /graphql and runs a query with the development token it carries', async () => {
    const page = await browser.context.newPage();
    const query = '{ whoCalled { firmId } clients(first: 2) { name trustBalance { amount } } }';
    // The page inlines GraphiQL (9 MB of script): on a busy machine it takes its time to load.
    await page.goto(`${toy.gateway.url}/graphql?query=${encodeURIComponent(query)}`, {
      timeout: 150_000,
    });
    await page.locator('.graphiql-execute-button').click({ timeout: 60_000 });
    const result = page.locator('.result-window');
    await result.getByText('Client 2').waitFor({ timeout: 60_000 });
    // The editor renders spaces as non-breaking ones.
    const text = (await result.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(firmId);
    expect(text).toContain('Client 1');
    expect(text).toContain('"amount": "2.00"');
  }, 300_000);

  it('is not served outside development: a browser gets the API refusal', async () => {
    production = await startToyGateway({ NODE_ENV: 'test' });
    const response = await fetch(`${production.gateway.url}/graphql`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });
});
