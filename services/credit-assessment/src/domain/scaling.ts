/**
 * Points-to-double-the-odds scaling: factor = PDO / ln 2, offset = score0 - factor x ln(odds0),
 * score = offset + factor x ln(odds).
 */
export interface Scaling {
  score0: number;
  odds0: number;
  pdo: number;
}

export function scalingConstants(scaling: Scaling): { factor: number; offset: number } {
  const factor = scaling.pdo / Math.LN2;
  return { factor, offset: scaling.score0 - factor * Math.log(scaling.odds0) };
}

/** The score for good:bad `odds`, unrounded. */
export function scoreForOdds(odds: number, scaling: Scaling): number {
  const { factor, offset } = scalingConstants(scaling);
  return offset + factor * Math.log(odds);
}

/** The odds a scorecard's points stand for: odds0, doubled every PDO points. */
export function oddsForPoints(points: number, scaling: Scaling): number {
  return scaling.odds0 * 2 ** (points / scaling.pdo);
}
