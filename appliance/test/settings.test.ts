// Settings are validated once at start; problems print as `path: message` and exit 78.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSettings, loadSettings, SettingsError, validateSettings } from '../src/settings.ts';
import { ROOT } from './helpers/appliance-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('settings', () => {
  it('the demo settings are valid and use the fixed demo room', () => {
    const s = validateSettings(demoSettings(ROOT, {}));
    expect(s).toMatchObject({
      room: { id: 'demo' },
      http: { port: 8080 },
      mqtt: { embedded: true, port: 1883 },
    });
    expect(s.floor).toEqual({ mode: 'request', maxOpen: 4 });
    expect(demoSettings(ROOT, { PORT: '9000', MQTT_PORT: '9001' })).toMatchObject({
      http: { port: 9000 },
      mqtt: { port: 9001 },
    });
  });

  it('the demo records the audio ROOM_AUDIO names, and refuses a bad one in words (issue 5)', () => {
    expect(demoSettings(ROOT, {}).audio).toEqual({ threads: 2 });
    const s = demoSettings(ROOT, {
      ROOM_AUDIO: JSON.stringify({ source: { kind: 'alsa', device: 'hw:1,0' }, model: 'models/base.bin' }),
    });
    expect(validateSettings(s).audio).toEqual({
      threads: 2,
      source: { kind: 'alsa', device: 'hw:1,0' },
      model: 'models/base.bin',
    });
    const problems = (env: string) => {
      try {
        demoSettings(ROOT, { ROOM_AUDIO: env });
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(SettingsError);
        return (e as SettingsError).problems;
      }
    };
    expect(problems('{not json')).toEqual([
      'ROOM_AUDIO: not JSON (give the audio settings as a JSON object)',
    ]);
    expect(problems('"pulse"')[0]).toMatch(/^ROOM_AUDIO: must be a JSON object/);
    expect(problems('{"threads":0}').join('\n')).toMatch(/^ROOM_AUDIO\/threads: /m);
    // The hold for keys (floor-first.ts): 0 turns it off, a negative or fractional one is refused.
    expect(demoSettings(ROOT, { ROOM_AUDIO: '{"holdForKeysMs":0}' }).audio.holdForKeysMs).toBe(0);
    expect(problems('{"holdForKeysMs":-1}').join('\n')).toMatch(/^ROOM_AUDIO\/holdForKeysMs: /m);
    expect(problems('{"holdForKeysMs":2.5}').join('\n')).toMatch(/^ROOM_AUDIO\/holdForKeysMs: /m);
    expect(problems('{"microphone":"yes"}').join('\n')).toMatch(
      /ROOM_AUDIO.*microphone|ROOM_AUDIO: must NOT have additional/,
    );
  });

  it('names every problem by its path', () => {
    const bad = { ...demoSettings(ROOT, {}), floor: { mode: 'shout', maxOpen: 0 }, extra: 1 };
    try {
      validateSettings(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const problems = (e as SettingsError).problems.join('\n');
      expect(problems).toMatch(/\/floor\/mode: /);
      expect(problems).toMatch(/\/floor\/maxOpen: /);
    }
    expect(() => validateSettings(demoSettings(ROOT, { PORT: 'eighty' }))).toThrow(/\/http\/port/);
  });

  it('devices: the demo keeps its own beside its data, production reads firmware-config/devices (issue 3)', () => {
    expect(demoSettings(ROOT, {}).devicesDir).toBe(join(ROOT, 'data/devices'));
    expect(demoSettings(ROOT, { ROOM_DATA_DIR: '/tmp/d' }).devicesDir).toBe('/tmp/d/devices');
    expect(demoSettings(ROOT, { ROOM_DEVICES_DIR: '/srv/dev' }).devicesDir).toBe('/srv/dev');
    const d = tempDir();
    const file = join(d.path, 'settings.json');
    writeFileSync(join(d.path, 'secrets.json'), '{}');
    writeFileSync(file, JSON.stringify({ unitSecretsFile: join(d.path, 'secrets.json') }));
    expect(loadSettings(ROOT, { ROOM_SETTINGS: file }).devicesDir).toBe(
      join(ROOT, 'firmware-config/devices'),
    );
    expect(loadSettings(ROOT, { ROOM_SETTINGS: file, ROOM_DEVICES_DIR: '/srv/dev' }).devicesDir).toBe(
      '/srv/dev',
    );
    writeFileSync(file, JSON.stringify({ unitSecretsFile: 'x', devicesDir: '/etc/room/devices' }));
    expect(loadSettings(ROOT, { ROOM_SETTINGS: file }).devicesDir).toBe('/etc/room/devices');
    d.cleanup();
  });

  it('production refuses to start without provisioned unit secrets', () => {
    const d = tempDir();
    const file = join(d.path, 'settings.json');
    writeFileSync(file, JSON.stringify({ room: { id: 'demo' } }));
    expect(() => loadSettings(ROOT, { ROOM_SETTINGS: file })).toThrow(/unitSecretsFile/);
    d.cleanup();
  });

  it('the process prints the problems and exits with 78', () => {
    const d = tempDir();
    const file = join(d.path, 'settings.json');
    writeFileSync(file, JSON.stringify({ http: { port: -5 }, unitSecretsFile: '/nonexistent' }));
    const r = spawnSync(process.execPath, [join(ROOT, 'appliance/src/main.ts')], {
      env: { ...process.env, ROOM_SETTINGS: file },
      encoding: 'utf8',
      timeout: 20_000,
    });
    d.cleanup();
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/^\/http\/port: /m);
  });
});

describe('ports', () => {
  it('a port already in use is named in one line, exit 75', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    const d = tempDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'appliance/src/main.ts'), '--demo'], {
      env: { ...process.env, MQTT_PORT: String(port), PORT: '0', ROOM_DATA_DIR: d.path, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    taken.close();
    d.cleanup();
    expect(r.status).toBe(75);
    expect(r.stderr).toContain(`127.0.0.1:${port} is already in use`);
  });
});
