/**
 * `npm run bench:isolation`: healthy webhooks' deliveries per second, alone and then beside
 * two bad endpoints — one that never answers and one that answers after 5 s — holding 1,000
 * queued messages each, in the same run. Target: with them, at least 90 % of the figure alone.
 * The processes are bench:delivery's (scripts/bench/delivery-rig.ts).
 *
 *   npm run bench:isolation [-- --webhooks 50] [-- --seconds 10] [-- --publishers 16]
 *                           [-- --backlog 1000] [-- --shared]
 *
 * `--shared` subscribes the bad endpoints to the healthy traffic's event type too, so that
 * every event also goes to them (as when one customer's endpoint dies).
 */
import os from "node:os";
import { startDeliveryRig } from "./delivery-rig";
import { bareUndiciRate, booleanFlag, numberFlag, runBench } from "./support";

const WEBHOOKS = numberFlag("webhooks", 50);
const SECONDS = numberFlag("seconds", 10);
const PUBLISHERS = numberFlag("publishers", 16);
const BACKLOG = numberFlag("backlog", 1000);
const SHARED = booleanFlag("shared");
const log = (line: string) => console.log(`[bench:isolation] ${line}`);

async function main() {
  const rig = await startDeliveryRig("isolation");
  await rig.webhooks(WEBHOOKS, "hook");
  const badTypes = SHARED ? ["account.created", "application.created"] : ["account.created"];
  await rig.webhooks(1, "hang", { eventTypes: badTypes });
  await rig.webhooks(1, "slow", { eventTypes: badTypes });

  /** Healthy deliveries per second over a flood of SECONDS s, drained. */
  const healthyRate = async (label: string) => {
    await rig.receiver.call("clear");
    log(`${label}: publishing for ${SECONDS} s…`);
    const t0 = performance.now();
    const flood = await rig.app.call<[string, number][]>("flood", {
      seconds: SECONDS,
      publishers: PUBLISHERS,
    });
    const healthy = SHARED ? (flood.length * WEBHOOKS) / (WEBHOOKS + 2) : flood.length;
    const delivered = await rig.arrived(healthy, 120_000);
    const elapsed = (performance.now() - t0) / 1000;
    return { rate: delivered / elapsed, delivered, healthy, elapsed };
  };

  const alone = SHARED ? null : await healthyRate("healthy webhooks alone");
  if (alone && !(await rig.settled(60_000))) log("the first flood had not settled after a minute");

  log(`queuing ${BACKLOG} messages for each bad endpoint…`);
  await rig.app.call("publishMany", { type: "account.created", events: BACKLOG, publishers: 8 });
  const beside = await healthyRate("beside a hanging and a slow endpoint");
  const { rows } = await rig.pool.query<{ waiting: number; attempts: number }>(
    `select count(*) filter (where m.status in ('created', 'retrying'))::int as waiting,
            coalesce(sum(m.attempts), 0)::int as attempts
     from messages m join webhooks w on w.id = m.webhook_id
     where w.url like '%/hang/%' or w.url like '%/slow/%'`,
  );
  const rawRate = await bareUndiciRate(rig.receiverUrl);

  const row = (label: string, r: { rate: number; delivered: number; elapsed: number }) =>
    `| ${label} | ${Math.round(r.rate)} (${r.delivered} in ${r.elapsed.toFixed(1)} s) | |`;
  console.log(
    `\nbench:isolation — ${WEBHOOKS} healthy webhooks, ${os.cpus().length} cores${SHARED ? ", bad endpoints on every event" : ""}\n`,
  );
  console.log("| figure | measured | target |");
  console.log("| --- | --- | --- |");
  if (alone) console.log(row("healthy deliveries/s alone", alone));
  console.log(row("healthy deliveries/s beside the bad endpoints", beside));
  if (alone) {
    console.log(`| beside / alone | ${Math.round((beside.rate / alone.rate) * 100)} % | ≥ 90 % |`);
  }
  console.log(
    `| bad endpoints' messages still waiting after the flood | ${rows[0]!.waiting} (${rows[0]!.attempts} attempts made) | |`,
  );
  console.log(
    `| raw limit: bare undici loop to the same receiver | ${Math.round(rawRate)} requests/s | |`,
  );
  const lost = beside.healthy - beside.delivered + (alone ? alone.healthy - alone.delivered : 0);
  if (lost > 0) log(`${lost} healthy messages did not arrive`);
  await rig.stop();
  return lost === 0;
}

runBench(main);
