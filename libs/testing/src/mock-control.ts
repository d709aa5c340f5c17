import { connect } from 'node:net';

/**
 * Sends one command to the mock broker's control port (tools/kafka-mock) and resolves with its
 * answer; rejects with the broker's own reason when it answers ERR.
 */
export function sendMockCommand(
  control: string,
  command: string,
  timeoutMs = 5_000,
): Promise<void> {
  const [host, port] = splitHostPort(control);
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`kafka mock at ${control} did not answer '${command}' in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (!answer.includes('\n')) return;
      clearTimeout(timer);
      socket.end();
      const line = answer.trim();
      if (line === 'OK') resolve();
      else reject(new Error(`kafka mock refused '${command}': ${line.replace(/^ERR /, '')}`));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`kafka mock control ${control} unreachable: ${err.message}`));
    });
  });
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
