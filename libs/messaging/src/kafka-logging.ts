import { logLevel, type logCreator } from 'kafkajs';
import type { MessagingLogger } from './log';

/** Routes kafkajs's own log lines into the service logger instead of its console output. */
export function kafkaLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const fields = { component: 'kafkajs', ...extra };
      if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.info(fields, message);
      else logger.debug(fields, message);
    };
}
