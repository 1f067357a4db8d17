import { describe, expect, it } from 'vitest';
import { PcmBuffer } from '../../src/audio/pcm-buffer.ts';

const chunk = (offset: number, n = 100) => ({ offset, samples: new Int16Array(n), run: 1 });

describe('PcmBuffer', () => {
  it('hands chunks to a waiting reader at once, in order', async () => {
    const b = new PcmBuffer(1000);
    const first = b.read();
    b.push(chunk(0));
    b.push(chunk(100));
    expect((await first)!.offset).toBe(0);
    expect((await b.read())!.offset).toBe(100);
    expect(b.bufferedSamples).toBe(0);
  });

  it('holds at most maxSamples: the oldest go, counted', async () => {
    const b = new PcmBuffer(250);
    for (let i = 0; i < 10; i++) b.push(chunk(i * 100));
    expect(b.bufferedSamples).toBeLessThanOrEqual(250);
    expect(b.droppedSamples).toBe(800);
    b.close();
    const offsets: number[] = [];
    for await (const c of b) offsets.push(c.offset);
    expect(offsets).toEqual([800, 900]);
  });

  it('keeps the newest chunk even when it alone is larger than the bound', () => {
    const b = new PcmBuffer(50);
    b.push(chunk(0, 100));
    expect(b.bufferedSamples).toBe(100);
    b.push(chunk(100, 100));
    expect(b.droppedSamples).toBe(100);
  });

  it('close wakes a waiting reader with null; pushes after close are ignored', async () => {
    const b = new PcmBuffer(100);
    const r = b.read();
    b.close();
    expect(await r).toBeNull();
    b.push(chunk(0));
    expect(await b.read()).toBeNull();
  });

  it('stays bounded over a long run (compaction)', () => {
    const b = new PcmBuffer(1600);
    for (let i = 0; i < 100_000; i++) b.push(chunk(i * 100));
    expect(b.bufferedSamples).toBeLessThanOrEqual(1600);
    expect(b.droppedSamples).toBe(100_000 * 100 - b.bufferedSamples);
  });
});
