import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReceivedMail, TestSmtpServerOptions } from './smtp-server';

/** What the thread's server holds, asked for once the sending is done. */
export interface SmtpServerReport {
  acceptedCount: number;
  recipients: string[];
  received: ReceivedMail[];
  /** CPU time the server's thread used so far, ms. */
  cpuMs: number;
}

export interface SmtpServerThread {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  report(): Promise<SmtpServerReport>;
  close(): Promise<void>;
}

/**
 * startSmtpServer on a worker thread of its own, so a bench's server takes its messages on the
 * other core instead of on the event loop of the service that sends them.
 */
export async function startSmtpServerThread(
  options: TestSmtpServerOptions = {},
): Promise<SmtpServerThread> {
  const worker = new Worker(join(__dirname, 'smtp-server-worker.js'), { workerData: options });
  const replies: ((reply: unknown) => void)[] = [];
  const failed = new Promise<never>((_resolve, reject) => worker.once('error', reject));
  worker.on('message', (reply) => replies.shift()?.(reply));
  const ask = <T>(request: 'report' | 'close' | 'url'): Promise<T> => {
    const reply = new Promise<T>((resolve) => replies.push(resolve as (reply: unknown) => void));
    worker.postMessage(request);
    return Promise.race([reply, failed]);
  };
  const url = await ask<string>('url');
  return {
    url,
    report: () => ask<SmtpServerReport>('report'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}
