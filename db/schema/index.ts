export * from "./users";
export * from "./event-types";
export * from "./webhooks";
export * from "./audit";
export * from "./delivery";
export * from "./api-keys";
export * from "./inbox";
export * from "./stats";
