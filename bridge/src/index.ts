export * from './broker/mosquitto-config.ts';
export * from './broker/seat-unit-broker.ts';
export * from './broker/unit-credentials.ts';
export * from './contract/device.ts';
export * from './contract/seat-plan.ts';
export * from './contract/seat-unit.ts';
export * from './drivers/seat-unit-mqtt/seat-unit-driver.ts';
