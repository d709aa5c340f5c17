import { createStreamInspector, silentLogger, type PartitionLag } from '@lexfin/messaging';
import { opsKafkaSettings } from '../config';
import type { OpsIo } from '../io';
import { table } from '../table';

/** `ops lag`: per consumer group and partition, committed offset, high-watermark and lag. */
export async function lag(io: OpsIo, options: { group?: string; json?: boolean }): Promise<number> {
  const inspector = createStreamInspector(opsKafkaSettings(io.env), silentLogger);
  const lags: PartitionLag[] = [];
  try {
    const groups = options.group === undefined ? await inspector.consumerGroups() : [options.group];
    for (const group of groups) lags.push(...(await inspector.groupLag(group)));
  } finally {
    await inspector.close();
  }
  if (options.json) {
    for (const row of lags) {
      io.out(
        JSON.stringify({
          group: row.group,
          topic: row.topic,
          partition: row.partition,
          committed: row.committed === null ? null : Number(row.committed),
          highWatermark: Number(row.highWatermark),
          lag: Number(row.lag),
        }),
      );
    }
    return 0;
  }
  const rows = lags.map((row) => [
    row.group,
    row.topic,
    String(row.partition),
    row.committed === null ? '-' : String(row.committed),
    String(row.highWatermark),
    String(row.lag),
  ]);
  for (const line of table(['GROUP', 'TOPIC', 'PARTITION', 'COMMITTED', 'HIGH', 'LAG'], rows)) {
    io.out(line);
  }
  return 0;
}
