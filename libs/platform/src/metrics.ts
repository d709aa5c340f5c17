import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

const PREFIX = 'lexfin_';

type MetricConfig<Config> = Omit<Config, 'registers'>;

/** One process's metrics: a registry of its own (no global state), so tests can run many apps. */
export interface Metrics {
  readonly registry: Registry;
  /** Seconds per HTTP request, by method, route template and status code. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** The helpers put `lexfin_` in front of names that lack it. */
  counter<Label extends string>(config: MetricConfig<CounterConfiguration<Label>>): Counter<Label>;
  gauge<Label extends string>(config: MetricConfig<GaugeConfiguration<Label>>): Gauge<Label>;
  histogram<Label extends string>(
    config: MetricConfig<HistogramConfiguration<Label>>,
  ): Histogram<Label>;
}

export function createMetrics({ service }: { service: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const registers = [registry];
  const name = (given: string) => (given.startsWith(PREFIX) ? given : `${PREFIX}${given}`);

  return {
    registry,
    httpRequestDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    counter: (config) => new Counter({ ...config, name: name(config.name), registers }),
    gauge: (config) => new Gauge({ ...config, name: name(config.name), registers }),
    histogram: (config) => new Histogram({ ...config, name: name(config.name), registers }),
  };
}
