/**
 * Keeps deploy/ (Dockerfile, compose.yaml, .env.example) and the README's "Delivery at scale"
 * in line with the code: the consoles get only variables the code reads, every one it needs,
 * in a form its schemas accept; the Inngest server and the consoles agree on keys, names and
 * ports; the image runs the launcher on a build the launcher counts as fresh; the README names
 * the same files, variables and commands. It reads files only: no Docker needed.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema, launcherEnvSchema } from "@/lib/env";

const root = path.resolve(import.meta.dirname, "..");
const deployDir = path.join(root, "deploy");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const exists = (file: string) => existsSync(path.join(root, file));

// ---------------------------------------------------------------------------------------------
// What the code reads

/** The variables the Inngest SDK reads, as the installed SDK names them. */
const sdkVariables = new Set(
  [...read("node_modules/inngest/helpers/consts.js").matchAll(/"(INNGEST_[A-Z0-9_]+)"/g)].map(
    (m) => m[1]!,
  ),
);
const appVariables = new Set(Object.keys(envSchema.shape));
const launcherVariables = new Set(Object.keys(launcherEnvSchema.shape));
const codeVariables = new Set([...appVariables, ...launcherVariables, ...sdkVariables]);
/** App variables without a default: the console cannot start without them. */
const requiredAppVariables = Object.entries(envSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key);
/** Values that must never be written into a committed file. */
const secretVariables = [
  "AUTH_SECRET",
  "HOOKYARD_ENCRYPTION_KEY",
  "INNGEST_SIGNING_KEY",
  "INNGEST_EVENT_KEY",
];

// ---------------------------------------------------------------------------------------------
// compose.yaml

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target?: number | string })[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { source?: string; target?: string })[];
  deploy?: { replicas?: number };
  init?: boolean;
}
const composeText = read("deploy/compose.yaml");
const services = (parse(composeText, { merge: true }) as { services: Record<string, Service> })
  .services;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf("=");
        return at < 0 ? [entry, ""] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? "" : String(value)]),
  );
}
const command = (service: Service) =>
  typeof service.command === "string"
    ? service.command.split(/\s+/).filter(Boolean)
    : (service.command ?? []);
const dependsOn = (service: Service): Record<string, string> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, "service_started"]))
    : Object.fromEntries(
        Object.entries(service.depends_on ?? {}).map(([name, dep]) => [
          name,
          dep.condition ?? "service_started",
        ]),
      );
const aliases = (service: Service) =>
  Array.isArray(service.networks)
    ? []
    : Object.values(service.networks ?? {}).flatMap((network) => network?.aliases ?? []);

/** `${NAME}`, `${NAME:?message}`, `${NAME:-default}`… as compose interpolates them. */
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}/g;
const refNames = (value: string) => [...value.matchAll(REF)].map((m) => m[1]!);
/** The variable of a value that is exactly `${NAME:?message}`: required, no default. */
const requiredRef = (value: string) => /^\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}$/.exec(value)?.[1];

/** Every variable compose.yaml interpolates, with a value made as the README says. */
const composeVariables = [...new Set(refNames(composeText))];
const generated: Record<string, string> = Object.fromEntries(
  composeVariables.map((name) => [name, randomBytes(32).toString("hex")]),
);
const interpolate = (value: string) =>
  value.replace(REF, (_, name: string) => generated[name] ?? `<${name} unset>`);

const dockerfilePath = path.join(deployDir, "Dockerfile");
const builtFromDockerfile = (service: Service) => {
  if (!service.build) return false;
  const build = typeof service.build === "string" ? { context: service.build } : service.build;
  const context = path.resolve(deployDir, build.context ?? ".");
  return path.resolve(context, build.dockerfile ?? "Dockerfile") === dockerfilePath;
};
const consoles = Object.entries(services).filter(([, service]) => builtFromDockerfile(service));
const [inngestName, inngest] = Object.entries(services).find(
  ([, service]) => service.image?.split(":")[0] === "inngest/inngest",
) ?? ["", {} as Service];

/** A setting of `inngest start`: its flag on the command line, or its INNGEST_<FLAG> variable. */
function serverSetting(flag: string, short?: string): string[] {
  const args = command(inngest);
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === `--${flag}` || (short && arg === `-${short}`)) values.push(args[i + 1] ?? "");
    else if (arg.startsWith(`--${flag}=`)) values.push(arg.slice(flag.length + 3));
  });
  const fromEnv = environment(inngest)[`INNGEST_${flag.toUpperCase().replace(/-/g, "_")}`];
  if (fromEnv !== undefined) values.push(...fromEnv.split(","));
  return values;
}

const consoleEnv = (service: Service) =>
  Object.fromEntries(
    Object.entries(environment(service)).map(([key, value]) => [key, interpolate(value)]),
  );
const consolePort = (service: Service) => launcherEnvSchema.parse(consoleEnv(service)).PORT;
const containerPort = (port: string | number | { target?: number | string }) =>
  Number(
    typeof port === "object"
      ? port.target
      : String(port)
          .split(":")
          .at(-1)!
          .replace(/\/\w+$/, ""),
  );

/** Whether app/ serves `route` (route groups like `(auth)` do not count as segments). */
function appServes(route: string, files: string[]): boolean {
  const walk = (dir: string, rest: string[]): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? (/^\(.*\)$/.test(entry.name) && walk(path.join(dir, entry.name), rest)) ||
          (entry.name === rest[0] && walk(path.join(dir, entry.name), rest.slice(1)))
        : rest.length === 0 && files.includes(entry.name),
    );
  return walk(path.join(root, "app"), route.split("/").filter(Boolean));
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  op: string;
  args: string;
}
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line) || (!pending && !line.trim())) continue;
    if (line.trimEnd().endsWith("\\")) {
      pending += line.trimEnd().slice(0, -1) + " ";
      continue;
    }
    const whole = pending + line;
    pending = "";
    const m = /^\s*(\w+)\s+([\s\S]*)$/.exec(whole);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim() });
  }
  return out;
}
const dockerfile = instructions(read("deploy/Dockerfile"));
const stages: { name?: string; steps: Instruction[] }[] = [];
for (const step of dockerfile) {
  if (step.op === "FROM")
    stages.push({ name: /\sAS\s+(\S+)$/i.exec(step.args)?.[1], steps: [step] });
  else stages.at(-1)?.steps.push(step);
}
const finalStage = stages.at(-1)!;
/** The command of a CMD or ENTRYPOINT in exec form; throws for the shell form. */
const execForm = (step: Instruction | undefined) => {
  let value: unknown;
  try {
    value = JSON.parse(step?.args ?? "");
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw new Error(`${step?.op} ${step?.args} is not in exec form (a JSON array of strings)`);
  return value as string[];
};
const envOf = (step: Instruction): Record<string, string> => {
  const pairs = step.args.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|\S*)/g);
  if (!pairs) return { [step.args.split(/\s+/)[0]!]: step.args.split(/\s+/).slice(1).join(" ") };
  return Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s) as [string, string]));
};

/** docker's .dockerignore matching, enough for the patterns used: `*`, `**`, `?`, `!`. */
function dockerIgnored(patterns: string[], file: string): boolean {
  const toRegExp = (glob: string) => {
    let re = "";
    const g = glob.replace(/^\/+|\/+$/g, "");
    for (let i = 0; i < g.length; i++) {
      const c = g[i]!;
      if (c === "*" && g[i + 1] === "*") {
        re += g[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += g[i + 2] === "/" ? 2 : 1;
      } else if (c === "*") re += "[^/]*";
      else if (c === "?") re += "[^/]";
      else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return new RegExp(`^${re}$`);
  };
  const parts = file.split("/");
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const re = toRegExp(negated ? pattern.slice(1) : pattern);
    if (parts.some((_, i) => re.test(parts.slice(0, i + 1).join("/")))) ignored = !negated;
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------
// README, .env.example

const readme = read("README.md");
const section = (() => {
  const lines = readme.split("\n");
  const start = lines.indexOf("### Delivery at scale");
  let fenced = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith("```")) fenced = !fenced;
    if (!fenced && /^#{1,3} /.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  return start < 0 ? "" : lines.slice(start, end).join("\n");
})();
const codeBlocks = [...section.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) =>
  m[1]!.replace(/\\\n\s*/g, " "),
);
const assignments = (text: string) =>
  Object.fromEntries(
    [...text.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=("[^"]*"|<[^>]*>|\S*)/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
/** The names a `for v in A B C; do … openssl rand -hex 32 …` key generator writes. */
const generatorNames = (text: string) => {
  const m = /for (\w+) in ([A-Z0-9_ ]+); do[\s\S]*?\$\1=\$\(openssl rand -hex 32\)/.exec(text);
  return m ? m[2]!.trim().split(/\s+/).sort() : [];
};
const envExample = read("deploy/.env.example");
const envExampleValues = Object.fromEntries(
  envExample
    .split("\n")
    .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
    .map((line) => line.split(/=(.*)/s) as [string, string]),
);

// =============================================================================================

describe("deploy/compose.yaml", () => {
  it("runs at least two console replicas from deploy/Dockerfile, and the Inngest server", () => {
    const replicas = consoles.reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
    expect(replicas).toBeGreaterThanOrEqual(2);
    expect(inngestName, "a service running the inngest/inngest image").not.toBe("");
    expect(command(inngest).slice(0, 2)).toEqual(["inngest", "start"]);
  });

  it.each(consoles)("%s sets only variables the code reads", (_, service) => {
    const unknown = Object.keys(environment(service)).filter((key) => !codeVariables.has(key));
    expect(unknown, "not read by lib/env.ts nor by the Inngest SDK").toEqual([]);
  });

  it.each(consoles)("%s provides every required variable, in a form the code accepts", (_, s) => {
    const env = environment(s);
    expect(requiredAppVariables.filter((key) => !env[key])).toEqual([]);
    // Each replica would otherwise generate its own into its own .data.
    expect(env.AUTH_SECRET).toBeTruthy();
    expect(env.HOOKYARD_ENCRYPTION_KEY).toBeTruthy();
    // With every secret made as .env.example and the README say (openssl rand -hex 32).
    const resolved = consoleEnv(s);
    expect(envSchema.safeParse(resolved).error?.issues ?? []).toEqual([]);
    expect(launcherEnvSchema.safeParse(resolved).error?.issues ?? []).toEqual([]);
  });

  it.each(consoles)("%s commits no secret: each comes from a required variable", (_, s) => {
    const env = environment(s);
    for (const key of secretVariables)
      expect(requiredRef(env[key] ?? ""), `${key}: \${NAME:?message}`).toBeTruthy();
    const password = /^postgres(?:ql)?:\/\/[^:/@]+:([^@]*)@/.exec(env.DATABASE_URL ?? "")?.[1];
    expect(requiredRef(password ?? ""), "DATABASE_URL's password").toBeTruthy();
  });

  it.each(consoles)("%s leaves the local executor off and never sets INNGEST_DEV", (_, s) => {
    expect(launcherEnvSchema.parse(consoleEnv(s)).HOOKYARD_EXECUTOR).toBe("off");
    expect(Object.keys(environment(s))).not.toContain("INNGEST_DEV");
    expect(s.init, "init: true reaps processes and forwards signals").toBe(true);
  });

  it.each(consoles)("%s reaches the Inngest server at its service name and port", (_, s) => {
    const url = new URL(consoleEnv(s).INNGEST_BASE_URL ?? "");
    expect(url.hostname).toBe(inngestName);
    expect(url.port || "80").toBe(serverSetting("port", "p")[0] ?? "8288");
  });

  it("has the Inngest server call the consoles where they serve /api/inngest", () => {
    const sdkUrls = serverSetting("sdk-url", "u");
    expect(sdkUrls.length).toBeGreaterThan(0);
    for (const raw of sdkUrls) {
      const url = new URL(raw);
      expect(appServes(url.pathname, ["route.ts"]), `app/ serves ${url.pathname}`).toBe(true);
      for (const [name, s] of consoles) {
        // A name every replica answers to, on the port it listens on.
        const names = consoles.length === 1 ? [name, ...aliases(s)] : aliases(s);
        expect(names, name).toContain(url.hostname);
        expect(Number(url.port || 80), name).toBe(consolePort(s));
        expect(consoleEnv(s).INNGEST_SERVE_ORIGIN, name).toBe(url.origin);
      }
    }
  });

  it.each(consoles)("%s publishes and health-checks the port it listens on", (_, s) => {
    const port = consolePort(s);
    for (const published of s.ports ?? []) expect(containerPort(published)).toBe(port);
    const words = [s.healthcheck?.test ?? []].flat();
    // A YAML slip (an unquoted `: `) turns a word into a mapping.
    expect(words.every((word) => typeof word === "string")).toBe(true);
    const test = words.join(" ");
    const url = /https?:\/\/[^\s'"`)]+/.exec(test)?.[0];
    expect(url, "the healthcheck requests the console").toBeTruthy();
    expect(Number(new URL(url!).port || 80)).toBe(port);
    expect(appServes(new URL(url!).pathname, ["page.tsx", "page.ts", "route.ts"])).toBe(true);
  });

  it("gives the Inngest server the consoles' signing and event keys", () => {
    for (const key of ["signing-key", "event-key"]) {
      const server = serverSetting(key);
      expect(server, key).toHaveLength(1);
      const variable = `INNGEST_${key.toUpperCase().replace("-", "_")}`;
      for (const [name, s] of consoles)
        expect(refNames(server[0]!), `${name} ${variable}`).toEqual(
          refNames(environment(s)[variable] ?? ""),
        );
    }
  });

  it("gives the Inngest server its own Postgres database and a Redis of the stack", () => {
    const inngestDb = new URL(interpolate(serverSetting("postgres-uri")[0] ?? ""));
    const redis = new URL(interpolate(serverSetting("redis-uri")[0] ?? ""));
    expect(Object.keys(services)).toContain(inngestDb.hostname);
    expect(Object.keys(services)).toContain(redis.hostname);
    const postgres = services[inngestDb.hostname]!;
    const pgEnv = environment(postgres);
    // Databases that exist: POSTGRES_DB, and those the init scripts mounted in create.
    const created = new Set([pgEnv.POSTGRES_DB ?? pgEnv.POSTGRES_USER ?? "postgres"]);
    for (const volume of postgres.volumes ?? []) {
      const [source, target] =
        typeof volume === "string" ? volume.split(":") : [volume.source, volume.target];
      if (!target?.startsWith("/docker-entrypoint-initdb.d") || !source?.startsWith(".")) continue;
      const sql = readFileSync(path.resolve(deployDir, source), "utf8");
      for (const m of sql.matchAll(/CREATE DATABASE\s+"?(\w+)"?/gi)) created.add(m[1]!);
    }
    const inngestDbName = inngestDb.pathname.slice(1);
    expect([...created]).toContain(inngestDbName);
    for (const [name, s] of consoles) {
      const appDb = new URL(consoleEnv(s).DATABASE_URL ?? "");
      expect(appDb.hostname, name).toBe(inngestDb.hostname);
      expect(appDb.pathname.slice(1), `${name}: the app's tables apart`).not.toBe(inngestDbName);
      expect([...created], name).toContain(appDb.pathname.slice(1));
      expect(appDb.username, name).toBe(pgEnv.POSTGRES_USER ?? "postgres");
    }
  });

  it("starts each service after the services it needs are healthy", () => {
    const hostOf = (value: string) => new URL(interpolate(value)).hostname;
    const needs: [string, Service, string[]][] = [
      [
        inngestName,
        inngest,
        [hostOf(serverSetting("postgres-uri")[0]!), hostOf(serverSetting("redis-uri")[0]!)],
      ],
      ...consoles.map(([name, s]): [string, Service, string[]] => [
        name,
        s,
        [hostOf(environment(s).DATABASE_URL!), hostOf(environment(s).INNGEST_BASE_URL!)],
      ]),
    ];
    for (const [name, service, hosts] of needs)
      for (const host of hosts)
        expect(dependsOn(service)[host], `${name} → ${host}`).toBe("service_healthy");
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, `${name} has a healthcheck`).toBeTruthy();
      expect(service.healthcheck?.disable, name).not.toBe(true);
    }
  });
});

describe("deploy/.env.example", () => {
  it("lists exactly the variables compose.yaml requires, with empty values", () => {
    expect(Object.keys(envExampleValues).sort()).toEqual([...composeVariables].sort());
    for (const [key, value] of Object.entries(envExampleValues))
      expect(value, `${key} holds no real value`).toBe("");
  });

  it("generates every one of them with openssl rand -hex 32", () => {
    expect(generatorNames(envExample)).toEqual([...composeVariables].sort());
  });

  it("and the .env written from it stays out of git and out of the image", () => {
    expect(read("deploy/.gitignore").split("\n")).toContain(".env");
    const ignore = read("deploy/Dockerfile.dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    expect(dockerIgnored(ignore, "deploy/.env")).toBe(true);
  });
});

describe("deploy/Dockerfile", () => {
  const packageJson = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
  const run = (stage: { steps: Instruction[] }) =>
    stage.steps.filter((step) => step.op === "RUN").map((step) => step.args);

  it("runs npm start's launcher, in exec form, as a non-root user", () => {
    const cmd = execForm(finalStage.steps.findLast((step) => step.op === "CMD"));
    const entrypoint = finalStage.steps.findLast((step) => step.op === "ENTRYPOINT");
    if (entrypoint) execForm(entrypoint);
    const start = packageJson.scripts.start!.split(/\s+/);
    if (cmd[0] === "npm") expect(cmd.slice(1)).toEqual(["start"]);
    // `node --import tsx scripts/start.ts`, as npm start runs it.
    else expect(cmd.map((arg) => arg.replace(/^\/app\//, ""))).toEqual(start);
    for (const arg of cmd.slice(1)) if (/\.[cm]?[jt]s$/.test(arg)) expect(exists(arg)).toBe(true);
    const user = finalStage.steps.findLast((step) => step.op === "USER")?.args ?? "root";
    expect(["root", "0", "root:root", "0:0"]).not.toContain(user);
  });

  it("exposes the port the consoles listen on", () => {
    const exposed = finalStage.steps
      .filter((step) => step.op === "EXPOSE")
      .flatMap((step) => step.args.split(/\s+/).map((p) => Number(p.replace(/\/\w+$/, ""))));
    for (const [, s] of consoles) expect(exposed).toContain(consolePort(s));
  });

  it("sets only variables the code (or Node and Next.js) reads, never INNGEST_DEV", () => {
    const keys = dockerfile
      .filter((step) => step.op === "ENV")
      .flatMap((s) => Object.keys(envOf(s)));
    const tools = new Set(["NEXT_TELEMETRY_DISABLED"]);
    expect(keys.filter((key) => !codeVariables.has(key) && !tools.has(key))).toEqual([]);
    expect(keys).not.toContain("INNGEST_DEV");
  });

  it("names npm scripts and files that exist", () => {
    for (const args of dockerfile.filter((s) => s.op === "RUN").map((s) => s.args)) {
      for (const m of args.matchAll(/npm run (\S+)/g))
        expect(packageJson.scripts).toHaveProperty(m[1]!);
      for (const m of args.matchAll(/(?:^|\s)((?:\.\/)?[\w.-]+(?:\/[\w.-]+)+\.[cm]?[jt]s)\b/g))
        expect(exists(m[1]!), m[1]).toBe(true);
      // The lockfile's exact versions, as .ci/run installs them.
      expect(args).not.toMatch(/npm (install|i)\b/);
    }
    for (const step of dockerfile.filter((s) => s.op === "COPY" && !/--from=/.test(s.args))) {
      const sources = step.args
        .split(/\s+/)
        .filter((arg) => !arg.startsWith("--"))
        .slice(0, -1);
      for (const source of sources) expect(exists(source), source).toBe(true);
    }
  });

  it("builds with the launcher's own ensureBuild and checks it counts as fresh in the image", () => {
    const script = "deploy/image-build.ts";
    expect(read(script)).toMatch(/import \{ ensureBuild \} from "@\/scripts\/build"/);
    const builds = stages.filter((stage) =>
      run(stage).some((args) => args.includes(script) && !args.includes(`${script} --check`)),
    );
    expect(
      builds.map((stage) => stage.name),
      "a stage runs the build",
    ).toHaveLength(1);
    // The final stage takes the build from that stage, then checks it, after its last COPY.
    const copies = finalStage.steps.filter((step) => step.op === "COPY");
    expect(copies.some((step) => step.args.includes(`--from=${builds[0]!.name}`))).toBe(true);
    const lastCopy = finalStage.steps.lastIndexOf(copies.at(-1)!);
    const check = finalStage.steps.findIndex(
      (step) => step.op === "RUN" && step.args.includes(`${script} --check`),
    );
    expect(check, "the final stage runs the check after copying").toBeGreaterThan(lastCopy);
  });

  it("keeps local and generated files out of its context, and nothing the build reads", () => {
    const ignore = read("deploy/Dockerfile.dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    for (const file of ["node_modules", ".next", ".data", "test-results", ".git", ".env"])
      expect(dockerIgnored(ignore, file), `${file} excluded`).toBe(true);
    // What scripts/build.ts fingerprints (the build's inputs), and what the image runs.
    const buildTs = read("scripts/build.ts");
    const listed = (name: string) =>
      [
        ...(new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(buildTs)?.[1] ?? "").matchAll(
          /"([^"]+)"/g,
        ),
      ].map((m) => m[1]!);
    const inputs = [...listed("SOURCES"), ...listed("FILES")];
    expect(inputs, "scripts/build.ts lists SOURCES and FILES").toContain("app");
    for (const file of [...inputs, "package.json", "db/migrations", "deploy/image-build.ts"])
      expect(dockerIgnored(ignore, file), `${file} kept`).toBe(false);
  });
});

describe('README "Delivery at scale"', () => {
  it("names files that exist, deploy/compose.yaml, .env.example and Dockerfile among them", () => {
    const files = [...section.matchAll(/deploy\/[\w./-]*\w/g)].map((m) => m[0]);
    for (const file of ["deploy/compose.yaml", "deploy/.env.example", "deploy/Dockerfile"])
      expect(files).toContain(file);
    // Except those the operator writes (deploy/.env), which git ignores.
    const written = read("deploy/.gitignore")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => `deploy/${line}`);
    for (const file of files.filter((f) => !written.includes(f)))
      expect(exists(file), file).toBe(true);
  });

  it("starts compose where its .env is read, with keys generated as .env.example does", () => {
    const block = codeBlocks.find((code) => code.includes("docker compose"));
    expect(block, "a docker compose command").toBeTruthy();
    expect(block).toMatch(/cd deploy\b|--env-file deploy\/\.env/);
    expect(generatorNames(block!)).toEqual([...composeVariables].sort());
  });

  it("sets, by hand, exactly the variables the compose consoles get", () => {
    const block = codeBlocks.find((code) => /npm start\s*$/.test(code.trim()));
    expect(block, "a console command line ending in npm start").toBeTruthy();
    const byHand = assignments(block!);
    for (const [name, s] of consoles) {
      expect(Object.keys(byHand).sort(), name).toEqual(Object.keys(environment(s)).sort());
      expect(byHand.HOOKYARD_EXECUTOR).toBe(environment(s).HOOKYARD_EXECUTOR);
    }
  });

  it("gives an inngest start line with the settings the compose server has", () => {
    const line = codeBlocks
      .flatMap((code) => code.split("\n"))
      .find((l) => /inngest start/.test(l));
    expect(line, "an `inngest start` command").toBeTruthy();
    for (const flag of ["signing-key", "event-key", "postgres-uri", "redis-uri", "sdk-url"]) {
      expect(line, flag).toMatch(new RegExp(`--${flag}[ =]`));
      expect(serverSetting(flag, flag === "sdk-url" ? "u" : undefined), flag).not.toEqual([]);
    }
    const readmeSdkUrl = /--sdk-url[ =](\S+)/.exec(line!)![1]!;
    expect(new URL(readmeSdkUrl).pathname).toBe(
      new URL(serverSetting("sdk-url", "u")[0]!).pathname,
    );
  });

  it("mentions only variables the code, the SDK, compose or inngest start read", () => {
    const serverVariables = Object.keys(environment(inngest));
    const known = new Set([...codeVariables, ...composeVariables, ...serverVariables]);
    const mentioned = [...section.matchAll(/\b(?:INNGEST|HOOKYARD)_[A-Z0-9_]*[A-Z0-9]\b/g)].map(
      (m) => m[0],
    );
    expect(mentioned.filter((name) => !known.has(name))).toEqual([]);
  });
});
