/**
 * The liveness engine: pure TypeScript, no Electron, TensorFlow or I/O. The kiosk, the replay
 * command line and the cloud verifier all decide with this one copy of the rules.
 */
export * from './carrier';
export * from './challenge';
export * from './check';
export * from './cloud-verdict';
export * from './config';
export * from './errors';
export * from './face-model';
export * from './geometry';
export * from './head-pose';
export * from './landmark-distribution';
export * from './observation';
export * from './pose';
export * from './random';
export * from './rekognition-verifier';
export * from './screen-light';
export * from './session';
export * from './spoof-checks';
export * from './trajectory';
export * from './verdict';
