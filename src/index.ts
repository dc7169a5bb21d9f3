export * from './model/engine-version';
export * from './model/node-type';
export * from './model/slots';
export * from './model/cluster-mode';
