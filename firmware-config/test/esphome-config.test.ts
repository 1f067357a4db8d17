// R-HW-2: the ESP32 seat-unit firmware in firmware-config/esphome speaks the seat-unit protocol v1
// (shared/protocols/seat-unit-mqtt.md) exactly, and the demo room's seat plan is valid.
// ESPHome itself cannot run here, so the YAML is parsed and every topic, QoS, retain flag and payload
// is checked against the TypeBox contract, including the JSON the C++ lambdas would build. Each check
// is also run against deliberately broken copies of the config, so none of them can pass vacuously.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { parse, type ScalarTag } from 'yaml';
import { SeatPlan } from '../../bridge/src/contract/seat-plan.ts';
import {
  HelloMessage,
  KeyMessage,
  MicState,
  parseUnitTopic,
  ROOM_ID_PATTERN,
  SEQ_MAX,
  SeatKeySchema,
  topics,
  UNIT_ID_PATTERN,
  UnitState,
  UnitStatusMessage,
} from '../../bridge/src/contract/seat-unit.ts';
import { FIRMWARE_CONFIG_DIR, renderSchemas } from '../generate-schemas.ts';

const CONFIG_PATH = join(FIRMWARE_CONFIG_DIR, 'esphome', 'seat-unit.yaml');
const DEMO_PLAN_PATH = join(FIRMWARE_CONFIG_DIR, 'seat-plans', 'demo.json');
const SOURCE = readFileSync(CONFIG_PATH, 'utf8');

const ROOM = 'demo';
const UNIT = 'demo-01';

const checkHello = Compile(HelloMessage);
const checkKeyMessage = Compile(KeyMessage);
const checkSeatKey = Compile(SeatKeySchema);
const checkStatus = Compile(UnitStatusMessage);
const checkMic = Compile(MicState);
const checkSeatPlan = Compile(SeatPlan);

// ---- ESPHome YAML: custom tags and substitutions ------------------------------------------------------

class Secret {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

class Lambda {
  readonly code: string;
  constructor(code: string) {
    this.code = code;
  }
}

const ESPHOME_TAGS: ScalarTag[] = [
  { tag: '!secret', identify: (v) => v instanceof Secret, resolve: (s) => new Secret(s) },
  { tag: '!lambda', identify: (v) => v instanceof Lambda, resolve: (s) => new Lambda(s) },
];

type YamlMap = { [key: string]: unknown };

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Secret);
}

function asMap(value: unknown, where: string): YamlMap {
  expect(isMap(value), `${where} is a mapping`).toBe(true);
  return value as YamlMap;
}

function asList(value: unknown, where: string): unknown[] {
  expect(Array.isArray(value), `${where} is a list`).toBe(true);
  return value as unknown[];
}

function asString(value: unknown, where: string): string {
  expect(typeof value, `${where} is a string`).toBe('string');
  return value as string;
}

/** ESPHome substitutes `${name}` and `$name` everywhere, lambdas included; `!secret` names are not. */
function substitute(value: unknown, vars: Record<string, string>): unknown {
  const replace = (text: string) =>
    text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const resolved = vars[name];
      if (resolved === undefined) throw new Error(`unknown substitution $${name}`);
      return resolved;
    });
  if (typeof value === 'string') return replace(value);
  if (value instanceof Lambda) return new Lambda(replace(value.code));
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (isMap(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

function loadConfig(source: string): YamlMap {
  const raw = asMap(parse(source, { customTags: ESPHOME_TAGS, uniqueKeys: true }), 'config');
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMap(raw.substitutions, 'substitutions'))) {
    vars[name] = String(value);
  }
  return asMap(substitute(raw, vars), 'config');
}

/** Copies the source with one exact snippet replaced; fails if the snippet is absent (no vacuous mutant). */
function mutateText(from: string, to: string, all = false): YamlMap {
  expect(SOURCE.includes(from), `mutation source contains ${JSON.stringify(from)}`).toBe(true);
  return loadConfig(all ? SOURCE.replaceAll(from, to) : SOURCE.replace(from, to));
}

function mutateConfig(change: (cfg: YamlMap) => void): YamlMap {
  const cfg = loadConfig(SOURCE);
  change(cfg);
  return cfg;
}

function lambdaText(value: unknown, where: string): string {
  const code = value instanceof Lambda ? value.code : asString(value, where);
  // Comments may quote field names or values; only code counts.
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** The single action of `kind` in an automation (a list of `{ kind: options }` entries). */
function findAction(automation: unknown, kind: string, where: string): YamlMap {
  const actions = asList(automation, where).filter((a) => isMap(a) && kind in a);
  expect(actions, `${where}: exactly one ${kind}`).toHaveLength(1);
  return asMap((actions[0] as YamlMap)[kind], `${where}.${kind}`);
}

function mqttOf(cfg: YamlMap): YamlMap {
  return asMap(cfg.mqtt, 'mqtt');
}

function buttonsOf(cfg: YamlMap): YamlMap[] {
  return asList(cfg.binary_sensor, 'binary_sensor').map((b, i) => asMap(b, `binary_sensor[${i}]`));
}

function stateSubscription(cfg: YamlMap): YamlMap {
  const subs = asList(mqttOf(cfg).on_json_message, 'mqtt.on_json_message').map((s) =>
    asMap(s, 'on_json_message entry'),
  );
  expect(subs, 'one JSON subscription').toHaveLength(1);
  return subs[0]!;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a C string literal such as `"speak"` (the escapes used here are JSON's). */
function cString(expr: string, where: string): string {
  expect(expr.trim(), `${where} is a string literal`).toMatch(/^"(?:[^"\\]|\\.)*"$/);
  return JSON.parse(expr.trim()) as string;
}

// ---- Checks (each throws on the first violation) ------------------------------------------------------

type Leaf = 'hello' | 'status' | 'key' | 'state';
interface TopicUse {
  path: string;
  node: YamlMap;
  topic: string;
  subscribe: boolean;
}

function topicUses(cfg: YamlMap): TopicUse[] {
  const uses: TopicUse[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, String(i)]);
      });
      return;
    }
    if (!isMap(value)) return;
    for (const key of Object.keys(value)) {
      // Per-entity topics (state_topic, command_topic, availability...) would leave the unit's ACL scope.
      expect(key === 'log_topic' || !/_topic$|^availability$/.test(key), `${path.join('.')}.${key}`).toBe(
        true,
      );
    }
    if ('topic' in value) {
      const parent = path[path.length - 2] ?? '';
      uses.push({
        path: path.join('.'),
        node: value,
        topic: asString(value.topic, `${path.join('.')}.topic`),
        subscribe: parent === 'on_json_message' || parent === 'on_message',
      });
    }
    for (const [key, v] of Object.entries(value)) walk(v, [...path, key]);
  };
  walk(cfg, []);
  return uses;
}

function leafOf(topic: string, room: string, unit: string): Leaf {
  const match = new RegExp(
    `^ecab/v1/${escapeRegExp(room)}/unit/${escapeRegExp(unit)}/(hello|status|key|state)$`,
  ).exec(topic);
  expect(match, `topic ${topic}`).not.toBeNull();
  const leaf = match![1] as Leaf;
  expect(topic, `topic ${topic} equals the contract helper`).toBe(topics[leaf](room, unit));
  return leaf;
}

function checkSubstitutions(cfg: YamlMap): void {
  const subs = asMap(cfg.substitutions, 'substitutions');
  expect(subs.room).toBe(ROOM);
  expect(subs.unit_id).toBe(UNIT);
  expect(String(subs.room)).toMatch(new RegExp(ROOM_ID_PATTERN));
  expect(String(subs.unit_id)).toMatch(new RegExp(UNIT_ID_PATTERN));
}

/** Spec tables: which leaves a unit publishes (with retain) and subscribes to; QoS 1 on all of them. */
const PUBLISH_RETAIN: Record<Leaf, boolean | undefined> = {
  hello: false,
  status: true,
  key: false,
  state: undefined,
};

function checkTopics(cfg: YamlMap): void {
  const uses = topicUses(cfg);
  const published = new Map<Leaf, number>();
  const subscribed = new Map<Leaf, number>();
  for (const use of uses) {
    const leaf = leafOf(use.topic, ROOM, UNIT);
    expect(use.node.qos, `${use.path}.qos`).toBe(1);
    if (use.subscribe) {
      expect(leaf, `${use.path}: a unit subscribes only to its own state`).toBe('state');
      subscribed.set(leaf, (subscribed.get(leaf) ?? 0) + 1);
    } else {
      const retain = PUBLISH_RETAIN[leaf];
      expect(retain, `${use.path}: a unit never publishes ${leaf}`).toBeDefined();
      // Explicit, because ESPHome's defaults differ: retained for birth/will, not for actions.
      expect(use.node.retain, `${use.path}.retain`).toBe(retain);
      published.set(leaf, (published.get(leaf) ?? 0) + 1);
    }
  }
  // birth, will and shutdown on status; hello once; one key publish per button.
  expect(Object.fromEntries(published)).toEqual({ status: 3, hello: 1, key: buttonsOf(cfg).length });
  expect(Object.fromEntries(subscribed)).toEqual({ state: 1 });
}

function checkMqttClient(cfg: YamlMap): void {
  const mqtt = mqttOf(cfg);
  expect(mqtt.broker).toBeInstanceOf(Secret);
  // Identity is the username (= {unit}); the password is the unit's own, from provisioning.
  expect(mqtt.username).toBe(UNIT);
  expect(mqtt.password).toEqual(new Secret('unit_password'));
  // ESPHome's own topics would fall outside the unit's ACL: discovery and the log topic are off...
  expect(mqtt.discovery).toBe(false);
  expect(mqtt.discover_ip).toBe(false);
  expect('log_topic' in mqtt && mqtt.log_topic === null, 'log_topic: null').toBe(true);
  // ...and whatever still uses the prefix stays inside unit/{unit}/, below what the appliance reads.
  const prefix = asString(mqtt.topic_prefix, 'mqtt.topic_prefix');
  expect(prefix.startsWith(topics.unitBase(ROOM, UNIT)), prefix).toBe(true);
  expect(parseUnitTopic(`${prefix}/status`), `${prefix}/status is no protocol topic`).toBeNull();
  // No entity may publish its own state topic: every entity is internal.
  for (const domain of ['binary_sensor', 'light', 'sensor', 'switch', 'text_sensor', 'button', 'number']) {
    for (const [i, entity] of (Array.isArray(cfg[domain]) ? cfg[domain] : []).entries()) {
      const e = asMap(entity, `${domain}[${i}]`);
      expect(e.internal === true || e.name === undefined, `${domain}[${i}] is internal`).toBe(true);
    }
  }
}

function checkStatusMessages(cfg: YamlMap): void {
  const mqtt = mqttOf(cfg);
  const expected = { birth_message: 'online', will_message: 'offline', shutdown_message: 'offline' };
  for (const [field, payload] of Object.entries(expected)) {
    const message = asMap(mqtt[field], `mqtt.${field}`);
    expect(message.topic, `${field}.topic`).toBe(topics.status(ROOM, UNIT));
    expect(checkStatus.Check(message.payload), `${field}.payload ${String(message.payload)}`).toBe(true);
    expect(message.payload, `${field}.payload`).toBe(payload);
    expect(message.qos, `${field}.qos`).toBe(1);
    expect(message.retain, `${field}.retain`).toBe(true);
  }
}

interface KeyPublish {
  key: string;
  action: string;
  seqGlobal: string;
  mask: number;
}

/** Reads one button's publish_json lambda back into the message it builds. */
function parseKeyLambda(code: string, where: string): KeyPublish {
  const assignments = [...code.matchAll(/root\["([^"]+)"\]\s*=\s*([^;]+);/g)];
  expect(assignments.length, `${where}: every root[...] is a plain assignment`).toBe(
    code.split('root[').length - 1,
  );
  const fields = new Map(assignments.map((m) => [m[1]!, m[2]!.trim()]));
  expect(fields.size, `${where}: no field set twice`).toBe(assignments.length);
  for (const field of fields.keys()) {
    expect(Object.keys(KeyMessage.properties), `${where}: field ${field}`).toContain(field);
  }
  const key = cString(fields.get('key') ?? '', `${where} key`);
  const action = cString(fields.get('action') ?? '', `${where} action`);
  const seqExpr = /^id\((\w+)\)$/.exec(fields.get('seq') ?? '');
  expect(seqExpr, `${where}: seq is a global, id(...)`).not.toBeNull();
  const seqGlobal = seqExpr![1]!;
  const id = `id\\(${seqGlobal}\\)`;
  // The counter grows by one per key event and wraps: id(seq) = (id(seq) + 1) & MASK;
  const writes = [...code.matchAll(new RegExp(`${id}\\s*=(?!=)`, 'g'))];
  expect(writes, `${where}: exactly one write to ${seqGlobal}`).toHaveLength(1);
  const increment = new RegExp(
    `${id}\\s*=\\s*\\(\\s*${id}\\s*\\+\\s*1\\s*\\)\\s*&\\s*(0x[0-9A-Fa-f]+|\\d+)\\s*;`,
  );
  const inc = increment.exec(code);
  expect(inc, `${where}: ${seqGlobal} is incremented and masked`).not.toBeNull();
  // Incremented after it is read, so the published seq is the current one (the boot seed first).
  expect(inc!.index, `${where}: increment after use`).toBeGreaterThan(code.indexOf('root["seq"]'));
  return { key, action, seqGlobal, mask: Number(inc![1]) };
}

function checkKeyButtons(cfg: YamlMap): string[] {
  const keys: string[] = [];
  const pins = new Set<number | string>();
  for (const [i, button] of buttonsOf(cfg).entries()) {
    const where = `binary_sensor[${i}]`;
    expect(button.platform, `${where}.platform`).toBe('gpio');
    const pin = isMap(button.pin) ? button.pin.number : button.pin;
    expect(pins.has(pin as string), `${where}: pin ${String(pin)} not shared`).toBe(false);
    pins.add(pin as string);
    const publish = findAction(button.on_press, 'mqtt.publish_json', `${where}.on_press`);
    expect(publish.topic, `${where} topic`).toBe(topics.key(ROOM, UNIT));
    expect(publish.qos, `${where} qos`).toBe(1);
    expect(publish.retain, `${where} retain`).toBe(false);
    const parsed = parseKeyLambda(lambdaText(publish.payload, `${where} payload`), where);
    expect(checkSeatKey.Check(parsed.key), `${where}: key ${parsed.key} is a SeatKey`).toBe(true);
    expect(parsed.action, `${where} action`).toBe('press');
    expect(parsed.mask, `${where}: wraps at 2^31-1`).toBe(SEQ_MAX);
    const global = asList(cfg.globals, 'globals')
      .map((g) => asMap(g, 'globals entry'))
      .find((g) => g.id === parsed.seqGlobal);
    expect(global, `global ${parsed.seqGlobal} declared`).toBeDefined();
    expect(global!.type, `global ${parsed.seqGlobal} type`).toBe('uint32_t');
    // The sequence the unit would send from a few starting points, wrap included.
    for (const start of [0, 17, SEQ_MAX - 1, SEQ_MAX]) {
      let seq = start;
      for (let n = 0; n < 3; n++) {
        const message = { key: parsed.key, action: parsed.action, seq };
        expect(checkKeyMessage.Check(message), `${where}: ${JSON.stringify(message)}`).toBe(true);
        const next = ((seq + 1) & parsed.mask) >>> 0;
        expect(next, `${where}: after ${seq}`).toBe(seq === SEQ_MAX ? 0 : seq + 1);
        seq = next;
      }
    }
    keys.push(parsed.key);
  }
  expect(new Set(keys).size, 'one button per key').toBe(keys.length);
  return keys;
}

function checkSeqSeed(cfg: YamlMap): void {
  const esphome = asMap(cfg.esphome, 'esphome');
  // ESPHome takes one trigger or a list of them.
  const triggers = Array.isArray(esphome.on_boot) ? esphome.on_boot : [esphome.on_boot];
  const onBoot = triggers.map((t) => asMap(t, 'on_boot trigger'));
  const code = onBoot
    .flatMap((t) => asList(t.then, 'on_boot.then'))
    .filter((a): a is YamlMap => isMap(a) && 'lambda' in a)
    .map((a) => lambdaText(a.lambda, 'on_boot lambda'))
    .join('\n');
  // Seeded from the hardware RNG and masked into 0..2^31-1.
  const seed =
    /id\((\w+)\)\s*=\s*(?:esphome::)?(?:random_uint32|esp_random)\(\)\s*&\s*(0x[0-9A-Fa-f]+|\d+)\s*;/.exec(
      code,
    );
  expect(seed, 'on_boot seeds the key counter').not.toBeNull();
  expect(Number(seed![2])).toBe(SEQ_MAX);
  const global = asList(cfg.globals, 'globals')
    .map((g) => asMap(g, 'globals entry'))
    .find((g) => g.id === seed![1]);
  expect(global, `global ${seed![1]}`).toBeDefined();
  // Restoring it from flash would defeat the random start.
  expect(global!.restore_value, 'restore_value').toBe(false);
  for (const [i, button] of buttonsOf(cfg).entries()) {
    const publish = findAction(button.on_press, 'mqtt.publish_json', `binary_sensor[${i}].on_press`);
    const parsed = parseKeyLambda(lambdaText(publish.payload, 'payload'), `binary_sensor[${i}]`);
    expect(parsed.seqGlobal, 'the seeded counter is the one the keys send').toBe(seed![1]);
  }
}

function checkHelloMessage(cfg: YamlMap, buttonKeys: string[]): void {
  const publish = findAction(mqttOf(cfg).on_connect, 'mqtt.publish', 'mqtt.on_connect');
  expect(publish.topic).toBe(topics.hello(ROOM, UNIT));
  expect(publish.qos).toBe(1);
  expect(publish.retain).toBe(false);
  const payload: unknown = JSON.parse(asString(publish.payload, 'hello payload'));
  expect(checkHello.Check(payload), `hello ${JSON.stringify([...checkHello.Errors(payload)])}`).toBe(true);
  const keys = (payload as HelloMessage).keys ?? [];
  for (const key of keys) expect(checkSeatKey.Check(key), `hello key ${key}`).toBe(true);
  // The unit advertises exactly the keys it has buttons for.
  expect([...keys].sort(), 'hello keys = button keys').toEqual([...buttonKeys].sort());
  expect(payload).toEqual({
    model: 'esp32-seat',
    fw: '1.0.0',
    keys: ['speak', 'yes', 'no', 'abstain', 'present'],
  });
}

function literalsOf(schema: { anyOf?: { const?: unknown }[] }): string[] {
  return (schema.anyOf ?? []).map((s) => String(s.const));
}

function checkStateSubscription(cfg: YamlMap): void {
  const sub = stateSubscription(cfg);
  expect(sub.topic).toBe(topics.state(ROOM, UNIT));
  expect(sub.qos).toBe(1);
  const lambdas = asList(sub.then, 'state.then').filter((a): a is YamlMap => isMap(a) && 'lambda' in a);
  expect(lambdas, 'one lambda renders the state').toHaveLength(1);
  const code = lambdaText(lambdas[0]!.lambda, 'state lambda');
  const fieldsRead = new Set([...code.matchAll(/\bx\["([^"]+)"\]/g)].map((m) => m[1]!));
  for (const field of fieldsRead) {
    expect(Object.keys(UnitState.properties), `state field ${field}`).toContain(field);
  }
  expect([...fieldsRead].sort()).toEqual(['mic', 'vote']);

  // mic: every value compared is a MicState; on and requesting are the ones that light the ring.
  const micRead = /(\w+)\s*=\s*x\["mic"\]\s*\|\s*("[^"]*")/.exec(code);
  expect(micRead, 'mic read into a variable with a default').not.toBeNull();
  const micVar = micRead![1]!;
  const micDefault = cString(micRead![2]!, 'mic default');
  expect(checkMic.Check(micDefault), `mic default ${micDefault}`).toBe(true);
  expect(['on', 'requesting']).not.toContain(micDefault);
  const compared = [...code.matchAll(new RegExp(`\\b${micVar}\\s*==\\s*("[^"]*")`, 'g'))].map((m) =>
    cString(m[1]!, 'mic literal'),
  );
  for (const value of compared) {
    expect(checkMic.Check(value), `mic literal ${value} is a MicState`).toBe(true);
    expect(literalsOf(MicState)).toContain(value);
  }
  expect([...compared].sort()).toEqual(['on', 'requesting']);

  // vote: null when no vote is open; open, choice and the cast extension come from the contract.
  const voteRead = /(\w+)\s*=\s*x\["vote"\]/.exec(code);
  expect(voteRead, 'vote read into a variable').not.toBeNull();
  const voteVar = voteRead![1]!;
  expect(code, 'vote null-checked').toMatch(new RegExp(`\\b${voteVar}\\.isNull\\(\\)`));
  const voteSchema = UnitState.properties.vote as unknown as {
    anyOf: { type?: string; properties?: Record<string, unknown> }[];
  };
  const voteObject = voteSchema.anyOf.find((s) => s.type === 'object');
  const voteFields = new Set(
    [...code.matchAll(new RegExp(`\\b${voteVar}\\["([^"]+)"\\]`, 'g'))].map((m) => m[1]!),
  );
  for (const field of voteFields) {
    expect(Object.keys(voteObject?.properties ?? {}), `vote field ${field}`).toContain(field);
  }
  expect(voteFields.has('open') && voteFields.has('choice'), 'vote.open and vote.choice read').toBe(true);

  // Both LEDs are lights of this config, and every effect the lambda names exists on them.
  const lights = asList(cfg.light, 'light').map((l) => asMap(l, 'light'));
  const driven = new Set([...code.matchAll(/\bid\((\w+)\)/g)].map((m) => m[1]!));
  expect(driven.size, 'mic ring and vote LED').toBe(2);
  const effectNames = [...code.matchAll(/set_effect\(([^;]*)\);/g)].flatMap((m) =>
    [...m[1]!.matchAll(/"([^"]*)"/g)].map((s) => s[1]!),
  );
  expect(effectNames).toContain('Blink');
  for (const lightId of driven) {
    const light = lights.find((l) => l.id === lightId);
    expect(light, `light ${lightId}`).toBeDefined();
    const names = asList(light!.effects ?? [], `${lightId}.effects`).map(
      (e) => asMap(Object.values(asMap(e, 'effect'))[0], 'effect options').name,
    );
    for (const name of effectNames) {
      if (name !== 'None') expect(names, `${lightId} has effect ${name}`).toContain(name);
    }
  }
}

type Mutant = [name: string, make: () => YamlMap, check: (cfg: YamlMap) => unknown];

function checkAll(cfg: YamlMap): void {
  checkSubstitutions(cfg);
  checkTopics(cfg);
  checkMqttClient(cfg);
  checkStatusMessages(cfg);
  checkHelloMessage(cfg, checkKeyButtons(cfg));
  checkSeqSeed(cfg);
  checkStateSubscription(cfg);
}

// ---- Tests -------------------------------------------------------------------------------------------

describe('ESPHome seat unit config (R-HW-2)', () => {
  const cfg = loadConfig(SOURCE);

  it('targets an esp32dev board and reads credentials from secrets', () => {
    expect(asMap(cfg.esp32, 'esp32').board).toBe('esp32dev');
    expect(['arduino', 'esp-idf']).toContain(asMap(asMap(cfg.esp32, 'esp32').framework, 'framework').type);
    const wifi = asMap(cfg.wifi, 'wifi');
    expect(wifi.ssid).toEqual(new Secret('wifi_ssid'));
    expect(wifi.password).toEqual(new Secret('wifi_password'));
    checkSubstitutions(cfg);
  });

  it('every secret it uses is listed in secrets.example.yaml', () => {
    const example = asMap(
      parse(readFileSync(join(dirname(CONFIG_PATH), 'secrets.example.yaml'), 'utf8')),
      'ex',
    );
    const used = new Set<string>();
    const walk = (v: unknown) => {
      if (v instanceof Secret) used.add(v.name);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (isMap(v)) Object.values(v).forEach(walk);
    };
    walk(cfg);
    expect([...used].sort()).toEqual(Object.keys(example).sort());
  });

  it('uses only its own unit topics, equal to the contract helpers, with QoS 1 and spec retain', () => {
    checkTopics(cfg);
  });

  it('authenticates as the unit and keeps ESPHome topics out of the protocol', () => {
    checkMqttClient(cfg);
  });

  it('announces online as birth and offline as will, retained, QoS 1', () => {
    checkStatusMessages(cfg);
  });

  it('publishes a valid KeyMessage per button with a wrapping seq counter', () => {
    expect(checkKeyButtons(cfg)).toEqual(['speak', 'yes', 'no', 'abstain', 'present']);
  });

  it('seeds the seq counter randomly at boot', () => {
    checkSeqSeed(cfg);
  });

  it('sends a valid HelloMessage on every connect', () => {
    checkHelloMessage(cfg, checkKeyButtons(cfg));
  });

  it('renders the state topic from UnitState fields mic and vote', () => {
    checkStateSubscription(cfg);
  });

  it('substitutes a different unit id into every topic and the username', () => {
    const other = loadConfig(SOURCE.replace('unit_id: demo-01', 'unit_id: demo-42'));
    const uses = topicUses(other);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) leafOf(use.topic, ROOM, 'demo-42');
    expect(mqttOf(other).username).toBe('demo-42');
  });

  // Each broken copy must be rejected by the check named with it; a check that accepts it is too weak.
  const helloCheck = (c: YamlMap) => checkHelloMessage(c, checkKeyButtons(c));
  const mutants: Mutant[] = [
    ['mistyped key topic', () => mutateText(`\${unit_id}/key`, `\${unit_id}/keys`), checkTopics],
    [
      'hello outside the unit tree',
      () => mutateText(`/unit/\${unit_id}/hello`, `/units/\${unit_id}/hello`),
      checkTopics,
    ],
    [
      'state subscription on display',
      () => mutateText(`\${unit_id}/state`, `\${unit_id}/display`),
      checkTopics,
    ],
    [
      'topic for another room',
      () => mutateText(`ecab/v1/\${room}/unit/\${unit_id}/key`, `ecab/v1/lab/unit/\${unit_id}/key`),
      checkTopics,
    ],
    [
      'key published retained',
      () =>
        mutateConfig((c) => {
          findAction(buttonsOf(c)[0]!.on_press, 'mqtt.publish_json', 'on_press').retain = true;
        }),
      checkTopics,
    ],
    [
      'hello at QoS 0',
      () =>
        mutateConfig((c) => {
          findAction(mqttOf(c).on_connect, 'mqtt.publish', 'on_connect').qos = 0;
        }),
      checkTopics,
    ],
    [
      'state subscribed at QoS 0',
      () =>
        mutateConfig((c) => {
          stateSubscription(c).qos = 0;
        }),
      checkStateSubscription,
    ],
    [
      'an entity with its own state topic',
      () =>
        mutateConfig((c) => {
          buttonsOf(c)[0]!.state_topic = 'x/y';
        }),
      checkTopics,
    ],
    [
      'username not the unit id',
      () => mutateText(`username: \${unit_id}`, 'username: seat'),
      checkMqttClient,
    ],
    ['discovery on', () => mutateText('discovery: false', 'discovery: true'), checkMqttClient],
    ['log topic on', () => mutateText('log_topic: null', 'log_topic: debug'), checkMqttClient],
    ['visible entity', () => mutateText('internal: true', 'internal: false'), checkMqttClient],
    [
      'will not retained',
      () =>
        mutateConfig((c) => {
          asMap(mqttOf(c).will_message, 'will').retain = false;
        }),
      checkStatusMessages,
    ],
    [
      'will payload not a status',
      () =>
        mutateConfig((c) => {
          asMap(mqttOf(c).will_message, 'will').payload = 'gone';
        }),
      checkStatusMessages,
    ],
    ['birth payload offline', () => mutateText('payload: online', 'payload: offline'), checkStatusMessages],
    ['hello not JSON', () => mutateText(`"fw":"\${fw_version}",`, `"fw":"\${fw_version}"`), helloCheck],
    ['hello with a key the unit lacks', () => mutateText('"present"]}', '"present","vote"]}'), helloCheck],
    ['hello fw not a string', () => mutateText(`"fw":"\${fw_version}"`, '"fw":1'), helloCheck],
    ['unknown key name', () => mutateText('root["key"] = "yes";', 'root["key"] = "aye";'), checkKeyButtons],
    [
      'two buttons with one key',
      () => mutateText('root["key"] = "no";', 'root["key"] = "yes";'),
      checkKeyButtons,
    ],
    [
      'release instead of press',
      () => mutateText('root["action"] = "press";', 'root["action"] = "release";'),
      checkKeyButtons,
    ],
    [
      'seq not incremented',
      () => mutateText('id(key_seq) = (id(key_seq) + 1) & 0x7FFFFFFF;', ''),
      checkKeyButtons,
    ],
    [
      'seq wraps at 2^32',
      () => mutateText('(id(key_seq) + 1) & 0x7FFFFFFF', '(id(key_seq) + 1) & 0xFFFFFFFF'),
      checkKeyButtons,
    ],
    [
      'seq from a literal',
      () => mutateText('root["seq"] = id(key_seq);', 'root["seq"] = 17;'),
      checkKeyButtons,
    ],
    [
      'extra payload field',
      () => mutateText('root["action"] = "press";', 'root["action"] = "press"; root["k"] = 1;'),
      checkKeyButtons,
    ],
    ['seq counter not seeded', () => mutateText('random_uint32() & 0x7FFFFFFF', '0'), checkSeqSeed],
    [
      'seq counter restored from flash',
      () => mutateText('restore_value: false', 'restore_value: true'),
      checkSeqSeed,
    ],
    [
      'state field not in UnitState',
      () => mutateText('x["mic"] | "off"', 'x["microphone"] | "off"'),
      checkStateSubscription,
    ],
    [
      'mic value not a MicState',
      () => mutateText('mic == "requesting"', 'mic == "request"'),
      checkStateSubscription,
    ],
    [
      'mic default lights the ring',
      () => mutateText('x["mic"] | "off"', 'x["mic"] | "on"'),
      checkStateSubscription,
    ],
    [
      'vote field not in UnitState',
      () => mutateText('vote["choice"]', 'vote["chosen"]'),
      checkStateSubscription,
    ],
    ['blink effect missing', () => mutateText('name: Blink', 'name: Flash', true), checkStateSubscription],
  ];

  it.each(mutants)('rejects a config with %s', (_name, make, check) => {
    expect(() => check(make())).toThrow();
  });

  it('accepts the committed config as a whole', () => {
    checkAll(cfg);
  });
});

// ---- Demo seat plan and generated schemas -------------------------------------------------------------

function checkDemoPlan(plan: unknown): void {
  expect(checkSeatPlan.Check(plan), JSON.stringify([...checkSeatPlan.Errors(plan)].slice(0, 3))).toBe(true);
  const { room, seats } = plan as SeatPlan;
  expect(room).toBe('demo');
  expect(seats).toHaveLength(60);
  expect(new Set(seats.map((s) => s.seat)).size, 'unique seats').toBe(60);
  expect(new Set(seats.map((s) => s.unit)).size, 'unique units').toBe(60);
  expect(
    seats.filter((s) => s.role === 'chair').map((s) => s.seat),
    'seat 1 is the only chair',
  ).toEqual([1]);
  for (const [i, entry] of seats.entries()) {
    const n = i + 1;
    expect(entry.seat).toBe(n);
    expect(entry.unit).toBe(`demo-${String(n).padStart(2, '0')}`);
    expect(entry.role).toBe(n === 1 ? 'chair' : 'delegate');
    expect(entry.label).toBe(n === 1 ? 'Chủ tọa' : `Đại biểu ${n}`);
  }
}

describe('demo seat plan', () => {
  const text = readFileSync(DEMO_PLAN_PATH, 'utf8');
  const plan = JSON.parse(text) as SeatPlan & { $schema: string };

  it('maps units demo-01..demo-60 to seats 1..60 with seat 1 the chair', () => {
    checkDemoPlan(plan);
  });

  it('points at the generated JSON Schema, which accepts it', () => {
    const schemaPath = join(dirname(DEMO_PLAN_PATH), plan.$schema);
    const schema = Compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(schema.Check(plan)).toBe(true);
    expect(schema.Check({ ...plan, seats: [{ seat: 1, unit: 'bad id!' }] })).toBe(false);
  });

  const clone = () => structuredClone(plan);
  it.each([
    [
      'a duplicate unit',
      () => ({ ...clone(), seats: clone().seats.map((s, i) => (i === 5 ? { ...s, unit: 'demo-01' } : s)) }),
    ],
    [
      'seat 1 a delegate',
      () => ({ ...clone(), seats: clone().seats.map((s) => ({ ...s, role: 'delegate' })) }),
    ],
    ['59 seats', () => ({ ...clone(), seats: clone().seats.slice(0, 59) })],
    ['an unknown field', () => ({ ...clone(), seats: clone().seats.map((s) => ({ ...s, mic: true })) })],
    ['another room', () => ({ ...clone(), room: 'Demo' })],
  ] as [string, () => unknown][])('rejects a plan with %s', (_name, make) => {
    expect(() => checkDemoPlan(make())).toThrow();
  });
});

describe('generated schemas', () => {
  it('are committed as firmware-config/generate-schemas.ts renders them (run it if this fails)', () => {
    const rendered = renderSchemas();
    expect(Object.keys(rendered)).toContain('schemas/seat-plan.schema.json');
    for (const [relative, content] of Object.entries(rendered)) {
      expect(readFileSync(join(FIRMWARE_CONFIG_DIR, relative), 'utf8'), relative).toBe(content);
    }
    expect(JSON.parse(rendered['schemas/seat-plan.schema.json']!)).toEqual(
      JSON.parse(JSON.stringify(SeatPlan)),
    );
  });
});
