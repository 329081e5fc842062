import { handle, type Endpoint, type EndpointServices, type HttpMethod } from "./endpoint";
import { ENDPOINTS } from "./endpoints";
import { ApiError } from "./errors";

/**
 * Every REST operation answered from one catch-all route (app/api/v1/[[...rest]]): the
 * endpoint table already says each operation's method and path, so no route file repeats it.
 * Paths match as Next.js's file routing matched the route files they replace.
 */

const PREFIX = "/api/v1";

/** The methods the route exports; Next.js derives HEAD from GET and answers OPTIONS. */
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const satisfies HttpMethod[];

export type RestRoutes = Record<(typeof METHODS)[number], (request: Request) => Promise<Response>>;

/** The operations at one path, e.g. `/webhooks/{id}`, by method. */
export interface Route {
  path: string;
  /** Literal segments, and `{name}` for a parameter. */
  segments: string[];
  endpoints: Partial<Record<HttpMethod, Endpoint>>;
}

const paramOf = (segment: string) => /^\{(\w+)\}$/.exec(segment)?.[1];

/** The table's paths, each with its operations, literal segments before parameters. */
export function routesOf(endpoints: Endpoint[]): Route[] {
  const byPath = new Map<string, Route>();
  for (const endpoint of endpoints) {
    const route = byPath.get(endpoint.path) ?? {
      path: endpoint.path,
      segments: endpoint.path.split("/").slice(1),
      endpoints: {},
    };
    route.endpoints[endpoint.method] = endpoint;
    byPath.set(endpoint.path, route);
  }
  // `/messages/recover` before `/messages/{id}`: at the first segment where two paths
  // differ in kind, the literal one wins.
  const kinds = (route: Route) => route.segments.map((s) => (paramOf(s) ? "1" : "0")).join("");
  return [...byPath.values()].sort((a, b) => kinds(a).localeCompare(kinds(b)));
}

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * The route at a path below /api/v1 (as sent, percent-encoded), with its parameters decoded.
 * As Next.js matched the route files: literal segments as sent (`recove%72` is an id, not
 * `recover`), each parameter one segment (`a%2Fb` is the id `a/b`).
 */
export function findRoute(
  routes: Route[],
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const sent = path.split("/").slice(1);
  for (const route of routes) {
    if (route.segments.length !== sent.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const name = paramOf(segment);
      if (!name) return segment === sent[i];
      const value = decoded(sent[i]!);
      if (!value) return false; // an empty or undecodable segment is no parameter
      params[name] = value;
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

const notFound = (request: Request, pathname: string) =>
  new ApiError(
    "not_found",
    `No API operation at ${request.method} ${pathname}; see /api/v1/openapi.json`,
  ).toResponse();

const methodNotAllowed = (request: Request, pathname: string) =>
  new ApiError(
    "method_not_allowed",
    `${request.method} is not an operation of ${pathname}; see /api/v1/openapi.json`,
  ).toResponse();

/**
 * The route handlers of the catch-all: each finds the operation at the request's path for
 * its own method (HEAD arrives as GET, as Next.js sends it), or answers 404 for a path that
 * has none and 405 for a method the path does not have.
 */
export function restRoutes(services: EndpointServices): RestRoutes {
  const routes = routesOf(ENDPOINTS);
  const handlers = new Map(ENDPOINTS.map((e) => [e, handle(e, services)]));
  const dispatch = (method: HttpMethod) => async (request: Request) => {
    const { pathname } = new URL(request.url);
    const found = pathname.startsWith(`${PREFIX}/`)
      ? findRoute(routes, pathname.slice(PREFIX.length))
      : undefined;
    if (!found) return notFound(request, pathname);
    const endpoint = found.route.endpoints[method];
    if (!endpoint) return methodNotAllowed(request, pathname);
    return handlers.get(endpoint)!(request, { params: Promise.resolve(found.params) });
  };
  return Object.fromEntries(METHODS.map((m) => [m, dispatch(m)])) as RestRoutes;
}
