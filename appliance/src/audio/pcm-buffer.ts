// A bounded queue between the recorder's PCM and a consumer that may be slower (the transcriber).
// The recorder never waits for its consumers: backpressure would stall ffmpeg's stdout, then its
// reading of the device, and the ALSA buffer would overrun — the recording itself would lose audio.
// So a slow consumer loses the OLDEST chunks instead, counted in `droppedSamples`, and sees the
// gap as a jump in `offset`. docs/recording.md "PCM for transcription".

/** A run of 16 kHz mono samples; `offset` is the index of the first in the recording's audio time. */
export interface PcmChunk {
  offset: number;
  samples: Int16Array;
  /** The recorder's run (manifest `runs[].index`) the chunk belongs to. */
  run: number;
  /**
   * Set on the empty chunk a subscription gets when a run ends (a pause, a stop, a lost device, a
   * restart): the audio stopped at `offset`, and what comes next, if anything, is not continuous
   * with it. In order with the audio, so a consumer knows it has had every sample of the run.
   */
  runEnded?: true;
}

export class PcmBuffer implements AsyncIterable<PcmChunk> {
  readonly maxSamples: number;
  #chunks: PcmChunk[] = [];
  #head = 0;
  #buffered = 0;
  #dropped = 0;
  #closed = false;
  #waiter: ((c: PcmChunk | null) => void) | null = null;

  /** `maxSamples`: at most this many samples are held (30 s at 16 kHz is 960 kB). */
  constructor(maxSamples: number) {
    if (!(maxSamples > 0)) throw new RangeError('maxSamples must be positive');
    this.maxSamples = maxSamples;
  }

  /** Samples thrown away because the consumer was behind. */
  get droppedSamples(): number {
    return this.#dropped;
  }

  get bufferedSamples(): number {
    return this.#buffered;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(chunk: PcmChunk): void {
    if (this.#closed) return;
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = null;
      w(chunk);
      return;
    }
    this.#chunks.push(chunk);
    this.#buffered += chunk.samples.length;
    while (this.#buffered > this.maxSamples && this.#head < this.#chunks.length - 1) {
      const old = this.#chunks[this.#head++]!;
      this.#buffered -= old.samples.length;
      this.#dropped += old.samples.length;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The next chunk, or null once closed and drained. */
  read(): Promise<PcmChunk | null> {
    if (this.#head < this.#chunks.length) {
      const c = this.#chunks[this.#head++]!;
      this.#buffered -= c.samples.length;
      return Promise.resolve(c);
    }
    if (this.#closed) return Promise.resolve(null);
    if (this.#waiter) return Promise.reject(new Error('PcmBuffer has one reader'));
    return new Promise((ok) => {
      this.#waiter = ok;
    });
  }

  /** No more chunks: a waiting reader gets null; what is buffered can still be read. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const w = this.#waiter;
    this.#waiter = null;
    w?.(null);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PcmChunk> {
    for (;;) {
      const c = await this.read();
      if (!c) return;
      yield c;
    }
  }
}
