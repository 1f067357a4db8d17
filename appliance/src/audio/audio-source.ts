// Where the room's audio comes from (issue 5), as settings will hold it, and the ffmpeg input
// arguments for each kind. docs/recording.md "Sources".
import { schemaProblems } from '@room/bridge';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';

// A device or path is one ffmpeg argument (no shell is involved); no control characters, and not
// starting with `-` so it can never read as an option.
const Arg = (o: { maxLength: number; description: string }) =>
  Type.String({ minLength: 1, pattern: '^[^\\-\\x00-\\x1f\\x7f][^\\x00-\\x1f\\x7f]*$', ...o });

const SampleRate = Type.Integer({ minimum: 8000, maximum: 192000 });
const Channels = Type.Integer({ minimum: 1, maximum: 32 });

export const AlsaSource = Type.Object(
  {
    kind: Type.Literal('alsa'),
    /** `default`, `hw:1,0`, `plughw:CARD=USB,DEV=0` or a PCM defined in asound.conf. */
    device: Arg({ maxLength: 200, description: 'ALSA PCM name' }),
    /** What to ask the device for; ffmpeg's defaults are 48000 Hz, 2 channels. `plughw:` converts. */
    sampleRate: Type.Optional(SampleRate),
    channels: Type.Optional(Channels),
  },
  { additionalProperties: false },
);

export const PulseSource = Type.Object(
  {
    kind: Type.Literal('pulse'),
    /** A PulseAudio / PipeWire source name; the server's default source when absent. */
    device: Type.Optional(Arg({ maxLength: 200, description: 'PulseAudio source name' })),
  },
  { additionalProperties: false },
);

export const StreamSource = Type.Object(
  {
    kind: Type.Literal('stream'),
    /** The conference system's audio: rtsp(s)://, rtp://, srt://, udp://, http(s)://. */
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      pattern: '^(rtsps?|rtp|srt|udp|https?)://[^\\s\\x00-\\x1f\\x7f]+$',
    }),
  },
  { additionalProperties: false },
);

export const FileSource = Type.Object(
  {
    kind: Type.Literal('file'),
    /** Any file ffmpeg reads (wav, opus, mp3, …); with `raw`, headerless s16le PCM. */
    path: Arg({ maxLength: 4000, description: 'file path' }),
    /** Read at the speed it plays (`-re`), as a microphone would deliver it; false: as fast as possible. */
    realtime: Type.Boolean(),
    /** Headerless signed 16-bit little-endian PCM of this rate and channel count. */
    raw: Type.Optional(
      Type.Object({ sampleRate: SampleRate, channels: Channels }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

/** The configured audio source: a TypeBox schema for the settings file. */
export const AudioSourceSchema = Type.Union([AlsaSource, PulseSource, StreamSource, FileSource]);
export type AudioSource = Static<typeof AudioSourceSchema>;

const checkSource = Compile(AudioSourceSchema);

/** `path: message` lines; empty when the value is a valid source. */
export function audioSourceProblems(value: unknown, prefix = ''): string[] {
  if (checkSource.Check(value)) return [];
  return schemaProblems(checkSource.Errors(value), prefix);
}

export function isAudioSource(value: unknown): value is AudioSource {
  return checkSource.Check(value);
}

/**
 * How the first sample's wall-clock time can be known:
 * - `device`: ffmpeg stamps capture with the system clock less the device's buffered delay
 *   (ALSA, PulseAudio); its `start:` is the capture time of the first sample.
 * - `arrival`: the source plays in real time, so arrival of PCM bounds it (streams, paced files).
 * - `none`: the source is read faster than real time (a file without `realtime`); the time is
 *   when reading began.
 */
export function sourceClock(source: AudioSource): 'device' | 'arrival' | 'none' {
  if (source.kind === 'alsa' || source.kind === 'pulse') return 'device';
  if (source.kind === 'file' && !source.realtime) return 'none';
  return 'arrival';
}

/** A source that ends (a file): its end stops the recording instead of counting as a lost device. */
export const sourceEnds = (source: AudioSource): boolean => source.kind === 'file';

export interface InputOptions {
  /** Files only: start this many seconds in (a resumed file source continues where a mic would be). */
  startAtSeconds?: number;
}

/** ffmpeg's input arguments for the source, ending with `-i <input>`. */
export function ffmpegInputArgs(source: AudioSource, o: InputOptions = {}): string[] {
  switch (source.kind) {
    case 'alsa': {
      const args = ['-f', 'alsa'];
      if (source.sampleRate) args.push('-sample_rate', String(source.sampleRate));
      if (source.channels) args.push('-channels', String(source.channels));
      return [...args, '-i', source.device];
    }
    case 'pulse':
      // The server converts to what is asked for; `name` is how the appliance shows in the mixer.
      return [
        '-f',
        'pulse',
        '-name',
        'room-appliance',
        '-sample_rate',
        '48000',
        '-channels',
        '1',
        '-i',
        source.device ?? 'default',
      ];
    case 'stream': {
      // RTSP interleaved over the TCP connection: no UDP ports to open, no loss on a busy LAN.
      const rtsp = /^rtsps?:/.test(source.url) ? ['-rtsp_transport', 'tcp'] : [];
      return [...rtsp, '-i', source.url];
    }
    case 'file': {
      const args: string[] = [];
      if (source.realtime) args.push('-re');
      const at = o.startAtSeconds ?? 0;
      if (at > 0) args.push('-ss', at.toFixed(3));
      if (source.raw) {
        args.push('-f', 's16le', '-ar', String(source.raw.sampleRate), '-ac', String(source.raw.channels));
      }
      return [...args, '-i', source.path];
    }
  }
}

/** The source for logs, statuses and the manifest: a stream URL loses its password. */
export function describeSource(source: AudioSource): AudioSource {
  if (source.kind !== 'stream') return source;
  return { ...source, url: redactUrl(source.url) };
}

export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)([^/@\s]*)@/i, (_all, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return `${scheme}${user ? `${user}:***` : '***'}@`;
  });
}
