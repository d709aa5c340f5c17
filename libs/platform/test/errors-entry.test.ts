/**
 * Domain code takes its error classes from '@lexfin/platform/errors', so it can be loaded (and
 * unit-tested) without the HTTP stack, the JWT library and the logger.
 */
import { AppError, DomainRuleError, fromZodError } from '@lexfin/platform/errors';

const heavy = ['fastify', 'jose', 'pino'];

/** The heavy modules that loading `entry` pulls in, each still loaded for real. */
function heavyModulesLoadedBy(entry: string): string[] {
  const loaded: string[] = [];
  jest.isolateModules(() => {
    for (const name of heavy) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    // a fresh load inside the isolated registry, where the mocks above see every require
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(entry);
  });
  return loaded;
}

afterEach(() => jest.resetModules());

it('the errors entry loads none of fastify, jose and pino', () => {
  expect(heavyModulesLoadedBy('@lexfin/platform/errors')).toEqual([]);
});

it('the main entry does load them, so the check above can see a load', () => {
  expect(heavyModulesLoadedBy('@lexfin/platform').sort()).toEqual(heavy);
});

it('the errors entry exposes the error classes', () => {
  expect(new DomainRuleError('RULE', 'broken')).toBeInstanceOf(AppError);
  expect(typeof fromZodError).toBe('function');
});

it('the business-dates entry loads none of them either', () => {
  expect(heavyModulesLoadedBy('@lexfin/platform/business-dates')).toEqual([]);
});
