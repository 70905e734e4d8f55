import { sql, type SQL } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/server/db/client";

/** Anything Drizzle can print: a select, update or delete builder before it runs. */
export interface PrintableQuery {
  toSQL(): { sql: string; params: unknown[] };
}

export interface PlanNode {
  type: string;
  /** The index an index scan reads. */
  index?: string;
  /** What Postgres filters a scan by (its index condition first); for failure messages. */
  condition?: string;
}

function flatten(plan: Record<string, unknown>): PlanNode[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  const node: PlanNode = { type: plan["Node Type"] as string };
  if (plan["Index Name"]) node.index = plan["Index Name"] as string;
  const condition = plan["Index Cond"] ?? plan.Filter;
  if (condition) node.condition = String(condition);
  return [node, ...children.flatMap(flatten)];
}

/**
 * Every node of the plan Postgres chooses for exactly this query, subplans included, as EXPLAIN
 * (FORMAT JSON) gives it. The query's own parameters are bound again behind EXPLAIN, so the plan is
 * the one a run with those values gets. Nothing is executed (no ANALYZE): a DELETE deletes nothing.
 */
export async function explainPlan(db: Database, query: PrintableQuery): Promise<PlanNode[]> {
  const { sql: text, params } = query.toSQL();
  const chunks: SQL[] = [sql.raw("explain (format json) ")];
  text.split(/\$(\d+)/).forEach((part, index) => chunks.push(index % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`));
  const result = (await db.execute(sql.join(chunks))) as unknown as { rows: Record<string, unknown>[] };
  const cell = Object.values(result.rows[0]!)[0];
  const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: Record<string, unknown> }[];
  return flatten(plan[0]!.Plan);
}

/** The plan in one line per node, for a failure message a person can read. */
export function describePlan(nodes: PlanNode[]): string {
  return nodes.map((node) => `${node.type}${node.index ? ` on ${node.index}` : ""}${node.condition ? ` [${node.condition}]` : ""}`).join("\n");
}

/**
 * The query is served by an index in the order it asks for: no sequential scan, no Sort (nor an
 * Incremental Sort) anywhere, and an index node; with `index`, that index among the ones read.
 */
export function expectIndexServed(nodes: PlanNode[], index?: string): void {
  const plan = describePlan(nodes);
  expect(nodes.filter((node) => node.type === "Seq Scan"), plan).toEqual([]);
  expect(nodes.filter((node) => /Sort/.test(node.type)), plan).toEqual([]);
  expect(nodes.some((node) => /Index/.test(node.type)), plan).toBe(true);
  if (index) expect(nodes.map((node) => node.index), plan).toContain(index);
}

/** EXPLAINs the query and checks it as `expectIndexServed` does; answers the nodes for further checks. */
export async function expectQueryIndexServed(db: Database, query: PrintableQuery, index?: string): Promise<PlanNode[]> {
  const nodes = await explainPlan(db, query);
  expectIndexServed(nodes, index);
  return nodes;
}
