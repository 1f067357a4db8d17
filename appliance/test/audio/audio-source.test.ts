import { describe, expect, it } from 'vitest';
import {
  type AudioSource,
  audioSourceProblems,
  describeSource,
  ffmpegInputArgs,
  isAudioSource,
  redactUrl,
  sourceClock,
} from '../../src/audio/audio-source.ts';

describe('audio sources', () => {
  it('accepts the four kinds', () => {
    const ok: AudioSource[] = [
      { kind: 'alsa', device: 'default' },
      { kind: 'alsa', device: 'hw:1,0', sampleRate: 48000, channels: 2 },
      { kind: 'alsa', device: 'plughw:CARD=USB,DEV=0' },
      { kind: 'pulse' },
      { kind: 'pulse', device: 'alsa_input.usb-Shure_MXA-00.analog-stereo' },
      { kind: 'stream', url: 'rtsp://10.0.0.5:554/audio' },
      { kind: 'stream', url: 'rtp://239.0.0.1:5004' },
      { kind: 'stream', url: 'srt://10.0.0.5:9000?mode=caller' },
      { kind: 'stream', url: 'https://dcs.local/live.ogg' },
      { kind: 'file', path: '/tmp/speech.raw', realtime: true, raw: { sampleRate: 16000, channels: 1 } },
      { kind: 'file', path: 'demo.wav', realtime: false },
    ];
    for (const s of ok) expect(audioSourceProblems(s), JSON.stringify(s)).toEqual([]);
  });

  it('refuses what would be wrong on the command line or in settings', () => {
    const bad = [
      { kind: 'alsa' },
      { kind: 'alsa', device: '' },
      { kind: 'alsa', device: '-y' },
      { kind: 'alsa', device: 'hw:1,0\n' },
      { kind: 'alsa', device: 'default', colour: 'red' },
      { kind: 'stream', url: 'file:///etc/passwd' },
      { kind: 'stream', url: 'rtsp://host/a b' },
      { kind: 'file', path: '/x.wav' },
      { kind: 'file', path: '/x.raw', realtime: true, raw: { sampleRate: 100, channels: 1 } },
      { kind: 'jack' },
    ];
    for (const s of bad) {
      expect(isAudioSource(s), JSON.stringify(s)).toBe(false);
      expect(audioSourceProblems(s, 'audio.source').length).toBeGreaterThan(0);
    }
    expect(audioSourceProblems({ kind: 'alsa', device: 'default', colour: 'red' }, 'audio.source')).toContain(
      'audio.source/colour: unknown field',
    );
  });

  it('gives ffmpeg the input arguments for each kind', () => {
    expect(ffmpegInputArgs({ kind: 'alsa', device: 'hw:1,0' })).toEqual(['-f', 'alsa', '-i', 'hw:1,0']);
    expect(ffmpegInputArgs({ kind: 'alsa', device: 'mic', sampleRate: 16000, channels: 1 })).toEqual([
      '-f',
      'alsa',
      '-sample_rate',
      '16000',
      '-channels',
      '1',
      '-i',
      'mic',
    ]);
    expect(ffmpegInputArgs({ kind: 'pulse' }).slice(-2)).toEqual(['-i', 'default']);
    expect(ffmpegInputArgs({ kind: 'pulse', device: 'room' })).toContain('room');
    expect(ffmpegInputArgs({ kind: 'stream', url: 'rtsp://h/a' })).toEqual([
      '-rtsp_transport',
      'tcp',
      '-i',
      'rtsp://h/a',
    ]);
    expect(ffmpegInputArgs({ kind: 'stream', url: 'srt://h:1' })).toEqual(['-i', 'srt://h:1']);
    const raw = {
      kind: 'file',
      path: '/a.raw',
      realtime: true,
      raw: { sampleRate: 16000, channels: 1 },
    } as const;
    expect(ffmpegInputArgs(raw)).toEqual(['-re', '-f', 's16le', '-ar', '16000', '-ac', '1', '-i', '/a.raw']);
    expect(ffmpegInputArgs(raw, { startAtSeconds: 2.5 })).toEqual([
      '-re',
      '-ss',
      '2.500',
      '-f',
      's16le',
      '-ar',
      '16000',
      '-ac',
      '1',
      '-i',
      '/a.raw',
    ]);
    expect(ffmpegInputArgs({ kind: 'file', path: 'a.wav', realtime: false })).toEqual(['-i', 'a.wav']);
  });

  it('knows how each kind can be put on the clock', () => {
    expect(sourceClock({ kind: 'alsa', device: 'default' })).toBe('device');
    expect(sourceClock({ kind: 'pulse' })).toBe('device');
    expect(sourceClock({ kind: 'stream', url: 'rtsp://h/a' })).toBe('arrival');
    expect(sourceClock({ kind: 'file', path: 'a', realtime: true })).toBe('arrival');
    expect(sourceClock({ kind: 'file', path: 'a', realtime: false })).toBe('none');
  });

  it('never shows a stream password', () => {
    expect(redactUrl('rtsp://admin:s3cret@10.0.0.5/a')).toBe('rtsp://admin:***@10.0.0.5/a');
    expect(redactUrl('rtsp://token@10.0.0.5/a')).toBe('rtsp://token:***@10.0.0.5/a');
    expect(redactUrl('rtsp://10.0.0.5/a?x=@')).toBe('rtsp://10.0.0.5/a?x=@');
    expect(describeSource({ kind: 'stream', url: 'srt://u:p@h:1' })).toEqual({
      kind: 'stream',
      url: 'srt://u:***@h:1',
    });
    expect(describeSource({ kind: 'alsa', device: 'default' })).toEqual({ kind: 'alsa', device: 'default' });
  });
});
