import { percentToPpm, ppmToPercent } from '../../src/domain/percent';

describe('percent rates as parts per million', () => {
  it.each([
    ['8.875', 88750],
    ['0', 0],
    ['100', 1000000],
    ['12.5', 125000],
    ['0.0001', 1],
  ])('%s %% is %d ppm and back', (percent, ppm) => {
    expect(percentToPpm(percent)).toBe(ppm);
    expect(ppmToPercent(ppm)).toBe(percent);
  });

  it.each(['100.01', '1.23456', '-1', '1e2', '', '.5'])('refuses %j', (percent) => {
    expect(percentToPpm(percent)).toBeUndefined();
  });
});
