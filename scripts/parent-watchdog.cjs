// Preloaded into the Next.js server the launcher starts (NODE_OPTIONS=--require): the server
// never outlives the launcher. Re-parented (the launcher died, however), it exits; with its
// output gone (a closed pipe), it exits instead of failing to write forever.
"use strict";
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000).unref();
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => process.exit(1));
