/** The worker thread of startSmtpServerThread: a startSmtpServer answering the parent's asks. */
import { parentPort, workerData } from 'node:worker_threads';
import { startSmtpServer, type TestSmtpServerOptions } from './smtp-server';

const port = parentPort!;
// The parent's asks wait in the port's queue until the server listens.
void startSmtpServer(workerData as TestSmtpServerOptions).then((server) =>
  port.on('message', (request: 'report' | 'close' | 'url') => {
    if (request === 'url') port.postMessage(server.url);
    if (request === 'report') {
      port.postMessage({
        acceptedCount: server.acceptedCount(),
        recipients: server.recipients(),
        received: server.received(),
        cpuMs: (process.threadCpuUsage().user + process.threadCpuUsage().system) / 1000,
      });
    }
    if (request === 'close') void server.close().then(() => port.postMessage(null));
  }),
);
