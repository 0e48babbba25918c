/** Whether a service the suites need (PostgreSQL, Redis) answers: a TCP connection within a second. */
import { connect } from 'node:net';

/** Whether something accepts a TCP connection on `port` of `host` (default this machine) within a second. */
export function answers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
