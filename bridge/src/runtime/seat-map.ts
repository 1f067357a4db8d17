// Device seat numbers ↔ room seat numbers. A conference system numbers its seat units its own way
// (Shure 1-65535, Taiden by unit id); the room's seat plan numbers the room. Without a map the two
// are the same numbers (issue 3: "seat numbers are room seat numbers unless options.seatMap says
// otherwise"); with one, device seats the map does not name are not this room's and are ignored.
import Type from 'typebox';

/** The `seatMap` option every seat-driving driver accepts: `{"<device seat>": <room seat>}`. */
export const SeatMapOption = Type.Record(
  Type.String({ pattern: '^[1-9][0-9]{0,4}$' }),
  Type.Integer({ minimum: 1, maximum: 65535 }),
  {
    // A pattern key alone lets any other key through: "abc": 3 must be an error, not ignored.
    // (additionalProperties: false would say it too, but TypeBox's Value.Default throws on it.)
    propertyNames: { pattern: '^[1-9][0-9]{0,4}$' },
    description:
      'Device seat (as the conference system numbers it) → room seat. Absent: the numbers are the same. ' +
      'Device seats not named here are ignored.',
  },
);

export class SeatMap {
  readonly #toRoom: Map<number, number> | undefined;
  readonly #toDevice: Map<number, number> | undefined;
  readonly #deviceMax: number;

  private constructor(toRoom: Map<number, number> | undefined, deviceMax: number) {
    this.#toRoom = toRoom;
    this.#toDevice = toRoom && new Map([...toRoom].map(([d, r]) => [r, d]));
    this.#deviceMax = deviceMax;
  }

  /**
   * Builds the map, or returns the reason it is not one (for `bad_config`). `deviceMax` is the
   * highest seat number the device's protocol can carry.
   */
  static from(map: Record<string, number> | undefined, deviceMax = 65535): SeatMap | string {
    if (!map) return new SeatMap(undefined, deviceMax);
    const toRoom = new Map<number, number>();
    const rooms = new Set<number>();
    for (const [key, room] of Object.entries(map)) {
      const device = /^[1-9]\d{0,4}$/.test(key) ? Number(key) : Number.NaN;
      if (!(device <= deviceMax) || !Number.isInteger(room) || room < 1 || room > 65535) {
        return `seatMap entry ${JSON.stringify(key)} → ${JSON.stringify(room)} is not device seat (1..${deviceMax}) → room seat`;
      }
      if (rooms.has(room)) return `seatMap maps two device seats to room seat ${room}`;
      rooms.add(room);
      toRoom.set(device, room);
    }
    return new SeatMap(toRoom, deviceMax);
  }

  get identity(): boolean {
    return this.#toRoom === undefined;
  }

  /** The room seat of a device seat; undefined when it is not this room's. */
  toRoom(device: number): number | undefined {
    return this.#toRoom ? this.#toRoom.get(device) : device;
  }

  /** The device seat of a room seat; undefined when the device has none for it. */
  toDevice(room: number): number | undefined {
    const device = this.#toDevice ? this.#toDevice.get(room) : room;
    return device !== undefined && device <= this.#deviceMax ? device : undefined;
  }
}
