/**
 * The delivery benches' receiver, in a process of its own as a real endpoint would be:
 * answers 200 at once and notes when each message (by `webhook-id`) first arrived. Paths
 * under /hang/ never answer and paths under /slow/ answer after 5 s (bench:isolation's bad
 * endpoints); their messages are not counted.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveBenchCalls, wallClockMs } from "./support";

const arrivals = new Map<string, number>();
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url!.startsWith("/hang/")) return;
    if (req.url!.startsWith("/slow/")) return void setTimeout(() => res.end(), 5000);
    const id = req.headers["webhook-id"];
    if (typeof id === "string" && !arrivals.has(id)) arrivals.set(id, wallClockMs());
    res.writeHead(200).end();
  });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");

serveBenchCalls({
  url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  count: () => arrivals.size,
  arrivals: () => [...arrivals],
  clear: () => arrivals.clear(),
});
