// Every driver the appliance can run, by the `driver` field of a device instance. One folder per
// protocol under drivers/; each exports its definition (options and commands schemas, create()).
import type { DriverDefinition } from '../contract/driver.ts';
import { shureDcsDriver } from './shure-dcs/definition.ts';
import { taidenHcsDriver } from './taiden-hcs/definition.ts';
import { viscaCameraDriver } from './visca-camera/definition.ts';
import { x32OscDriver } from './x32-osc/definition.ts';

export type DriverRegistry = ReadonlyMap<string, DriverDefinition>;

// create() takes options already validated against the definition's own schema, so the registry
// can hold every definition under one type.
export const DRIVERS: DriverRegistry = new Map(
  ([shureDcsDriver, taidenHcsDriver, viscaCameraDriver, x32OscDriver] as DriverDefinition[]).map((d) => [
    d.id,
    d,
  ]),
);
