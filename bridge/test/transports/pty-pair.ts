// A real serial "cable" for tests: Debian's socat joins two pseudo-terminals. Killing socat is
// pulling the cable; starting it again with the same `link=` paths plugs it back in.
import { type ChildProcess, spawn } from 'node:child_process';

export interface PtyPair {
  /** The two /dev/pts paths socat reported. */
  ptys: [string, string];
  /** Stable symlinks to them when asked for (socat replaces and removes them itself). */
  links: [string, string] | undefined;
  /** Pull the cable: kill socat and wait until it has exited. */
  kill(): Promise<void>;
}

export async function startPtyPair(links?: [string, string], timeoutMs = 5000): Promise<PtyPair> {
  const end = (link?: string) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  const socat = spawn('/usr/bin/socat', ['-d', '-d', end(links?.[0]), end(links?.[1])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  let stderr = '';
  try {
    const ptys = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socat not ready in ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      );
      socat.once('error', reject);
      socat.once('exit', (code) => reject(new Error(`socat exited with ${code}:\n${stderr}`)));
      socat.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk;
        // `N PTY is /dev/pts/3` twice, then `starting data transfer loop`: only then are both ends joined.
        const found = [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
        if (found.length === 2 && stderr.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve([found[0]!, found[1]!]);
        }
      });
    });
    return { ptys, links, kill: () => stop(socat, exited) };
  } catch (err) {
    await stop(socat, exited);
    throw err;
  }
}

async function stop(socat: ChildProcess, exited: Promise<void>): Promise<void> {
  if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
  await exited;
}
