// A simulator behind loopback TCP, as a device behind its own TCP port (Shure DCS on 3142) or a
// serial-to-Ethernet converter would be. Tests and the bench use an ephemeral port on 127.0.0.1.
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface SimulatorServer<S> {
  port: number;
  sim: S;
  /** Cuts every connection (as a pulled cable), then stops listening. */
  close(): Promise<void>;
}

export async function serveSimulatorTcp<S extends { attach(stream: Duplex): void }>(
  sim: S,
  options: { port?: number; host?: string } = {},
  /** Called on close after the connections are cut, for a simulator with timers of its own. */
  stop?: () => Promise<void> | void,
): Promise<SimulatorServer<S>> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Device protocols are small frames: Nagle would hold each reply back ~40 ms.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    sim.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    sim,
    close: async () => {
      for (const s of sockets) s.destroy();
      await stop?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
