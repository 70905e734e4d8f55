import { readdirSync } from "node:fs";
import path from "node:path";

export const API_DIR = path.join(process.cwd(), "src/app/api");
type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteFile {
  /** e.g. /api/images/[id]/download */
  pattern: string;
  file: string;
  regex: RegExp;
  /** Static routes win over dynamic ones, as in Next. */
  specificity: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** Every API route file, found on disk: a new route can't be forgotten by the tests that walk it. */
export function listRouteFiles(): RouteFile[] {
  return walk(API_DIR)
    .map((file) => {
      const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
      const regexParts = segments.map((segment) => {
        if (segment.startsWith("[...")) return "(?<" + segment.slice(4, -1) + ">.+)";
        if (segment.startsWith("[")) return "(?<" + segment.slice(1, -1) + ">[^/]+)";
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
      return {
        pattern: `/api/${segments.join("/")}`,
        file,
        regex: new RegExp(`^/api/${regexParts.join("/")}$`),
        specificity: segments.filter((segment) => !segment.startsWith("[")).length * 10 - segments.filter((s) => s.startsWith("[...")).length,
      };
    })
    .sort((a, b) => b.specificity - a.specificity);
}

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Dispatches a request to the route module Next would pick, with the same params shape. */
export function createDispatcher() {
  const routes = listRouteFiles();
  return async (request: Request): Promise<Response> => {
    const pathname = new URL(request.url).pathname;
    for (const route of routes) {
      const match = route.regex.exec(pathname);
      if (!match) continue;
      const routeModule = (await import(route.file)) as Partial<Record<Method, Handler>>;
      const handler = routeModule[request.method as Method];
      if (!handler) return Response.json({ error: { code: "method_not_allowed", message: "Method not allowed." } }, { status: 405 });
      const params: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) {
        params[name] = route.pattern.includes(`[...${name}]`) ? value.split("/").map(decodeURIComponent) : decodeURIComponent(value);
      }
      return handler(request, { params: Promise.resolve(params) });
    }
    return Response.json({ error: { code: "not_found", message: "No such route." } }, { status: 404 });
  };
}
